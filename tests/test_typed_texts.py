"""The one reader of typed texts: a rule of the whole record is said in words, and a list of
choices is read by the choices' labels in either language."""

from __future__ import annotations

import pytest

from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.mentoring_records import Mentoring
from sammachip_tui.model.network_records import Exchange, GroupLink
from sammachip_tui.model.plan_records import PlanRow
from sammachip_tui.store.typed_texts import parse_texts, validated


def test_a_rule_of_the_whole_record_says_which_rule_not_an_empty_field() -> None:
    values = parse_texts(PlanRow, {"project": "อบรม", "start": "1/5/2570", "end": "1/1/2570"})
    with pytest.raises(FieldError) as refused:
        validated(PlanRow, {"village_code": "52120505", "fiscal_year": 2570, **values})
    assert refused.value.message == "ระยะเวลาสิ้นสุดก่อนเริ่ม"
    values = parse_texts(Mentoring, {"mentor_id": "h1", "learner_id": "h1", "occupation": "ทอผ้า",
                                     "started": "1/6/2569"})  # fmt: skip
    with pytest.raises(FieldError) as refused:
        validated(Mentoring, {"village_code": "52120505", **values})
    assert refused.value.message == "ครัวเรือนเป็นพี่เลี้ยงให้ตัวเองไม่ได้"


def test_a_list_of_choices_reads_thai_and_english_labels_and_names_a_wrong_one() -> None:
    values = parse_texts(GroupLink, {"exchanges": "วัตถุดิบ, joint orders,markets"})
    assert values["exchanges"] == [Exchange.materials, Exchange.joint_orders, Exchange.markets]
    with pytest.raises(FieldError) as refused:
        parse_texts(GroupLink, {"exchanges": "วัตถุดิบ, ข้าวสาร"})
    assert "สิ่งที่แลกเปลี่ยน" in refused.value.message and "ข้าวสาร" in refused.value.message
