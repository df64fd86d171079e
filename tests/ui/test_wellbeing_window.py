"""The Wellbeing window on a real data file: the figures a user reads, the period they move
through, the bars drawn, and the CSV they save."""

import errno
import os
import stat
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtGui import QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from companion import i18n
from companion.core.breaks import Record
from companion.core.journal import Journal
from companion.core.stats import Stats
from companion.core.tickets import TicketInput
from companion.store.models import ClientUpdate
from companion.ui.wellbeing_window import WellbeingWindow

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc


def local(*args):
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


@pytest.fixture(autouse=True)
def english(qapp):
    """The English interface as the app installs it (its plural forms: "1 day", "7 days"), with
    British dates."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    i18n.install(qapp, "en")
    yield
    i18n.uninstall(qapp)
    QLocale.setDefault(before)


@pytest.fixture
def seeded(database, clock, tickets):
    """Thursday 26 November 2026, 15:00 in Moscow, with three days of history this week and one
    break on the Sunday before."""
    clock.set(local(2026, 11, 26, 15, 0))
    journal = Journal(clock, lambda: MSK)
    ticket = tickets.create(TicketInput("SUP-1", client="Ольга"))

    def brk(outcome, when, seconds=20, kind="micro", reason=""):
        journal.record(Record(kind, outcome, when, when + timedelta(seconds=seconds), seconds, reason=reason))

    # Monday: 2 taken, 1 skipped, 1 on-time update
    brk("taken", local(2026, 11, 23, 10, 20))
    brk("taken", local(2026, 11, 23, 10, 40))
    brk("skipped", local(2026, 11, 23, 11, 0), 0)
    ClientUpdate.create(ticket=ticket.id, at=local(2026, 11, 23, 12, 0), on_time=True)
    # Wednesday: 1 long break finished early (9 min), 1 postponed, 1 late update, overtime 25 min
    brk("done_early", local(2026, 11, 25, 12, 0), 540, kind="long")
    brk("postponed", local(2026, 11, 25, 14, 0), 0, kind="long")
    ClientUpdate.create(ticket=ticket.id, at=local(2026, 11, 25, 16, 0), on_time=False)
    journal.overtime(local(2026, 11, 25, 18, 0), local(2026, 11, 25, 18, 25))
    # Thursday (today): 3 taken, 1 natural (idle 15 min), 2 skipped, updates 2 on time / 1 late /
    # 1 without a due time, a tough conversation, overtime from 08:10 to 08:40 (30 min)
    for minute in (0, 20, 40):
        brk("taken", local(2026, 11, 26, 10, minute))
    brk("natural", local(2026, 11, 26, 12, 0), 900, kind="long", reason="idle")
    brk("skipped", local(2026, 11, 26, 13, 0), 0)
    brk("skipped", local(2026, 11, 26, 13, 20), 0)
    for at, on_time in (((10, 5), True), ((11, 5), True), ((13, 30), False), ((14, 0), None)):
        ClientUpdate.create(ticket=ticket.id, at=local(2026, 11, 26, *at), on_time=on_time)
    journal.tough(ticket.id, 60, completed=True, automatic=True, at=local(2026, 11, 26, 13, 31))
    journal.overtime(local(2026, 11, 26, 8, 10), local(2026, 11, 26, 8, 40))
    # Sunday before: belongs to the previous week
    brk("taken", local(2026, 11, 22, 23, 30))
    return journal


@pytest.fixture
def window(qtbot, seeded, clock):
    w = WellbeingWindow(Stats(clock, MSK))
    qtbot.addWidget(w)
    return w


def figures(w):
    return {key: label.text() for key, label in w.values.items()}


TODAY = {"breaks_taken": "3", "postponed": "0", "skipped": "2", "natural": "1", "rest": "16 min",
         "updates_on_time": "2", "updates_late": "1", "updates_unscheduled": "1", "tough": "1",
         "overtime": "30 min"}
WEEK = {"breaks_taken": "6", "postponed": "1", "skipped": "3", "natural": "1", "rest": "26 min",
        "updates_on_time": "3", "updates_late": "2", "updates_unscheduled": "1", "tough": "1",
        "overtime": "55 min"}


def test_it_opens_on_today_with_the_day_figures(window):
    assert window.windowTitle() == "Wellbeing"
    assert window.period_label.text() == "Today, Thursday 26 November 2026"
    assert figures(window) == TODAY
    assert window.day_button.isChecked() and not window.week_button.isChecked()
    assert not window.next_button.isEnabled() and not window.today_button.isEnabled()


def test_every_figure_has_a_label_for_people_and_screen_readers(window):
    captions = {key: label.text() for key, label in window.captions.items()}
    assert captions == {"breaks_taken": "Breaks taken", "postponed": "Postponed", "skipped": "Skipped",
                        "natural": "Natural breaks", "rest": "Rest", "updates_on_time": "Updates on time",
                        "updates_late": "Late", "updates_unscheduled": "No due time",
                        "tough": "Tough conversations", "overtime": "Overtime"}
    for key, value in window.values.items():
        assert value.accessibleName() == captions[key]
        assert window.captions[key].buddy() is value
    assert window.values["breaks_taken"].toolTip() == "3 run to the end, 0 finished early"


def test_week_view_sums_monday_to_sunday(window, qtbot):
    qtbot.mouseClick(window.week_button, Qt.MouseButton.LeftButton)
    assert window.week_button.isChecked() and window.mode == "week"
    assert window.period_label.text() == "23–29 November 2026"
    assert figures(window) == WEEK
    assert window.values["breaks_taken"].toolTip() == "5 run to the end, 1 finished early"


def test_moving_back_and_forth_changes_the_period_and_the_figures(window, qtbot):
    qtbot.mouseClick(window.prev_button, Qt.MouseButton.LeftButton)
    assert window.period_label.text() == "Wednesday 25 November 2026"
    assert figures(window) == {"breaks_taken": "1", "postponed": "1", "skipped": "0", "natural": "0",
                               "rest": "9 min", "updates_on_time": "0", "updates_late": "1",
                               "updates_unscheduled": "0", "tough": "0", "overtime": "25 min"}
    assert window.next_button.isEnabled() and window.today_button.isEnabled()
    qtbot.mouseClick(window.week_button, Qt.MouseButton.LeftButton)  # the week of the day shown
    assert window.period_label.text() == "23–29 November 2026"
    qtbot.mouseClick(window.prev_button, Qt.MouseButton.LeftButton)
    assert window.period_label.text() == "16–22 November 2026"
    assert window.values["breaks_taken"].text() == "1" and window.values["updates_on_time"].text() == "0"
    qtbot.mouseClick(window.prev_button, Qt.MouseButton.LeftButton)
    assert window.period_label.text() == "9–15 November 2026"
    assert set(figures(window).values()) == {"0", "0 min"}
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.period_label.text() == "16–22 November 2026"
    qtbot.mouseClick(window.today_button, Qt.MouseButton.LeftButton)
    assert window.period_label.text() == "23–29 November 2026" and figures(window) == WEEK
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)  # disabled: no future weeks
    assert window.period_label.text() == "23–29 November 2026"
    qtbot.mouseClick(window.day_button, Qt.MouseButton.LeftButton)
    assert window.period_label.text() == "Today, Thursday 26 November 2026"


def test_a_week_across_two_months_names_both(window):
    window.show_date(date(2026, 11, 1), "week")
    assert window.period_label.text() == "26 October – 1 November 2026"
    window.show_date(date(2025, 12, 31), "week")
    assert window.period_label.text() == "29 December 2025 – 4 January 2026"


def test_arrow_keys_move_and_home_comes_back(window, qtbot):
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Left)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.period_label.text() == "Tuesday 24 November 2026"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.period_label.text() == "Wednesday 25 November 2026"
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.period_label.text() == "Today, Thursday 26 November 2026"


def test_the_charts_draw_the_figures(window, qtbot):
    breaks, updates = window.breaks_chart, window.updates_chart
    assert breaks.series_names() == ["Taken", "Skipped or postponed"]
    assert updates.series_names() == ["On time", "Late"]
    assert breaks.bar_values() == [("Thu 26 November", (3, 2))]
    assert updates.bar_values() == [("Thu 26 November", (2, 1))]
    qtbot.mouseClick(window.week_button, Qt.MouseButton.LeftButton)
    assert [label for label, _ in breaks.bar_values()] == ["Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27",
                                                           "Sat 28", "Sun 29"]
    assert [values for _, values in breaks.bar_values()] == [(2, 1), (0, 0), (1, 1), (3, 2), (0, 0), (0, 0),
                                                             (0, 0)]
    assert [values for _, values in updates.bar_values()] == [(1, 0), (0, 0), (0, 1), (2, 1), (0, 0), (0, 0),
                                                              (0, 0)]
    assert breaks.highlight == 3  # today
    summary = breaks.accessibleDescription()
    assert summary.startswith("Breaks. Monday 23 November: Taken 2, Skipped or postponed 1;")
    assert "Thursday 26 November: Taken 3, Skipped or postponed 2" in summary
    window.resize(800, 640)
    window.show()
    qtbot.waitExposed(window)
    x = breaks.width() - 20  # the last group, Sunday
    assert breaks.group_text(breaks.group_at(x)) == "Sunday 29 November: Taken 0, Skipped or postponed 0"
    thursday = breaks._group_rect(breaks._layout()[0], 3).center().toPoint()  # hovering a day tells its figures
    QApplication.sendEvent(breaks, QHelpEvent(QEvent.Type.ToolTip, thursday, breaks.mapToGlobal(thursday)))
    assert QToolTip.text() == "Thursday 26 November: Taken 3, Skipped or postponed 2"
    QToolTip.hideText()
    assert not breaks.grab().isNull()  # paints without a warning


def test_refresh_reads_what_was_logged_since(window, seeded):
    seeded.record(Record("micro", "taken", local(2026, 11, 26, 14, 40), None, 20))
    assert window.values["breaks_taken"].text() == "3"
    window.refresh()
    assert window.values["breaks_taken"].text() == "4"
    assert window.breaks_chart.bar_values() == [("Thu 26 November", (4, 2))]


def test_export_writes_the_period_shown(window, tmp_path):
    window.set_mode("week")
    path = tmp_path / "week.csv"
    assert window.export_csv(path) is True
    lines = path.read_text("utf-8").splitlines()
    assert lines[0].startswith("date,breaks_taken,") and len(lines) == 9
    assert lines[1].startswith("2026-11-23,2,2,0,0,1,0,") and lines[-1].startswith("total,6,5,1,1,3,1,26,55,")
    assert window.note.text() == f"Saved 7 days to {path}" and window.error.isHidden()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "week.csv"]
    assert window.default_file_name() == "wellbeing-2026-11-23--2026-11-29.csv"
    window.set_mode("day")
    assert window.default_file_name() == "wellbeing-2026-11-26.csv"


def test_an_unwritable_path_says_why_and_leaves_nothing_behind(window, tmp_path):
    taken = tmp_path / "taken.csv"
    taken.mkdir()  # a folder already has the name: the final rename fails after the write
    assert window.export_csv(taken) is False
    assert not window.error.isHidden()
    assert window.error.text().startswith(f"Could not save {taken}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "taken.csv"]
    assert list(taken.iterdir()) == []
    missing = tmp_path / "no such folder" / "week.csv"
    assert window.export_csv(missing) is False
    assert window.error.text() == f"Could not save {missing}: No such file or directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "taken.csv"]
    assert window.note.isHidden()
    assert window.export_csv(tmp_path / "fine.csv") is True  # the error goes once a save works
    assert window.error.isHidden() and window.note.text().startswith("Saved 1 day to ")


def test_in_russian_the_saved_days_and_the_dates_agree(qapp, qtbot, seeded, clock, tmp_path):
    i18n.install(qapp, "ru")
    try:
        w = WellbeingWindow(Stats(clock, MSK))
        qtbot.addWidget(w)
        assert w.period_label.text() == "Сегодня, четверг 26 ноября 2026"
        day = tmp_path / "day.csv"
        assert w.export_csv(day) and w.note.text() == f"Данные за 1 день сохранены в {day}"
        w.set_mode("week")
        assert w.breaks_chart.bar_values()[0][0] == "пн 23"
        assert w.export_csv(tmp_path / "week.csv") and w.note.text().startswith("Данные за 7 дней сохранены в ")
    finally:
        i18n.install(qapp, "en")  # back to the English of the autouse fixture


@pytest.mark.skipif(sys.platform == "win32", reason="mode bits and symlinks as on POSIX")
def test_the_csv_is_the_agents_alone_and_written_through_no_planted_name(window, tmp_path):
    saved = os.umask(0o022)
    try:
        victim = tmp_path / "victim.txt"
        victim.write_text("another user's file", encoding="utf-8")
        path = tmp_path / "week.csv"
        for name in (".week.csv.tmp", "week.csv.tmp"):  # the fixed names used before
            (tmp_path / name).symlink_to(victim)
        assert window.export_csv(path) is True
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text("utf-8").startswith("date,breaks_taken,")
        assert victim.read_text("utf-8") == "another user's file"
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            ".week.csv.tmp", "data", "victim.txt", "week.csv", "week.csv.tmp"]
        link = tmp_path / "link.csv"
        link.symlink_to(victim)
        assert window.export_csv(link) is False
        assert window.error.text() == f"Could not save {link}: Is a symbolic link (not followed)"
        assert victim.read_text("utf-8") == "another user's file"
    finally:
        os.umask(saved)


def test_a_failed_save_keeps_the_earlier_csv_and_no_temporary_file(window, tmp_path, monkeypatch):
    path = tmp_path / "week.csv"
    assert window.export_csv(path) is True
    earlier = path.read_bytes()

    def full(*_args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("companion.store.files.os.replace", full)
    assert window.export_csv(path) is False
    monkeypatch.undo()
    assert window.error.text() == f"Could not save {path}: {os.strerror(errno.ENOSPC)}"
    assert window.note.isHidden() and path.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "week.csv"]


@pytest.fixture
def dark(qapp):
    """The app in the theme's dark palette for one test (as with COMPANION_COLOR_SCHEME=dark)."""
    from companion.ui import theme

    before = QPalette(qapp.palette())
    qapp.setPalette(theme.dark_palette())
    yield theme
    qapp.setPalette(before)


def test_on_a_dark_window_late_updates_are_the_apps_late_red(window, qtbot, dark):
    assert dark.is_dark()
    window.resize(800, 640)
    window.show()
    qtbot.waitExposed(window)
    updates = window.updates_chart
    plot, top, _step = updates._layout()
    on_time, late = updates._bar_rects(plot, 0, top)  # today: 2 on time, 1 late
    image = updates.grab().toImage()
    dpr = image.devicePixelRatio()
    colour_at = lambda rect: image.pixelColor(int(rect.center().x() * dpr), int(rect.center().y() * dpr))  # noqa: E731
    assert colour_at(late).name() == dark.late().name() == "#ff7b72"
    assert colour_at(on_time).name() == dark.done().name()
    text = window.values["updates_late"].palette().color(QPalette.ColorRole.WindowText)
    assert text.lightness() - window.palette().color(QPalette.ColorRole.Window).lightness() > 100
