"""Shared fixtures: a real SQLite file per test, a fake clock, a schedule, and the whole app on them."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from companion.core.clock import FakeClock
from companion.core.schedule import WorkSchedule
from companion.platform.fullscreen import FakeFullscreen
from companion.platform.idle import FakeIdle
from companion.platform.notifications import FakeBackend

UTC = timezone.utc


@pytest.fixture(autouse=True)
def private_desktop_folders(tmp_path_factory, monkeypatch):
    """No test writes into the real ~/.config or ~/.local/share: switching autostart on (the CLI
    fuzz test may) or installing the menu entry lands in a throw-away folder."""
    root = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "share"))


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    return path


@pytest.fixture
def database(data_dir):
    from companion.store.db import close_database, open_database

    database = open_database(data_dir)
    yield database
    close_database()


@pytest.fixture
def clock():
    # Monday 23 November 2026, 10:00 in Moscow (07:00 UTC).
    return FakeClock(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))


@pytest.fixture
def schedule():
    return WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow")


@pytest.fixture
def tickets(database, clock, schedule):
    from companion.core.tickets import TicketService

    return TicketService(clock, schedule)


@pytest.fixture
def settings(database):
    from companion.core.settings import Settings

    s = Settings()
    s.set("timezone", "Europe/Moscow")
    return s

@pytest.fixture
def backend():
    return FakeBackend()


@pytest.fixture
def make_app(qtbot, data_dir, clock, backend):
    """Build the whole app (offscreen, no tray) on a fake clock with a recording notifier."""
    from companion.app import CompanionApp
    from companion.core.settings import Settings
    from companion.store.db import close_database, open_database

    apps = []

    def make(start=True, use_tray=False, clock_=None, paste_back=None):
        open_database(data_dir)
        Settings().set("timezone", "Europe/Moscow")
        # No idle information and no fullscreen window, whatever desktop the tests run on; no
        # global hotkey unless a test brings a (fake) paste-back backend.
        app = CompanionApp(data_dir, clock=clock_ or clock, backends=[backend], use_tray=use_tray,
                           idle=FakeIdle(idle=None), fullscreen=FakeFullscreen(active=False),
                           paste_back=paste_back)
        apps.append(app)
        if start:
            app.start()
        return app

    yield make
    for app in apps:
        app.stop()
        if app.shell.editor is not None:
            app.shell.editor.dirty = False  # a test's unsaved edits: no "save first?" question at teardown
        app.close_windows()
    close_database()


@pytest.fixture
def app(make_app, qapp):
    """The app for the reply tests: English replies, agent "Anna", an empty real clipboard, and
    no surprise "copy anyway?" question (a modal box would block the run; tests expecting one
    patch `app.shell.replies.confirm`)."""
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
    app = make_app()
    app.settings.set("reply_language", "en")
    app.settings.set("agent_name", "Anna")

    def unexpected(parent, title, rendered, ticket_id):
        raise AssertionError(f"unexpected question before copying {title}: {rendered.problems}")

    app.shell.replies.confirm = unexpected
    yield app
    QGuiApplication.clipboard().clear()
