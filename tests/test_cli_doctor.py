"""`companion doctor` fails loudly when shipped files are missing, and names the notification route
the app will really take: never the freedesktop server when it does not answer."""

import pytest

from companion import resources
from companion.cli import main
from companion.cli.doctor import notification_route
from companion.platform.notifications import FreedesktopBackend, NotificationError, PlyerBackend
from companion.store.db import close_database

SHIPPED = ["icons/companion.svg", "replies/library.json", "breaks/kinds.json", "translations/companion_ru.qm"]


@pytest.fixture
def run(tmp_path, capsys):
    def run_doctor():
        code = main(["--data-dir", str(tmp_path / "data"), "doctor"])
        close_database()
        out = capsys.readouterr()
        return code, out.out, out.err

    return run_doctor


def test_missing_shipped_files_are_named_in_one_line_and_the_exit_code_says_so(run, tmp_path, monkeypatch):
    empty = tmp_path / "assets"
    empty.mkdir()
    monkeypatch.setattr(resources, "resources_dir", lambda: empty)
    code, out, err = run()
    assert code != 0
    [line] = err.splitlines()
    assert line == f"companion: error: shipped files missing from {empty}: {', '.join(SHIPPED)}; reinstall the app"
    assert f"resources:      missing {', '.join(SHIPPED)} in {empty}" in out
    assert "breaks:" in out  # the rest of the report is still there


def test_one_missing_file_is_enough(run, tmp_path, monkeypatch):
    shipped = resources.resources_dir()
    partial = tmp_path / "assets"
    for name in SHIPPED[:-1]:
        (partial / name).parent.mkdir(parents=True)
        (partial / name).write_bytes((shipped / name).read_bytes())
    monkeypatch.setattr(resources, "resources_dir", lambda: partial)
    code, out, err = run()
    assert code != 0 and err.splitlines() == [
        f"companion: error: shipped files missing from {partial}: translations/companion_ru.qm; reinstall the app"]


def test_everything_shipped_is_found(run):
    code, out, err = run()
    assert code == 0 and err == "" and "resources:      all found in " in out


@pytest.fixture
def route(monkeypatch):
    """route(server=…, plyer=…, tray=…): doctor's notifications line on a desktop made to order;
    server is the probe's answer, an exception it raises, or None when there is no server."""
    def line(server=None, plyer=False, tray=False):
        def probe(self, timeout=3.0):
            if isinstance(server, Exception):
                raise server
            return server

        monkeypatch.setattr(FreedesktopBackend, "available", lambda self: server is not None)
        monkeypatch.setattr(FreedesktopBackend, "probe", probe)
        monkeypatch.setattr(PlyerBackend, "available", lambda self: plyer)
        return notification_route(tray)

    return line


def test_the_notifications_line_claims_freedesktop_only_when_the_server_answers(route):
    assert route("dunst 1.9.0", plyer=True) == "freedesktop D-Bus, dunst 1.9.0 (confirms, clickable)"
    dead = NotificationError("the notification server does not answer: ServiceUnknown")
    # notify-send would ask the same server: not offered either.
    assert route(dead, plyer=True, tray=True) == (
        "tray balloon (cannot confirm: the in-app popup follows each notice); "
        "the notification server does not answer: ServiceUnknown")
    assert route(dead).startswith("in-app popup only (no desktop notifications); the notification server")


def test_the_notifications_line_says_whether_the_way_can_confirm(route, monkeypatch):
    import sys

    assert route(plyer=False, tray=False) == "in-app popup only (no desktop notifications)"
    monkeypatch.setattr(sys, "platform", "linux")
    assert route(plyer=True) == "notify-send (confirms)"
    monkeypatch.setattr(sys, "platform", "win32")
    assert route(plyer=True) == "plyer's Windows balloon (confirms)"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert route(plyer=True) == "plyer (cannot confirm: the in-app popup follows each notice)"


def test_doctor_says_whether_replies_can_be_pasted_here(monkeypatch):
    from companion.cli.doctor import paste_back_line
    from companion.platform import paste

    real_detect = paste.detect
    monkeypatch.setattr(paste, "detect", lambda: paste.FakePasteBack())
    assert paste_back_line("Ctrl+Alt+R") == ("fake: hotkey Ctrl+Alt+R; Enter pastes into the window the palette "
                                             "was opened over")
    monkeypatch.setattr(paste, "detect", lambda: real_detect({"WAYLAND_DISPLAY": "wayland-0"}, "linux"))
    line = paste_back_line("")
    assert line.startswith("none: no hotkey") and "Wayland" in line and "copied for Ctrl+V" in line
