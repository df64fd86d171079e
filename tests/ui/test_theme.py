"""Light and dark: the windows follow the system's scheme, icons are drawn in the text colour, and
the colours that carry meaning stay readable on either background."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from companion.ui import theme


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 … 21)."""
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def scheme(qapp, monkeypatch):
    def use(name: str) -> None:
        monkeypatch.setenv("COMPANION_COLOR_SCHEME", name)
        theme.apply(qapp)
    yield use
    monkeypatch.setenv("COMPANION_COLOR_SCHEME", "light")
    theme.apply(qapp)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_meaningful_colours_read_on_either_background(scheme, qapp, name):
    scheme(name)
    assert theme.is_dark() == (name == "dark")
    base = qapp.palette().color(QPalette.ColorRole.Base)
    for colour in (theme.late(), theme.soon(), theme.done(), theme.muted()):
        assert contrast(colour, base) >= 4.5, (name, colour.name(), base.name())


def test_icons_are_drawn_in_the_text_colour_of_the_scheme(scheme, qapp):
    scheme("dark")
    image = theme.symbol("new").pixmap(32).toImage()
    inked = [image.pixelColor(x, y) for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha() > 200]
    assert inked and min(c.lightness() for c in inked) > 160  # light strokes on a dark window
    scheme("light")
    image = theme.symbol("new").pixmap(32).toImage()
    inked = [image.pixelColor(x, y) for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha() > 200]
    assert inked and max(c.lightness() for c in inked) < 100


def test_a_scheme_change_while_running_is_announced(scheme, qapp, qtbot):
    scheme("light")
    with qtbot.waitSignal(theme.notifier().changed, timeout=1000):
        theme._follow(qapp)  # what the system's colorSchemeChanged triggers


def test_dialog_buttons_carry_no_stock_icons(qapp):
    from PySide6.QtWidgets import QStyle

    theme.apply(qapp)
    assert qapp.style().styleHint(QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons) == 0


def test_every_symbol_is_in_the_shipped_icon_font_with_its_licence():
    import json

    from companion.resources import icon_path

    glyphs = json.loads(icon_path("phosphor-subset.json").read_text(encoding="utf-8"))["glyphs"]
    missing = sorted(name for name in theme.SYMBOLS.values() if name.removeprefix("ph.") not in glyphs)
    assert not missing, f"run scripts/subset-icons.py: {missing}"
    assert "MIT License" in icon_path("PHOSPHOR-LICENSE.txt").read_text(encoding="utf-8")
    for name in theme.SYMBOLS:
        assert not theme.symbol(name).pixmap(24).toImage().isNull()
