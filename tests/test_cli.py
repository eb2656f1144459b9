"""The sammachip command, as a script would use it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from sammachip_tui.cli import main


def sammachip(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sammachip_tui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        input=stdin,
    )


def test_init_writes_the_device_and_only_a_derived_key(data_dir: Path) -> None:
    device = orjson.loads((data_dir / "device.json").read_bytes())
    assert device["name"] == "laptop-1" and device["district"] == "5212"
    assert len(bytes.fromhex(device["district_key"])) == 32
    assert "ห้างฉัตร-2569" not in (data_dir / "device.json").read_text("utf-8")


def test_init_rejects_bad_values_and_writes_nothing(tmp_path: Path, capsys) -> None:
    short = tmp_path / "p"
    short.write_text("short\n")
    code = main(
        [
            "--data-dir",
            str(tmp_path / "x"),
            "init",
            "--device-name",
            "a",
            "--role",
            "field",
            "--district",
            "9999",
            "--passphrase-file",
            str(short),
        ]
    )
    assert code == 2
    assert "รหัสอำเภอ" in capsys.readouterr().err
    assert not (tmp_path / "x" / "device.json").exists()


def test_import_prints_the_count_and_is_idempotent(
    data_dir: Path, sample_csv: Path, capsys
) -> None:
    args = ["--data-dir", str(data_dir), "--lang", "en", "households", "import", str(sample_csv)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Imported 200 households" in out and "New village 52120505" in out
    assert main(args) == 0
    assert "Imported 0 households (0 new, 0 updated, 200 unchanged" in capsys.readouterr().out


def test_bad_rows_go_to_stderr_with_line_numbers(
    data_dir: Path, sample_csv: Path, tmp_path: Path
) -> None:
    lines = sample_csv.read_text("utf-8-sig").splitlines()[:4]
    lines[2] = lines[2].replace(lines[2].split(",")[11], "abc", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = sammachip("--data-dir", str(data_dir), "households", "import", str(bad))
    assert result.returncode == 1
    assert "บรรทัด 3:" in result.stderr and "ไม่ใช่ตัวเลข" in result.stderr
    assert "นำเข้า 2 ครัวเรือน" in result.stdout
    assert "Traceback" not in result.stderr


def test_export_and_villages_list(data_dir: Path, sample_csv: Path, tmp_path: Path, capsys) -> None:
    base = ["--data-dir", str(data_dir), "--lang", "en"]
    main([*base, "households", "import", str(sample_csv)])
    out = tmp_path / "out.csv"
    assert main([*base, "households", "export", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    capsys.readouterr()
    assert main([*base, "villages", "list", "--json"]) == 0
    [village] = orjson.loads(capsys.readouterr().out)
    assert (village["code"], village["households"], village["volunteers"]) == ("52120505", 200, 131)
    assert main([*base, "households", "export", str(out), "--village", "11111111"]) == 2


def test_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    not_set_up = sammachip("--data-dir", str(tmp_path / "empty"), "villages", "list")
    assert not_set_up.returncode == 2 and "sammachip init" in not_set_up.stderr
    missing = sammachip(
        "--data-dir", str(tmp_path / "empty"), "--lang", "en", "households", "import"
    )
    assert missing.returncode == 2 and "Invalid command line" in missing.stderr
    for result in (not_set_up, missing):
        assert "Traceback" not in result.stderr


def test_missing_file_is_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    result = sammachip(
        "--data-dir",
        str(data_dir),
        "--lang",
        "en",
        "households",
        "import",
        str(tmp_path / "nope.csv"),
    )
    assert result.returncode == 2
    assert "Cannot read" in result.stderr and "Traceback" not in result.stderr


def test_households_add_set_and_list(data_dir: Path, sample_csv: Path, capsys) -> None:
    base = ["--data-dir", str(data_dir), "--lang", "en"]
    main([*base, "households", "import", str(sample_csv)])
    capsys.readouterr()
    assert main([*base, "households", "add", "--village", "52120505", "first_name=บุญเรือน",
                 "income_month=๑๒,๐๐๐", "volunteer=ใช่"]) == 0  # fmt: skip
    new_id = capsys.readouterr().out.split()[-1]
    assert main([*base, "households", "set", "--village", "52120505", "--id", new_id,
                 "occupation_main=ทำน้ำพริกเผา", "income_month=12000"]) == 0  # fmt: skip
    assert "Changed 1 field" in capsys.readouterr().out  # the income was already 12,000
    assert main([*base, "households", "list", "--village", "52120505", "--json"]) == 0
    rows = orjson.loads(capsys.readouterr().out)
    [new] = [r for r in rows if r["id"] == new_id]
    assert (new["occupation_main"], new["income_month"], new["volunteer"]) == (
        "ทำน้ำพริกเผา", 12000.0, "yes")  # fmt: skip
    assert all(r["national_id"] == "" or r["national_id"].startswith("x-") for r in rows)


def test_household_set_refuses_bad_values(data_dir: Path, sample_csv: Path, capsys) -> None:
    base = ["--data-dir", str(data_dir), "--lang", "en"]
    main([*base, "households", "import", str(sample_csv)])
    capsys.readouterr()
    main([*base, "households", "list", "--village", "52120505", "--json", "--unmasked"])
    first = orjson.loads(capsys.readouterr().out)[0]
    code = main([*base, "households", "set", "--village", "52120505", "--id", first["id"],
                 "national_id=1101700230709"])  # fmt: skip
    assert code == 2 and "checksum" in capsys.readouterr().err
    assert main([*base, "households", "set", "--village", "52120505", "--id", first["id"],
                 "colour=red"]) == 2  # fmt: skip
    main([*base, "households", "list", "--village", "52120505", "--json", "--unmasked"])
    again = orjson.loads(capsys.readouterr().out)[0]
    assert again["national_id"] == first["national_id"]  # unchanged by the refused edit
