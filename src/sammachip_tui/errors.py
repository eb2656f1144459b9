"""The one kind of error a user sees as it is: its ``message`` is already in their language.

Layers raise their own subclasses (a field that cannot be read, a damaged frame, a refused
bundle); screens show ``message``, the command line prints it to stderr with ``code``.
"""

from __future__ import annotations


class UserError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CliError(UserError):
    """A command that cannot go on: the message for stderr and the exit status."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
