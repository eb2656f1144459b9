"""Links between occupation groups: the one way a link is made, changed or deleted, and the
networks the screens and ``sammachip network`` read.

A ``GroupLink`` lives in the shard of the group that records it, but a link joins two
groups: the partner's network lists it too, with its direction turned ("is supplied by"),
so an officer opening either group sees the same link. The partner is a group on this device
(named by its id or its name, in any village) or, for a group whose village is not on this
device, the village code and name the officer typed; the typed name stands for it
(``partner_id`` ``named:<name>``), so two links to the same named partner are one partner.

The rules (refused with the reason, nothing journaled): no link to itself; a partner on this
device must exist; a pair already linked with the same kind is refused, in either direction
for links without one (same product, other), in the same direction for a chain; a partner's
village code has 8 digits. Run the changes on the store's writer (``commit_built``,
``submit_edit``): they read the links as the earlier edits left them.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.network_records import LINK_LABELS, GroupLink, LinkKind
from sammachip_tui.store import typed_texts as typed
from sammachip_tui.store.workspace import Change, Workspace

NAMED = "named:"
"""How a partner not on this device is named: ``named:<the name typed>``."""

CHAINS = frozenset({LinkKind.supplies, LinkKind.sells_for})
"""Links with a direction: the partner reads them turned."""

TURNED = {
    LinkKind.same_product: N_("same product"),
    LinkKind.supplies: N_("is supplied by the partner"),
    LinkKind.sells_for: N_("has its products sold by the partner"),
    LinkKind.other: N_("other link"),
}
"""A link as the partner reads it (the recording group's words are ``LINK_LABELS``)."""

PARTNER = "partner"
"""The typed field naming a partner on this device (its id or its name)."""

LINK_FIELDS = (PARTNER, "partner_village", "partner_name", "kind", "exchanges", "since", "note")
"""The texts a link is typed from, in the order the dialog and the CLI show them."""


# --------------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class Node:
    """A group in a network: on this device (``on_device``), or named by the officer."""

    village: str
    id: str
    name: str
    on_device: bool = True

    @property
    def key(self) -> tuple[str, str]:
        return (self.village, self.id)


@dataclass(frozen=True)
class LinkLine:
    """A link seen from one of its groups: ``outgoing`` when that group recorded it."""

    link: GroupLink
    group: Node
    partner: Node
    outgoing: bool

    @property
    def relation(self) -> str:
        """The link in the words of the group it is seen from (translated)."""
        words = LINK_LABELS if self.outgoing or self.link.kind not in CHAINS else TURNED
        return _(words[self.link.kind])

    @property
    def exchanges(self) -> str:
        return typed.value_text(self.link.exchanges)

    @property
    def since(self) -> str:
        return typed.value_text(self.link.since)


Key = tuple[str, str]


@dataclass
class Network:
    """The groups of the device that have links, the groups they link to, the links, and
    how many groups of the device have none (counted, not drawn)."""

    nodes: dict[Key, Node] = field(default_factory=dict)
    links: list[LinkLine] = field(default_factory=list)
    unlinked: int = 0


@dataclass
class _Read:
    """What was read before, so that what has not changed is not read again: a stored record
    changes only with its stamps (a group with its name), so a link read once is validated
    again only when it changed, its line made again only when it or a group it names did,
    and the whole network again only when one of its lines or groups did. The district view
    reads every link of the device each time it is drawn (``benchmarks/group_network.py``).
    Links, nodes and lines are values, never changed in place."""

    groups: dict[Key, Node] = field(default_factory=dict)
    links: dict[Key, tuple[Any, LinkLine]] = field(default_factory=dict)
    network: tuple[tuple[int, ...], Network] | None = None


_READ: weakref.WeakKeyDictionary[Workspace, _Read] = weakref.WeakKeyDictionary()


def _state(ws: Workspace) -> _Read:
    read = _READ.get(ws)
    if read is None:
        read = _READ[ws] = _Read()
    return read


def _groups(ws: Workspace, read: _Read) -> dict[Key, Node]:
    """Every group of the device, by (village, id)."""
    out = {}
    known = read.groups
    for v in ws.villages():
        for r in ws.records(v, "group"):
            key, name = (v, r["id"]), str(r.get("name", ""))
            node = known.get(key)
            if node is None or node.name != name:
                node = known[key] = Node(v, r["id"], name)
            out[key] = node
    return out


def _recorded(ws: Workspace, read: _Read, groups: dict[Key, Node]) -> list[LinkLine]:
    """Every live link of the device as its recording group sees it (a link that no
    longer validates is still read)."""
    out = []
    known = read.links
    for v in ws.villages():
        for r in ws.records(v, "group_link"):
            key, stamps = (v, r["id"]), r.get("_s")
            seen = known.get(key)
            if seen is not None and stamps and seen[0] == stamps:
                line = seen[1]
                if _current(line.group, groups) and _current(line.partner, groups):
                    out.append(line)
                    continue
                link = line.link
            else:
                found = GroupLink.readable(r)
                if found is None:  # a damaged or hostile record without its partner
                    continue
                link = found
            line = LinkLine(link, _group_of(link, groups), _partner_of(link, groups), True)
            known[key] = (dict(stamps or {}), line)
            out.append(line)
    return out


def _current(node: Node, groups: dict[Key, Node]) -> bool:
    """The node still says what the device holds: the same group, or still none."""
    return groups.get(node.key) is node if node.on_device else node.key not in groups


def _partner_of(link: GroupLink, groups: dict[Key, Node]) -> Node:
    found = groups.get((link.partner_village, link.partner_id))
    if found is not None:
        return found
    name = link.partner_name or link.partner_id.removeprefix(NAMED)
    return Node(link.partner_village, link.partner_id, name, on_device=False)


def _group_of(link: GroupLink, groups: dict[Key, Node]) -> Node:
    found = groups.get((link.village_code, link.group_id))
    if found is not None:
        return found
    return Node(link.village_code, link.group_id, link.group_id, on_device=False)


def _links(ws: Workspace) -> list[GroupLink]:
    read = _state(ws)
    return [line.link for line in _recorded(ws, read, _groups(ws, read))]


def group_network(ws: Workspace, village: str, group_id: str) -> list[LinkLine]:
    """The links of one group, the ones it recorded and the ones recorded by its partners
    (turned), by partner name."""
    read = _state(ws)
    out = []
    for line in _recorded(ws, read, _groups(ws, read)):
        if line.group.key == (village, group_id):
            out.append(line)
        elif line.partner.key == (village, group_id):
            out.append(LinkLine(line.link, line.partner, line.group, False))
    return sorted(out, key=lambda line: (line.partner.name, line.partner.village, line.link.id))


def district_network(ws: Workspace) -> Network:
    """Every link of the device, each once, as seen by the group that recorded it."""
    read = _state(ws)
    groups = _groups(ws, read)
    lines = _recorded(ws, read, groups)
    same = (*map(id, lines), -1, *map(id, groups.values()))
    if read.network is None or read.network[0] != same:
        net = Network()
        for line in lines:
            net.nodes[line.group.key] = line.group
            net.nodes[line.partner.key] = line.partner
        net.links = sorted(lines, key=lambda x: (x.group.name, x.partner.name, x.link.id))
        net.unlinked = sum(1 for key in groups if key not in net.nodes)
        read.network = (same, net)
    net = read.network[1]
    return Network(dict(net.nodes), list(net.links), net.unlinked)  # the caller's to change


def counts(net: Network, *, unlinked: bool = True) -> str:
    """What the network adds up to, as the screen and ``network show`` say it."""
    n, links = len(net.nodes), len(net.links)
    text = ngettext("{n} group in the network", "{n} groups in the network", n).format(n=n)
    text += " · " + ngettext("{n} link", "{n} links", links).format(n=links)
    if unlinked and net.unlinked:
        text += " · " + ngettext("{n} group without links (not drawn)",
                                 "{n} groups without links (not drawn)",
                                 net.unlinked).format(n=net.unlinked)  # fmt: skip
    return text


LEGEND = N_("▶ the goods go this way (supplies, sells for) · ─ same product, other · "
            "* a group not on this device")  # fmt: skip
"""How to read the picture (translated where shown)."""


# -------------------------------------------------------------------------------- changing
def find_link(ws: Workspace, link_id: str) -> GroupLink:
    """A live link by its id, in whichever village it is recorded."""
    for v in ws.villages():
        r = ws.record(v, "group_link", link_id)
        if r is not None and not r.get("deleted"):
            return GroupLink.from_record(r)
    raise FieldError(_("No link {id} on this device.").format(id=link_id))


def _group_named(ws: Workspace, text: str) -> Node:
    """The group ``text`` names on this device: its id, or its name (in any village). Two
    groups of that name are refused with their villages, never guessed."""
    wanted = " ".join(text.split())
    groups = list(_groups(ws, _state(ws)).values())
    for matches in ([g for g in groups if g.id == wanted],
                    [g for g in groups if " ".join(g.name.split()) == wanted]):  # fmt: skip
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            villages = ", ".join(g.village for g in matches)
            raise FieldError(
                _("Several groups are named {name} (villages {villages}): type the group's "
                  "id, or the village too.").format(name=wanted, villages=villages),
                PARTNER,
            )  # fmt: skip
    raise FieldError(_("No group {name} on this device.").format(name=wanted), PARTNER)


def _village_text(text: str) -> str:
    from sammachip_tui.model.thai import to_arabic_digits

    code = to_arabic_digits(text).strip()
    if not (len(code) == 8 and code.isdigit()):
        raise FieldError(
            _("partner's village: a village code has 8 digits, not {value}").format(
                value=text.strip() or "-"
            ),
            "partner_village",
        )
    return code


def _partner(ws: Workspace, texts: dict[str, str]) -> dict[str, str]:
    """``partner_village``, ``partner_id``, ``partner_name`` from what was typed: a group of
    this device by its id or name (its village too, when two share the name), or the village
    code and name of a group whose village is not on this device."""
    name = " ".join(texts.get(PARTNER, "").split())
    village = texts.get("partner_village", "").strip()
    typed_name = " ".join(texts.get("partner_name", "").split())
    code = _village_text(village) if village else ""
    on_device = code in ws.villages() if code else False
    if name and code and on_device:
        here = [g for g in _groups(ws, _state(ws)).values() if g.village == code]
        matches = [g for g in here if name in (g.id, " ".join(g.name.split()))]
        if not matches:
            raise FieldError(_("No group {name} in village {village}.").format(
                name=name, village=code), PARTNER)  # fmt: skip
        g = matches[0]
        return {"partner_village": g.village, "partner_id": g.id, "partner_name": ""}
    if name and not code:
        g = _group_named(ws, name)
        return {"partner_village": g.village, "partner_id": g.id, "partner_name": ""}
    if not code:
        raise FieldError(_("Say which group: a group of this device, or the village code and "
                           "name of a group elsewhere."), PARTNER)  # fmt: skip
    if on_device:  # a village of this device: its groups are here, pick one of them
        wanted = typed_name or name
        if not wanted:
            raise FieldError(_("Say which group of village {village}.").format(village=code),
                             PARTNER)  # fmt: skip
        return _partner(ws, {PARTNER: wanted, "partner_village": code})
    wanted = typed_name or name
    if not wanted:
        raise FieldError(_("partner's name is needed for a group not on this device."),
                         "partner_name")  # fmt: skip
    return {"partner_village": code, "partner_id": NAMED + wanted, "partner_name": wanted}


def where(code: str) -> str:
    """A village code as a place (หมู่ 3 ต.… อ.… จ.…, from ``thai-areas.csv``), or "" when
    the list lacks it."""
    from sammachip_tui.store.village_counts import village_label, village_place

    place = village_place(code)
    return f"{village_label(code)} {place}" if place else ""


def _same_pair(a: GroupLink, b: GroupLink) -> bool:
    """Two links of the same kind between the same two groups (direction as the rule says)."""
    if a.kind != b.kind:
        return False
    forward = (a.village_code, a.group_id, a.partner_village, a.partner_id) == (
        b.village_code, b.group_id, b.partner_village, b.partner_id)  # fmt: skip
    backward = (a.village_code, a.group_id, a.partner_village, a.partner_id) == (
        b.partner_village, b.partner_id, b.village_code, b.group_id)  # fmt: skip
    return forward or (backward and a.kind not in CHAINS)


def _check(ws: Workspace, link: GroupLink) -> None:
    if (link.village_code, link.group_id) == (link.partner_village, link.partner_id):
        raise FieldError(_("A group cannot be linked to itself."), PARTNER)
    for other in _links(ws):
        if other.id != link.id and _same_pair(link, other):
            since = typed.value_text(other.since)
            label = _(LINK_LABELS[other.kind])
            message = (_("These groups are already linked ({kind}) since {date}.")
                       if since else _("These groups are already linked ({kind}).")).format(
                kind=label, date=since)  # fmt: skip
            raise FieldError(message, PARTNER)


def _values(ws: Workspace, texts: dict[str, str]) -> dict[str, Any]:
    """The link's values from typed texts: the partner, then the other fields."""
    unknown = set(texts) - set(LINK_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise FieldError(_("No field {name} here.").format(name=name), name)
    rest = {k: v for k, v in texts.items() if k not in (PARTNER, "partner_village",
                                                         "partner_name")}  # fmt: skip
    values = typed.parse_texts(GroupLink, rest, ("group_id", "partner_id"))
    if any(k in texts for k in (PARTNER, "partner_village", "partner_name")):
        values.update(_partner(ws, texts))
    return values


def _own_group(ws: Workspace, village: str, group_id: str) -> None:
    record = ws.record(village, "group", group_id)
    if record is None or record.get("deleted"):
        raise FieldError(
            _("No group {id} in village {village}.").format(id=group_id, village=village)
        )


def add_link(ws: Workspace, village: str, group_id: str, texts: dict[str, str]) -> Change:
    """A new link of ``group_id`` (of ``village``) from typed texts."""
    _own_group(ws, village, group_id)
    values = _values(ws, texts)
    if "partner_id" not in values:
        raise FieldError(_("Say which group: a group of this device, or the village code and "
                           "name of a group elsewhere."), PARTNER)  # fmt: skip
    link = typed.validated(GroupLink, {**values, "village_code": village, "group_id": group_id})
    _check(ws, link)
    return Change(GroupLink.KIND, village, link.fields())


def edit_link(ws: Workspace, link_id: str, texts: dict[str, str]) -> Change | None:
    """The fields of a link that the texts change (None when none does)."""
    current = find_link(ws, link_id)
    if "partner_village" in texts or "partner_name" in texts:
        # a partner field changed: the others as they are complete what it names
        texts = {**_partner_texts(ws, current), **texts}
    # (a partner's name alone is looked for among every group of the device)
    values = _values(ws, texts)
    link = typed.validated(GroupLink, {**current.model_dump(), **values})
    _check(ws, link)
    old = current.fields()
    changed = {k: v for k, v in link.fields().items() if old.get(k) != v}
    if not changed:
        return None
    return Change(GroupLink.KIND, current.village_code, changed, record=link_id)


def unlink(ws: Workspace, link_id: str) -> Change:
    """The link deleted (a tombstone: a device that has not seen the deletion yet keeps
    nothing it could bring back)."""
    current = find_link(ws, link_id)
    return Change(GroupLink.KIND, current.village_code, {"deleted": True}, record=link_id)


def _partner_texts(ws: Workspace, link: GroupLink) -> dict[str, str]:
    partner = _partner_of(link, _groups(ws, _state(ws)))
    return {
        PARTNER: partner.name if partner.on_device else "",
        "partner_village": link.partner_village,
        "partner_name": "" if partner.on_device else partner.name,
    }


def link_texts(ws: Workspace, link: GroupLink) -> dict[str, str]:
    """A link as the officer types it back (the dialog's fields), from the side that
    recorded it (the partner's side edits the same record)."""
    return {
        **_partner_texts(ws, link),
        "kind": typed.value_text(link.kind, for_typing=True),
        "exchanges": typed.value_text(link.exchanges, for_typing=True),
        "since": typed.value_text(link.since, for_typing=True),
        "note": link.note,
    }
