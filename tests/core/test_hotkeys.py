"""The reply hotkey as typed in Settings or `companion settings set palette_hotkey …`."""

from __future__ import annotations

import pytest

from companion.core.hotkeys import DEFAULT_HOTKEY, Hotkey, HotkeyError, clash, parse_hotkey


@pytest.mark.parametrize("typed,shown", [
    ("Ctrl+Alt+R", "Ctrl+Alt+R"),
    ("alt+ctrl+r", "Ctrl+Alt+R"),  # any order and case, written back in Qt's order
    ("Ctrl + Shift + Space", "Ctrl+Shift+Space"),
    ("Meta+F2", "Meta+F2"),
    ("Win+7", "Meta+7"),
    ("Cmd+Option+R", "Alt+Meta+R"),
    ("F9", "F9"),  # a function key alone types nothing
    ("Ctrl+Alt+PgDown", "Ctrl+Alt+PgDown"),
    ("Ctrl+Alt+pageup", "Ctrl+Alt+PgUp"),
])
def test_hotkeys_read_and_written_in_qt_notation(typed, shown):
    assert parse_hotkey(typed).text() == shown


def test_empty_means_no_hotkey_and_the_default_is_valid():
    assert parse_hotkey("") is None and parse_hotkey("  ") is None
    assert parse_hotkey(DEFAULT_HOTKEY) == Hotkey(frozenset({"ctrl", "alt"}), "R")
    assert clash(parse_hotkey(DEFAULT_HOTKEY)) is None


@pytest.mark.parametrize("typed,code", [
    ("R", "modifier"), ("Shift+R", "modifier"),  # would take a letter from every text field
    ("Ctrl+Alt", "key"), ("Ctrl+Alt+Ы", "key"), ("Ctrl+Alt+Enter", "key"), ("Ctrl++", "key"),
    ("Hyper+R", "syntax"), ("Ctrl+", "syntax"), ("Ctrl+Alt+R, Ctrl+K", "syntax"),
])
def test_what_cannot_be_a_hotkey_says_why(typed, code):
    with pytest.raises(HotkeyError) as caught:
        parse_hotkey(typed)
    assert caught.value.code == code and str(caught.value)


@pytest.mark.parametrize("typed,used_for", [
    ("Ctrl+K", "Slack"), ("Ctrl+Shift+T", "browser tab"), ("Ctrl+Alt+T", "terminal"), ("Meta+L", "locks"),
])
def test_well_known_shortcuts_are_reported(typed, used_for):
    assert used_for in clash(parse_hotkey(typed))
