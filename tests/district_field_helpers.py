"""The end-to-end district test's tools: the ``sammachip`` command run in-process as an officer
types it (its output captured, whatever the test's fixtures), and the officer's own household
file written with Thai headers, as a spreadsheet saves it."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sammachip_tui.cli import main


@dataclass(frozen=True)
class Said:
    """What one command printed and its exit status."""

    code: int
    out: str
    err: str


def cli(data_dir: Path, *args: str) -> Said:
    """``sammachip --data-dir DIR --lang en ARGS`` in this process; the output captured here,
    so a module-scoped fixture (which has no ``capsys``) can read it too."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data-dir", str(data_dir), "--lang", "en", *args])
    return Said(code, out.getvalue(), err.getvalue())


def ok(data_dir: Path, *args: str) -> str:
    """Run a command that must succeed; what it printed."""
    said = cli(data_dir, *args)
    assert said.code == 0, (args, said)
    assert "Traceback" not in said.err, said.err
    return said.out


def after(text: str, marker: str, length: int | None = None) -> str:
    """The text after ``marker`` (to the line's end, or ``length`` characters)."""
    rest = text.split(marker, 1)[1]
    return rest[:length] if length is not None else rest.splitlines()[0]


@dataclass(frozen=True)
class Home:
    """A row of the officer's household list, and what it means for the figures."""

    village: str
    house_no: str
    name: str
    occupation: str
    income: int | None  # None: not known (a blank cell)
    expense: int | None
    trained: bool
    volunteer: bool
    followed_up: str = ""  # d/m/yyyy พ.ศ.
    practising: bool | None = None

    @property
    def sammachip(self) -> bool:
        """Earns more than it spends, both known (the programme's definition)."""
        return self.income is not None and self.expense is not None and self.income > self.expense


THAI_HEADER = ["รหัสหมู่บ้าน", "บ้านเลขที่", "คำนำหน้า", "ชื่อ", "นามสกุล", "จำนวนสมาชิก",
               "อาชีพหลัก", "รายได้ต่อเดือน", "รายจ่ายต่อเดือน", "ผ่านการอบรมสัมมาชีพ",
               "สมัครใจเข้ากลุ่ม", "วันที่สำรวจ", "วันที่ติดตามผล",
               "ประกอบอาชีพที่ส่งเสริม"]  # fmt: skip


def yes_no(value: bool | None) -> str:
    return "" if value is None else "ใช่" if value else "ไม่ใช่"


def write_household_csv(path: Path, homes: list[Home], surveyed: str) -> None:
    """The list as the officer keeps it: Thai headers, UTF-8 with BOM (Excel's CSV), incomes
    with thousands separators, the survey date that dates each row's income reading."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(THAI_HEADER)
    for h in homes:
        writer.writerow([
            h.village, h.house_no, "นาง", h.name, "ใจดี", "4", h.occupation,
            "" if h.income is None else f"{h.income:,}",
            "" if h.expense is None else f"{h.expense:,}",
            yes_no(h.trained), yes_no(h.volunteer), surveyed, h.followed_up,
            yes_no(h.practising),
        ])  # fmt: skip
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
