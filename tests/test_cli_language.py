"""The command line in the officer's language: argparse's own words, every option's help,
record kinds, OS errors and typed values; and a failed command leaves no folder behind."""

from __future__ import annotations

import argparse
import errno
import re
from pathlib import Path

import pytest

from sammachip_tui.cli import build_parser, main
from sammachip_tui.i18n import set_language
from sammachip_tui.i18n.wording import kind_counts, os_error_text, quoted

ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "show this help message",
                    "invalid choice", "the following arguments are required", "argument --",
                    "choose from", "unrecognized arguments")  # fmt: skip
THAI = re.compile("[\u0e00-\u0e7f]")


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [[], ["sync", "send"], ["households", "import"]])
def test_help_in_thai_has_no_english_argparse_words(command: list[str], capsys) -> None:
    out = _help(["--lang", "th", *command, "--help"], capsys)
    assert "วิธีใช้:" in out and "ตัวเลือก:" in out and "แสดงคำอธิบายนี้แล้วออก" in out
    for words in ARGPARSE_ENGLISH:
        assert words not in out, words


@pytest.mark.parametrize(
    "argv",
    [["sync", "send", "--ecc", "X"], ["sync"], ["init"], ["villages", "list", "--bogus"],
     ["nosuchcommand"]],
)  # fmt: skip
def test_argparse_errors_in_thai(argv: list[str], tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path / "d"), "--lang", "th", *argv]) == 2
    err = capsys.readouterr().err
    assert "วิธีใช้:" in err and "คำสั่งไม่ถูกต้อง" in err
    for words in ARGPARSE_ENGLISH:
        assert words not in err, words


def _actions(parser: argparse.ArgumentParser, path: str):
    for action in parser._actions:
        yield path, action
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield f"{path} {choice.dest}", choice
            for name, sub in action.choices.items():
                yield from _actions(sub, f"{path} {name}")


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_option_and_argument_has_help(language: str) -> None:
    set_language(language)
    missing, english = [], []
    for path, action in _actions(build_parser(), "sammachip"):
        name = f"{path} {'/'.join(action.option_strings) or action.dest}"
        if not action.help:
            missing.append(name)
        elif language == "th" and not THAI.search(action.help):
            english.append(f"{name}: {action.help}")
    assert not missing, missing
    assert not english, english


def test_a_failed_command_leaves_no_folder_behind(tmp_path: Path, capsys) -> None:
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("ห้างฉัตร-2569\n", encoding="utf-8")
    new = tmp_path / "cards" / "sammachip"
    for argv in (
        ["init", "--device-name", "a", "--role", "field", "--district", "99",
         "--passphrase-file", str(passphrase)],
        ["repair"],
        ["villages", "list"],
        ["sync", "receive", str(tmp_path / "nothing.txt")],
    ):  # fmt: skip
        assert main(["--data-dir", str(new), "--lang", "en", *argv]) == 2, argv
        assert not (tmp_path / "cards").exists(), argv
    capsys.readouterr()
    existing = tmp_path / "mine"  # a folder the officer made stays, even empty
    existing.mkdir()
    assert main(["--data-dir", str(existing), "repair"]) == 2
    assert existing.is_dir()
    assert main(["--data-dir", str(new), "init", "--device-name", "a", "--role", "field",
                 "--district", "5212", "--passphrase-file", str(passphrase)]) == 0  # fmt: skip
    assert (new / "device.json").exists()


def test_record_kinds_in_thai() -> None:
    set_language("th")
    text = kind_counts({"attendance": 137, "forum": 2, "household": 200, "village": 1})
    assert text == "หมู่บ้าน 1, ครัวเรือน 200, เวทีประชาคม 2, ผู้เข้าร่วม 137"
    assert not re.search("[a-z]", text)
    assert kind_counts({}) == "0"


def test_os_errors_in_thai(data_dir: Path, tmp_path: Path, capsys) -> None:
    set_language("th")
    assert os_error_text(FileNotFoundError(errno.ENOENT, "No such file or directory")) == (
        "ไม่มีแฟ้มหรือโฟลเดอร์นี้"
    )
    # A reason the program gave the error itself (already in the user's language) is kept.
    assert os_error_text(IsADirectoryError(errno.EISDIR, "ไม่ใช่แฟ้มธรรมดา")) == "ไม่ใช่แฟ้มธรรมดา"
    missing = tmp_path / "gone.csv"
    assert main(["--data-dir", str(data_dir), "--lang", "th", "households", "import",
                 str(missing)]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "ไม่มีแฟ้มหรือโฟลเดอร์นี้" in err
    assert "Errno" not in err and "No such file" not in err


def test_typed_values_are_quoted_plainly(data_dir: Path, capsys) -> None:
    assert quoted("abcบาท") == "“abcบาท”" and quoted("a\tb") == "“a\\tb”"
    assert main(["--data-dir", str(data_dir), "--lang", "th", "villages", "add", "521205",
                 "5"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "--lang", "th", "households", "add", "--village",
                 "52120505", "first_name=สมชาย", "income_month=abcบาท"]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "“abcบาท”" in err and "'abcบาท'" not in err


def test_a_merge_names_record_kinds_in_thai(tmp_path: Path, sample_csv: Path, capsys) -> None:
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("ห้างฉัตร-2569\n", encoding="utf-8")
    field, central = tmp_path / "field", tmp_path / "central"
    for d, role in ((field, "field"), (central, "central")):
        assert main(["--data-dir", str(d), "--lang", "th", "init", "--device-name", role,
                     "--role", role, "--district", "5212", "--passphrase-file",
                     str(passphrase)]) == 0  # fmt: skip
    assert main(["--data-dir", str(field), "--lang", "th", "households", "import",
                 str(sample_csv)]) == 0  # fmt: skip
    bundle = tmp_path / "b.smb"
    assert main(["--data-dir", str(field), "--lang", "th", "sync", "send", "--to", "central",
                 "--out", str(bundle)]) == 0  # fmt: skip
    sent = capsys.readouterr().out
    assert "ครัวเรือน 200" in sent and "household" not in sent
    assert main(["--data-dir", str(central), "--lang", "th", "sync", "receive",
                 str(bundle)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--data-dir", str(field), "--lang", "en", "devices", "list"]) == 0
    fingerprint = capsys.readouterr().out.split("fingerprint ")[1].splitlines()[0]
    assert main(["--data-dir", str(central), "--lang", "th", "devices", "accept",
                 fingerprint]) == 0  # fmt: skip
    merged = capsys.readouterr().out
    assert "ครัวเรือน 200" in merged and "household" not in merged and "village" not in merged


def test_leaving_the_app_before_setting_up_leaves_no_folder(tmp_path: Path, monkeypatch) -> None:
    """The app opened on a new folder and left at the setup screen: nothing was set up."""
    from sammachip_tui.app import SammachipApp

    seen: list[bool] = []
    monkeypatch.setattr(SammachipApp, "run", lambda self: seen.append(self.data_dir.is_dir()))
    new = tmp_path / "new"
    assert main(["--data-dir", str(new)]) == 0
    assert seen == [True]  # the app had its folder (and lock) while it ran
    assert not new.exists()
