"""The tray app's very first start asks once whether to start at login; a later start, or a data
file the CLI made first, does not ask; "No" changes nothing."""

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

    def make():
        app = CompanionApp(data_dir, clock=clock, backends=[backend], use_tray=False, idle=FakeIdle(idle=None),
                           fullscreen=FakeFullscreen(active=False), offer_autostart=True)
        app.shell.login = FakeAutostart()
        built.append(app)
        app.start()
        return app

    yield make
    for app in built:
        app.stop()
        app.close_windows()
        if app.shell.autostart_offer is not None:
            app.shell.autostart_offer.close()
    close_database()


def test_the_first_start_asks_and_yes_sets_up_the_start_at_login(build, qtbot):
    from PySide6.QtWidgets import QMessageBox

    app = build()
    qtbot.waitUntil(lambda: app.shell.autostart_offer is not None and app.shell.autostart_offer.isVisible())
    box = app.shell.autostart_offer
    assert isinstance(box, QMessageBox) and "log in" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert app.shell.login.enabled() and app.settings.get("autostart") is True


def test_no_changes_nothing_and_the_next_start_does_not_ask(build, qtbot, data_dir):
    from PySide6.QtWidgets import QMessageBox

    first = build()
    qtbot.waitUntil(lambda: first.shell.autostart_offer is not None and first.shell.autostart_offer.isVisible())
    first.shell.autostart_offer.button(QMessageBox.StandardButton.No).click()
    assert first.shell.login.calls == [] and first.settings.get("autostart") is False
    first.stop()
    again = build()
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # the offer would be queued right behind the start
    assert not again.runtime.first_start and again.shell.autostart_offer is None
