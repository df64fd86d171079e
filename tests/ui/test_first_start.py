"""The tray app's very first start shows the welcome (which asks, among the rest, whether to start at
login); a later start, or a data file the CLI made first, does not; Skip changes nothing."""

from __future__ import annotations

import pytest

from companion.platform.autostart import FakeAutostart
from companion.platform.fullscreen import FakeFullscreen
from companion.platform.idle import FakeIdle


@pytest.fixture
def build(qtbot, data_dir, clock, backend):
    from companion.app import CompanionApp
    from companion.store.db import close_database

    built = []

    def make(offer=True):
        app = CompanionApp(data_dir, clock=clock, backends=[backend], use_tray=False, idle=FakeIdle(idle=None),
                           fullscreen=FakeFullscreen(active=False), offer_autostart=offer)
        app.shell.login = FakeAutostart()
        built.append(app)
        app.start()
        return app

    yield make
    for app in built:
        app.stop()
        app.close_windows()
    close_database()


def shown(app, qtbot):
    qtbot.waitUntil(lambda: app.shell.welcome is not None and app.shell.welcome.isVisible())
    return app.shell.welcome


def test_the_first_start_shows_the_welcome_and_finish_sets_up_the_start_at_login(build, qtbot):
    from companion.ui.welcome import Page

    app = build()
    welcome = shown(app, qtbot)
    welcome.go(Page.LOGIN)
    assert welcome.autostart.isChecked()  # reminders only come while it runs: offered, not forced
    welcome.go(Page.HOW)
    welcome.finish.click()
    assert app.shell.login.enabled() and app.settings.get("autostart") is True
    assert app.shell.welcome is None and app.shell.main.isVisible()


def test_skip_changes_nothing_and_the_next_start_does_not_ask(build, qtbot, data_dir):
    from PySide6.QtWidgets import QApplication

    from companion.store.models import Setting

    first = build()
    before = [(row.key, row.value) for row in Setting.select().order_by(Setting.key)]
    shown(first, qtbot).skip.click()
    assert first.shell.login.calls == [] and first.settings.get("autostart") is False
    assert [(row.key, row.value) for row in Setting.select().order_by(Setting.key)] == before
    first.stop()
    again = build()
    QApplication.processEvents()  # the welcome would be queued right behind the start
    assert not again.runtime.first_start and again.shell.welcome is None


def test_a_start_that_is_not_the_tray_apps_first_shows_no_welcome(build, qtbot):
    from PySide6.QtWidgets import QApplication

    app = build(offer=False)  # the CLI, tests: no welcome even on a new data file
    QApplication.processEvents()
    assert app.shell.welcome is None
