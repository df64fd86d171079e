import copy

import pytest
from PySide6.QtWidgets import QDialog

from companion import i18n, language
from companion.core.break_library import BreakLibrary, KindError, KindInput
from companion.core.reply_library import Reply, Variant
from companion.core.tickets import TicketInput
from companion.store.models import Setting
from companion.ui.settings_dialog import SettingsDialog


def test_schedule_edit_is_validated_and_saved(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.day_checks[5].setChecked(True)
    dialog.day_ranges[5].setText("10:00-14:00")
    dialog.day_ranges[0].setText("09:00-13:00,14:00-18:00")
    dialog.agent.setText("Анна")
    dialog.save()
    assert settings.get("schedule") == "mon 09:00-13:00,14:00-18:00; tue-fri 09:00-18:00; sat 10:00-14:00"
    assert settings.get("agent_name") == "Анна"


def test_bad_values_are_named_and_nothing_is_saved(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.agent.setText("Анна")
    dialog.day_ranges[1].setText("25:00-18:00")
    dialog.save()
    assert "not a time of day" in dialog.error.text().lower()
    dialog.day_ranges[1].setText("09:00-18:00")
    dialog.timezone.setCurrentText("Mars/Olympus")
    dialog.save()
    assert "unknown time zone" in dialog.error.text().lower()
    assert settings.get("agent_name") == ""  # all or nothing


def test_changing_the_schedule_moves_due_times(make_app):
    app = make_app()
    ticket = app.tickets.create(TicketInput("SUP-1", cadence="9h"))  # Mon 10:00 Moscow
    assert ticket.next_update_due.astimezone(app.tickets.schedule.tz).strftime("%a %H:%M") == "Tue 10:00"
    app.settings.set("schedule", "mon-fri 08:00-20:00")
    app.runtime.apply_settings()
    due = app.tickets.get("SUP-1").next_update_due.astimezone(app.tickets.schedule.tz)
    assert due.strftime("%a %H:%M") == "Mon 19:00"


# -- breaks, shift, workload ---------------------------------------------------------------------
KINDS = {
    "version": 1,
    "kinds": [
        {"slug": "micro", "name": {"ru": "Пауза для глаз", "en": "Eye break"}, "interval_min": 20,
         "duration_s": 20, "warn_s": 10, "long": False,
         "suggestions": {"ru": ["Посмотрите вдаль."], "en": ["Look into the distance.", "Blink slowly."]}},
        {"slug": "long", "name": {"ru": "Большой перерыв", "en": "Long break"}, "interval_min": 90,
         "duration_s": 600, "warn_s": 60, "long": True,
         "suggestions": {"ru": ["Откройте окно."], "en": ["Open a window."]}},
    ],
}


@pytest.fixture
def breaks(database):
    library = BreakLibrary()
    library.seed(copy.deepcopy(KINDS))
    return library


def open_dialog(qtbot, settings, breaks=None) -> SettingsDialog:
    dialog = SettingsDialog(settings, breaks=breaks)
    qtbot.addWidget(dialog)
    return dialog


def stored(settings):
    return Setting.select().count(), [(r.key, r.value) for r in Setting.select().order_by(Setting.key)]


def test_the_rest_shift_and_workload_fields_round_trip(qtbot, settings, breaks):
    dialog = open_dialog(qtbot, settings, breaks)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["General", "Replies", "Breaks",
                                                                           "Workload", "Team"]
    assert dialog.breaks_enabled.isChecked() and not dialog.do_not_disturb.isChecked()
    dialog.breaks_enabled.setChecked(False)
    dialog.do_not_disturb.setChecked(True)
    dialog.break_strict.setChecked(True)
    dialog.postpone_minutes.setValue(10)
    dialog.postpone_limit.setValue(0)
    dialog.postpone_window.setValue(30)
    dialog.shift_nudge.setValue(20)
    dialog.tough_after_difficult.setChecked(True)
    dialog.tough_seconds.setValue(90)
    dialog.capacity_tickets.setValue(30)
    dialog.capacity_updates.setValue(12)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    expected = {"breaks_enabled": False, "do_not_disturb": True, "break_strict": True, "break_postpone_minutes": 10,
                "break_postpone_limit": 0, "break_postpone_window": 30, "shift_end_nudge_minutes": 20,
                "tough_after_difficult": True, "tough_seconds": 90, "capacity_tickets": 30, "capacity_updates": 12}
    assert {key: settings.get(key) for key in expected} == expected
    again = open_dialog(qtbot, settings, breaks)
    shown = (again.breaks_enabled.isChecked(), again.do_not_disturb.isChecked(), again.break_strict.isChecked(),
             again.postpone_minutes.value(), again.postpone_limit.value(), again.postpone_window.value(),
             again.shift_nudge.value(), again.tough_after_difficult.isChecked(), again.tough_seconds.value(),
             again.capacity_tickets.value(), again.capacity_updates.value())
    assert shown == tuple(expected.values())
    assert [k.slug for k in breaks.kinds()] == ["micro", "long"]  # kinds untouched


def test_without_a_library_there_is_no_kinds_editor_but_the_rules_are_there(qtbot, settings):
    dialog = open_dialog(qtbot, settings)
    assert dialog.kind_list is None
    dialog.postpone_minutes.setValue(7)
    dialog.capacity_tickets.setValue(40)
    dialog.save()
    assert settings.get("break_postpone_minutes") == 7 and settings.get("capacity_tickets") == 40


def test_the_kinds_are_listed_with_their_timing(qtbot, settings, breaks):
    breaks.set_enabled("long", False)
    dialog = open_dialog(qtbot, settings, breaks)
    texts = [dialog.kind_list.item(i).text() for i in range(dialog.kind_list.count())]
    assert texts == ["Eye break\nevery 20 min, 20 s", "Long break\nevery 90 min, 10 min · off"]
    assert dialog.kind_names["ru"].text() == "Пауза для глаз"
    assert dialog.kind_suggestions["en"].toPlainText() == "Look into the distance.\nBlink slowly."
    assert dialog.suggestion_tabs.tabText(1) == "English (2)"
    dialog.select_kind("long")
    assert dialog.kind_long.isChecked() and not dialog.kind_enabled.isChecked()
    assert dialog.kind_duration.value() == 600 and dialog.kind_duration_minutes.text() == "= 10 min"


def test_editing_kinds_is_kept_across_selection_and_saved_on_ok(qtbot, settings, breaks):
    dialog = open_dialog(qtbot, settings, breaks)
    dialog.select_kind("micro")
    dialog.kind_interval.setValue(25)
    dialog.kind_suggestions["en"].setPlainText("Look out of the window.\n\nBlink slowly.\nBlink slowly.")
    assert dialog.kind_list.item(0).text() == "Eye break\nevery 25 min, 20 s"  # the list follows the edit
    dialog.select_kind("long")
    dialog.kind_warn.setValue(120)
    dialog.kind_enabled.setChecked(False)
    dialog.select_kind("micro")  # unsaved edits are still there
    assert dialog.kind_interval.value() == 25
    assert dialog.kind_suggestions["en"].toPlainText().startswith("Look out of the window.")
    assert breaks.get("micro").interval == 20 * 60  # nothing written before OK
    dialog.save()
    micro, long_ = breaks.get("micro"), breaks.get("long")
    assert micro.interval == 25 * 60
    assert micro.suggestions == {"ru": ("Посмотрите вдаль.",), "en": ("Look out of the window.", "Blink slowly.")}
    assert long_.warn == 120 and not long_.enabled


def test_cancel_writes_no_kind_edits(qtbot, settings, breaks):
    signature = breaks.signature()
    dialog = open_dialog(qtbot, settings, breaks)
    dialog.kind_interval.setValue(30)
    dialog.add_kind()
    dialog.reject()
    assert breaks.signature() == signature


def test_adding_a_hydration_kind(qtbot, settings, breaks):
    dialog = open_dialog(qtbot, settings, breaks)
    dialog.add_kind()
    assert dialog.kind_list.currentRow() == 2 and dialog.delete_kind_button.isEnabled()
    dialog.kind_names["en"].setText("Hydration")
    dialog.kind_names["ru"].setText("Вода")
    dialog.kind_interval.setValue(45)
    dialog.kind_duration.setValue(30)
    dialog.kind_warn.setValue(0)
    dialog.kind_suggestions["en"].setPlainText("Drink a glass of water.\nRefill your bottle.")
    dialog.kind_suggestions["ru"].setPlainText("Выпейте стакан воды.")
    assert dialog.kind_list.item(2).text() == "Hydration\nevery 45 min, 30 s"
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [k.slug for k in breaks.kinds()] == ["micro", "long", "hydration"]
    hydration = breaks.get("hydration")
    assert (hydration.interval, hydration.duration, hydration.warn, hydration.long) == (45 * 60, 30, 0, False)
    assert hydration.suggestions == {"ru": ("Выпейте стакан воды.",),
                                     "en": ("Drink a glass of water.", "Refill your bottle.")}
    assert not breaks.is_builtin("hydration")


def test_delete_is_disabled_for_the_shipped_kinds_and_works_for_added_ones(qtbot, settings, breaks):
    breaks.save(KindInput({"en": "Hydration"}, 45, 30, 0, suggestions={"en": ["Drink water."]}))
    dialog = open_dialog(qtbot, settings, breaks)
    for slug in ("micro", "long"):
        dialog.select_kind(slug)
        assert not dialog.delete_kind_button.isEnabled()
        assert "switched off, not deleted" in dialog.delete_kind_button.toolTip()
        dialog.delete_kind()  # refused even when called directly
    assert dialog.kind_list.count() == 3
    dialog.select_kind("hydration")
    assert dialog.delete_kind_button.isEnabled()
    dialog.delete_kind_button.click()
    assert dialog.kind_list.count() == 2
    assert [k.slug for k in breaks.kinds()] == ["micro", "long", "hydration"]  # until OK
    dialog.save()
    assert [k.slug for k in breaks.kinds()] == ["micro", "long"]


def test_a_bad_kind_is_named_and_nothing_is_written(qtbot, settings, breaks):
    before, signature = stored(settings), breaks.signature()
    dialog = open_dialog(qtbot, settings, breaks)
    dialog.capacity_tickets.setValue(99)  # a good change elsewhere is not written either
    dialog.select_kind("micro")
    dialog.kind_interval.setValue(5)
    dialog.kind_warn.setValue(400)  # a warning longer than the time between breaks
    dialog.select_kind("long")
    dialog.tabs.setCurrentIndex(3)
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == ("Break “Eye break”: warn: the warning (400 s) must be shorter than the interval "
                                   "between breaks (5 min)")
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.tabs.currentIndex() == 2 and dialog.kind_list.currentRow() == 0  # shows where
    assert stored(settings) == before and breaks.signature() == signature

    dialog.kind_warn.setValue(10)
    dialog.add_kind()
    dialog.kind_names["en"].setText("Hydration")
    dialog.save()  # a new kind without suggestions
    assert "Break “Hydration”: suggestions: write at least one suggestion" in dialog.error.text()
    assert dialog.kind_list.currentRow() == 2
    assert stored(settings) == before and breaks.signature() == signature

    dialog.kind_suggestions["en"].setPlainText("Drink a glass of water.")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get("capacity_tickets") == 99
    assert breaks.get("micro").interval == 5 * 60 and breaks.get("hydration").suggestions


def test_a_failing_write_rolls_everything_back(qtbot, settings, breaks, monkeypatch):
    before, signature = stored(settings), breaks.signature()
    dialog = open_dialog(qtbot, settings, breaks)
    dialog.agent.setText("Анна")
    dialog.kind_interval.setValue(30)

    def refuse(slug):
        raise KindError("slug", "the shipped kinds can be switched off, not deleted")

    dialog.deleted.append("micro")  # as if the list had let it through
    monkeypatch.setattr(breaks, "delete", refuse)
    dialog.save()
    assert "switched off, not deleted" in dialog.error.text()
    assert stored(settings) == before and breaks.signature() == signature


# -- the interface language ----------------------------------------------------------------------
REPLIES = [Reply(1, "status-no-news", 1, False, 0, None, 1,
                 {"ru": Variant("Статус: без новостей", "…"), "en": Variant("Status: no news", "…")}),
           Reply(2, "request-received", 1, False, 0, None, 2,
                 {"ru": Variant("Запрос получен", "…"), "en": Variant("Request received", "…")})]


@pytest.fixture
def russian(qapp, monkeypatch):
    """The Russian interface, installed as the app does and removed afterwards."""
    monkeypatch.delenv(language.ENV_VAR, raising=False)
    assert i18n.install(qapp, "ru") == "ru"
    yield
    i18n.uninstall(qapp)


def test_in_russian_replies_are_listed_by_their_russian_names(russian, qtbot, settings):
    settings.set("reply_language", "en")  # replies are copied in English; the agent still reads Russian
    dialog = SettingsDialog(settings, replies=REPLIES)
    qtbot.addWidget(dialog)
    names = [dialog.update_reply.itemText(i) for i in range(dialog.update_reply.count())]
    assert names == ["Нет", "Статус: без новостей", "Запрос получен"]
    assert dialog.update_reply.currentData() == "status-no-news"


def test_in_english_replies_are_listed_by_their_english_names(qtbot, settings):
    settings.set("reply_language", "ru")
    dialog = SettingsDialog(settings, replies=REPLIES)
    qtbot.addWidget(dialog)
    assert [dialog.update_reply.itemText(i) for i in (1, 2)] == ["Status: no news", "Request received"]


def test_in_russian_the_counts_agree_with_their_numbers(russian, qtbot, settings, breaks):
    dialog = open_dialog(qtbot, settings, breaks)
    dialog.postpone_limit.setValue(2)
    assert dialog.postpone_limit.text() == "2 раза в час"
    dialog.postpone_limit.setValue(5)
    assert dialog.postpone_limit.text() == "5 раз в час"
    dialog.postpone_limit.setValue(1)
    assert dialog.postpone_limit.text() == "1 раз в час"
    dialog.postpone_limit.setValue(0)
    assert dialog.postpone_limit.text() == "0 (не откладывать)"
    tickets = {}
    for n in (1, 11, 21, 22, 25):
        dialog.capacity_tickets.setValue(n)
        tickets[n] = dialog.capacity_tickets.text()
    assert tickets == {1: "1 тикет", 11: "11 тикетов", 21: "21 тикет", 22: "22 тикета", 25: "25 тикетов"}
    updates = {}
    for n in (1, 3, 12):
        dialog.capacity_updates.setValue(n)
        updates[n] = dialog.capacity_updates.text()
    assert updates == {1: "1 обновление", 3: "3 обновления", 12: "12 обновлений"}

    dialog.select_kind("micro")
    assert dialog.kind_interval.text() == "каждые 20 мин"
    assert dialog.kind_list.item(0).text() == "Пауза для глаз\nкаждые 20 мин, 20 с"
    dialog.kind_interval.setValue(21)
    assert dialog.kind_interval.text() == "каждую 21 мин"
    assert dialog.kind_list.item(0).text() == "Пауза для глаз\nкаждую 21 мин, 20 с"


def test_in_english_the_counts_agree_too(qapp, qtbot, settings):
    i18n.install(qapp, "en")  # the English plural forms ship in companion_en.qm
    try:
        dialog = open_dialog(qtbot, settings)
        dialog.capacity_tickets.setValue(1)
        assert dialog.capacity_tickets.text() == "1 ticket"
        dialog.capacity_tickets.setValue(25)
        assert dialog.capacity_tickets.text() == "25 tickets"
        dialog.postpone_limit.setValue(1)
        assert dialog.postpone_limit.text() == "1 time per hour"
        dialog.postpone_limit.setValue(3)
        assert dialog.postpone_limit.text() == "3 times per hour"
    finally:
        i18n.uninstall(qapp)


def test_in_russian_days_and_dates_read_in_russian(russian, qtbot, settings):
    settings.set("days_off", "2026-12-31, 2027-01-01")
    dialog = open_dialog(qtbot, settings)
    assert [check.text() for check in dialog.day_checks] == ["Понедельник", "Вторник", "Среда", "Четверг",
                                                             "Пятница", "Суббота", "Воскресенье"]
    assert dialog.days_off_preview.text() == "Чт 31 декабря 2026, Пт 1 января 2027"
    dialog.days_off.setText("2026-02-30")
    assert dialog.days_off_preview.text() == "Даты в виде 2026-12-31, через запятую"
    dialog.day_checks[5].setChecked(True)
    dialog.day_ranges[5].setText("")
    dialog.days_off.setText("")
    dialog.save()
    assert dialog.error.text() == "Суббота: укажите рабочие часы, например 09:00-18:00"


def test_the_days_off_are_previewed_as_dates(qtbot, settings):
    dialog = open_dialog(qtbot, settings)
    assert dialog.days_off_preview.text() == ""
    dialog.days_off.setText("2027-01-01; 2026-12-31")
    assert dialog.days_off_preview.text() == "Thu 31 December 2026, Fri 1 January 2027"


def test_the_interface_language_is_chosen_in_settings_and_applies_on_restart(qtbot, settings, monkeypatch):
    monkeypatch.delenv(language.ENV_VAR, raising=False)
    dialog = open_dialog(qtbot, settings)
    combo = dialog.interface_language
    assert [combo.itemText(i) for i in range(combo.count())] == ["Automatic (system)", "Русский", "English"]
    assert combo.currentData() == "auto"
    hint = dialog.findChildren(type(dialog.days_off_preview))
    assert any("next starts" in label.text() for label in hint)
    combo.setCurrentIndex(combo.findData("ru"))
    dialog.save()
    assert settings.get("interface_language") == "ru" and settings.get("reply_language") == "auto"
    assert language.of_settings(settings) == "ru"
    monkeypatch.setenv(language.ENV_VAR, "en")
    again = open_dialog(qtbot, settings)
    assert again.interface_language.currentData() == "ru"
    assert any("COMPANION_LANG is set" in label.text() for label in again.findChildren(type(again.days_off_preview)))


# -- rotating shifts and the welcome again (issue 13) --------------------------------------------
def test_a_rotating_shift_is_edited_as_days_on_days_off_and_a_first_day(qtbot, settings):
    from PySide6.QtCore import QDate

    from companion.ui.settings.general import Repeats

    settings.set("schedule", "2/2 from 2026-12-03 09:00-21:00")
    dialog = open_dialog(qtbot, settings)
    assert dialog.repeats.currentData() == Repeats.CYCLE and dialog.hours_editors.currentIndex() == Repeats.CYCLE
    assert dialog.cycle.spec() == "2/2 from 2026-12-03 09:00-21:00"
    dialog.cycle.on.setValue(3)
    dialog.cycle.off.setValue(3)
    dialog.cycle.anchor.setDate(QDate(2026, 12, 1))
    dialog.cycle.hours.setText("08:00-20:00")
    dialog.save()
    assert settings.get("schedule") == "3/3 from 2026-12-01 08:00-20:00"


def test_a_bad_rotation_is_named_and_the_week_is_kept(qtbot, settings):
    from companion.ui.settings.general import Repeats

    dialog = open_dialog(qtbot, settings)
    dialog.repeats.setCurrentIndex(Repeats.CYCLE)
    dialog.cycle.hours.setText("9-21")
    dialog.save()
    assert "cannot read the time range '9-21'" in dialog.error.text().lower()
    assert settings.get("schedule") == "mon-fri 09:00-18:00"
    dialog.repeats.setCurrentIndex(Repeats.WEEKLY)
    dialog.save()
    assert settings.get("schedule") == "mon-fri 09:00-18:00" and dialog.result() == QDialog.DialogCode.Accepted


def test_show_the_welcome_again_closes_settings_and_asks_first_if_something_changed(qtbot, settings, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    dialog = open_dialog(qtbot, settings)
    dialog.show()
    wanted = []
    dialog.welcome_requested.connect(lambda: wanted.append(True))
    dialog.agent.setText("Анна")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args) or QMessageBox.StandardButton.No)
    dialog.welcome_again.click()
    assert asked and wanted == [] and dialog.isVisible()
    dialog.agent.setText("")
    asked.clear()
    dialog.welcome_again.click()
    assert asked == [] and wanted == [True] and not dialog.isVisible()
    assert settings.get("agent_name") == ""
