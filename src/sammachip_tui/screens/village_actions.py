"""What opens from a chosen village (its households, forums, proposals, groups, plan,
mentoring) and the sync screens: the same keys on the villages list and on the dashboard, so
an officer who learned them on one has them on the other.

Mixed into a screen that says which village is chosen (``_selected_code``: None, with a
word to the officer, when none is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from sammachip_tui.i18n import N_

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[Any]
else:
    _Base = object

# The sync keys, the same wherever the officer starts from.
SYNC_BINDINGS = [
    Binding("s", "send", N_("Send"), id="send", tooltip=N_("Sync: send data as QR frames")),
    Binding("r", "receive", N_("Receive"), id="receive",
            tooltip=N_("Sync: receive frames, images or a bundle")),
    Binding("c", "conflicts", N_("Conflicts"), id="conflicts",
            tooltip=N_("Sync: resolve conflicts")),
    Binding("d", "devices", N_("Devices"), id="devices",
            tooltip=N_("Sync: devices (accept, revoke)")),
    Binding("n", "inbox", N_("Inbox"), id="inbox",
            tooltip=N_("Sync: the bundles received and sent (inbox)")),
]  # fmt: skip


class VillageActions(_Base):
    def _selected_code(self) -> str | None:
        raise NotImplementedError

    def action_open_village(self) -> None:
        code = self._selected_code()
        if code is not None:
            from sammachip_tui.screens.households import HouseholdsScreen

            self.app.push_screen(HouseholdsScreen(code))

    def action_forums(self) -> None:
        code = self._selected_code()
        if code is not None:
            from sammachip_tui.screens.forums import ForumsScreen

            self.app.push_screen(ForumsScreen(code))

    def action_proposals(self) -> None:
        code = self._selected_code()
        if code is not None:
            from sammachip_tui.screens.proposals import ProposalsScreen

            self.app.push_screen(ProposalsScreen(code))

    def action_groups(self) -> None:
        code = self._selected_code()
        if code is not None:
            from sammachip_tui.screens.groups import GroupsScreen

            self.app.push_screen(GroupsScreen(code))

    def action_plan(self) -> None:
        code = self._selected_code()
        if code is not None:
            from sammachip_tui.screens.plan import PlanScreen

            self.app.push_screen(PlanScreen(code))

    def action_mentoring(self) -> None:
        code = self._selected_code()
        if code is not None:
            from sammachip_tui.screens.mentoring import MentoringScreen

            self.app.push_screen(MentoringScreen(code))

    def action_send(self) -> None:
        from sammachip_tui.screens.send import SendScreen
        from sammachip_tui.screens.sync_dialogs import PeerDialog

        def chosen(peer: tuple[str, str] | None) -> None:
            if peer is not None:
                self.app.push_screen(SendScreen(*peer))

        self.app.push_screen(PeerDialog(), chosen)

    def action_receive(self) -> None:
        from sammachip_tui.screens.receive import ReceiveScreen

        self.app.push_screen(ReceiveScreen())

    def action_conflicts(self) -> None:
        from sammachip_tui.screens.sync_dialogs import ConflictsScreen

        self.app.push_screen(ConflictsScreen())

    def action_devices(self) -> None:
        from sammachip_tui.screens.sync_dialogs import DevicesScreen

        self.app.push_screen(DevicesScreen())

    def action_inbox(self) -> None:
        from sammachip_tui.screens.inbox import InboxScreen

        self.app.push_screen(InboxScreen())
