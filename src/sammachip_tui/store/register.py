"""The household register as the screens and the CLI read and change it.

Thin on purpose: the workspace stores dicts, the models validate, and this module is where
the two meet (so the TUI and the CLI cannot drift apart).
"""

from __future__ import annotations

from typing import Any

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import quoted
from sammachip_tui.model.areas import load_areas
from sammachip_tui.model.household_fields import (
    FieldError,
    check_field,
    column_label,
    control_character,
    parse_value,
    parse_values,
    validate_household,
)
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.model.records import Household, Village, Volunteer
from sammachip_tui.model.thai import to_arabic_digits
from sammachip_tui.store.income import figure_changes, first_reading_change
from sammachip_tui.store.latest_income import FIGURES

# The first screen's counts, read without the models (and still found here).
from sammachip_tui.store.village_counts import HouseholdCounts as HouseholdCounts
from sammachip_tui.store.village_counts import VillageSummary as VillageSummary
from sammachip_tui.store.village_counts import summaries as summaries
from sammachip_tui.store.village_counts import village_label as village_label
from sammachip_tui.store.village_counts import village_place as village_place
from sammachip_tui.store.walking_order import house_sort_key
from sammachip_tui.store.walking_order import household_ids as household_ids
from sammachip_tui.store.workspace import Change, Workspace


def village_change(code: str, name: str = "") -> Change:
    """The change that creates village ``code`` (its record id is the code itself)."""
    village = Village(village_code=code, name=name)
    return Change("village", code, village.fields(), record=code, create=True)


def new_village(ws: Workspace, subdistrict: str, moo: str, name: str = "") -> Change:
    """The change that creates หมู่ ``moo`` of ``subdistrict`` (a 6-digit code from the area
    list). FieldError when the subdistrict is unknown, the หมู่ is not 1-99 or the village
    is already in the workspace."""
    subdistrict = to_arabic_digits(subdistrict.strip())
    area = load_areas().get(subdistrict)
    if area is None or len(subdistrict) != 6:
        raise FieldError(_("Unknown subdistrict code {code}").format(code=subdistrict))
    digits = to_arabic_digits(moo.strip())
    if not digits.isdigit() or not 1 <= int(digits) <= 99:
        raise FieldError(_("Moo must be a number from 1 to 99: {value}").format(value=quoted(moo)))
    code = f"{subdistrict}{int(digits):02d}"
    if code in ws.villages():
        raise FieldError(_("Village {code} is already in this workspace.").format(code=code))
    ch = control_character(name.replace("\t", " "))
    if ch is not None:
        raise FieldError(
            _("The village name holds an invisible control character (U+{code:04X}); type it "
              "again without it.").format(code=ord(ch)), "name"
        )  # fmt: skip
    return village_change(code, " ".join(name.split()))


def get_village(ws: Workspace, code: str) -> Village | None:
    record = ws.record(code, "village", code)
    return None if record is None else Village.from_record(record)


def households(ws: Workspace, village: str) -> list[Household]:
    """Households of a village, sorted by house number as officers walk a village."""
    found = [Household.from_record(r) for r in ws.records(village, "household")]
    return sorted(found, key=lambda h: (house_sort_key(h.house_no), h.first_name))


def count_households(homes: list[Household]) -> HouseholdCounts:
    return HouseholdCounts(
        households=len(homes),
        volunteers=sum(h.volunteer is Volunteer.yes for h in homes),
        sammachip=sum(h.is_sammachip for h in homes),
        trained=sum(h.trained for h in homes),
    )


FORM_FIELDS = (
    "house_no", "house_code", "title", "first_name", "last_name", "national_id", "members",
    "occupation_main", "occupation_secondary", "skills", "income_month", "expense_month",
    "trained", "volunteer", "phone", "legal_basis", "consent_date", "followed_up", "practising",
)  # fmt: skip


# Fields whose blank has no meaning: a yes/no, a choice or the legal basis must be stated.
MUST_HAVE_A_VALUE = {
    "trained": "ใช่ / ไม่ใช่ · yes / no",
    "volunteer": "ใช่ / ไม่ใช่ / ไม่แน่ใจ · yes / no / not sure",
    "legal_basis": "ภารกิจของรัฐ / ความยินยอม · public task / consent",
}


def typed_value(name: str, text: str) -> Any:
    """The value of one household field from what was typed, checked on its own (no store
    needed, so a form says at once when text cannot be used); FieldError says why."""
    value = parse_value(name, text)
    if value is None and name in MUST_HAVE_A_VALUE:
        raise FieldError(
            _("{column} cannot be left blank: type one of {choices}").format(
                column=column_label(name), choices=MUST_HAVE_A_VALUE[name]
            ),
            name,
        )
    check_field(name, value)  # the field's own rules (a national ID's check digit, a range)
    return value


def household_edit(ws: Workspace, village: str, rid: str, name: str, text: str) -> Change | None:
    """The change that sets one field of a household from typed text, or None if it is the
    same as stored. Raises FieldError (with the message to show) and changes nothing when the
    text cannot be used."""
    return household_edits(ws, village, rid, {name: text})


def household_edits(ws: Workspace, village: str, rid: str, texts: dict[str, str]) -> Change | None:
    """``household_edit`` for several fields at once, judged together: a follow-up's date and
    its "practising", typed in one command, are one follow-up (one at a time, the first
    would be refused for lack of the other)."""
    typed = {name: typed_value(name, text) for name, text in texts.items()}
    record = ws.record(village, "household", rid)
    if record is None:
        raise KeyError(rid)
    values = Household.from_record(record).fields()
    values.update(typed)  # a blank number or date: not known (None), never a made-up default
    new = validate_household(values).fields()
    # ``get``: a follow-up left blank is left out of ``fields`` (it costs no bytes)
    changed = {name: new.get(name) for name in typed if record.get(name) != new.get(name)}
    return Change("household", village, changed, record=rid) if changed else None


def new_household(village: str, texts: dict[str, str]) -> Change:
    """The change that creates a household from a form; FieldError lists what is wrong."""
    parsed, problems = parse_values(texts)
    values: dict[str, Any] = {"village_code": village, "consent_date": clock.today(), **parsed}
    if problems:
        raise FieldError("; ".join(problems))
    return Change("household", village, validate_household(values).fields())


def household_changes(
    ws: Workspace, village: str, rid: str, texts: dict[str, str], source: ReadingSource
) -> list[Change]:
    """The changes for fields of a household typed on the form or given to ``sammachip
    households set``: income and expenses as one dated reading (today, ``source``; none when
    they are as shown; a blank: not known, no reading), every other field as
    ``household_edit`` sets it. FieldError, and
    nothing made, when a text cannot be used. Run on the writer: it reads the readings."""
    figures = {n: typed_value(n, t) for n, t in texts.items() if n in FIGURES}
    changes = [
        household_edits(ws, village, rid, {n: t for n, t in texts.items() if n not in FIGURES})
    ]
    # A blank is "not known" (never a made-up 0), as before readings: the figure is stored
    # as unknown and no reading is recorded (a reading says what is known). The readings
    # stay, and the next one sets the figure again.
    changes += [household_edit(ws, village, rid, n, "") for n, v in figures.items() if v is None]
    changes += figure_changes(ws, village, rid, figures, source)
    return [c for c in changes if c is not None]


def new_household_changes(
    ws: Workspace, village: str, texts: dict[str, str], source: ReadingSource
) -> list[Change]:
    """A new household from a form, and its first reading when it has figures (run on the
    writer: the reading names the id the household's change gets, so it comes first)."""
    household = new_household(village, texts)
    reading = first_reading_change(household.values, ws.next_record_id(), source)
    return [household] if reading is None else [household, reading]
