"""The whole app in Russian, as COMPANION_LANG=ru gives it: the tray tooltip, a break window with
its suggestion, the breathing window and the settings' reply list say nothing in English. Each
window is saved to test-artifacts/ru-*.png for a person to read (the e2e test adds the real
desktop's break window and dunst's notices)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from companion.core.tickets import TicketInput

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Latin words a Russian agent may legitimately see: the product's name and ticket keys.
ALLOWED = {"Support", "Companion", "SUP"}


def english_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED]


def save(widget, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(ARTIFACTS / name))


@pytest.fixture
def russian_app(make_app, qapp, monkeypatch):
    from companion import i18n

    monkeypatch.setenv("COMPANION_LANG", "ru")
    i18n.install(qapp, "ru")  # what `companion` does before building any widget
    app = make_app(start=False, use_tray=True)
    app.runtime.start()  # the tray icon is built but not shown: the offscreen platform has no tray
    yield app
    i18n.uninstall(qapp)


def test_the_tray_tooltip_is_russian(russian_app):
    app = russian_app
    app.tickets.create(TicketInput("SUP-1", client="ООО «Ромашка»", subject="Не приходят письма", cadence="2h"))
    app.runtime.on_local_change()
    tooltip = app.shell.tray.icon.toolTip()
    assert "Сегодня: обновлений" in tooltip and "Следующий перерыв: Пауза для глаз" in tooltip
    assert english_words(tooltip) == []


def test_a_break_window_and_its_suggestion_are_russian(russian_app, qtbot):
    app = russian_app
    app.runtime.take_break()
    screens = app.shell.break_screens
    assert screens is not None and screens.windows
    window = screens.windows[0]
    qtbot.waitUntil(window.isVisible)
    assert window.windowTitle() == "Перерыв — Support Companion"
    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [label.text() for label in window.findChildren(QLabel) if label.text()]
    texts += [button.text().replace("&", "") for button in window.findChildren(QAbstractButton)]
    assert texts and all(english_words(t) == [] for t in texts), texts
    assert any(re.search(r"[а-яё]{4,}", t) for t in texts)  # the suggestion itself
    save(window, "ru-break-window.png")
    app.runtime.skip_break()


def test_the_breathing_window_is_russian(russian_app, qtbot):
    app = russian_app
    app.shell.tough_conversation()
    window = app.shell.breathing
    assert window is not None
    qtbot.waitUntil(window.isVisible)
    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [window.windowTitle()] + [label.text() for label in window.findChildren(QLabel) if label.text()]
    texts += [button.text().replace("&", "") for button in window.findChildren(QAbstractButton)]
    assert all(english_words(t) == [] for t in texts), texts
    save(window, "ru-breathing.png")


def test_the_settings_reply_list_is_russian(russian_app, qtbot):
    from companion.ui.settings_dialog import SettingsDialog

    app = russian_app
    app.settings.set("reply_language", "en")  # replies go out in English; the agent still reads Russian
    dialog = SettingsDialog(app.settings, replies=app.shell.replies.replies(), breaks=app.runtime.break_library)
    qtbot.addWidget(dialog)
    names = [dialog.update_reply.itemText(i) for i in range(dialog.update_reply.count())]
    assert len(names) > 10 and all(english_words(n) == [] for n in names), names
    dialog.tabs.setCurrentIndex(1)  # Ответы
    dialog.show()
    save(dialog, "ru-settings-replies.png")
