"""Windows: a value in the per-user Run key, which Explorer reads at every login.

HKCU needs no administrator and leaves other users alone. The command line is quoted the way the C
runtime splits it again (subprocess.list2cmdline), so a profile path with spaces survives.
`winreg` is imported only when the real registry is used; tests bring a `Registry` of their own.
"""

from __future__ import annotations

import subprocess
from typing import Any, Protocol

from companion.platform.autostart.base import AutostartError

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "SupportCompanion"


class Registry(Protocol):
    """The three things done to the Run key; OSError on failure, as winreg raises."""

    def read(self, name: str) -> str | None: ...

    def write(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class WinRegistry:
    """HKEY_CURRENT_USER\\<key> through winreg."""

    def __init__(self, key: str = RUN_KEY):
        self.key = key

    def read(self, name: str) -> str | None:
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self.key) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value)

    def write(self, name: str, value: str) -> None:
        winreg = _winreg()
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, self.key, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self.key, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


def _winreg() -> Any:
    """The module, on Windows only (typed Any: its stubs are empty on the systems mypy runs on)."""
    import winreg

    return winreg


class WindowsAutostart:
    def __init__(self, registry: Registry | None = None):
        self.registry = registry if registry is not None else WinRegistry()

    def enable(self, command: list[str]) -> None:
        try:
            self.registry.write(VALUE_NAME, subprocess.list2cmdline(command))
        except OSError as exc:
            raise AutostartError(f"cannot write {self.describe()}: {exc.strerror or exc}") from exc

    def disable(self) -> None:
        try:
            self.registry.delete(VALUE_NAME)
        except OSError as exc:
            raise AutostartError(f"cannot remove {self.describe()}: {exc.strerror or exc}") from exc

    def enabled(self) -> bool:
        try:
            return bool(self.registry.read(VALUE_NAME))
        except (OSError, ImportError):
            return False

    def describe(self) -> str:
        return f"HKCU\\{RUN_KEY}\\{VALUE_NAME}"
