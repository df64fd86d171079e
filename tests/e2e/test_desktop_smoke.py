"""Smoke tests for the e2e desktop fixture itself.

They pin down how the real pieces behave (what dunst records, that a Qt
tray icon really embeds in trayer), so app-level e2e tests can rely on it.
"""

from __future__ import annotations

import os
import stat
import struct
import sys
import textwrap

import pytest

from tests.e2e.desktop import MissingBinaries, check_binaries, wait_until

SUMMARY = "Иван <ivan@example.com> & Co"
BODY = "a <b>bold</b> &amp; text"

TRAY_PROGRAM = textwrap.dedent(
    """
    import sys

    from PySide6.QtGui import QColor, QIcon, QPixmap
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    app = QApplication(sys.argv)
    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor("darkorange"))
    icon = QSystemTrayIcon(QIcon(pixmap))
    icon.show()
    print(QSystemTrayIcon.isSystemTrayAvailable(), flush=True)
    sys.exit(app.exec())  # runs until the test kills us
    """
)


def test_env_points_at_the_private_session(desktop):
    env = desktop.env
    assert env["DISPLAY"] == desktop.display
    assert env["QT_QPA_PLATFORM"] == "xcb"
    assert "WAYLAND_DISPLAY" not in env
    runtime = env["XDG_RUNTIME_DIR"]
    assert runtime.startswith(str(desktop.tmpdir))
    assert stat.S_IMODE(os.stat(runtime).st_mode) == 0o700
    assert env["DBUS_SESSION_BUS_ADDRESS"].startswith(f"unix:path={runtime}/bus")

    geometry = desktop.run(["xdotool", "getdisplaygeometry"])
    assert geometry.stdout.split() == ["1280", "800"]
    names = desktop.run([
        "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames",
    ])
    assert '"org.freedesktop.Notifications"' in names.stdout


def test_notify_send_markup_as_dunst_records_it(desktop, require_tools):
    require_tools("notify-send")
    desktop.clear_notifications()

    sent = desktop.run(["notify-send", "--app-name=e2e-markup", SUMMARY, BODY])
    assert sent.returncode == 0, sent.stderr

    note = desktop.wait_for_notification(lambda n: n["appname"] == "e2e-markup")
    # dunst stores summary and body exactly as the client sent them:
    # no escaping, no stripping.
    assert note["summary"] == SUMMARY
    assert note["body"] == BODY
    # The rendered text (format "<b>%s</b>\n%b"): the summary is always
    # escaped as plain text, the body is passed through as Pango markup
    # because markup = full.
    assert note["message"] == (
        "<b>Иван &lt;ivan@example.com&gt; &amp; Co</b>\n" "a <b>bold</b> &amp; text"
    )


def test_notifications_are_newest_first_and_clearable(desktop, require_tools):
    require_tools("notify-send")
    desktop.clear_notifications()
    for summary in ("first", "second"):
        desktop.run(["notify-send", "--app-name=e2e-order", summary, ""], check=True)

    desktop.wait_for_notification(lambda n: n["summary"] == "second")
    ours = [n["summary"] for n in desktop.notifications() if n["appname"] == "e2e-order"]
    assert ours == ["second", "first"]

    desktop.clear_notifications()
    assert desktop.notifications() == []
    with pytest.raises(AssertionError, match="no notification matched"):
        desktop.wait_for_notification(lambda n: n["appname"] == "e2e-order", timeout=0.3)


def test_qt_tray_icon_embeds_in_trayer(desktop, tmp_path):
    before = len(desktop.tray_icons())
    script = tmp_path / "tray_probe.py"
    script.write_text(TRAY_PROGRAM)
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"

    with open(out, "w") as stdout, open(err, "w") as stderr:
        proc = desktop.spawn([sys.executable, str(script)], stdout=stdout, stderr=stderr)
    try:
        printed = wait_until(lambda: out.read_text().strip() or proc.poll() is not None,
                             timeout=15, what="the tray probe to report")
        assert printed == "True", f"probe printed {out.read_text()!r}, stderr: {err.read_text()!r}"

        icons = desktop.wait_for_tray_icons(before + 1)
        assert len(icons) == before + 1
        # Qt names the X window after the program, which tells us whose icon it is.
        assert any(icon.wm_class == ("tray_probe.py", "tray_probe.py") for icon in icons), icons
        # Nothing from Qt on stderr: no xcb or D-Bus complaints.
        assert err.read_text() == ""
    finally:
        desktop.terminate(proc)

    # trayer drops the socket once the client window is gone.
    wait_until(lambda: len(desktop.tray_icons()) == before, timeout=10,
               what="the tray icon to disappear")


def test_screenshot_is_a_full_screen_png(desktop, tmp_path, require_tools):
    require_tools("import")
    shot = desktop.screenshot(tmp_path / "screen.png")
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1280, 800)


def test_missing_binaries_name_their_debian_packages(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory
    with pytest.raises(MissingBinaries) as info:
        check_binaries()
    message = str(info.value)
    for package in ("xvfb", "dunst", "trayer", "xdotool", "dbus-x11"):
        assert package in message


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [("true", pytest.fail.Exception), ("1", pytest.fail.Exception),
     (None, pytest.skip.Exception), ("", pytest.skip.Exception), ("false", pytest.skip.Exception)],
)
def test_missing_tools_fail_on_ci_and_skip_elsewhere(monkeypatch, tmp_path, require_tools,
                                                     ci, outcome):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(outcome, match="apt-get install trayer"):
        require_tools("trayer")
