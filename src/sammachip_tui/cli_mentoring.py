"""``sammachip mentor``: model households, sages and trainers, and mentoring (พี่สอนน้อง).

Every change goes through ``store/mentoring.py`` (the one save path the mentoring view uses
too), built on the store's writer (``Workspace.commit_built``). Households are named by id,
house number or name (``mentor_id=12``, ``learner_id="14 สมหมาย"``); a text that names
several is refused with the candidates. A value that cannot be used is said (field and
reason, in the user's language) with exit status 2, and nothing is saved.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_options
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import N_, _

if TYPE_CHECKING:
    from sammachip_tui.store.mentoring import MentoringView
    from sammachip_tui.store.workspace import Workspace

KIND_HELP = {
    "role": N_("a model household, community sage or sammachip trainer for an occupation"),
    "pair": N_("a mentor paired with a learning household"),
    "session": N_("a session a mentor gave, and who came"),
    "outcome": N_("what changed for a learner (income and expenses then)"),
}


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    from sammachip_tui.store.mentoring import KINDS, editable_fields

    mentor = sub.add_parser("mentor", help=_("model households and mentoring (พี่สอนน้อง)"))
    msub = cli_options.commands(mentor, parser_class, "action")
    for kind in KINDS:
        p = msub.add_parser(kind, help=_(KIND_HELP[kind]))
        esub = cli_options.commands(p, parser_class, "entry_action")
        for name, text in (("add", _("add an entry")), ("edit", _("change fields of an entry")),
                           ("delete", _("delete an entry"))):  # fmt: skip
            e = esub.add_parser(name, help=text)
            cli_options.village(e)
            if name != "add" or kind == "outcome":
                e.add_argument("--id", required=True, dest="entry",
                               help=_("the pairing's id (see mentor list)") if name == "add"
                               else _("entry id (see mentor list)"))  # fmt: skip
            if name != "delete":
                e.add_argument("values", nargs="+", metavar="FIELD=VALUE",
                               help=_("fields: {fields}").format(
                                   fields=", ".join(editable_fields(kind))))  # fmt: skip
    end = msub.add_parser("end", help=_("end a pairing on a date (today unless said)"))
    cli_options.village(end)
    end.add_argument("--id", required=True, dest="entry",
                     help=_("the pairing's id (see mentor list)"))  # fmt: skip
    end.add_argument("values", nargs="*", metavar="FIELD=VALUE", help=_("fields: {fields}").format(
        fields="ended"))  # fmt: skip
    listing = msub.add_parser("list", help=_("a village's roles, pairings, sessions and outcomes"))
    cli_options.village(listing)
    cli_options.json_output(listing)
    show = msub.add_parser("show", help=_("a household's roles, mentors, learners and sessions"))
    cli_options.village(show)
    show.add_argument("--household", required=True, help=_("household id, house number or name"))


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command != "mentor":
        return None
    from sammachip_tui.store import mentoring as sm

    village = args.village
    if village not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=village))
    if args.action == "list":
        return _list(ws, sm.mentoring_view(ws, village), args.json)
    if args.action == "show":
        home = sm.name_household(ws, [village], args.household, "household")
        print(f"{home.label} ({home.id})")
        for line in sm.household_lines(ws, village, home.id) or [_("No mentoring recorded.")]:
            print("    " + line)
        return 0
    if args.action == "end":
        texts = _texts(args.values, ["ended"])
        ws.commit_built(lambda w: [sm.end_pairing(w, village, args.entry, texts.get("ended", ""))])
        print(_("Pairing {id} ended.").format(id=args.entry))
        return 0
    kind, action = args.action, args.entry_action
    if action == "delete":
        ws.commit_built(lambda w: sm.delete(w, village, kind, args.entry))
        print(_("Deleted entry {id}.").format(id=args.entry))
        return 0
    texts = _texts(args.values, sm.editable_fields(kind))
    if action == "edit":
        ops = ws.commit_built(lambda w: [sm.edit(w, village, kind, args.entry, texts)])
        print(_("Saved {what}.").format(what=_("entry {id}").format(id=args.entry)) if ops
              else _("Nothing to change: {what} is already so.").format(
                  what=_("entry {id}").format(id=args.entry)))  # fmt: skip
        return 0
    if kind == "outcome":
        ops = ws.commit_built(lambda w: sm.add_outcome(w, village, args.entry, texts))
    else:
        add = {"role": sm.add_role, "pair": sm.pair, "session": sm.add_session}[kind]
        ops = ws.commit_built(lambda w: [add(w, village, texts)])
    print(_("Added entry {id}.").format(id=ops[-1].record))
    return 0


def _texts(items: list[str], allowed: list[str]) -> dict[str, str]:
    from sammachip_tui.cli_groups_5k import _texts as texts

    return texts(items, allowed)


def _list(ws: Workspace, view: MentoringView, as_json: bool) -> int:
    from sammachip_tui.model.mentoring_records import ROLE_LABELS
    from sammachip_tui.store.mentoring import attended
    from sammachip_tui.store.typed_texts import value_text

    if as_json:
        sys.stdout.write(orjson.dumps(as_dict(view)).decode() + "\n")
        return 0
    print(_("Model households, sages and trainers:"))
    for role, home in view.roles:
        teaches = f" · {role.teaches}" if role.teaches else ""
        what = f"{_(ROLE_LABELS[role.role])}: {role.occupation}{teaches}"
        print(f"    {role.id}  {home.label}  {what}")
    print(_("Pairings:"))
    for p in view.pairs:
        ended = " · " + _("ended {date}").format(date=value_text(p.pairing.ended)) \
            if p.pairing.ended else ""  # fmt: skip
        print(f"    {p.pairing.id}  {p.mentor.label} → {p.learner.label}  ({p.pairing.occupation}"
              f", {value_text(p.pairing.started)}{ended})")  # fmt: skip
        print("        " + attended(p.sessions).format(
            n=p.sessions, change=p.income.said))  # fmt: skip
    print(_("Sessions:"))
    for s, mentor, came in view.sessions:
        who = ", ".join(h.label for h in came)
        print(f"    {s.id}  {value_text(s.date)}  {mentor.label}: {s.topic}  ({who})")
    print(_("Outcomes:"))
    from sammachip_tui.store.mentoring import home_of, outcome_text

    for o, line in view.outcomes:
        learner = line.learner.label if line else home_of(ws, view.village, o.learner_id).label
        print(f"    {o.id}  {learner}: {outcome_text(o)}")
    return 0


def as_dict(view: MentoringView) -> dict[str, Any]:
    """The village's mentoring as ``mentor list --json`` prints it: stored values."""

    def dump(record: Any) -> dict[str, Any]:
        return dict(record.model_dump(mode="json", exclude={"village_code", "deleted"}))

    return {
        "village": view.village,
        "roles": [dump(r) for r, _home in view.roles],
        "pairings": [
            {
                **dump(p.pairing),
                "sessions_attended": p.sessions,
                "income_before": p.income.before,
                "income_now": p.income.now,
            }
            for p in view.pairs
        ],
        "sessions": [dump(s) for s, _m, _c in view.sessions],
        "outcomes": [dump(o) for o, _p in view.outcomes],
    }
