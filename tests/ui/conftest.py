import pytest

from companion.platform.fullscreen import FakeFullscreen
from companion.platform.idle import FakeIdle
from companion.platform.notifications import FakeBackend


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

    def make(start=True, use_tray=False, clock_=None):
        open_database(data_dir)
        Settings().set("timezone", "Europe/Moscow")
        # No idle information and no fullscreen window, whatever desktop the tests run on.
        app = CompanionApp(data_dir, clock=clock_ or clock, backends=[backend], use_tray=use_tray,
                           idle=FakeIdle(idle=None), fullscreen=FakeFullscreen(active=False))
        apps.append(app)
        if start:
            app.start()
        return app

    yield make
    for app in apps:
        app.stop()
        if app._editor is not None:
            app._editor.dirty = False  # a test's unsaved edits: no "save first?" question at teardown
        for window in (app._main, app._popup, app._palette, app._editor, app._toast, app._wellbeing,
                       app._breathing):
            if window is not None:
                window.close()
    close_database()


@pytest.fixture
def app(make_app, qapp):
    """The app for the reply tests: English replies, agent "Anna", an empty real clipboard, and
    no surprise "copy anyway?" question (a modal box would block the run; tests expecting one
    patch `app.replies.confirm`)."""
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
    app = make_app()
    app.settings.set("reply_language", "en")
    app.settings.set("agent_name", "Anna")

    def unexpected(parent, title, rendered, ticket_id):
        raise AssertionError(f"unexpected question before copying {title}: {rendered.problems}")

    app.replies.confirm = unexpected
    yield app
    QGuiApplication.clipboard().clear()
