import json
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QBoxLayout, QStyle, QStyleOptionButton

from companion import i18n, language
from companion.core.breaks import BreakKind, BreakOffer
from companion.resources import breaks_path
from companion.ui.break_window import NBSP, BreakScreens, countdown_text, keep_together

MICRO = BreakKind("micro", {"ru": "Отдых для глаз", "en": "Eye break"}, 1200, 20, 10)
LONG = BreakKind("long", {"ru": "Большой перерыв", "en": "Long break"}, 5400, 900, 60, long=True)


def offer_for(clock, kind=MICRO, **changes):
    now = clock.now()
    values = dict(kind=kind, suggestion="Look out of the window, far away.", started_at=now,
                  ends_at=now + timedelta(seconds=kind.duration), postpone_until=now + timedelta(seconds=15),
                  postpones_left=2, can_skip=True, can_finish_early=kind.long)
    values.update(changes)
    return BreakOffer(**values)


@pytest.fixture
def make_screens(qapp, clock):
    made = []

    def make(count=1):
        primary = QGuiApplication.primaryScreen()
        screens = [primary] * count
        breaks = BreakScreens(clock, screens=lambda: list(screens))
        breaks.screen_list = screens  # the test edits it to add or remove "screens"
        made.append(breaks)
        return breaks

    yield make
    for breaks in made:
        breaks.close_all()
        breaks.deleteLater()


def test_countdown_text():
    assert countdown_text(20) == "00:20"
    assert countdown_text(19.2) == "00:20"  # rounded up: 00:00 only at the very end
    assert countdown_text(0) == "00:00"
    assert countdown_text(-3) == "00:00"
    assert countdown_text(900) == "15:00"


def test_countdown_follows_the_clock(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock, LONG), "en")
    window = breaks.windows[0]
    assert window.isVisible()
    assert window.countdown.text() == "15:00"
    assert window.name_label.text() == "Long break"
    assert window.suggestion.text() == "Look out of the window, far away."
    assert window.suggestion.wordWrap()
    clock.advance(seconds=75)
    breaks.tick()
    assert window.countdown.text() == "13:45"
    clock.advance(seconds=900)
    breaks.tick()
    assert window.countdown.text() == "00:00"
    assert window.isVisible()  # the engine closes it, not the window itself
    assert breaks.timer.isActive()


def test_kind_name_in_the_chosen_language(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock, suggestion="Посмотрите вдаль."), "ru")
    assert breaks.windows[0].name_label.text() == "Отдых для глаз"
    assert breaks.windows[0].suggestion.text() == "Посмотрите вдаль."


def test_postpone_only_at_the_start(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock), "en", postpone_seconds=600)
    window = breaks.windows[0]
    assert window.postpone_button.text() == "&Postpone (10 min)"
    assert window.postpone_button.isEnabled()
    assert window.reason_label.text() == ""
    clock.advance(seconds=14)
    breaks.tick()
    assert window.postpone_button.isEnabled()
    clock.advance(seconds=1)
    breaks.tick()
    assert not window.postpone_button.isEnabled()
    assert window.reason_label.text() == "Postpone is only possible at the start of a break"


def test_postpone_disabled_when_none_left(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock), "en")
    window = breaks.windows[0]
    assert window.postpone_button.isEnabled()
    breaks.update_offer(offer_for(clock, postpones_left=0))
    assert not window.postpone_button.isEnabled()
    assert window.reason_label.text() == "No postpones left this hour"


def test_postpone_not_offered_at_all(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock, postpone_until=None), "en")
    assert not breaks.windows[0].postpone_button.isEnabled()
    assert breaks.windows[0].reason_label.text() == "Postpone is only possible at the start of a break"


def test_skip_hidden_in_strict_mode(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock), "en")
    window = breaks.windows[0]
    assert window.skip_button.isVisible()
    breaks.update_offer(offer_for(clock, can_skip=False))
    assert not window.skip_button.isVisible()


def test_done_early_only_for_long_breaks(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock, MICRO), "en")
    assert not breaks.windows[0].done_button.isVisible()
    breaks.close_all()
    breaks.show_offer(offer_for(clock, LONG), "en")
    assert breaks.windows[0].done_button.isVisible()


def test_buttons_emit_signals(make_screens, clock, qtbot):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock, LONG), "en")
    window = breaks.windows[0]
    with qtbot.waitSignal(breaks.postpone_requested, timeout=1000):
        qtbot.mouseClick(window.postpone_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(breaks.skip_requested, timeout=1000):
        qtbot.mouseClick(window.skip_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(breaks.finish_requested, timeout=1000):
        qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    assert window.isVisible()  # asking is not closing: the engine decides


def test_escape_and_window_close_do_not_end_the_break(make_screens, clock, qtbot):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock), "en")
    window = breaks.windows[0]
    with qtbot.assertNotEmitted(breaks.skip_requested), qtbot.assertNotEmitted(breaks.closed):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        assert window.close() is False  # Alt+F4 / the window manager
    assert window.isVisible()
    assert len(breaks.windows) == 1


def test_owed_line(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock), "en")
    window = breaks.windows[0]
    assert not window.owed_label.isVisible()
    breaks.update_offer(offer_for(clock, owed="fullscreen"))
    assert window.owed_label.isVisible()
    assert window.owed_label.text() == "Held while you were in fullscreen"
    breaks.update_offer(offer_for(clock, owed="dnd"))
    assert window.owed_label.text() == "Held while you were in Do not disturb"


def test_one_window_per_screen_buttons_on_the_primary(make_screens, clock):
    breaks = make_screens(count=2)
    breaks.show_offer(offer_for(clock, LONG), "en")
    assert len(breaks.windows) == 2
    assert all(w.isVisible() for w in breaks.windows)
    assert [w.controls.isVisible() for w in breaks.windows] == [True, False]
    geometry = QGuiApplication.primaryScreen().geometry()
    assert all(w.geometry() == geometry for w in breaks.windows)
    clock.advance(seconds=30)
    breaks.tick()
    assert [w.countdown.text() for w in breaks.windows] == ["14:30", "14:30"]
    assert breaks.windows[1].suggestion.text() == "Look out of the window, far away."


def test_window_flags(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock), "en")
    flags = breaks.windows[0].windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint


def test_screens_added_and_removed_while_shown(make_screens, clock):
    breaks = make_screens(count=1)
    breaks.show_offer(offer_for(clock), "en")
    first = breaks.windows[0]
    screen = QGuiApplication.primaryScreen()
    breaks.screen_list.append(screen)
    QGuiApplication.instance().screenAdded.emit(screen)
    assert len(breaks.windows) == 2
    assert breaks.windows[0] is first  # kept, not rebuilt
    assert breaks.windows[1].isVisible()
    assert breaks.windows[1].countdown.text() == "00:20"
    assert not breaks.windows[1].controls.isVisible()
    breaks.screen_list.pop()
    breaks._screen_removed(None)  # removal of an unknown screen: the list decides
    assert len(breaks.windows) == 1
    assert breaks.windows[0] is first and first.controls.isVisible()


def test_close_all_closes_every_window_and_stops_the_timer(make_screens, clock, qtbot):
    breaks = make_screens(count=2)
    assert not breaks.timer.isActive()  # no timer while no break is shown
    breaks.show_offer(offer_for(clock), "en")
    windows = list(breaks.windows)
    assert breaks.timer.isActive()
    with qtbot.waitSignal(breaks.closed, timeout=1000):
        breaks.close_all()
    assert not breaks.timer.isActive()
    assert breaks.windows == []
    assert not any(w.isVisible() for w in windows)
    with qtbot.assertNotEmitted(breaks.closed):
        breaks.close_all()  # nothing shown: nothing to report


def test_tab_reaches_the_buttons_and_mnemonics(make_screens, clock):
    breaks = make_screens()
    breaks.show_offer(offer_for(clock, LONG), "en")
    window = breaks.windows[0]
    for button in (window.postpone_button, window.skip_button, window.done_button):
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert "&" in button.text()
        assert not button.isDefault() and not button.autoDefault()
    assert window.postpone_button.nextInFocusChain() is window.skip_button
    assert window.skip_button.nextInFocusChain() is window.done_button


def test_done_early_is_enabled_only_after_the_first_minutes(qtbot, clock):
    from datetime import timedelta

    from companion.core.breaks import BreakKind, BreakOffer
    from companion.ui.break_window import BreakScreens

    kind = BreakKind("long", {"en": "Long break"}, 5400, 600, 60, long=True)
    now = clock.now()
    offer = BreakOffer(kind, "Tea", now, now + timedelta(seconds=600), None, 2, True, True,
                       finish_from=now + timedelta(seconds=120))
    screens = BreakScreens(clock)
    screens.show_offer(offer, "en")
    try:
        screens.tick()
        window = screens.primary_window()
        button = window.done_button
        assert button.isVisible() and not button.isEnabled()
        assert "“Done early” becomes available after the first two minutes" in window.reason_label.text()
        clock.advance(seconds=120)
        screens.tick()
        assert button.isEnabled() and "Done early" not in window.reason_label.text()
    finally:
        screens.close_all()


def test_with_companion_lang_ru_the_break_screen_is_russian(qapp, make_screens, clock, settings, monkeypatch):
    """The shipped kind's name and suggestion in the interface language (data picked by it), every
    word around them through the Russian translation; English settings do not matter."""
    settings.set("interface_language", "en")
    settings.set("reply_language", "en")
    monkeypatch.setenv(language.ENV_VAR, "ru")
    lang = language.of_settings(settings)
    assert i18n.install(qapp, lang) == "ru"
    try:
        shipped = next(k for k in json.loads(breaks_path().read_text(encoding="utf-8"))["kinds"]
                       if k["slug"] == "long")
        kind = BreakKind("long", shipped["name"], shipped["interval_min"] * 60, shipped["duration_s"],
                         shipped["warn_s"], long=True)
        breaks = make_screens()
        breaks.show_offer(offer_for(clock, kind, suggestion=shipped["suggestions"][lang][0], owed="dnd"), lang,
                          postpone_seconds=600)
        window = breaks.windows[0]
        assert window.windowTitle() == "Перерыв — Support Companion"
        assert window.name_label.text() == "Большой перерыв"
        assert window.suggestion.text() == keep_together(shipped["suggestions"]["ru"][0])
        assert window.owed_label.text() == "Ждал, пока был включён режим «Не беспокоить»"
        assert [window.postpone_button.text(), window.skip_button.text(), window.done_button.text()] == [
            "&Отложить (10 мин)", "&Пропустить", "&Закончить раньше"]
        clock.advance(seconds=20)
        breaks.tick()
        assert window.reason_label.text() == "Отложить можно только в начале перерыва"
    finally:
        i18n.uninstall(qapp)


def test_a_number_stays_with_its_unit_and_a_dash_does_not_start_a_line():
    assert keep_together("at least 20 feet (about 6 m) away") == f"at least 20{NBSP}feet (about 6{NBSP}m) away"
    assert keep_together("каждые 20 минут — 20 секунд") == f"каждые 20{NBSP}минут{NBSP}— 20{NBSP}секунд"
    assert keep_together("The 20-20-20 rule, 3 times.") == f"The 20-20-20{NBSP}rule, 3{NBSP}times."
    assert keep_together("Blink slowly.") == "Blink slowly."


def test_the_eye_break_suggestion_keeps_about_6_m_on_one_line(make_screens, clock):
    shipped = next(k for k in json.loads(breaks_path().read_text(encoding="utf-8"))["kinds"] if k["slug"] == "micro")
    [text] = [t for t in shipped["suggestions"]["en"] if "(about 6 m)" in t]
    breaks = make_screens()
    breaks.show_offer(offer_for(clock, suggestion=text), "en")
    assert f"(about 6{NBSP}m)" in breaks.windows[0].suggestion.text()


def _contents_width(button) -> int:
    """The width left for the label inside the style sheet's border and padding."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    return button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button).width()


def _labels_fit(window) -> list[str]:
    """The buttons whose label is wider than the room inside them (none, when all is well)."""
    cut = []
    for button in (window.postpone_button, window.skip_button, window.done_button):
        text = button.text().replace("&", "")
        if button.isVisible() and QFontMetrics(button.font()).horizontalAdvance(text) > _contents_width(button):
            cut.append(text)
    return cut


def _russian_break(qapp, make_screens, clock, monkeypatch, **changes):
    assert QGuiApplication.primaryScreen().geometry().width() == 800  # the offscreen screen: 800×600
    monkeypatch.setenv(language.ENV_VAR, "ru")
    assert i18n.install(qapp, "ru") == "ru"
    breaks = make_screens()
    breaks.show_offer(offer_for(clock, LONG, **changes), "ru", postpone_seconds=600)
    window = breaks.windows[0]
    window.layout().activate()
    window.controls.layout().activate()
    return window


def test_russian_button_labels_fit_at_800_px(qapp, make_screens, clock, monkeypatch):
    try:
        window = _russian_break(qapp, make_screens, clock, monkeypatch)
        assert [window.postpone_button.text(), window.skip_button.text(), window.done_button.text()] == [
            "&Отложить (10 мин)", "&Пропустить", "&Закончить раньше"]
        assert _labels_fit(window) == []
        assert window.button_row.direction() == QBoxLayout.Direction.LeftToRight  # they fit side by side
    finally:
        i18n.uninstall(qapp)


def test_labels_too_long_for_a_row_stand_one_above_the_other_uncut(qapp, make_screens, clock, monkeypatch):
    try:
        window = _russian_break(qapp, make_screens, clock, monkeypatch)
        window.skip_button.setText("&Пропустить этот перерыв целиком")  # as a longer translation would
        window.done_button.setText("&Закончить перерыв раньше времени")
        window.fit_column()
        window.layout().activate()
        window.controls.layout().activate()
        assert window.button_row.direction() == QBoxLayout.Direction.TopToBottom
        assert _labels_fit(window) == []
    finally:
        i18n.uninstall(qapp)
