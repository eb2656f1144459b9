"""The baseline for start-up: a bare Textual app with one label."""

from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("READY 52120505")


if __name__ == "__main__":
    Bare().run()
