"""What an autostart backend is (one module per OS beside this), and its one error."""

from __future__ import annotations

from typing import Protocol


class AutostartError(Exception):
    """Starting at login could not be switched: one line saying what and where, for the agent."""


class Autostart(Protocol):
    def enable(self, command: list[str]) -> None:
        """Start `command` at every login from now on (replacing an older entry of ours)."""

    def disable(self) -> None:
        """No longer start at login; nothing to remove is no error."""

    def enabled(self) -> bool:
        """Whether the OS will start us at the next login; False when it cannot be told."""

    def describe(self) -> str:
        """Where the entry lives (a file or a registry value), for `companion doctor`."""
