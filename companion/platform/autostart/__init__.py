"""Starting Support Companion when the agent logs in: one interface, one backend per OS.

- Linux and the BSDs: `XdgAutostart`, a Desktop Entry in $XDG_CONFIG_HOME/autostart;
- Windows: `WindowsAutostart`, the value "SupportCompanion" in HKCU's Run key;
- macOS: `MacAutostart`, a LaunchAgent in ~/Library/LaunchAgents.

The `autostart` setting (core) only stores the wish; the CLI and the Settings dialog apply it
here. A backend raises `AutostartError` (one line) when it cannot switch, and `enabled()` reads
what the OS will really do, which is what `companion doctor` shows. Nothing here runs at start-up
or rewrites an entry on its own. Importing this package loads neither Qt nor winreg.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from companion.platform.autostart.base import Autostart, AutostartError
from companion.platform.autostart.macos import MacAutostart
from companion.platform.autostart.windows import Registry, WindowsAutostart, WinRegistry
from companion.platform.autostart.xdg import XdgAutostart, exec_quote

__all__ = [
    "Autostart", "AutostartError", "FakeAutostart", "MacAutostart", "Registry", "WinRegistry", "WindowsAutostart",
    "XdgAutostart", "apply", "detect", "exec_quote", "start_command", "state",
]


def detect(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> Autostart:
    if platform.startswith(("win", "cygwin")):
        return WindowsAutostart()
    if platform == "darwin":
        return MacAutostart(env)
    return XdgAutostart(env, icon=_icon())


def start_command(frozen: bool | None = None, executable: str = sys.executable,
                  platform: str = sys.platform) -> list[str]:
    """The argv that starts the app as it is installed: a PyInstaller bundle is its own program;
    otherwise this very interpreter (a venv's or pipx's, never resolved out of it) runs the package.
    On Windows pythonw.exe, when it sits beside python.exe, so that no console window opens."""
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    if frozen:
        return [executable]
    if platform.startswith("win"):
        python = Path(executable)
        quiet = python.with_name("pythonw.exe")
        if python.name.lower() == "python.exe" and quiet.exists():
            executable = str(quiet)
    return [executable, "-m", "companion"]


def apply(wish: bool, backend: Autostart | None = None) -> Autostart:
    """Make the OS do what the setting says; the backend used is returned to say where."""
    backend = backend if backend is not None else detect()
    if wish:
        backend.enable(start_command())
    else:
        backend.disable()
    return backend


def state(backend: Autostart | None = None) -> str:
    """"on (<where>)" or "off", as the OS has it: one line for `companion doctor`."""
    backend = backend if backend is not None else detect()
    return f"on ({backend.describe()})" if backend.enabled() else "off"


def _icon() -> str:
    """The shipped icon by its path; a one-file bundle unpacks to a folder that is gone once it
    quits, so there the icon's name (found when `companion install-desktop` put it in the theme)."""
    from companion.resources import icon_path

    if getattr(sys, "frozen", False):
        return "io.github.supportcompanion"
    return str(icon_path("companion.svg"))


class FakeAutostart:
    """For tests: `.command` is the enabled entry (None: off); set `.error` to make switching fail."""

    def __init__(self, command: list[str] | None = None, error: str = "", where: str = "fake autostart"):
        self.command = command
        self.error = error
        self.where = where
        self.calls: list[bool] = []

    def enable(self, command: list[str]) -> None:
        self.calls.append(True)
        if self.error:
            raise AutostartError(self.error)
        self.command = list(command)

    def disable(self) -> None:
        self.calls.append(False)
        if self.error:
            raise AutostartError(self.error)
        self.command = None

    def enabled(self) -> bool:
        return self.command is not None

    def describe(self) -> str:
        return self.where
