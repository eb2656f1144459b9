"""Every operation from elsewhere is checked whole before anything is journaled.

A received bundle is signed by a device the district accepted, but what it carries can still
be wrong: a bug in another version, a damaged backup, a device that was tampered with. One
bad line in the journal would stop every later start and every later send, so ``Workspace.
merge`` refuses the whole batch when a single operation fails here, and writes nothing.

The checks are those a local edit passes, plus the shape of the operation itself: who made
it, its sequence number and stamp (fixed-width, so that comparing stamps orders them), a
known or well-formed kind, a village code from the area list (or a district's own shard),
field names, and every value of a known field through the same pydantic model a form or an
import uses. A field this version does not know (a newer version's) is kept as received, as
long as it is plain JSON of a bounded size.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from pydantic import ValidationError

from sammachip_tui.i18n import _
from sammachip_tui.model.household_fields import control_character
from sammachip_tui.model.records import LIVELIHOOD_KEY, MODELS, Record
from sammachip_tui.store.hlc import MAX_STAMP_MS, MS_DIGITS, STAMP
from sammachip_tui.store.ids import DEVICE_ID
from sammachip_tui.store.oplog import META_KEYS, Op

KNOWN_KINDS = frozenset(MODELS)
# A kind a newer version added: merged, stored and passed on as received (sync/schema.py).
OTHER_KIND = re.compile(r"[a-z][a-z0-9_]{0,31}")
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
# Natural keys can be long: a proposal's id holds the words of an unknown occupation.
RECORD_ID = re.compile("[^\x00-\x1f\x7f-\x9f\ud800-\udfff]{1,2048}")
MAX_SEQ = 2**53 - 1  # exact in every JSON reader
# A known field gets the validation a local edit gets, whole: a value this version's model
# refuses (another choice in a list, a number out of range) would make the screens, reports
# and exports that read it fail, on every device it reaches. A newer version that widens a
# field raises the schema version (sync/schema.py), and this one says to update.
MAX_OP_BYTES = 256 * 1024  # a long forum record or group bylaws are a few KB
MAX_REPLACED = 4096


class OpRefusedError(ValueError):
    """One operation of a batch cannot be stored; ``reason`` says which and why (translated)."""

    def __init__(self, index: int, total: int, reason: str) -> None:
        super().__init__(reason)
        self.index = index
        self.total = total
        self.reason = reason


@dataclass(frozen=True)
class _Where:
    kind: str
    record: str


def check_ops(ops: list[Op]) -> None:
    """Raise OpRefusedError for the first operation that cannot be stored."""
    for i, op in enumerate(ops):
        reason = op_problem(op)
        if reason is not None:
            raise OpRefusedError(i, len(ops), reason)


DISTRICT_KINDS = frozenset({"lesson", "occupation", "service"})  # records of the whole district


def op_problem(op: Op) -> str | None:
    """Why ``op`` cannot be stored (in the user's language), or None when it can."""
    if not (isinstance(op.origin, str) and DEVICE_ID.match(op.origin)):
        return _("the device id {value} is not one").format(value=_short(op.origin))
    if not (isinstance(op.seq, int) and not isinstance(op.seq, bool) and 1 <= op.seq <= MAX_SEQ):
        return _("the sequence number {value} is not one").format(value=_short(op.seq))
    problem = stamp_problem(op.stamp)
    if problem is not None:
        return problem
    if op.stamp[-8:] != op.origin:
        return _("the stamp {value} was not made by device {device}").format(
            value=op.stamp, device=op.origin
        )
    if not (isinstance(op.kind, str) and (op.kind in KNOWN_KINDS or OTHER_KIND.fullmatch(op.kind))):
        return _("{value} is not a kind of record").format(value=_short(op.kind))
    if not (isinstance(op.record, str) and RECORD_ID.fullmatch(op.record)):
        return _("{value} is not a record id").format(value=_short(op.record))
    if not (isinstance(op.village, str) and known_shard(op.village)):
        return _("{value} is not a village code from the area list").format(
            value=_short(op.village)
        )
    if op.kind in DISTRICT_KINDS and not op.village.endswith("0000"):
        # Read from the district's shard only: anywhere else it would be kept and never apply.
        return _("{kind} {record}: belongs to the district, not to village {village}").format(
            kind=op.kind, record=op.record, village=op.village
        )
    if op.kind == "livelihood":
        problem = _livelihood_problem(op)
        if problem is not None:
            return problem
    if not isinstance(op.values, dict) or not op.values:
        return _("{kind} {record}: no fields").format(kind=op.kind, record=op.record)
    if not isinstance(op.replaces, dict):
        return _("{kind} {record}: what it replaces is not readable").format(
            kind=op.kind, record=op.record
        )
    try:
        size = len(orjson.dumps(op.values))
    except (TypeError, orjson.JSONEncodeError):
        for name, value in op.values.items():  # a lone surrogate: say in which field
            problem = _text_problem(_Where(op.kind, op.record), str(name), value)
            if problem is not None:
                return problem
        return _("{kind} {record}: a value is not plain data").format(
            kind=op.kind, record=op.record
        )
    if size > MAX_OP_BYTES:
        return _("{kind} {record}: {size} bytes of values (at most {limit})").format(
            kind=op.kind, record=op.record, size=size, limit=MAX_OP_BYTES
        )
    where = _Where(op.kind, op.record)
    for name, value in op.values.items():
        problem = _field_problem(where, op.village, name, value) or _text_problem(
            where, name, value
        )
        if problem is not None:
            return problem
    for name, replaced in op.replaces.items():
        if name not in op.values:
            return _("{kind} {record}: replaces a field it does not set ({field})").format(
                kind=op.kind, record=op.record, field=_short(name)
            )
        if not isinstance(replaced, list) or len(replaced) > MAX_REPLACED:
            return _("{kind} {record}: what field {field} replaces is not readable").format(
                kind=op.kind, record=op.record, field=name
            )
        for stamp in replaced:
            problem = stamp_problem(stamp)
            if problem is not None:
                return problem
    return None


def _livelihood_problem(op: Op) -> str | None:
    """A village's switch of one livelihood is named by a family key and filed under the
    village: a district's shard is never read for switches, and a key that no knowledge base
    could have would show on no screen, to be switched off by nobody. (A key this version's
    knowledge base lacks, a newer one's, is kept: it is shown nowhere and harms nothing.)"""
    if op.village.endswith("0000"):
        return _("livelihood {record}: {village} is not a village").format(
            record=_short(op.record), village=op.village
        )
    if not LIVELIHOOD_KEY.fullmatch(op.record):
        return _("livelihood {record}: not a livelihood key").format(record=_short(op.record))
    return None


def stamp_problem(stamp: Any) -> str | None:
    if not (isinstance(stamp, str) and STAMP.fullmatch(stamp)):
        return _("the stamp {value} is not one").format(value=_short(stamp))
    if int(stamp[:MS_DIGITS], 16) > MAX_STAMP_MS:
        return _("the stamp {value} is dated past what a clock can show").format(value=stamp)
    return None


def _field_problem(where: _Where, village: str, name: Any, value: Any) -> str | None:
    if not (isinstance(name, str) and FIELD_NAME.fullmatch(name)) or name in META_KEYS:
        return _("{kind} {record}: {field} is not a field name").format(
            kind=where.kind, record=where.record, field=_short(name)
        )
    model = MODELS.get(where.kind)
    if model is None or name not in model.model_fields:
        return None  # a newer version's kind or field: kept as received
    if name == "id":
        return _("{kind} {record}: the id cannot be changed").format(
            kind=where.kind, record=where.record
        )
    if name == "village_code" and value != village:
        return _("{kind} {record}: it says village {value} but is filed under {village}").format(
            kind=where.kind, record=where.record, value=_short(value), village=village
        )
    try:
        model.__pydantic_validator__.validate_assignment(_scratch(model), name, value)
    except AttributeError:  # a rule of the whole record (Mentoring: not oneself) met the
        return None  # scratch without its other fields: it is not judged one field at a time
    except ValidationError as exc:
        # A rule of the whole record (a model validator: loc ()) cannot be judged from one
        # field on a blank stand-in: a reading "needs the income or the expenses" would refuse
        # every reading's date. The field's own rules are what is checked here.
        errors = [e for e in exc.errors() if e.get("loc")]
        if not errors:
            return None
        detail = errors[0].get("msg", "")
        return _("{kind} {record}: field {field} = {value}: {detail}").format(
            kind=where.kind, record=where.record, field=name, value=_short(value), detail=detail
        )
    return None


MULTI_LINE = frozenset({
    ("forum", "resolutions"), ("item", "detail"), ("proposal", "reason"),
    ("bylaws", "purpose"), ("bylaws", "membership"), ("bylaws", "meetings"),
    ("bylaws", "amendments"), ("bylaws", "dissolution"), ("bylaws", "text"),
    ("plan_row", "objective"), ("plan_row", "steps"), ("plan_row", "expected"),
    ("activity", "output"), ("evaluation", "participants"),
})  # fmt: skip
"""Fields whose text may run over several lines (and any field called note or notes): a line
break or a tab is text there. Everywhere else a name or a title is one line."""
NOTES = frozenset({"note", "notes"})
_BREAKS = re.compile("[\t\n\r]")


def _text_problem(where: _Where, name: str, value: Any) -> str | None:
    """A text holding a control character (an escape that clears a terminal, a NUL that no
    spreadsheet or Word file can hold, a direction override) or a lone surrogate, in any text
    the operation carries: it would reach every screen, report and terminal of the district.
    Typed and imported text is refused so (model/household_fields.py control_character);
    an operation from elsewhere is held to the same rule. A newer version's field is walked
    too: this version keeps it and passes it on."""
    if isinstance(value, str) and control_character(value) is None:
        return None  # nearly every text: one scan
    if not isinstance(value, str | list | dict):
        return None  # a number, a yes/no, a blank
    multi = (
        (where.kind, name) in MULTI_LINE
        or name in NOTES
        or where.kind not in MODELS
        or (name not in MODELS[where.kind].model_fields)
    )
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            ch = control_character(_BREAKS.sub(" ", item) if multi else item)
            if ch is not None:
                return _("{kind} {record}: field {field} holds an invisible control character "
                         "(U+{code:04X})").format(
                    kind=where.kind, record=where.record, field=name, code=ord(ch)
                )  # fmt: skip
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
            stack.extend(k for k in item if isinstance(k, str))
    return None


_SCRATCH = threading.local()


def _scratch(model: type[Record]) -> Record:
    """An unvalidated instance to validate one field against (``validate_assignment`` needs
    one). Making it costs more than the check itself, so each thread keeps one per model."""
    made: dict[type[Record], Record] | None = getattr(_SCRATCH, "made", None)
    if made is None:
        made = _SCRATCH.made = {}
    instance = made.get(model)
    if instance is None:
        instance = made[model] = model.model_construct()
    return instance


def known_shard(code: str) -> bool:
    """A village of the area list (its subdistrict is known), or a district's own shard."""
    if not re.fullmatch(r"\d{8}", code):
        return False
    return _known_shard(code)


@lru_cache(maxsize=4096)
def _known_shard(code: str) -> bool:
    from sammachip_tui.model.areas import AreaLevel, load_areas

    areas = load_areas()
    if code.endswith("0000"):
        district = areas.get(code[:4])
        return district is not None and district.level is AreaLevel.district
    if code[6:] == "00":
        return False
    return areas.village_place(code) is not None


def _short(value: Any) -> str:
    """A value quoted in a message: short, and never the repr of a structure (a list nested
    a thousand deep would raise RecursionError)."""
    if isinstance(value, str | int | float | bool) or value is None:
        text = repr(value)
        return text if len(text) <= 40 else text[:37] + "..."
    return f"<{type(value).__name__}>"
