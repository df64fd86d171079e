"""Linux and the BSDs: a Desktop Entry in $XDG_CONFIG_HOME/autostart (XDG Autostart), which every
desktop that follows freedesktop.org reads at login.

The file is ours alone and is written whole (store/files.write_private), so a login in the middle
of a write never reads half an entry. A desktop's own switch for it (GNOME's
X-GNOME-Autostart-enabled=false, Hidden=true) is respected by `enabled()`, not overwritten until
the agent switches it on again here.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from pathlib import Path

from companion import APP_ID, APP_NAME
from companion.platform.autostart.base import FileAutostart

FILE_NAME = f"{APP_ID}.desktop"
# The Desktop Entry spec: an argument holding any of these is quoted; inside the quotes these four
# are escaped with a backslash.
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = frozenset('"`$\\')


def config_home(env: Mapping[str, str]) -> Path:
    """$XDG_CONFIG_HOME, or ~/.config when it is unset or relative (the spec says to ignore those)."""
    given = env.get("XDG_CONFIG_HOME", "")
    if given and os.path.isabs(given):
        return Path(given)
    return Path(env.get("HOME") or Path.home()) / ".config"


def exec_quote(argv: list[str]) -> str:
    """The Exec key's value for `argv`: the spec's quoting rules, % doubled (no field codes), and
    then the general escaping of a string value (so a backslash inside quotes is written four times)."""
    parts = []
    for arg in argv:
        if not arg or any(ch in _RESERVED for ch in arg):
            arg = '"' + "".join("\\" + ch if ch in _ESCAPED_IN_QUOTES else ch for ch in arg) + '"'
        parts.append(arg.replace("%", "%%"))
    return escape_value(" ".join(parts))


def escape_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def desktop_entry(argv: list[str], icon: str) -> str:
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        f"Name={APP_NAME}",
        "Comment=Keep your promises to clients on time: ticket updates, ready replies, rest breaks",
        "Comment[ru]=Вовремя отвечайте клиентам: напоминания по тикетам, готовые ответы, перерывы в работе",
        f"Exec={exec_quote(argv)}",
        f"Icon={escape_value(icon)}",
        "Terminal=false",
        "NoDisplay=false",
        "X-GNOME-Autostart-enabled=true",
    ]
    return "\n".join(lines) + "\n"


class XdgAutostart(FileAutostart):
    def __init__(self, env: Mapping[str, str] = os.environ, icon: str = APP_ID):
        self.path = config_home(env) / "autostart" / FILE_NAME
        self.icon = icon

    folder_mode = 0o700

    def entry(self, command: list[str]) -> str:
        return desktop_entry(command, self.icon)

    def enabled(self) -> bool:
        entry = configparser.ConfigParser(interpolation=None, strict=False)
        entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
        try:
            if not entry.read(self.path, encoding="utf-8"):
                return False
            section = entry["Desktop Entry"]
        except (OSError, UnicodeDecodeError, configparser.Error, KeyError):
            return False
        return (section.get("Hidden", "false") != "true"
                and section.get("X-GNOME-Autostart-enabled", "true") != "false")
