"""Settings → Team: joining from the dialog (no server here: a wrong address is refused in words), and
once in a team, the server's state and the colleagues' load. Join and Leave act at once, without Save."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox

from companion.ui.settings import SettingsDialog
from companion.ui.settings.base import TABS
from tests.ui.test_handoff_dialog import BOARD, join_offline


@pytest.fixture
def app(make_app):
    app = make_app()
    app.settings.set("agent_name", "Anna")
    yield app
    app.runtime.team.stop()


def dialog_for(app):
    return SettingsDialog(app.settings, team=app.runtime.team)


def test_outside_a_team_the_page_asks_for_the_address_password_and_name(app):
    dialog = dialog_for(app)
    assert dialog.team_pages.currentIndex() == 0
    assert dialog.team_url.placeholderText() == "postgresql://login@server:5432/team"
    assert dialog.team_password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.team_name.text() == "Anna"
    dialog.join_team()  # no address
    assert dialog.join_error.text() == "Enter the team server's address."


def test_a_join_that_fails_says_why_in_one_line_and_keeps_nothing(app, qtbot):
    dialog = dialog_for(app)
    dialog.team_url.setText("mysql://anna@server/team")
    dialog.team_password.setText("secret")
    with qtbot.waitSignal(app.runtime.team.join_done, timeout=10_000) as blocker:
        dialog.join_button.click()
        assert not dialog.join_button.isEnabled() and dialog.join_button.text() == "Joining…"
    assert blocker.args[0] is False
    assert not dialog.join_error.isHidden() and dialog.join_error.text() and "\n" not in dialog.join_error.text()
    assert dialog.join_button.isEnabled() and dialog.team_password.text() == "secret"
    assert app.settings.get("team_url") == ""
    assert "secret" not in repr(app.settings.get("team_cache"))


def test_in_a_team_the_page_shows_the_server_and_the_colleagues(app, qtbot):
    join_offline(app)
    dialog = dialog_for(app)
    dialog.tabs.setCurrentIndex(TABS.index("team"))
    assert dialog.team_pages.currentIndex() == 1
    assert "anna@127.0.0.1" in dialog.team_place.text()
    assert dialog.team_status.text() == "connecting…"
    assert dialog.team_role.text() == "agent" and dialog.team_pending.text() == "nothing"
    names = [dialog.board.item(r, 0).text() for r in range(dialog.board.rowCount())]
    assert names == ["Борис Смирнов", "Олег Ким", "Лена Орлова"]
    assert dialog.board.item(0, 1).text() == "on shift"
    assert dialog.board.item(0, 2).text().startswith("3/25 ticket")
    assert len(BOARD) - 1 == dialog.board.rowCount()

    # The server goes away: the page follows without reopening.
    app.runtime.team._set(reachable=False, error="connection refused")
    app.runtime.team.changed.emit()
    assert dialog.team_status.text().startswith("away — your list works as usual")
    assert dialog.team_error.text() == "The server's answer: connection refused"

    dialog.resize(720, 620)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.tabs.currentWidget()
    qtbot.waitUntil(lambda: not area.verticalScrollBar().isVisible())  # it all fits: nothing to scroll
    out = Path("test-artifacts")
    out.mkdir(exist_ok=True)
    dialog.grab().save(str(out / "team-settings.png"))
    dialog.close()


def test_leaving_asks_first_and_then_acts_at_once(app, qtbot, monkeypatch):
    join_offline(app)
    dialog = dialog_for(app)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    dialog.leave_team()
    assert app.settings.get("team_url") != ""
    with qtbot.waitSignal(app.runtime.team.join_done, timeout=10_000):
        dialog.leave_team()
    assert app.settings.get("team_url") == ""
    qtbot.waitUntil(lambda: dialog.team_pages.currentIndex() == 0)


def test_the_page_says_whether_the_connection_is_encrypted(app, qtbot):
    from companion.ui.settings_dialog import SettingsDialog

    team = app.runtime.team
    dialog = SettingsDialog(app.settings, team=team)
    qtbot.addWidget(dialog)
    cases = (("postgresql://anna@127.0.0.1:5432/team", "", "not encrypted (this computer)", False),
             ("postgresql://anna@db.example.com/team", "", "not encrypted: ask your lead", True),
             ("postgresql://anna@db.example.com/team?sslmode=require", "TLSv1.3", "encrypted (TLSv1.3)", False))
    for url, tls, text, warned in cases:
        app.settings.set("team_url", url)
        team._set(reachable=True, tls=tls)
        team.changed.emit()
        assert dialog.team_tls.text().startswith(text)
        assert ("color" in dialog.team_tls.styleSheet()) is warned
    app.settings.set("team_url", "")
