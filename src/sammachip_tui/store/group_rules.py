"""The rules of a group on the 5 ก: what it still lacks before it can be called established,
which committee posts one person may not hold together, the arithmetic of shares and profit
allocation, and which stages need what. Pure functions of a ``GroupView`` and the values
about to be saved, so the screens, the CLI and the documents say the same thing.

Every rule returns the message a user reads (translated); ``store/groups.py`` raises it as a
``FieldError`` before anything is journaled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.group_records import (
    ALLOCATIONS,
    POSITION_LABELS,
    BylawsRecord,
    CommitteeTerm,
    GroupStage,
    LedgerKind,
    LedgerLine,
    Position,
    Product,
    Registration,
)
from sammachip_tui.store.group_view import GroupView
from sammachip_tui.store.typed_texts import money

MIN_MEMBERS = 5  # seed 000: at least 5 households (the proposer's default minimum)

# Posts one person holds at a time in a group, and pairs no one may hold together: the
# auditor checks the treasurer's books and the chair's decisions; the chair does not keep
# the money.
SINGLE_POSTS = frozenset({Position.chair, Position.secretary, Position.treasurer, Position.auditor})
INCOMPATIBLE = (
    (Position.treasurer, Position.auditor, N_("the auditor checks the treasurer's books")),
    (Position.chair, Position.auditor, N_("the auditor checks the chair's decisions")),
    (Position.chair, Position.treasurer, N_("the chair does not keep the group's money")),
)
NEEDED_POSTS = (Position.chair, Position.secretary, Position.treasurer)


@dataclass(frozen=True)
class Check:
    """One line of the readiness checklist: which ก, whether it is met, and what it says."""

    ko: int  # 1..5
    ok: bool
    text: str


def checklist(view: GroupView, today: dt.date, min_members: int = MIN_MEMBERS) -> list[Check]:
    """What the group has and still lacks on each of the 5 ก, in order."""
    out: list[Check] = []
    members = view.current_members
    consenting = [m for m in members if m.member.consent]
    if len(consenting) >= min_members and len(consenting) == len(members):
        out.append(
            Check(
                1,
                True,
                ngettext(
                    "{n} member, all with consent", "{n} members, all with consent", len(members)
                ).format(n=len(members)),
            )
        )
    elif len(consenting) < min_members:
        out.append(Check(1, False, ngettext(
            "{n} member with consent; at least {min} are needed",
            "{n} members with consent; at least {min} are needed", len(consenting)).format(
            n=len(consenting), min=min_members)))  # fmt: skip
    else:
        out.append(Check(1, False, ngettext(
            "{n} member has not given consent", "{n} members have not given consent",
            len(members) - len(consenting)).format(n=len(members) - len(consenting))))  # fmt: skip
    held = {t.position for t in view.current_committee(today)}
    lacking = [_(POSITION_LABELS[p]) for p in NEEDED_POSTS if p not in held]
    if lacking:
        out.append(Check(2, False, _("no {posts} yet").format(posts=", ".join(lacking))))
    else:
        out.append(
            Check(2, True, _("committee of {n}").format(n=len(view.current_committee(today))))
        )
    b = view.bylaws
    problems = []
    if b is None or not b.purpose or "…" in b.purpose:  # the template's blank, not filled in
        problems.append(_("the group's purpose"))
    if b is None or not b.share_value:
        problems.append(_("the share price"))
    if b is None or allocation_total(b) != 100:
        problems.append(_("the profit allocation (100%)"))
    if problems:
        out.append(Check(3, False, _("bylaws lack {what}").format(what=", ".join(problems))))
    else:
        out.append(Check(3, True, _("bylaws agreed")))
    paid = [line for line in view.ledger if line.kind is LedgerKind.shares]
    if paid:
        out.append(Check(4, True, _("fund of {baht} baht").format(baht=money(view.balance()))))
    else:
        out.append(Check(4, False, _("no shares paid into the fund yet")))
    if view.activities:
        out.append(
            Check(
                5,
                True,
                ngettext("{n} activity", "{n} activities", len(view.activities)).format(
                    n=len(view.activities)
                ),
            )
        )
    else:
        out.append(Check(5, False, _("no activity planned yet")))
    return out


def allocation_total(b: BylawsRecord) -> float:
    return round(sum(float(getattr(b, name)) for name in ALLOCATIONS), 2)


# ------------------------------------------------------------------------------ the rules
def bylaws_problem(b: BylawsRecord) -> str | None:
    total = allocation_total(b)
    if total and total != 100:
        return _("The profit allocation adds up to {total}%, not 100%.").format(total=f"{total:g}")
    if b.max_shares and b.min_shares > b.max_shares:
        return _("The minimum shares ({min}) are more than the maximum ({max}).").format(
            min=b.min_shares, max=b.max_shares
        )
    return None


def _overlap(a: CommitteeTerm, b: CommitteeTerm) -> bool:
    """Whether two terms share a day of office. A term ends on its last day and the next
    one may start that day (elections are held as the old term ends)."""
    lo, hi = dt.date.min, dt.date.max
    return (a.elected or lo) < (b.term_end or hi) and (b.elected or lo) < (a.term_end or hi)


def _undated(t: CommitteeTerm) -> bool:
    """A post with no dates (the schema 1.x committee lists had none): held until a dated
    term for the same post says otherwise."""
    return t.elected is None and t.term_end is None


def committee_problem(
    view: GroupView, term: CommitteeTerm, old: CommitteeTerm | None = None
) -> str | None:
    """What is wrong with ``term`` (new, or an edit of ``old``), or None."""
    if term.elected and term.term_end and term.term_end < term.elected:
        return _("The term ends before the election.")
    if term.position is Position.other and not term.title:
        return _("Name the post.")
    # Membership is checked when the post is given, not when a past term is corrected
    # after its holder left the group.
    given = old is None or old.household_id != term.household_id
    if given and term.household_id not in {m.member.household_id for m in view.current_members}:
        return _("Only a member of the group can hold a post.")
    others = [t for t in view.committee if t.id != term.id and _overlap(t, term)]
    if not _undated(term):
        others = [t for t in others if not _undated(t)]
    for t in others:
        same_post = t.position is term.position and term.position in SINGLE_POSTS
        if same_post and t.household_id != term.household_id:
            return _("{name} already holds this post for that time.").format(
                name=view.member_name(t.household_id)
            )
    mine = {t.position for t in others if t.household_id == term.household_id}
    for a, b, why in INCOMPATIBLE:
        if term.position in (a, b) and mine & ({a, b} - {term.position}):
            return _("{first} and {second} cannot be the same person: {why}.").format(
                first=_(POSITION_LABELS[a]), second=_(POSITION_LABELS[b]), why=_(why)
            )
    return None


def ledger_problem(view: GroupView, line: LedgerLine, old: LedgerLine | None = None) -> str | None:
    """What is wrong with ``line`` (new, or an edit of ``old``), or None. The shares rules
    apply to what the line says about shares: a note added to a share payment of before the
    price changed, or to a schema 1.x line that named no member, is no new payment."""
    members = {m.member.household_id: m for m in reversed(view.members)}  # current wins
    shares_said = (line.kind, line.household_id, line.shares, line.amount)
    unchanged = (
        old is not None and (old.kind, old.household_id, old.shares, old.amount) == shares_said
    )
    if line.kind is LedgerKind.shares and not unchanged:
        if line.household_id not in members:
            return _("Shares are paid by a member: say which household.")
        if line.shares <= 0:
            return _("Say how many shares were paid for.")
        b = view.bylaws
        if b is not None and b.share_value:
            due = round(line.shares * b.share_value, 2)
            if round(line.amount, 2) != due:
                return ngettext("{n} share at {price} baht is {due} baht, not {amount}.",
                                "{n} shares at {price} baht are {due} baht, not {amount}.",
                                int(line.shares)).format(
                    n=line.shares, price=money(b.share_value), due=money(due),
                    amount=money(line.amount),
                )  # fmt: skip
        if b is not None and b.max_shares:
            held = members[line.household_id].shares
            # An edit of the same member's line replaces its shares; a line moved from
            # another member adds them all.
            if (
                old is not None
                and old.kind is LedgerKind.shares
                and old.household_id == line.household_id
            ):
                held -= old.shares
            if held + line.shares > b.max_shares:
                return ngettext(
                    "A member may hold at most {max} share; this one would hold {n}.",
                    "A member may hold at most {max} shares; this one would hold {n}.",
                    b.max_shares,
                ).format(max=b.max_shares, n=held + line.shares)
    elif line.household_id and line.household_id not in members and not unchanged:
        return _("That household is not a member of the group.")
    if line.kind is LedgerKind.repayment and not unchanged:
        totals = view.totals()
        owed = totals[LedgerKind.loan] - totals[LedgerKind.repayment]
        repaid = old.amount if old is not None and old.kind is LedgerKind.repayment else 0.0
        if line.amount > round(owed + repaid, 2):
            return _("The group owes {owed} baht; it cannot repay {amount}.").format(
                owed=money(owed + repaid), amount=money(line.amount)
            )
    return None


def product_problem(p: Product) -> str | None:
    if p.registration is Registration.registered and not p.number:
        return _("A registered product has a registration number.")
    if p.stars and p.registration is not Registration.registered:
        return _("Only a registered product has a star rating.")
    if p.stars and p.star_year is None:
        return _("Say the year (B.E.) of the star rating.")
    return None


def stage_problem(view: GroupView, stage: GroupStage, today: dt.date) -> str | None:
    """What keeps the group from ``stage``; None when it may move there."""
    if stage is GroupStage.established or stage in (
        GroupStage.developing, GroupStage.otop_registered, GroupStage.selling
    ):  # fmt: skip
        missing = [c.text for c in checklist(view, today) if not c.ok]
        if missing:
            return _("Not established yet: {missing}.").format(missing="; ".join(missing))
    if stage is GroupStage.otop_registered and not any(
        p.registration is Registration.registered for p in view.products
    ):
        return _("No product of the group is registered with OTOP yet.")
    if stage is GroupStage.selling and not view.markets:
        return _("Record a market channel first.")
    return None
