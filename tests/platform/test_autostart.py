"""Starting at login: the XDG entry for real in a temporary config folder, the Run key through a fake
registry, the LaunchAgent in a temporary home, and the command each install starts."""

from __future__ import annotations

import configparser
import os
import plistlib
import stat
import subprocess

import pytest

from companion.platform import autostart
from companion.platform.autostart import (AutostartError, FakeAutostart, MacAutostart, WindowsAutostart,
                                          XdgAutostart, exec_quote, start_command)

SPACED = ["/home/anna/My Apps/venv/bin/python", "-m", "companion"]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home of the test's own: nothing here may reach the real ~/.config or ~/Library."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def read_entry(path) -> configparser.SectionProxy:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    assert entry.read(path, encoding="utf-8")
    return entry["Desktop Entry"]


def exec_argv(value: str) -> list[str]:
    """Read the Exec key as the spec says a launcher does: the string escapes first, then arguments
    split at spaces, double quotes with `\\"`, `\\``, `\\$` and `\\\\` inside, `%%` for a percent."""
    text = value.replace("\\\\", "\0").replace("\\n", "\n").replace("\\t", "\t").replace("\0", "\\")
    args, current, quoted, started, chars = [], "", False, False, iter(text)
    for ch in chars:
        if quoted and ch == "\\":
            escaped = next(chars)
            assert escaped in '"`$\\', f"{escaped!r} may not be escaped"
            current += escaped
        elif ch == '"':
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if current or started:
                args.append(current)
            current, started = "", False
        else:
            assert quoted or ch not in "\\\"'`$;&|<>*?#()~\t\n", f"{ch!r} outside quotes"
            current += ch
    assert not quoted
    if current or started:
        args.append(current)
    return [arg.replace("%%", "%") for arg in args]


# -- Linux and the BSDs: for real, in a temporary XDG_CONFIG_HOME ----------------------------------
def test_xdg_entry_is_written_valid_private_and_removed(home):
    backend = autostart.detect("linux", os.environ)
    assert isinstance(backend, XdgAutostart)
    path = home / "config" / "autostart" / "support-companion.desktop"
    assert backend.describe() == str(path) and not backend.enabled()

    backend.enable(SPACED)
    assert backend.enabled()
    entry = read_entry(path)
    assert entry["Type"] == "Application" and entry["Name"] == "Support Companion"
    assert entry["X-GNOME-Autostart-enabled"] == "true" and entry["NoDisplay"] == "false"
    assert entry["Comment"] and entry["Icon"]
    assert exec_argv(entry["Exec"]) == SPACED
    assert entry["Exec"] == '"/home/anna/My Apps/venv/bin/python" -m companion'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(path.parent) == ["support-companion.desktop"]  # no temporary file left

    backend.disable()
    assert not path.exists() and not backend.enabled()
    backend.disable()  # already off: no error


def test_xdg_enable_twice_replaces_the_entry(home):
    backend = XdgAutostart(os.environ)
    backend.enable(["/usr/bin/old"])
    backend.enable(SPACED)
    assert exec_argv(read_entry(backend.path)["Exec"]) == SPACED


@pytest.mark.parametrize("argv", [
    ["/opt/a b/python", "-m", "companion"],
    ["/opt/it's/\"q\"/$HOME/`x`/back\\slash/100%/python"],
    ["/usr/bin/python3", ""],
    ["C:/tab\there", "new\nline"],
])
def test_exec_quoting_round_trips(argv):
    assert exec_argv(exec_quote(argv)) == argv


def test_exec_backslash_in_quotes_is_written_four_times():
    assert exec_quote(["/a b\\c"]) == '"/a b\\\\\\\\c"'


def test_xdg_respects_the_desktops_own_switch(home):
    backend = XdgAutostart(os.environ)
    backend.enable(SPACED)
    backend.path.write_text(backend.path.read_text().replace("X-GNOME-Autostart-enabled=true",
                                                             "X-GNOME-Autostart-enabled=false"))
    assert not backend.enabled()
    backend.path.write_text("not an ini file\n")
    assert not backend.enabled()


def test_xdg_config_home_falls_back_to_home(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": "relative/ignored"}
    assert XdgAutostart(env).path == tmp_path / ".config" / "autostart" / "support-companion.desktop"


def test_xdg_failure_is_one_line(home):
    (home / "config").write_text("a file where the folder should be")
    with pytest.raises(AutostartError, match="cannot write .*support-companion.desktop"):
        XdgAutostart(os.environ).enable(SPACED)


# -- Windows: the Run key through a fake registry -------------------------------------------------
class FakeRegistry:
    def __init__(self, fail: bool = False):
        self.values: dict[str, str] = {}
        self.fail = fail

    def read(self, name):
        return self.values.get(name)

    def write(self, name, value):
        if self.fail:
            raise PermissionError(13, "Access is denied")
        self.values[name] = value

    def delete(self, name):
        if self.fail:
            raise PermissionError(13, "Access is denied")
        self.values.pop(name, None)


def test_windows_run_value_is_a_quoted_command_line():
    registry = FakeRegistry()
    backend = WindowsAutostart(registry)
    assert not backend.enabled()
    argv = [r"C:\Users\Anna Petrova\pipx\venvs\support-companion\Scripts\pythonw.exe", "-m", "companion"]
    backend.enable(argv)
    assert registry.values == {"SupportCompanion": subprocess.list2cmdline(argv)}
    assert registry.values["SupportCompanion"].startswith('"C:\\Users\\Anna Petrova\\')
    assert backend.enabled()
    assert backend.describe() == r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run\SupportCompanion"
    backend.disable()
    assert registry.values == {} and not backend.enabled()


def test_windows_refusal_is_an_autostart_error():
    with pytest.raises(AutostartError, match="Access is denied"):
        WindowsAutostart(FakeRegistry(fail=True)).enable(["app.exe"])


def test_detect_picks_windows_without_importing_winreg():
    assert isinstance(autostart.detect("win32", {}), WindowsAutostart)


# -- macOS: a LaunchAgent in a temporary home -----------------------------------------------------
def test_launch_agent_round_trip(home):
    backend = autostart.detect("darwin", os.environ)
    assert isinstance(backend, MacAutostart)
    path = home / "home" / "Library" / "LaunchAgents" / "io.github.supportcompanion.plist"
    assert backend.describe() == str(path) and not backend.enabled()
    backend.enable(SPACED)
    agent = plistlib.loads(path.read_bytes())
    assert agent == {"Label": "io.github.supportcompanion", "ProgramArguments": SPACED, "RunAtLoad": True,
                     "ProcessType": "Interactive"}
    assert backend.enabled()
    backend.disable()
    assert not path.exists() and not backend.enabled()


# -- the command that starts the app --------------------------------------------------------------
def test_a_bundle_starts_itself():
    assert start_command(frozen=True, executable="/opt/SupportCompanion/SupportCompanion") == [
        "/opt/SupportCompanion/SupportCompanion"]


def test_a_venv_runs_the_package_with_its_own_python():
    python = "/home/anna/.local/pipx/venvs/support-companion/bin/python"
    assert start_command(frozen=False, executable=python, platform="linux") == [python, "-m", "companion"]


def test_windows_prefers_pythonw_beside_python(tmp_path):
    scripts = tmp_path / "Scripts"
    scripts.mkdir()
    (scripts / "python.exe").write_bytes(b"")
    python = str(scripts / "python.exe")
    assert start_command(frozen=False, executable=python, platform="win32") == [python, "-m", "companion"]
    (scripts / "pythonw.exe").write_bytes(b"")
    assert start_command(frozen=False, executable=python, platform="win32") == [
        str(scripts / "pythonw.exe"), "-m", "companion"]


# -- applying the setting, and the line for doctor ------------------------------------------------
def test_apply_and_state_through_the_fake():
    fake = FakeAutostart(where="/x/support-companion.desktop")
    assert autostart.state(fake) == "off"
    autostart.apply(True, fake)
    assert fake.command == start_command() and autostart.state(fake) == "on (/x/support-companion.desktop)"
    autostart.apply(False, fake)
    assert fake.command is None and fake.calls == [True, False]
