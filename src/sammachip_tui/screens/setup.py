"""First run: name this device, choose its role and district, enter the district passphrase.

The same questions as ``sammachip init``, and the same validation (store/device.py). Nothing
is written until every answer is acceptable; a bad answer says what is wrong in place.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Label, RadioButton, RadioSet, Select, Static

from sammachip_tui.errors import UserError
from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.model.areas import load_areas
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.store.at_rest import MIN_PIN
from sammachip_tui.store.device import SetupError, validate_setup


class SetupScreen(BaseScreen):
    BINDINGS = [Binding("ctrl+s", "save", N_("Save"), id="save-setup")]

    DEFAULT_CSS = """
    SetupScreen VerticalScroll { padding: 0 1; }
    SetupScreen .row { height: 3; }
    SetupScreen .row > Label { width: 16; padding: 1 1 0 0; }
    SetupScreen .row > Input, SetupScreen .row > Select { width: 1fr; max-width: 60; }
    SetupScreen RadioSet { layout: horizontal; height: 3; width: 1fr; }
    SetupScreen #hint { color: $text-muted; height: auto; }
    SetupScreen #error { color: $error; height: auto; min-height: 1; }
    SetupScreen #buttons { height: 3; }
    """

    def __init__(self) -> None:
        super().__init__(id="setup")
        self.answers: dict[str, str] = {
            "name": "",
            "role": "field",
            "province": "",
            "district": "",
            "passphrase": "",
            "confirm": "",
            "pin": "",
        }
        self.error = ""

    def screen_title(self) -> str:
        return _("Set up this device")

    def compose(self) -> ComposeResult:
        language = self.app.language
        areas = load_areas()
        provinces = sorted(areas.provinces(), key=lambda a: a.name(language))
        yield Header(icon="◆")
        with VerticalScroll():
            yield Static(
                _("This device is not set up yet. Answer once; you can start work right after."),
                id="hint",
            )
            with Horizontal(classes="row"):
                yield Label(_("Device name"))
                yield ThaiInput(
                    value=self.answers["name"],
                    placeholder=_("e.g. the officer's name and laptop"),
                    id="name",
                )
            with Horizontal(classes="row"):
                yield Label(_("Role"))
                with RadioSet(id="role"):
                    yield RadioButton(
                        _("Field device"), value=self.answers["role"] == "field", id="role-field"
                    )
                    yield RadioButton(
                        _("Central store"),
                        value=self.answers["role"] == "central",
                        id="role-central",
                    )
            with Horizontal(classes="row"):
                yield Label(_("Province"))
                yield Select(
                    [(p.name(language), p.code) for p in provinces],
                    value=self.answers["province"] or Select.NULL,
                    prompt=_("Choose a province"),
                    type_to_search=True,
                    id="province",
                )
            with Horizontal(classes="row"):
                yield Label(_("District"))
                yield Select(
                    self._district_options(self.answers["province"]),
                    value=self.answers["district"] or Select.NULL,
                    prompt=_("Choose a district"),
                    type_to_search=True,
                    id="district",
                )
            yield Static(
                _(
                    "District passphrase: at least 8 characters, the same on every "
                    "device of the district."
                ),
                id="passhint",
                classes="hint",
            )
            with Horizontal(classes="row"):
                yield Label(_("Passphrase"))
                yield ThaiInput(value=self.answers["passphrase"], password=True, id="passphrase")
            with Horizontal(classes="row"):
                yield Label(_("Passphrase again"))
                yield ThaiInput(value=self.answers["confirm"], password=True, id="confirm")
            yield Static(
                _(
                    "Device PIN (optional, at least 6 characters): encrypts the data kept on "
                    "this device; asked at every start. Without it, a lost device's files can "
                    "be read."
                ),
                id="pinhint",
                classes="hint",
            )
            with Horizontal(classes="row"):
                yield Label(_("Device PIN"))
                yield ThaiInput(value=self.answers["pin"], password=True, id="pin")
            yield Static(self.error, id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(_("Save and start"), variant="primary", id="save")
        yield TranslatedFooter()

    def _district_options(self, province: str) -> list[tuple[str, str]]:
        if not province:
            return []
        language = self.app.language
        districts = load_areas().children(province)
        return [(d.name(language), d.code) for d in sorted(districts, key=lambda a: a.code)]

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id in self.answers:
            self.answers[event.input.id] = event.value

    @on(RadioSet.Changed, "#role")
    def _role(self, event: RadioSet.Changed) -> None:
        self.answers["role"] = "central" if event.pressed.id == "role-central" else "field"

    @on(Select.Changed, "#province")
    def _province(self, event: Select.Changed) -> None:
        province = "" if event.value is Select.NULL else str(event.value)
        if province == self.answers["province"]:
            return
        self.answers["province"] = province
        self.answers["district"] = ""
        self.query_one("#district", Select).set_options(self._district_options(province))

    @on(Select.Changed, "#district")
    def _district(self, event: Select.Changed) -> None:
        self.answers["district"] = "" if event.value is Select.NULL else str(event.value)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        a = self.answers
        try:
            if not a["district"]:
                raise SetupError("Choose the province and the district.")
            validate_setup(a["name"], a["role"], a["district"], a["passphrase"])
            if a["passphrase"] != a["confirm"]:
                raise SetupError("The two passphrases differ.")
            if a["pin"] and len(a["pin"]) < MIN_PIN:
                raise SetupError("The device PIN must have at least 6 characters.")
        except SetupError as exc:
            self._show_error(_(exc.message))
            return
        self._show_error(_("Setting up… (deriving the district key)"))
        self._create()

    def _show_error(self, message: str) -> None:
        self.error = message
        self.query_one("#error", Static).update(message)

    @work(thread=True, exclusive=True)
    def _create(self) -> None:
        """scrypt takes a moment (more on a Pi): derive and write off the interface thread."""
        from sammachip_tui.store.workspace import Workspace

        a = self.answers
        app = self.app
        try:
            if a["pin"]:  # encrypted from the first byte: keys before the device files
                from sammachip_tui.store.encrypt import encrypt

                encrypt(app.data_dir, a["pin"], lock=app.lock)
            ws = Workspace.init(
                app.data_dir,
                name=a["name"],
                role=a["role"],
                district=a["district"],
                passphrase=a["passphrase"],
                lock=app.lock,
            )
        except (SetupError, UserError, OSError) as exc:
            app.call_from_thread(self._show_error, _setup_failure(exc, app.data_dir))
            return
        app.call_from_thread(app.setup_done, ws)


def _setup_failure(exc: Exception, data_dir: Path) -> str:
    """Why the device could not be set up, in the officer's words (never an errno)."""
    from sammachip_tui.store.disk_errors import opening_error

    if isinstance(exc, SetupError):
        return _(exc.message)
    if isinstance(exc, FileExistsError):
        return _("{path} is already set up.").format(path=data_dir)
    if isinstance(exc, UserError):  # a damaged device.json found there
        return exc.message
    if isinstance(exc, OSError):
        return opening_error(exc, data_dir).message
    return str(exc)


# Messages raised by validate_setup (store/device.py), for extraction.
N_("Device name is required.")
N_("Role must be field or central.")
N_("District code must be a 4-digit district code from the area list.")
N_("The district passphrase must have at least 8 characters.")
N_("Choose the province and the district.")
N_("The two passphrases differ.")
N_("The device PIN must have at least 6 characters.")
