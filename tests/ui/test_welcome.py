"""The first-start welcome: what Finish writes (all at once, and the due times follow a new
schedule), that Skip and Esc write nothing, that a mistyped schedule is named and keeps its page,
starting at login, and showing it again from Settings. Grabs of each page go to
test-artifacts/welcome-<page>.png for a person to look at.

The clock is Monday 23 November 2026, 10:00 in Moscow.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication

from companion.core.tickets import TicketInput
from companion.platform.autostart import FakeAutostart
from companion.store.models import Setting
from companion.ui.welcome import Page, Preset

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
YEKT = ZoneInfo("Asia/Yekaterinburg")


@pytest.fixture
def shell(make_app):
    app = make_app()
    app.shell.login = FakeAutostart()
    return app.shell


@pytest.fixture
def welcome(shell, qtbot):
    shell.show_welcome()
    qtbot.waitUntil(lambda: shell.welcome is not None and shell.welcome.isVisible())
    return shell.welcome


def stored():
    return [(row.key, row.value) for row in Setting.select().order_by(Setting.key)]


def finish(welcome):
    welcome.go(Page.HOW)
    welcome.finish.click()


def test_each_page_fits_and_is_saved_for_a_person_to_look_at(welcome):
    ARTIFACTS.mkdir(exist_ok=True)
    for page in Page:
        welcome.go(page)
        QApplication.processEvents()
        assert welcome.pages.currentIndex() == page and welcome.step.text() == f"Step {page + 1} of {len(Page)}"
        welcome.grab().save(str(ARTIFACTS / f"welcome-{page.name.lower()}.png"))
    assert welcome.back.isEnabled() and not welcome.next.isVisible() and welcome.finish.isVisible()
    for preset in (Preset.ROTATION, Preset.CUSTOM):
        welcome.go(Page.HOURS)
        welcome.presets.button(preset).click()
        QApplication.processEvents()
        welcome.grab().save(str(ARTIFACTS / f"welcome-hours-{preset.name.lower()}.png"))


def test_the_defaults_are_the_stored_settings_and_today(welcome):
    assert welcome.preset() == Preset.DAY and welcome.schedule_spec() == "mon-fri 09:00-18:00"
    assert welcome.timezone.currentText() == "Europe/Moscow"
    assert welcome.rotation.anchor.date() == QDate(2026, 11, 23)
    assert welcome.rotation.spec() == "2/2 from 2026-11-23 09:00-21:00"
    assert not welcome.back.isEnabled() and welcome.next.isDefault()


@pytest.mark.parametrize("how", ["skip", "escape", "close"])
def test_skip_esc_or_close_write_nothing_and_ask_nothing(shell, welcome, qtbot, how):
    before = stored()
    welcome.agent.setText("Анна")
    welcome.go(Page.HOURS)
    welcome.presets.button(Preset.ALWAYS).click()
    if how == "skip":
        welcome.skip.click()
    elif how == "escape":
        qtbot.keyClick(welcome, Qt.Key.Key_Escape)
    else:
        welcome.close()
    qtbot.waitUntil(lambda: shell.welcome is None)
    assert stored() == before and shell.login.calls == []
    assert QApplication.activeModalWidget() is None  # no "are you sure?"


def test_finish_with_2_2_and_a_zone_writes_the_schedule_and_moves_due_times(shell, welcome):
    tickets = shell.runtime.tickets
    ticket = tickets.create(TicketInput("SUP-1", cadence="1d"))  # due Tue 24 Nov, 10:00 Moscow
    assert ticket.next_update_due.astimezone(ZoneInfo("Europe/Moscow")) == \
        datetime(2026, 11, 24, 10, tzinfo=ZoneInfo("Europe/Moscow"))
    welcome.go(Page.HOURS)
    welcome.presets.button(Preset.ROTATION).click()
    welcome.rotation.anchor.setDate(QDate(2026, 11, 22))  # on 22, 23; off 24, 25; on 26, 27
    welcome.timezone.setCurrentText("Asia/Yekaterinburg")
    assert "Thu 26 Nov" in welcome.preview.text() and "Tue 24" not in welcome.preview.text()
    welcome.next.click()
    assert welcome.pages.currentIndex() == Page.LOAD
    finish(welcome)
    settings = shell.runtime.settings
    assert settings.get("schedule") == "2/2 from 2026-11-22 09:00-21:00"
    assert settings.get("timezone") == "Asia/Yekaterinburg"
    schedule = shell.runtime.schedule.current
    assert schedule.is_cycle and schedule.tz == YEKT and tickets.schedule == schedule
    due = tickets.get("SUP-1").next_update_due.astimezone(YEKT)
    assert due == datetime(2026, 11, 26, 12, tzinfo=YEKT)  # created at 12:00 there: the next shift, same hour
    assert schedule.is_working_day(due.date()) and not schedule.is_working_day(date(2026, 11, 24))
    assert shell.welcome is None and shell.main.isVisible()


@pytest.mark.parametrize("preset, spec", [
    (Preset.DAY, "mon-fri 09:00-18:00"),
    (Preset.NIGHT, "mon-fri 21:00-09:00"),
    (Preset.ALWAYS, "mon-sun 00:00-24:00"),
])
def test_the_other_presets(shell, welcome, preset, spec):
    welcome.go(Page.HOURS)
    welcome.presets.button(preset).click()
    finish(welcome)
    assert shell.runtime.settings.get("schedule") == spec


def test_a_mistyped_custom_schedule_is_named_and_keeps_its_page(shell, welcome):
    before = stored()
    welcome.go(Page.HOURS)
    welcome.presets.button(Preset.CUSTOM).click()
    welcome.custom.setText("mon-fri 09:00-18:00; sat 10-14")
    assert "cannot read the time range '10-14'" in welcome.preview.text()
    welcome.next.click()
    assert welcome.pages.currentIndex() == Page.HOURS and welcome.error.isVisibleTo(welcome)
    assert welcome.error.text() == ("Working hours: Cannot read the time range '10-14'; example: 09:00-18:00")
    welcome.go(Page.HOW)
    welcome.finish.click()  # Finish checks every page again
    assert welcome.pages.currentIndex() == Page.HOURS and welcome.isVisible()
    assert stored() == before
    welcome.custom.setText("mon-fri 09:00-18:00; sat 10:00-14:00")
    welcome.next.click()
    assert welcome.pages.currentIndex() == Page.LOAD and not welcome.error.isVisibleTo(welcome)


def test_an_unknown_time_zone_is_named(welcome):
    welcome.go(Page.HOURS)
    welcome.timezone.setCurrentText("Mars/Olympus")
    welcome.next.click()
    assert welcome.pages.currentIndex() == Page.HOURS
    assert welcome.error.text().startswith("Time zone: Unknown time zone 'Mars/Olympus'")


def test_name_languages_breaks_and_capacity_are_saved(shell, welcome):
    welcome.interface_language.setCurrentIndex(welcome.interface_language.findData("ru"))
    welcome.reply_language.setCurrentIndex(welcome.reply_language.findData("en"))
    welcome.next.click()
    welcome.agent.setText("  Анна ")
    welcome.next.click()
    welcome.next.click()
    welcome.breaks_enabled.setChecked(False)
    welcome.capacity_tickets.setValue(12)
    welcome.capacity_updates.setValue(8)
    finish(welcome)
    settings = shell.runtime.settings
    assert (settings.get("interface_language"), settings.get("reply_language")) == ("ru", "en")
    assert settings.get("agent_name") == "Анна"
    assert settings.get("breaks_enabled") is False
    assert (settings.get("capacity_tickets"), settings.get("capacity_updates")) == (12, 8)


def test_no_start_at_login_leaves_the_os_alone(shell, welcome):
    welcome.go(Page.LOGIN)
    welcome.autostart.setChecked(False)
    finish(welcome)
    assert shell.login.calls == [] and shell.runtime.settings.get("autostart") is False
    assert shell.runtime.settings.get("agent_name") == ""  # the rest is written all the same


def test_start_at_login_refused_by_the_os_says_why_and_writes_nothing(shell, welcome):
    shell.login.error = "the autostart folder is read-only"
    welcome.login = shell.login
    before = stored()
    welcome.agent.setText("Анна")
    finish(welcome)
    assert welcome.isVisible() and welcome.pages.currentIndex() == Page.LOGIN
    assert "the autostart folder is read-only" in welcome.error.text()
    assert stored() == before


def test_shown_again_from_settings_starting_from_what_is_stored(shell, qtbot):
    settings = shell.runtime.settings
    settings.set_many({"schedule": "2/2 from 2026-12-03 08:00-20:00", "agent_name": "Anna"})
    shell.runtime.apply_settings()

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.welcome_again.click()  # nothing changed in Settings: no question first

    QTimer.singleShot(0, press)
    shell.open_settings()
    qtbot.waitUntil(lambda: shell.welcome is not None and shell.welcome.isVisible())
    welcome = shell.welcome
    assert welcome.agent.text() == "Anna" and welcome.preset() == Preset.ROTATION
    assert welcome.schedule_spec() == "2/2 from 2026-12-03 08:00-20:00"
    welcome.go(Page.LOGIN)
    welcome.autostart.setChecked(False)
    finish(welcome)
    assert settings.get("schedule") == "2/2 from 2026-12-03 08:00-20:00"


def test_showing_it_twice_raises_the_open_one(shell, welcome):
    shell.show_welcome()
    assert shell.welcome is welcome
