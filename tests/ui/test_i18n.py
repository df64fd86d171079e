"""The Russian interface: the shipped .ts is complete and consistent, the .qm is compiled from it,
and real widgets built after install(app, "ru") speak Russian; English gets its plural forms from
companion_en.qm. Each test removes the translators again, so the rest of the suite stays English."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QDialogButtonBox

from companion import i18n, language
from companion.resources import resources_dir

TRANSLATIONS = resources_dir() / "translations"
TS = TRANSLATIONS / "companion_ru.ts"
QM = TRANSLATIONS / "companion_ru.qm"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?::[^{}]*)?\}")
# The plural forms a language's .ts must give, and a number that picks each (Qt's rules).
FORMS = {"ru": (1, 2, 5), "en": (1, 2)}


def messages(ts=TS):
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


def texts(message) -> list[str]:
    """The translation, or each of its plural forms."""
    translation = message.find("translation")
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.findall("numerusform")]
    return [translation.text or ""]


@pytest.fixture
def russian(qapp, monkeypatch):
    before = QLocale()
    monkeypatch.delenv(language.ENV_VAR, raising=False)
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


@pytest.mark.parametrize("lang", sorted(FORMS))
def test_every_message_is_translated_with_every_plural_form(lang):
    """No English can ship in the Russian build: nothing unfinished, empty, or short of a plural form
    ("2 раза", "5 раз" need forms of their own). companion_en.ts holds only the plural messages."""
    found = list(messages(TRANSLATIONS / f"companion_{lang}.ts"))
    assert len(found) > (300 if lang == "ru" else 5)
    open_ = [(ctx, m.findtext("source")) for ctx, m in found
             if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
             or not all(text.strip() for text in texts(m))
             or len(texts(m)) != (len(FORMS[lang]) if m.get("numerus") == "yes" else 1)]
    assert open_ == []


@pytest.mark.parametrize("lang", sorted(FORMS))
def test_the_shipped_qm_is_compiled_from_the_ts(lang):
    """The .qm answers every message of the .ts with its translation (each plural form for its
    number): a .ts edited without running scripts/update-translations.sh fails here."""
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / f"companion_{lang}.qm"))
    stale = []
    for ctx, m in messages(TRANSLATIONS / f"companion_{lang}.ts"):
        source = m.findtext("source")
        numbers = FORMS[lang] if m.get("numerus") == "yes" else (-1,)
        for n, expected in zip(numbers, texts(m), strict=True):
            # lrelease -removeidentical leaves out a translation equal to its source
            got = translator.translate(ctx, source, None, n) or source
            if got != expected:
                stale.append((ctx, source, n, got, expected))
    assert stale == []


def test_placeholders_and_mnemonics_survive_translation():
    wrong = []
    mnemonic = re.compile(r"&(?!&)\S")
    for ctx, m in messages():
        source = m.findtext("source")
        for translation in texts(m):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                wrong.append((ctx, source, translation))
            if bool(mnemonic.search(source.replace("&&", ""))) != bool(mnemonic.search(translation.replace("&&", ""))):
                wrong.append((ctx, source, translation))
            if source.endswith("…") != translation.endswith("…"):
                wrong.append((ctx, source, translation))
            if "%n" in source and "%n" not in translation:
                wrong.append((ctx, source, translation))
    assert wrong == []


def test_english_and_unknown_languages_keep_the_source_texts_with_english_plurals(qapp, monkeypatch):
    monkeypatch.setenv(language.ENV_VAR, "ru")  # install() takes the language it is given, not its own
    try:
        for asked in ("en", "de"):
            assert i18n.install(qapp, asked) == "en"
            assert QCoreApplication.translate("Tray", "Quit") == "Quit"
            assert QCoreApplication.translate("WellbeingWindow", "%n day(s)", None, 1) == "1 day"
            assert QCoreApplication.translate("WellbeingWindow", "%n day(s)", None, 7) == "7 days"
            assert QLocale().language() == QLocale.Language.English
    finally:
        i18n.uninstall(qapp)
    assert QCoreApplication.translate("WellbeingWindow", "%n day(s)", None, 7) == "7 day(s)"


def test_the_language_the_callers_pass_comes_from_companion_language(qapp, monkeypatch, settings):
    """COMPANION_LANG wins over the interface_language setting, which wins over the system."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", language.ENV_VAR):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    try:
        assert i18n.install(qapp) == "ru"  # before the settings can be read: the system's
        assert i18n.install(qapp, language.of_settings(settings)) == "ru"
        settings.set("interface_language", "en")
        assert i18n.install(qapp, language.of_settings(settings)) == "en"
        assert QCoreApplication.translate("Tray", "Quit") == "Quit"
        monkeypatch.setenv(language.ENV_VAR, "ru")
        assert i18n.install(qapp, language.of_settings(settings)) == "ru"
        assert QCoreApplication.translate("Tray", "Quit") == "Выход"
    finally:
        i18n.uninstall(qapp)
    assert QCoreApplication.translate("Tray", "Quit") == "Quit"


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
                                                                           "Нагрузка", "Команда"]
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
    assert day_label(date(2026, 11, 27)) == "Пт 27 нояб."
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
    from companion.runtime import fmt

    assert fmt.duration(timedelta(hours=2, minutes=10)) == "2 ч 10 мин"
    assert fmt.status_label("waiting_client") == "Ждём клиента"
    assert fmt.cadence_label("3h") == "Каждые 3 раб. ч"
    assert fmt.cadence_label("21h") == "Каждый 21 раб. ч"
    assert QCoreApplication.translate("TicketTable", "Subject") == "Тема"


def test_replies_are_copied_in_the_interface_language_unless_one_is_chosen(qapp, monkeypatch, settings, tickets,
                                                                           clock):
    from companion.ui.reply_actions import ReplyActions

    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", language.ENV_VAR):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    actions = ReplyActions(None, tickets, settings, clock, None)
    assert actions.language() == "en"
    settings.set("interface_language", "ru")  # the same decision as the interface's, settings included
    assert actions.language() == "ru"
    monkeypatch.setenv(language.ENV_VAR, "en")
    assert actions.language() == "en"
    settings.set("reply_language", "ru")
    assert actions.language() == "ru"
