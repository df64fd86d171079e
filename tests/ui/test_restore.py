"""The app's start on a data file that cannot be used: one window, restore or quit, never
half-started — on real SQLite files, with the window's buttons clicked through QMessageBox."""

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from companion.app import CompanionApp, StartRefused
from companion.core.tickets import TicketInput
from companion.platform.fullscreen import FakeFullscreen
from companion.platform.idle import FakeIdle
from companion.store.db import close_database, db_path, open_database
from companion.store.health import FileState, RestoreError, inspect, list_backups, newest_good_backup
from tests.store.damage import DAMAGES, digest, hand_to_nobody, reachable_dir, scribble, without_root, zero


@pytest.fixture
def build(qapp, clock, backend):
    """CompanionApp built straight on the data dir (make_app opens the file first, which a bad
    file refuses); every app built is stopped and its windows closed afterwards."""
    built = []

    def make(data_dir, ask=None):
        app = CompanionApp(data_dir, clock=clock, backends=[backend], use_tray=False, idle=FakeIdle(idle=None),
                           fullscreen=FakeFullscreen(active=False), ask_restore=ask)
        built.append(app)
        return app

    yield make
    for app in built:
        app.stop()
        app.close_windows()
    close_database()


@pytest.fixture
def used(make_app, data_dir):
    """The issue's set-up: the app was used, a ticket added, and it was started and quit again,
    so backups/ holds a copy with the ticket."""
    first = make_app()
    first.tickets.create(TicketInput("SUP-1", client="Иван", subject="Принтер " * 40, notes="x" * 500))
    for n in range(40):  # enough pages that scribbling on the middle misses the header
        first.tickets.create(TicketInput(f"OLD-{n}", subject="y" * 400))
    for app in (first, make_app()):  # quit: windows closed, the file closed (and checkpointed)
        app.stop()
        app.shell.main.close()
        app.runtime.database.close()
    path = db_path(data_dir)
    assert newest_good_backup(path)[1].tickets == 41
    return path


class Asked:
    """An injected chooser: records each question and answers it."""

    def __init__(self, answer: bool):
        self.answer, self.questions = answer, []

    def __call__(self, health, found, now):
        self.questions.append((health.state, found[0].path if found else None))
        return self.answer


def visible_windows():
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_issue_repro_emptied_file_six_starts_are_refused_and_the_backups_keep_the_ticket(used, data_dir, build):
    backups_before = {b.path: digest(b.path) for b in list_backups(used)}
    zero(used)
    quit_ = Asked(False)
    for _ in range(6):
        with pytest.raises(StartRefused, match="is empty"):
            build(data_dir, quit_)
        assert visible_windows() == []  # no tray, no window, no timers: not half-started
    assert [state for state, _ in quit_.questions] == [FileState.EMPTY] * 6
    assert used.stat().st_size == 0
    assert {b.path: digest(b.path) for b in list_backups(used)} == backups_before
    newest = newest_good_backup(used)
    assert quit_.questions[-1][1] == newest[0].path and newest[1].tickets == 41

    app = build(data_dir, Asked(True))  # the seventh start: "Restore the newest good backup"
    app.start()
    assert app.tickets.get("SUP-1").client == "Иван"
    [aside] = data_dir.glob("companion.sqlite3.damaged-*[0-9]")
    assert aside.stat().st_size == 0  # the emptied file is kept, not deleted


def test_scribbled_file_is_refused_and_backups_are_not_replaced_by_corrupt_copies(used, data_dir, build):
    backups_before = {b.path: digest(b.path) for b in list_backups(used)}
    scribble(used)
    damaged = digest(used)
    for _ in range(6):
        with pytest.raises(StartRefused, match="is damaged"):
            build(data_dir, Asked(False))
    assert digest(used) == damaged
    assert {b.path: digest(b.path) for b in list_backups(used)} == backups_before
    assert any(inspect(path, frozen=True).holds_data for path in backups_before)  # the ticket is still there


def clicking(label, shown):
    """QMessageBox.exec replaced: remember the box, click the button with this text."""
    def exec_(box):
        shown.append({"text": box.text(), "info": box.informativeText(), "details": box.detailedText(),
                      "buttons": [b.text() for b in box.buttons() if not b.text().startswith("Show Details")],
                      "default": box.defaultButton().text() if box.defaultButton() else None})
        [button] = [b for b in box.buttons() if b.text() == label]
        button.click()
        return 0
    return exec_


def test_the_window_says_what_is_wrong_and_restores_on_request(used, data_dir, build, monkeypatch):
    DAMAGES["foreign"](used)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", clicking("Restore the newest good backup", shown))
    app = build(data_dir)
    [box] = shown
    assert box["text"] == "The data file is not a Support Companion database, or its beginning is damaged."
    assert box["info"].startswith("Support Companion has not changed it. The newest good backup is from ")
    assert "(tickets: 41)" in box["info"] and "kept, not deleted" in box["info"]
    assert str(used) in box["details"]
    assert box["buttons"] == ["Restore the newest good backup", "Quit"]
    assert box["default"] == "Restore the newest good backup"
    app.start()
    assert app.tickets.get("SUP-1") is not None
    assert len(list(data_dir.glob("companion.sqlite3.damaged-*"))) >= 1


def test_a_newer_file_defaults_to_quit_and_is_left_alone(used, data_dir, build, monkeypatch):
    DAMAGES["newer"](used)
    before = digest(used)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", clicking("Quit", shown))
    with pytest.raises(StartRefused, match="from a newer Support Companion"):
        build(data_dir)
    assert shown[0]["text"] == "The data file was saved by a newer version of Support Companion."
    assert shown[0]["default"] == "Quit" and "Restore the newest good backup" in shown[0]["buttons"]
    assert digest(used) == before and list(data_dir.glob("*.damaged-*")) == []


def test_without_a_good_backup_the_window_offers_only_quit(data_dir, build, monkeypatch):
    data_dir.mkdir()
    DAMAGES["foreign"](db_path(data_dir))
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", clicking("Quit", shown))
    with pytest.raises(StartRefused):
        build(data_dir)
    assert shown[0]["buttons"] == ["Quit"] and "There is no good backup to restore" in shown[0]["info"]


def test_an_unreadable_file_is_refused_before_anything_starts(tmp_path, build):
    with reachable_dir(tmp_path) as folder:
        data_dir = folder / "data"
        open_database(data_dir)
        close_database()
        path = db_path(data_dir)
        hand_to_nobody(data_dir)
        path.chmod(0)
        asked = Asked(False)
        with without_root():
            with pytest.raises(StartRefused, match="unreadable"):
                build(data_dir, asked)
        assert asked.questions == [(FileState.UNREADABLE, None)]
        assert visible_windows() == []


def test_a_failed_restore_says_so_and_quits(used, data_dir, build, monkeypatch):
    zero(used)
    failures = []
    monkeypatch.setattr("companion.ui.restore_dialog.failed", failures.append)

    def refuse(path, backup=None):
        raise RestoreError(f"cannot restore into {path.parent}: No space left on device; nothing was changed")

    monkeypatch.setattr("companion.runtime.runtime.restore", refuse)
    with pytest.raises(StartRefused):
        build(data_dir, Asked(True))
    assert failures and "No space left on device" in failures[0]
    assert used.stat().st_size == 0


def test_the_command_without_arguments_exits_1_with_one_line(used, data_dir, monkeypatch, capsys):
    from companion.cli import main

    zero(used)
    asked = Asked(False)
    monkeypatch.setattr("companion.ui.restore_dialog.ask", asked)
    assert main(["--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"companion: error: the data file {used} is empty")
    assert asked.questions and used.stat().st_size == 0


def test_damage_found_after_the_tray_is_up_quits_instead_of_running_half_started(make_app, monkeypatch, qtbot):
    app = make_app(start=False)
    failures, exits = [], []
    monkeypatch.setattr("companion.ui.restore_dialog.failed", failures.append)
    monkeypatch.setattr(QApplication, "exit", staticmethod(exits.append))

    def malformed(clock):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr("companion.runtime.seeding.seed_shipped", malformed)
    app.start(defer=True)
    qtbot.waitUntil(lambda: exits == [1])
    assert "database disk image is malformed" in failures[0]
    assert not app.runtime.minute.isActive() and app.runtime.break_loop is None
