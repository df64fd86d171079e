"""`companion settings set autostart on|off` makes the OS do it at once (for real, in a temporary
XDG_CONFIG_HOME), `doctor` shows what the OS will do, and a refusal leaves the setting as it was."""

from __future__ import annotations

import configparser

import pytest

from companion.cli import main
from companion.platform import autostart
from companion.store.db import close_database


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(autostart, "detect", lambda: autostart.XdgAutostart())  # this OS or not
    data = tmp_path / "data"

    def run(*args):
        code = main(["--data-dir", str(data), *args])
        close_database()
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def entry_path(tmp_path):
    return tmp_path / "config" / "autostart" / "support-companion.desktop"


def test_on_writes_the_entry_and_off_removes_it(cli, tmp_path):
    path = entry_path(tmp_path)
    code, out, err = cli("settings", "set", "autostart", "on")
    assert code == 0, err
    assert out.splitlines() == ["autostart = true", f"start at login: on ({path})"]
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(path, encoding="utf-8")
    assert entry["Desktop Entry"]["Exec"].endswith(" -m companion")
    assert cli("settings", "get", "autostart")[1].strip() == "true"

    code, out, err = cli("settings", "set", "autostart", "off")
    assert code == 0, err
    assert out.splitlines() == ["autostart = false", "start at login: off"]
    assert not path.exists()
    assert cli("settings", "get", "autostart")[1].strip() == "false"


def test_doctor_says_what_the_os_will_do(cli, tmp_path):
    assert "autostart:      off\n" in cli("doctor")[1]
    cli("settings", "set", "autostart", "yes")
    assert f"autostart:      on ({entry_path(tmp_path)})\n" in cli("doctor")[1]


def test_a_refusal_is_one_line_and_keeps_the_setting(cli, monkeypatch):
    refusing = autostart.FakeAutostart(error="cannot write /ro/support-companion.desktop: Read-only file system")
    monkeypatch.setattr(autostart, "detect", lambda: refusing)
    code, out, err = cli("settings", "set", "autostart", "on")
    assert code == 1 and out == ""
    assert err == ("companion: error: cannot switch starting at login: "
                   "cannot write /ro/support-companion.desktop: Read-only file system\n")
    assert cli("settings", "get", "autostart")[1].strip() == "false"


def test_a_bad_value_touches_nothing(cli, tmp_path):
    code, _out, err = cli("settings", "set", "autostart", "sometimes")
    assert code == 2 and "not yes or no" in err
    assert not entry_path(tmp_path).parent.exists()
