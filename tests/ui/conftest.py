import pytest

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
        app = CompanionApp(data_dir, clock=clock_ or clock, backends=[backend], use_tray=use_tray)
        apps.append(app)
        if start:
            app.start()
        return app

    yield make
    for app in apps:
        app.stop()
        if app._editor is not None:
            app._editor.dirty = False  # a test's unsaved edits: no "save first?" question at teardown
        for window in (app._main, app._popup, app._palette, app._editor, app._toast):
            if window is not None:
                window.close()
    close_database()
