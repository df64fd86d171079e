"""Settings → General → "Start Support Companion when I log in": saved with the rest, made so in the
OS only when it changed, and a refusal is said in a message box with nothing saved."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from companion.platform.autostart import FakeAutostart, start_command
from companion.ui.settings_dialog import SettingsDialog


def open_dialog(qtbot, settings, login):
    dialog = SettingsDialog(settings, login=login)
    qtbot.addWidget(dialog)
    return dialog


def test_ticking_the_box_starts_at_login(qtbot, settings):
    login = FakeAutostart()
    dialog = open_dialog(qtbot, settings, login)
    assert not dialog.autostart.isChecked()
    dialog.autostart.setChecked(True)
    dialog.save()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert settings.get("autostart") is True and login.command == start_command()

    again = open_dialog(qtbot, settings, login)
    assert again.autostart.isChecked()
    again.save()  # unchanged: the OS is left alone
    assert login.calls == [True]
    again.autostart.setChecked(False)
    again.save()
    assert settings.get("autostart") is False and login.command is None


def test_a_refusal_is_shown_and_nothing_is_saved(qtbot, settings, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    login = FakeAutostart(error="cannot write /ro/support-companion.desktop: Read-only file system")
    dialog = open_dialog(qtbot, settings, login)
    dialog.agent.setText("Анна")
    dialog.autostart.setChecked(True)
    dialog.save()
    [(title, text)] = shown
    assert title == "Start at login" and "Read-only file system" in text and "nothing was saved" in text
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert settings.get("autostart") is False and settings.get("agent_name") == ""


def test_a_bad_value_elsewhere_switches_nothing(qtbot, settings):
    login = FakeAutostart()
    dialog = open_dialog(qtbot, settings, login)
    dialog.autostart.setChecked(True)
    dialog.timezone.setCurrentText("Mars/Olympus")
    dialog.save()  # found invalid before anything is switched
    assert login.calls == [] and settings.get("autostart") is False


def test_a_failed_write_puts_the_os_back(qtbot, settings, monkeypatch):
    from companion.core.settings import SettingError

    def refuse(values):
        raise SettingError("the data file said no")

    login = FakeAutostart()
    dialog = open_dialog(qtbot, settings, login)
    dialog.autostart.setChecked(True)
    monkeypatch.setattr(settings, "set_many", refuse)
    dialog.save()
    assert login.calls == [True, False] and login.command is None
    assert dialog.error.text() == "The data file said no"
