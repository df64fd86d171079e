"""The real app on a real X server: tray icon embedded in trayer, reminders reaching dunst."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.e2e.desktop import wait_until

CLIENT = "Иван <ivan@example.com> & Co"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def app_env(desktop, tmp_path):
    data = tmp_path / "data"
    env = {"COMPANION_DATA_DIR": str(data), "TZ": "UTC"}

    def cli(*args: str):
        result = desktop.run([sys.executable, "-m", "companion", *args], env=env)
        assert result.returncode == 0, result.stderr
        return result

    cli("settings", "set", "schedule", "mon-sun 00:00-24:00")
    cli("settings", "set", "timezone", "UTC")
    desktop.clear_notifications()
    return env, cli


def start_app(desktop, env):
    before = len(desktop.tray_icons())
    proc = desktop.spawn([sys.executable, "-m", "companion"], env=env)
    desktop.wait_for_tray_icons(before + 1, timeout=20)
    return proc


def test_tray_icon_embeds_and_a_due_reminder_reaches_dunst_escaped(desktop, app_env):
    env, cli = app_env
    cli("ticket", "add", "SUP-1", "--client", CLIENT, "--subject", "Printer <b>eats</b> paper & toner",
        "--next-update=-20m")
    proc = start_app(desktop, env)
    try:
        note = desktop.wait_for_notification(lambda n: "SUP-1" in n["summary"], timeout=20)
        # The title is plain text for the server; the body is markup, so client text is escaped.
        assert CLIENT in note["summary"]
        assert "Printer &lt;b&gt;eats&lt;/b&gt; paper &amp; toner" in note["body"]
        assert "20 min late" in note["body"]
        ARTIFACTS.mkdir(exist_ok=True)
        desktop.screenshot(ARTIFACTS / "e2e-tray-and-notification.png")

        # A second start raises the running app and exits 0.
        second = desktop.run([sys.executable, "-m", "companion"], env=env, timeout=30)
        assert second.returncode == 0 and "already running" in second.stdout

        # A ticket added by the CLI while the app runs is planned within 2 s: due now, it fires.
        desktop.clear_notifications()
        cli("ticket", "add", "SUP-2", "--client", "Olga", "--subject", "VPN", "--next-update=-1m")
        note = desktop.wait_for_notification(lambda n: "SUP-2" in n["summary"], timeout=4)
        assert "Olga" in note["summary"]
        # Nothing is announced twice.
        wait_until(lambda: proc.poll() is None, 1, "the app keeps running")
        assert [n for n in desktop.notifications() if "SUP-1" in n["summary"]] == []
    finally:
        assert desktop.terminate(proc) in (0, -15, 143)


def test_clicking_the_tray_icon_opens_the_reminder_popup(desktop, app_env):
    env, cli = app_env
    cli("ticket", "add", "SUP-7", "--client", "Olga", "--subject", "VPN", "--next-update=-5m")
    proc = start_app(desktop, env)
    try:
        icon = desktop.tray_icons()[-1]
        desktop.run(["xdotool", "mousemove", "--window", str(icon.id), "5", "5", "click", "1"])

        def popup():
            found = desktop.run(["xdotool", "search", "--onlyvisible", "--name", "Updates due"])
            return found.stdout.split() if found.returncode == 0 else None

        wait_until(popup, 10, "the reminder popup")
        ARTIFACTS.mkdir(exist_ok=True)
        desktop.screenshot(ARTIFACTS / "e2e-reminder-popup.png")
    finally:
        desktop.terminate(proc)


def test_clicking_the_notification_opens_the_reminder_popup(desktop, app_env):
    env, cli = app_env
    cli("ticket", "add", "SUP-8", "--client", "Мария", "--subject", "Счёт", "--next-update=-2m")
    proc = start_app(desktop, env)
    try:
        wait_until(lambda: desktop.run(["dunstctl", "count", "displayed"]).stdout.strip() not in ("", "0"),
                   10, "the reminder on screen")
        desktop.run(["dunstctl", "action", "0"])  # what a click on the notification does

        def popup():
            found = desktop.run(["xdotool", "search", "--onlyvisible", "--name", "Updates due"])
            return found.stdout.split() if found.returncode == 0 else None

        wait_until(popup, 10, "the reminder popup after the click")
    finally:
        desktop.terminate(proc)
