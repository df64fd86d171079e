"""The global hotkey as the agent writes it, in Qt's key-sequence notation ("Ctrl+Alt+R"): read,
checked, and compared with the shortcuts that chat windows, browsers and desktops already use.

A hotkey is one key with at least Ctrl, Alt or Meta held (Shift alone would take a capital letter
from every text field). The platform backends turn a `Hotkey` into their own codes; this module
knows nothing of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_HOTKEY = "Ctrl+Alt+R"  # R for reply; no chat, browser or desktop shortcut we know of

MODIFIERS = ("ctrl", "alt", "shift", "meta")  # in the order they are written
_MODIFIER_NAMES = {"ctrl": "ctrl", "control": "ctrl", "alt": "alt", "option": "alt", "shift": "shift",
                   "meta": "meta", "win": "meta", "super": "meta", "cmd": "meta", "command": "meta"}
_SHOWN = {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "meta": "Meta"}
# Named keys, as Qt writes them; letters and digits are themselves.
NAMED_KEYS = ("Space", "Insert", "Home", "End", "PgUp", "PgDown", "Pause", "Print", "ScrollLock",
              *(f"F{n}" for n in range(1, 25)))
_NAMED = {name.casefold(): name for name in NAMED_KEYS} | {"pageup": "PgUp", "pagedown": "PgDown",
                                                           "ins": "Insert"}
_PLAIN = re.compile(r"^[A-Z0-9]$")


class HotkeyError(ValueError):
    """Why a typed hotkey cannot be used. `code` is for the interface to word in its language."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Hotkey:
    modifiers: frozenset[str]  # of MODIFIERS
    key: str  # "R", "7", "F5", "Space", "Insert"…

    def text(self) -> str:
        """Qt's notation, modifiers in Qt's order: "Ctrl+Alt+R"."""
        return "+".join([_SHOWN[m] for m in MODIFIERS if m in self.modifiers] + [self.key])

    def __str__(self) -> str:
        return self.text()


def parse_hotkey(text: str) -> Hotkey | None:
    """The hotkey `text` names, or None for an empty text (no hotkey). Raises HotkeyError."""
    parts = [p.strip() for p in str(text or "").replace(" + ", "+").split("+")]
    if parts == [""]:
        return None
    if "," in text:  # Qt writes a sequence of chords "Ctrl+K, Ctrl+C"; a global hotkey is one
        raise HotkeyError("syntax", f"{text!r}: one key combination only, e.g. {DEFAULT_HOTKEY}")
    if text.strip().endswith("++"):  # "Ctrl++": the plus key, which we do not offer
        raise HotkeyError("key", f"{text!r}: use a letter, a digit, F1–F24, Space or Insert as the key")
    if any(not p for p in parts):
        raise HotkeyError("syntax", f"{text!r} is not a key combination; write it like {DEFAULT_HOTKEY}")
    *mods, key = parts
    modifiers = set()
    for mod in mods:
        name = _MODIFIER_NAMES.get(mod.casefold())
        if name is None:
            raise HotkeyError("syntax", f"{mod!r} is not Ctrl, Alt, Shift or Meta (in {text!r})")
        modifiers.add(name)
    if key.casefold() in _MODIFIER_NAMES:
        raise HotkeyError("key", f"{text!r} has no key besides the modifiers; add one, e.g. {DEFAULT_HOTKEY}")
    canonical = key.upper() if _PLAIN.match(key.upper()) else _NAMED.get(key.casefold())
    if canonical is None:
        raise HotkeyError("key", f"{key!r}: use a letter, a digit, F1–F24, Space or Insert as the key")
    if not modifiers & {"ctrl", "alt", "meta"} and not canonical.startswith("F"):
        raise HotkeyError("modifier", f"{text!r} would be typed into every text field; "
                                      "hold Ctrl, Alt or Meta with it")
    return Hotkey(frozenset(modifiers), canonical)


# Shortcuts an agent's other windows already use: a hotkey on one of these would take it from them.
KNOWN_CLASHES = {
    "Ctrl+C": "copy", "Ctrl+V": "paste", "Ctrl+X": "cut", "Ctrl+Z": "undo", "Ctrl+A": "select all",
    "Ctrl+F": "find", "Ctrl+K": "search in Slack, Discord and browsers", "Ctrl+T": "a new browser tab",
    "Ctrl+W": "closes the browser tab", "Ctrl+R": "reloads the page", "Ctrl+N": "a new window",
    "Ctrl+L": "the browser's address bar", "Ctrl+S": "save", "Ctrl+P": "print", "Ctrl+E": "search",
    "Ctrl+Shift+T": "reopens a closed browser tab", "Ctrl+Shift+N": "a private browser window",
    "Ctrl+Shift+V": "paste as plain text", "Ctrl+Shift+R": "a hard reload", "Ctrl+Shift+Esc": "Task Manager",
    "Ctrl+Alt+Delete": "the system", "Ctrl+Alt+T": "opens a terminal (Ubuntu)",
    "Ctrl+Alt+L": "locks the screen (Ubuntu, KDE)", "Ctrl+Alt+D": "shows the desktop",
    "Ctrl+Alt+Tab": "switches windows", "Alt+Tab": "switches windows", "Alt+F4": "closes the window",
    "Alt+Space": "the window menu", "Meta+L": "locks the screen", "Meta+D": "shows the desktop",
    "Meta+E": "opens the file manager", "Meta+V": "the clipboard history (Windows)",
    "Meta+Space": "switches the keyboard layout", "Ctrl+Space": "switches the input method",
    "F1": "help", "F5": "reloads the page",
    "F11": "full screen", "F12": "the browser's developer tools",
}


def clash(hotkey: Hotkey) -> str | None:
    """What the hotkey is already used for elsewhere, if it is a well-known shortcut."""
    return KNOWN_CLASHES.get(hotkey.text())
