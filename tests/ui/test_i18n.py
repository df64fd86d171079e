"""The Russian interface: the shipped .ts is complete and consistent, the .qm loads, and real
widgets built after install(app, "ru") speak Russian. Each test removes the translators again, so
the rest of the suite stays English."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QDialogButtonBox

from companion import i18n
from companion.resources import resources_dir

TS = resources_dir() / "translations" / "companion_ru.ts"
QM = resources_dir() / "translations" / "companion_ru.qm"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?::[^{}]*)?\}")


def messages():
    root = ET.parse(TS).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


@pytest.fixture
def russian(qapp, monkeypatch):
    before = QLocale()
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    assert i18n.install(qapp, "ru") == "ru"
    yield qapp
    i18n.uninstall(qapp)
    assert QCoreApplication.translate("Tray", "Quit") == "Quit"
    assert QLocale() == before


def test_the_qm_exists_and_loads():
    assert QM.is_file() and QM.stat().st_size > 1000
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.translate("Tray", "Quit") == "Выход"


def test_every_message_is_translated():
    found = list(messages())
    assert len(found) > 300
    open_ = [(ctx, m.findtext("source")) for ctx, m in found
             if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
             or not (m.findtext("translation") or "").strip()]
    assert open_ == []


def test_placeholders_and_mnemonics_survive_translation():
    wrong = []
    for ctx, m in messages():
        source, translation = m.findtext("source"), m.findtext("translation")
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
            wrong.append((ctx, source, translation))
        mnemonic = re.compile(r"&(?!&)\S")
        if bool(mnemonic.search(source.replace("&&", ""))) != bool(mnemonic.search(translation.replace("&&", ""))):
            wrong.append((ctx, source, translation))
        if source.endswith("…") != translation.endswith("…"):
            wrong.append((ctx, source, translation))
    assert wrong == []


def test_english_and_unknown_languages_install_nothing(qapp, monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    assert i18n.install(qapp, "en") is None
    assert i18n.install(qapp, "de") is None
    assert QCoreApplication.translate("Tray", "Quit") == "Quit"


def test_the_environment_wins(qapp, monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert i18n.install(qapp, "ru") is None
    monkeypatch.setenv(i18n.ENV_VAR, "ru")
    try:
        assert i18n.install(qapp, "en") == "ru"
        assert QCoreApplication.translate("Tray", "Quit") == "Выход"
    finally:
        i18n.uninstall(qapp)
    assert QCoreApplication.translate("Tray", "Quit") == "Quit"


def test_the_system_locale_picks_the_language(qapp, monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.Russian)))
    try:
        assert i18n.install(qapp) == "ru"
    finally:
        i18n.uninstall(qapp)
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.German)))
    assert i18n.install(qapp) is None


def test_the_tray_menu_is_russian(russian):
    from companion.ui.tray import Tray

    tray = Tray()
    tray.set_state(3, False, "")
    titles = [a.text() for a in tray.menu.actions() if a.text()]
    assert titles[0] == "Пора обновить (3)…"
    assert "Приостановить всё" in titles and "Настройки…" in titles and titles[-1] == "Выход"
    assert "Обновить клиентов сейчас: 3" in tray.icon.toolTip()


def test_the_settings_dialog_and_qt_standard_buttons_are_russian(russian, qtbot, settings):
    from companion.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["Общие", "Ответы", "Перерывы",
                                                                           "Нагрузка"]
    box = dialog.findChild(QDialogButtonBox)
    assert box.button(QDialogButtonBox.StandardButton.Save).text().replace("&", "") == "Сохранить"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Отмена"
    assert dialog.cadence.itemText(0) == "Без регулярных обновлений"


def test_the_ticket_dialog_and_dates_are_russian(russian, qtbot, tickets):
    from datetime import date

    from PySide6.QtCore import QLocale

    from companion.ui.ticket_dialog import TicketDialog, day_label

    dialog = TicketDialog(tickets, default_cadence="1d")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Новый тикет"
    assert [dialog.cadence.itemText(i) for i in range(dialog.cadence.count())] == [
        "Без регулярных обновлений", "Каждые N рабочих часов", "Ежедневно", "Раз в 2 дня", "Еженедельно"]
    assert day_label(date(2026, 11, 27)) == "Пт 27 ноя"
    assert QLocale().language() == QLocale.Language.Russian


def test_the_break_window_fills_in_the_minutes(russian, clock):
    from companion.core.breaks import BreakKind, BreakOffer
    from companion.ui.break_window import BreakScreens
    from PySide6.QtGui import QGuiApplication

    kind = BreakKind("micro", {"ru": "Пауза для глаз", "en": "Eye break"}, 1200, 20, 10)
    now = clock.now()
    offer = BreakOffer(kind=kind, suggestion="Посмотрите вдаль.", started_at=now,
                       ends_at=now + timedelta(seconds=20), postpone_until=now + timedelta(seconds=15),
                       postpones_left=2, can_skip=True, can_finish_early=False)
    screens = BreakScreens(clock, screens=lambda: [QGuiApplication.primaryScreen()])
    try:
        screens.show_offer(offer, "ru", postpone_seconds=600)
        window = screens.windows[0]
        assert window.postpone_button.text() == "&Отложить (10 мин)"
        assert window.skip_button.text() == "&Пропустить"
    finally:
        screens.close_all()
        screens.deleteLater()


def test_formatting_and_table_labels_are_russian(russian):
    from companion.ui import fmt

    assert fmt.duration(timedelta(hours=2, minutes=10)) == "2 ч 10 мин"
    assert fmt.status_label("waiting_client") == "Ждём клиента"
    assert fmt.cadence_label("3h") == "Каждые 3 раб. ч"
    assert QCoreApplication.translate("TicketTable", "Subject") == "Тема"
