import datetime as dt

import pytest

from sammachip_tui.model.thai import (
    format_date_be,
    is_valid_national_id,
    mask_national_id,
    parse_date,
    parse_number,
    to_arabic_digits,
    to_thai_digits,
)


def test_national_id_checksum_accepts_the_documented_example() -> None:
    assert is_valid_national_id("1101700230708")
    assert is_valid_national_id("1-1017-00230-70-8")
    assert is_valid_national_id("๑๑๐๑๗๐๐๒๓๐๗๐๘")


@pytest.mark.parametrize("bad", ["1101700230709", "110170023070", "0101700230708", "abc", ""])
def test_national_id_checksum_rejects(bad: str) -> None:
    assert not is_valid_national_id(bad)


def test_every_check_digit_is_the_only_valid_one() -> None:
    first12 = "310100123456"
    valid = [d for d in "0123456789" if is_valid_national_id(first12 + d)]
    assert len(valid) == 1


def test_masking_keeps_only_the_last_three_digits() -> None:
    assert mask_national_id("1101700230708") == "x-xxxx-xxxxx-70-8"
    assert mask_national_id("1101700230708", compact=True) == "x-…-70-8"
    assert "1101700" not in mask_national_id("1101700230708")
    assert mask_national_id("") == ""


def test_thai_digits_both_ways() -> None:
    assert to_arabic_digits("๒๕๖๙/๑") == "2569/1"
    assert to_thai_digits("2569") == "๒๕๖๙"


def test_numbers_as_officers_type_them() -> None:
    assert parse_number("๑๒,๕๐๐") == 12500
    assert parse_number("3,000 บาท") == 3000
    with pytest.raises(ValueError):
        parse_number("สามพัน")


def test_buddhist_era_dates() -> None:
    assert format_date_be(dt.date(2026, 11, 22)) == "22/11/2569"
    assert parse_date("22/11/2569") == dt.date(2026, 11, 22)
    assert parse_date("๒๒/๑๑/๒๕๖๙") == dt.date(2026, 11, 22)
    assert parse_date("2026-11-22") == dt.date(2026, 11, 22)
    with pytest.raises(ValueError):
        parse_date("พรุ่งนี้")
