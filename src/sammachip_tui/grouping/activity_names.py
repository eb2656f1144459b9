"""What is done with an occupation's thing, in the officer's words.

Each family of the knowledge base has an activity (lexicon.ACTIVITIES: make, grow, raise,
catch, trade, serve), and a key of an occupation outside it carries the one its text said
(``t:make:ตะเกียง``). These are keys for data and scripts; wherever one is shown to a person
(``occupations list``, a proposal or a lesson named by its key) it goes through here, so it is
read in the officer's language: ทำ/แปรรูป, not "make".
"""

from __future__ import annotations

from sammachip_tui.grouping.matcher import UNKNOWN
from sammachip_tui.i18n import N_, _

ACTIVITY_LABELS = {
    "make": N_("make"),
    "grow": N_("grow"),
    "raise": N_("raise"),
    "catch": N_("catch"),
    "trade": N_("trade"),
    "serve": N_("serve"),
}


def activity_name(activity: str) -> str:
    """The activity in the current language (an unknown one as it is: data says what it is)."""
    label = ACTIVITY_LABELS.get(activity)
    return _(label) if label else activity


def unknown_name(key: str) -> str:
    """An occupation outside the knowledge base named by its key's word and what is done with
    it: ``t:make:ตะเกียง`` → ตะเกียง (ทำ/แปรรูป); ``t:ตะเกียง`` → ตะเกียง."""
    activity, _sep, word = key.removeprefix(UNKNOWN).rpartition(":")
    if activity in ACTIVITY_LABELS:
        return f"{word} ({activity_name(activity)})"
    return key.removeprefix(UNKNOWN)
