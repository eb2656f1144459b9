"""What the hostile-name defences cost, each against the same work without them (same run).

- Merging: ``check_ops`` on 5,000 household operations (a large village's bundle), with the
  control-character check of every text (store/op_checks.py ``_text_problem``) and without.
- Drawing a table cell: ``plain`` (screens/plain.py: a Text, never markup) against what
  DataTable did with a string (``Text.from_markup``), per cell.
- Writing: ``xml_safe`` over a district document of 2,000 village rows, against writing that
  document to .xlsx (the cleaning is a share of the writing).
Run: .venv/bin/python benchmarks/text_checks.py
"""

from __future__ import annotations

from rich.text import Text

from group_network import _median_ms
from sammachip_tui.reports.district_docs import to_xlsx
from sammachip_tui.reports.district_document import DataTable, DistrictDocument, DistrictSection
from sammachip_tui.reports.xml_text import xml_safe
from sammachip_tui.screens.plain import plain
from sammachip_tui.store import op_checks
from sammachip_tui.store.hlc import make_stamp
from sammachip_tui.store.oplog import Op

OPS, CELLS, ROWS = 5_000, 20_000, 2_000
VILLAGE = "52120505"


def _ops() -> list[Op]:
    return [
        Op("AAAAAAAA", n + 1, make_stamp(1_790_000_000_000 + n, 0, "AAAAAAAA"), "household",
           f"AAAAAAAA-{n + 1}", VILLAGE, {
               "village_code": VILLAGE, "house_no": f"{n}/1", "title": "นาง",
               "first_name": f"สมศรี{n}", "last_name": "ใจดีมีสุข", "occupation_main": "ทอผ้าไหม",
               "occupation_secondary": "ปลูกข้าว", "skills": "จักสานไม้ไผ่ ทำขนมไทย",
               "phone": "0812345678", "members": 4, "income_month": 12000,
               "expense_month": 9000, "volunteer": "yes", "trained": True})
        for n in range(OPS)
    ]  # fmt: skip


def _document() -> DistrictDocument:
    rows: list[list[str | int | float]] = [
        [f"หมู่ {n % 20 + 1} บ้านดอนไชยมงคล", 200 + n, 120, 80, 3, 2] for n in range(ROWS)
    ]
    table = DataTable("ต.ห้างฉัตร", ["หมู่บ้าน", "ครัวเรือน", "สัมมาชีพ", "อบรม", "เวที", "กลุ่ม"],
                      rows)  # fmt: skip
    return DistrictDocument(title="ตัวเลขของอำเภอ", place="อ.ห้างฉัตร จ.ลำปาง", year="2570",
                            made="", sections=[DistrictSection("หมู่บ้าน", [table])])  # fmt: skip


def measure(repeat: int = 5) -> dict[str, float]:
    ops = _ops()
    checked = _median_ms(lambda: op_checks.check_ops(ops), repeat)
    real = op_checks._text_problem
    op_checks._text_problem = lambda *_args: None  # type: ignore[assignment]
    try:
        unchecked = _median_ms(lambda: op_checks.check_ops(ops), repeat)
    finally:
        op_checks._text_problem = real
    texts = [f"หมู่ {n % 20 + 1} บ้านดอนไชย" for n in range(CELLS)]
    markup = _median_ms(lambda: [Text.from_markup(t, end="") for t in texts], repeat)
    plain_ms = _median_ms(lambda: [plain(t, one_line=True) for t in texts], repeat)
    doc = _document()
    clean = _median_ms(lambda: xml_safe(doc), repeat)
    xlsx = _median_ms(lambda: to_xlsx(doc), 3)
    return {"checked": checked, "unchecked": unchecked, "markup": markup, "plain": plain_ms,
            "clean": clean, "xlsx": xlsx}  # fmt: skip


def report() -> None:
    r = measure()
    print(f"Hostile-name defences (median of 5; {OPS:,} ops, {CELLS:,} cells, {ROWS:,} rows)")
    print(f"  check_ops without the text check   {r['unchecked']:8.1f} ms")
    print(f"  check_ops with it                  {r['checked']:8.1f} ms"
          f"   = {r['checked'] / r['unchecked']:.2f}×")  # fmt: skip
    print(f"  cells as markup (DataTable's str)  {r['markup']:8.1f} ms")
    print(f"  cells as plain Text                {r['plain']:8.1f} ms"
          f"   = {r['plain'] / r['markup']:.2f}×")  # fmt: skip
    print(f"  writing the document to .xlsx      {r['xlsx']:8.1f} ms")
    print(f"  xml_safe over it first             {r['clean']:8.1f} ms"
          f"   = {r['clean'] / r['xlsx'] * 100:.1f}% of the writing")  # fmt: skip


if __name__ == "__main__":
    report()
