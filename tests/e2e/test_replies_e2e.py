"""Replies on a real X server: copied from the tray menu, read back from the X clipboard with xclip."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.desktop import wait_until
from tests.e2e.test_app_e2e import start_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CLIENT = "Ирина <b>Петрова</b> & сын"  # a person, greeted by the whole name; markup stays text


def clipboard(desktop, target: str = "UTF8_STRING") -> str | None:
    result = desktop.run(["xclip", "-o", "-selection", "clipboard", "-t", target], timeout=10)
    return result.stdout if result.returncode == 0 else None


def test_a_reply_copied_from_the_tray_menu_reaches_the_x_clipboard(desktop, tmp_path):
    env = {"COMPANION_DATA_DIR": str(tmp_path / "data"), "TZ": "UTC", "LANG": "C.UTF-8"}

    def cli(*args: str) -> str:
        result = desktop.run([sys.executable, "-m", "companion", *args], env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    cli("settings", "set", "schedule", "mon-sun 00:00-24:00")
    cli("settings", "set", "timezone", "UTC")
    cli("settings", "set", "reply_language", "ru")
    cli("settings", "set", "agent_name", "Анна")
    # Due now, so it is the ticket in context for the tray menu.
    cli("ticket", "add", "SUP-5", "--client", CLIENT, "--subject", "Не приходят письма", "--every", "4h",
        "--next-update=-5m")
    expected = cli("reply", "render", "ack-received", "--ticket", "SUP-5")[:-1]
    assert f", {CLIENT}!" in expected and "{" not in expected  # "Добрый день" or the hour's greeting
    # xclip stays behind to serve the selection: it must not hold our output pipes.
    desktop.run(["xclip", "-selection", "clipboard", "-i"], input="before",
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop.clear_notifications()

    proc = start_app(desktop, env)
    try:
        icon = desktop.tray_icons()[-1]
        desktop.run(["xdotool", "mousemove", "--window", str(icon.id), "5", "5", "click", "3"])

        def menu_open() -> bool:
            found = desktop.run(["xdotool", "search", "--onlyvisible", "--class", "companion"])
            return found.returncode == 0 and len(found.stdout.split()) >= 1

        wait_until(menu_open, 10, "the tray menu")
        # Updates due…, Open tickets, New ticket…, Replies ▸ → the first entry of Replies is the
        # first favourite ("Получили обращение"; the header above it is disabled).
        for key in ("Down", "Down", "Down", "Down", "Right"):
            desktop.run(["xdotool", "key", "--delay", "80", key])
        wait_until(lambda: len(desktop.run(["xdotool", "search", "--onlyvisible", "--class", "companion"])
                               .stdout.split()) >= 2, 10, "the Replies submenu")
        ARTIFACTS.mkdir(exist_ok=True)
        desktop.screenshot(ARTIFACTS / "e2e-replies-menu.png")
        desktop.run(["xdotool", "key", "Return"])

        wait_until(lambda: clipboard(desktop) == expected, 10,
                   "the filled reply on the X clipboard", )
        rich = clipboard(desktop, "text/html")
        assert rich is not None and "Ирина &lt;b&gt;Петрова&lt;/b&gt; &amp; сын" in rich
        desktop.screenshot(ARTIFACTS / "e2e-replies-copied.png")
        # The use was counted: the reply now shows as used in the library.
        listed = cli("reply", "list", "--json")
        assert '"use_count": 1' in listed
    finally:
        desktop.terminate(proc)
    # The clipboard belonged to the app; the CLI can still copy through a tool that stays behind.
    cli("reply", "copy", "status-no-news", "--ticket", "SUP-5")
    wait_until(lambda: "SUP-5" in (clipboard(desktop) or "") or "Ирина" in (clipboard(desktop) or ""), 10,
               "the CLI copy on the X clipboard")
