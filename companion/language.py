"""Which language the agent reads: one decision for the app, its notices and the CLI.

The interface language is `COMPANION_LANG` when set (tests, screenshots, a one-off run), else the
`interface_language` setting when it names one, else the system's. Replies are written in the
`reply_language` setting, or in the interface language when that says "auto".

Qt-free on purpose: the CLI answers in the same language without loading Qt.
"""

from __future__ import annotations

import locale
import os
import sys
from collections.abc import Mapping
from typing import Protocol

SUPPORTED = ("ru", "en")
ENV_VAR = "COMPANION_LANG"


class SettingsReader(Protocol):
    """What `of_settings` needs of a `core.settings.Settings`: reading one value by key."""

    def get(self, key: str, /) -> object: ...


def normalise(value: object) -> str | None:
    """"ru_RU.UTF-8", "ru-RU", "RU" → "ru"; anything we do not speak → None."""
    if not isinstance(value, str):
        return None
    code = value.strip().replace("-", "_").split("_")[0].split(".")[0].split(":")[0].casefold()
    return code if code in SUPPORTED else None


def system_language(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> str:
    """"ru" on a Russian system, otherwise "en". POSIX reads the locale variables in the order the
    C library honours them; Windows asks for the user's display language."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name)
        if value:
            return normalise(value) or "en"
    if platform == "win32":
        try:
            import ctypes

            lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
            return "ru" if lang_id & 0x3FF == 0x19 else "en"  # LANG_RUSSIAN
        except (AttributeError, OSError):
            pass
    return normalise(locale.getlocale()[0] or "") or "en"


def interface_language(setting: object = None, env: Mapping[str, str] = os.environ,
                       platform: str = sys.platform) -> str:
    """The language of every window, notice and CLI message."""
    return normalise(env.get(ENV_VAR)) or normalise(setting) or system_language(env, platform)


def reply_language(setting: object, interface: str) -> str:
    """The language replies are copied in: the setting, or the interface's on "auto"."""
    return setting if setting in SUPPORTED else interface


def of_settings(settings: SettingsReader) -> str:
    """The interface language for a `core.settings.Settings`."""
    return interface_language(settings.get("interface_language"))
