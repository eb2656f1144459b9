"""``sammachip network``: links between occupation groups (seed 000: a group should be linked
to other groups making the same product, or to the groups before and after it in a chain).

Every change goes through ``store/network.py`` (the one save path the network screen uses
too), built on the store's writer (``Workspace.commit_built``). A value that cannot be used
is said (field and reason, in the user's language) with exit status 2, and nothing is saved.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_options
from sammachip_tui.i18n import _

if TYPE_CHECKING:
    from sammachip_tui.store.network import LinkLine
    from sammachip_tui.store.workspace import Workspace

FIELDS_HELP = "partner, partner_village, partner_name, kind, exchanges, since, note"


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    net = sub.add_parser("network", help=_("links between occupation groups (their network)"))
    nsub = cli_options.commands(net, parser_class, "action")
    link = nsub.add_parser("link", help=_("link a group to a partner group: FIELD=VALUE ..."))
    _group(link, required=True)
    _values(link, required=True)
    edit = nsub.add_parser("edit", help=_("change fields of a link: FIELD=VALUE ..."))
    _link(edit)
    _values(edit, required=True)
    unlink = nsub.add_parser("unlink", help=_("delete a link"))
    _link(unlink)
    nlist = nsub.add_parser("list", help=_("every link of this device, or of one group"))
    _group(nlist, required=False)
    cli_options.json_output(nlist)
    show = nsub.add_parser("show", help=_("the network drawn: groups and their links"))
    _group(show, required=False)
    wide = _("draw the picture even when it is wider than the terminal")
    show.add_argument("--graph", action="store_true", help=wide)


def _group(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--group", required=required, help=_("group id (see groups list)"))
    cli_options.village(parser, required=False)


def _link(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--link", required=True, help=_("link id (see network list)"))


def _values(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("values", nargs="+" if required else "*", metavar="FIELD=VALUE",
                        help=_("fields: {fields}").format(fields=FIELDS_HELP))  # fmt: skip


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command != "network":
        return None
    from sammachip_tui.cli_groups_5k import _texts, _village_of
    from sammachip_tui.store import network

    if args.action == "link":
        village = _village_of(ws, args.group, args.village)
        texts = _texts(args.values, network.LINK_FIELDS)
        [op] = ws.commit_built(lambda w: [network.add_link(w, village, args.group, texts)])
        print(_("Linked. The link's id: {id}").format(id=op.record))
        _print_partner_place(ws, op.record)
        return 0
    if args.action == "edit":
        texts = _texts(args.values, network.LINK_FIELDS)
        ops = ws.commit_built(lambda w: [network.edit_link(w, args.link, texts)])
        if ops:
            print(_("Saved link {id}.").format(id=args.link))
            _print_partner_place(ws, args.link)
        else:
            print(_("Nothing to change: link {id} is already so.").format(id=args.link))
        return 0
    if args.action == "unlink":
        ws.commit_built(lambda w: [network.unlink(w, args.link)])
        print(_("Deleted link {id}.").format(id=args.link))
        return 0
    home = _village_of(ws, args.group, args.village) if args.group else None
    if args.action == "list":
        return _list(ws, home, args)
    return _show(ws, home, args)


def _print_partner_place(ws: Workspace, link_id: str) -> None:
    """Where a partner not on this device is, when the list of areas knows its village."""
    from sammachip_tui.store import network

    link = network.find_link(ws, link_id)
    if link.partner_village not in ws.villages():
        place = network.where(link.partner_village)
        print("    " + (_("Partner's village: {place}").format(place=place) if place else
                        _("Village {code} is not in the list of areas: check the code.").format(
                            code=link.partner_village)))  # fmt: skip


def _lines(ws: Workspace, village: str | None, group: str | None) -> list[LinkLine]:
    from sammachip_tui.store import network

    if village is not None and group is not None:
        return network.group_network(ws, village, group)
    return network.district_network(ws).links


def _list(ws: Workspace, village: str | None, args: argparse.Namespace) -> int:
    lines = _lines(ws, village, args.group)
    if args.json:
        rows = [{"id": x.link.id, "group": x.group.id, "group_name": x.group.name,
                 "village": x.group.village, "partner": x.partner.id,
                 "partner_name": x.partner.name, "partner_village": x.partner.village,
                 "partner_on_device": x.partner.on_device, "kind": x.link.kind.value,
                 "recorded_here": x.outgoing,
                 "exchanges": [e.value for e in x.link.exchanges],
                 "since": x.link.since.isoformat() if x.link.since else None,
                 "note": x.link.note} for x in lines]  # fmt: skip
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    if not lines:
        print(_("No links yet (see: network link --group ID partner=...)."))
    for x in lines:
        print("\t".join((x.link.id, x.group.name, x.group.village, x.relation, x.partner.name,
                         x.partner.village, x.exchanges, x.since)))  # fmt: skip
    return 0


def _show(ws: Workspace, village: str | None, args: argparse.Namespace) -> int:
    import shutil

    from sammachip_tui.store import network
    from sammachip_tui.store.network_layout import draw

    net = network.district_network(ws)
    if args.group:
        own = network.group_network(ws, village or "", args.group)
        keep = {(x.group.key, x.partner.key) for x in own}
        net.links = [x for x in net.links if (x.group.key, x.partner.key) in keep
                     or (x.partner.key, x.group.key) in keep]  # fmt: skip
        net.nodes = {k: v for k, v in net.nodes.items()
                     if any(k in (x.group.key, x.partner.key) for x in net.links)}  # fmt: skip
    pic = draw(net)
    columns = shutil.get_terminal_size((120, 40)).columns
    print(network.counts(net, unlinked=not args.group))
    if not net.links:
        return 0
    if pic.width > columns and not args.graph:
        print(_("The picture is wider than the terminal: the links as a list "
                "(--graph draws it anyway)."))  # fmt: skip
        for x in net.links:
            print("\t".join((x.group.name, x.group.village, x.relation, x.partner.name,
                             x.partner.village, x.exchanges)))  # fmt: skip
        return 0
    print(_(network.LEGEND))
    print()
    for line in pic.lines:
        print(line)
    return 0
