import json

import pytest
from PySide6.QtCore import Qt

from companion import i18n, language
from companion.resources import breaks_path
from companion.ui.breathing import CYCLE, BreathingWindow, circle_scale, phase_at

TEXTS = {
    "title": {"ru": "Минута после трудного разговора", "en": "A minute after a tough conversation"},
    "reminders": {"ru": ["Это было не про вас."], "en": ["It was not about you."]},
    "phases": {"inhale": {"ru": "Вдох", "en": "Breathe in"}, "hold": {"ru": "Пауза", "en": "Hold"},
               "exhale": {"ru": "Выдох", "en": "Breathe out"}},
}


@pytest.fixture
def make_window(qtbot, clock):
    def make(texts=TEXTS, lang="en", seconds=60, **kwargs):
        window = BreathingWindow(clock, texts, lang, seconds=seconds, **kwargs)
        qtbot.addWidget(window)
        return window

    return make


@pytest.mark.parametrize("elapsed, name, progress", [
    (0, "inhale", 0.0),
    (2, "inhale", 0.5),
    (4, "hold", 0.0),
    (5, "hold", 0.5),
    (6, "exhale", 0.0),
    (9, "exhale", 0.5),
    (11.4, "exhale", 0.9),
    (12, "inhale", 0.0),
    (26, "inhale", 0.5),
    (59, "exhale", 5 / 6),
    (-1, "inhale", 0.0),
])
def test_phase_at(elapsed, name, progress):
    got_name, got_progress = phase_at(elapsed)
    assert got_name == name
    assert got_progress == pytest.approx(progress)


def test_pattern_fits_a_minute_and_the_circle_breathes():
    assert 60 % CYCLE == 0  # five whole breaths
    assert circle_scale("inhale", 0) == pytest.approx(0)
    assert circle_scale("inhale", 1) == pytest.approx(1)
    assert circle_scale("hold", 0.3) == 1
    assert circle_scale("exhale", 0) == pytest.approx(1)
    assert circle_scale("exhale", 1) == pytest.approx(0)
    assert circle_scale("inhale", 0.25) < circle_scale("inhale", 0.5) < circle_scale("inhale", 0.75)


def test_the_window_follows_the_clock(make_window, clock):
    window = make_window(lang="ru")
    window.show()
    assert window.title_label.text() == "Минута после трудного разговора"
    assert window.reminder_label.text() == "Это было не про вас."
    assert window.phase_label.text() == "Вдох"
    assert window.remaining_label.text() == "1:00 left"
    clock.advance(seconds=2)
    window.tick()
    assert window.circle.scale == pytest.approx(0.5)
    clock.advance(seconds=3)
    window.tick()
    assert window.phase_label.text() == "Пауза"
    assert window.remaining_label.text() == "0:55 left"
    clock.advance(seconds=4)
    window.tick()
    assert window.phase_label.text() == "Выдох"


def test_finished_once_with_completed_after_the_minute(make_window, clock, qtbot):
    window = make_window()
    window.show()
    runs = []
    window.finished.connect(lambda seconds, completed: runs.append((seconds, completed)))
    clock.advance(seconds=59)
    window.tick()
    assert runs == []
    assert window.timer.isActive()
    clock.advance(seconds=2)
    window.tick()
    assert runs == [(60, True)]
    assert not window.timer.isActive()
    assert window.done_button.isVisible() and not window.close_button.isVisible()
    window.tick()
    qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert runs == [(60, True)]  # exactly once


def test_closing_early_reports_the_seconds_run(make_window, clock, qtbot):
    window = make_window()
    window.show()
    clock.advance(seconds=23.6)
    window.tick()
    with qtbot.waitSignal(window.finished, timeout=1000) as blocker:
        qtbot.mouseClick(window.close_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [23, False]
    assert not window.timer.isActive()
    with qtbot.assertNotEmitted(window.finished):
        window.show()
        window.close()


def test_escape_closes_early(make_window, clock, qtbot):
    window = make_window()
    window.show()
    clock.advance(seconds=5)
    with qtbot.waitSignal(window.finished, timeout=1000) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert blocker.args == [5, False]


def test_timer_runs_only_while_visible(make_window, clock):
    window = make_window()
    assert not window.timer.isActive()
    window.show()
    assert window.timer.isActive()
    window.hide()
    assert not window.timer.isActive()
    window.show()
    assert window.timer.isActive()
    window.close()
    assert not window.timer.isActive()


def test_built_in_texts_when_none_are_shipped(make_window):
    window = make_window(texts={})
    window.show()
    assert window.title_label.text() == "A minute to reset"
    assert window.phase_label.text() == "Breathe in"
    assert window.reminder_label.text() in window.reminders()
    assert window.reminder_label.text()


def test_the_caller_can_choose_the_reminder(make_window):
    window = make_window(reminder="Slow down.")
    assert window.reminder_label.text() == "Slow down."


def test_missing_language_falls_back_to_the_other(make_window):
    texts = {"title": {"en": "Reset"}, "reminders": {"en": ["Breathe."]}, "phases": {}}
    window = make_window(texts=texts, lang="ru")
    window.show()
    assert window.title_label.text() == "Reset"
    assert window.reminder_label.text() == "Breathe."
    assert window.phase_label.text() == "Breathe in"


def test_with_companion_lang_ru_the_window_is_russian(qapp, qtbot, clock, settings, monkeypatch):
    """The language of the window and of its shipped texts is the interface's, whatever the
    language of replies: COMPANION_LANG=ru wins over English settings."""
    settings.set("interface_language", "en")
    settings.set("reply_language", "en")
    monkeypatch.setenv(language.ENV_VAR, "ru")
    lang = language.of_settings(settings)
    assert i18n.install(qapp, lang) == "ru"
    try:
        texts = json.loads(breaks_path().read_text(encoding="utf-8"))["tough"]
        window = BreathingWindow(clock, texts, lang)
        qtbot.addWidget(window)
        window.show()
        assert window.windowTitle() == "Минута, чтобы выдохнуть — Support Companion"
        assert window.title_label.text() == "Минута, чтобы выдохнуть"
        assert window.reminder in texts["reminders"]["ru"]
        assert window.phase_label.text() == "Вдох"
        assert window.remaining_label.text() == "Осталось 1:00"
        assert (window.close_button.text(), window.close_button.toolTip()) == ("&Закрыть", "Остановить")
        clock.advance(seconds=60)
        window.tick()
        assert (window.phase_label.text(), window.remaining_label.text()) == (
            "Отлично", "Возвращайтесь к работе, когда будете готовы.")
        assert window.done_button.text() == "&Готово"
    finally:
        i18n.uninstall(qapp)


def test_on_a_dark_window_every_line_reads(qapp, make_window):
    from PySide6.QtGui import QPalette

    from companion.ui import theme

    before = QPalette(qapp.palette())
    qapp.setPalette(theme.dark_palette())
    try:
        window = make_window()
        background = window.palette().color(QPalette.ColorRole.Window)
        for label in (window.title_label, window.phase_label, window.reminder_label):
            assert label.palette().color(QPalette.ColorRole.WindowText).lightness() - background.lightness() > 100
        quiet = window.remaining_label.palette().color(QPalette.ColorRole.WindowText)
        assert 40 < quiet.lightness() - background.lightness() < 150  # quieter, still readable
    finally:
        qapp.setPalette(before)
