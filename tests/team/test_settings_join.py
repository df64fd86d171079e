"""Settings → Team against a real team server: joining from the page (the password goes to the
keyring, never to the settings), the page following the link to "connected", and leaving."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from companion.core.settings import Settings
from companion.core.tickets import TicketService
from companion.platform.secrets import FakeSecrets
from companion.runtime.team import TeamLink
from tests.team.conftest import NAMES, PASSWORDS


@pytest.fixture
def link(database, schedule, qtbot):
    from companion.core.clock import SystemClock

    settings = Settings()
    settings.set("schedule", "mon-sun 00:00-24:00")
    settings.set("agent_name", "Boris")
    team_link = TeamLink(TicketService(SystemClock(), schedule), settings, FakeSecrets(), poll_s=30)
    yield team_link
    team_link.stop()


def test_joining_and_leaving_from_the_settings_page(team, link, qtbot, monkeypatch):
    from companion.ui.settings import SettingsDialog

    dialog = SettingsDialog(link.settings, team=link)
    assert dialog.team_pages.currentIndex() == 0 and dialog.team_name.text() == "Boris"
    dialog.team_url.setText(team.member_url("boris"))
    dialog.team_password.setText("wrong password")
    with qtbot.waitSignal(link.join_done, timeout=20000) as refused:
        dialog.join_button.click()
    assert refused.args[0] is False and dialog.join_error.text() and "\n" not in dialog.join_error.text()
    assert dialog.team_pages.currentIndex() == 0 and link.settings.get("team_url") == ""

    dialog.team_password.setText(PASSWORDS["boris"])
    dialog.team_name.setText(NAMES["boris"])
    with qtbot.waitSignal(link.join_done, timeout=20000) as joined:
        dialog.join_button.click()
    assert joined.args[0] is True, joined.args
    assert dialog.team_pages.currentIndex() == 1
    assert dialog.team_password.text() == ""
    assert PASSWORDS["boris"] not in repr(link.settings.get("team_url"))
    assert link.secrets.get(link.state().place) == PASSWORDS["boris"]
    assert dialog.agent.text() == NAMES["boris"]  # Save keeps the name the join set
    qtbot.waitUntil(lambda: dialog.team_status.text().startswith("connected"), timeout=20000)
    assert "boris@" in dialog.team_place.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(link.join_done, timeout=20000):
        dialog.leave_team()
    qtbot.waitUntil(lambda: dialog.team_pages.currentIndex() == 0)
    assert link.settings.get("team_url") == ""
