"""What an autostart backend is (one module per OS beside this), and its one error."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from companion.store.files import write_private


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


class FileAutostart:
    """An entry that is one file of ours (XDG autostart, a LaunchAgent): written privately and
    whole, removed when switched off. Subclasses set `path` and say what the file holds."""

    path: Path
    folder_mode = 0o777  # the umask still applies; XDG asks for 0700

    def entry(self, command: list[str]) -> bytes | str:
        raise NotImplementedError

    def enable(self, command: list[str]) -> None:
        try:
            self.path.parent.mkdir(mode=self.folder_mode, parents=True, exist_ok=True)
            write_private(self.path, self.entry(command))
        except OSError as exc:
            raise AutostartError(f"cannot write {self.path}: {exc.strerror or exc}") from exc

    def disable(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(f"cannot remove {self.path}: {exc.strerror or exc}") from exc

    def describe(self) -> str:
        return str(self.path)
