"""ThaiInput: the cursor moves, selects and deletes over whole grapheme clusters."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult

from sammachip_tui.forms.thai_input import ThaiInput

from .conftest import type_text
from .key_bursts import send_keys

NAM_PHRIK = "น้ำพริก"  # 7 code points, 5 cells: น้ | ำ | พ | ริ | ก
PHUYAI = "ผู้ใหญ่บ้าน"  # lower vowel + tone mark, upper tone mark


class OneField(App[None]):
    """One pre-filled field; focusing it selects all (Textual's default), so tests press End
    first where that matters."""

    def __init__(self, value: str = "", **kwargs: object) -> None:
        super().__init__()
        self.start_value = value
        self.kwargs = kwargs

    def compose(self) -> ComposeResult:
        yield ThaiInput(value=self.start_value, id="field", **self.kwargs)  # type: ignore[arg-type]


def field(app: App[None]) -> ThaiInput:
    return app.query_one("#field", ThaiInput)


async def test_typed_thai_arrives_whole_and_the_cursor_ends_after_it() -> None:
    app = OneField()
    async with app.run_test() as pilot:
        await type_text(pilot, NAM_PHRIK)
        assert field(app).value == NAM_PHRIK
        assert field(app).cursor_position == len(NAM_PHRIK)


async def test_left_crosses_nam_phrik_in_five_presses_never_between_consonant_and_mark() -> None:
    app = OneField(NAM_PHRIK)
    async with app.run_test() as pilot:
        await pilot.press("end")
        positions = []
        for _ in range(6):
            await pilot.press("left")
            positions.append(field(app).cursor_position)
        assert positions == [6, 4, 3, 2, 0, 0]
        for _ in range(5):
            await pilot.press("right")
        assert field(app).cursor_position == 7


@pytest.mark.parametrize(
    ("word", "stops"),
    [
        (PHUYAI, [0, 3, 4, 5, 7, 9, 10, 11]),
        ("ที่เก็บน้ำ", [0, 3, 4, 6, 7, 9, 10]),
        ("กำนัน", [0, 1, 2, 4, 5]),
    ],
)
async def test_every_stop_is_a_cluster_boundary(word: str, stops: list[int]) -> None:
    app = OneField(word)
    async with app.run_test() as pilot:
        await pilot.press("home")
        seen = [field(app).cursor_position]
        for _ in range(len(stops)):
            await pilot.press("right")
            seen.append(field(app).cursor_position)
        assert seen[: len(stops)] == stops
        await pilot.press("end")
        assert field(app).cursor_position == len(word)


async def test_backspace_takes_thai_back_one_code_point_and_stays_on_a_boundary() -> None:
    app = OneField("กี่")
    async with app.run_test() as pilot:
        await pilot.press("end")
        await pilot.press("backspace")  # the mistyped tone mark goes, the rest stays
        assert field(app).value == "กี"
        await type_text(pilot, "้")
        assert field(app).value == "กี้"
        await pilot.press("backspace", "backspace")
        assert field(app).value == "ก"
        await pilot.press("backspace")
        assert field(app).value == ""


async def test_backspace_removes_a_whole_non_thai_cluster() -> None:
    app = OneField("ok👍🏽")
    async with app.run_test() as pilot:
        await pilot.press("end")
        await pilot.press("backspace")
        assert field(app).value == "ok"


async def test_delete_removes_the_whole_cluster_ahead() -> None:
    app = OneField(NAM_PHRIK)
    async with app.run_test() as pilot:
        await pilot.press("home", "delete")
        assert field(app).value == "ำพริก"
        await pilot.press("right", "right", "delete")
        assert field(app).value == "ำพก"


async def test_a_cursor_set_inside_a_cluster_snaps_to_its_end() -> None:
    app = OneField(NAM_PHRIK)
    async with app.run_test():
        field(app).cursor_position = 1  # between น and its tone mark
        assert field(app).cursor_position == 2


async def test_shift_selection_covers_whole_clusters() -> None:
    app = OneField(PHUYAI)
    async with app.run_test() as pilot:
        await pilot.press("end")
        await pilot.press("shift+left", "shift+left")
        assert field(app).selected_text == "าน"
        await pilot.press("end", "shift+home")
        assert field(app).selected_text == PHUYAI
        await pilot.press("delete")
        assert field(app).value == ""


async def test_click_past_the_end_of_thai_text_puts_the_cursor_at_the_end() -> None:
    app = OneField(NAM_PHRIK, compact=True)
    async with app.run_test() as pilot:
        for cell in (5, 6, 12):
            await pilot.click("#field", offset=(cell, 0))
            assert field(app).cursor_position == len(NAM_PHRIK), cell
        await pilot.click("#field", offset=(3, 0))  # on ริ
        assert field(app).cursor_position == 4
        await pilot.click("#field", offset=(0, 0))
        assert field(app).cursor_position == 0


async def test_number_fields_take_thai_digits() -> None:
    app = OneField(type="integer")
    async with app.run_test() as pilot:
        await type_text(pilot, "๑๒")
        await type_text(pilot, "3")
        assert field(app).value == "123"


async def test_paste_keeps_one_line() -> None:
    app = OneField("ก")
    async with app.run_test() as pilot:
        await pilot.press("end")
        field(app).post_message(events.Paste("ข้าว\r\nหอม\tมะลิ\n"))
        await pilot.pause()
        assert field(app).value == "กข้าว หอม มะลิ"
        assert field(app).cursor_position == len(field(app).value)


@pytest.mark.parametrize("burst", [False, True], ids=["paced", "burst"])
@pytest.mark.parametrize(
    ("start", "keys", "value", "cursor"),
    [
        # Backspaces take back what was typed just before them, not what comes after.
        ("", [*"abcdef", *["backspace"] * 6, *"xy"], "xy", 2),
        # A tone mark typed after Left goes on the consonant the cursor is behind.
        ("", ["ก", "น", "left", "\u0e49"], "ก้น", 2),
        ("น้ำพริก", ["home", "right", "right", "ใ", "end", "backspace", "ข"], "น้ำใพริข", 8),
    ],
)
async def test_keys_in_one_burst_give_what_the_same_keys_give_typed_slowly(
    start: str, keys: list[str], value: str, cursor: int, burst: bool
) -> None:
    app = OneField(start)
    async with app.run_test() as pilot:
        await pilot.press("end")
        await send_keys(pilot, keys, burst=burst)
        assert field(app).value == value
        assert field(app).cursor_position == cursor


async def test_enter_in_a_burst_submits_what_was_typed_before_it() -> None:
    submitted: list[str] = []

    class Form(OneField):
        def on_input_submitted(self, event: ThaiInput.Submitted) -> None:
            submitted.append(event.value)

    app = Form()
    async with app.run_test() as pilot:
        await send_keys(pilot, [*"12", "enter", *"34"], burst=True)
        assert submitted == ["12"]
        assert field(app).value == "1234"
