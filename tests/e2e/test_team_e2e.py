"""Team mode end to end: Anna (a CLI in a process of her own) offers a ticket to Boris, whose real app
runs on the virtual desktop beside Anna's. The offer reaches dunst within seconds, a click on it opens
the reminder popup with the offer, Boris accepts there and the ticket moves: into his list, and out of
Anna's open ones by her own app, which tells her so.

Boris accepts in the popup, by keyboard (its window focused, Alt+A: the Accept button's mnemonic);
the list is read with his CLI while the app runs. The PostgreSQL server is tests/team's."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.e2e.desktop import wait_until
from tests.team import pgserver
from tests.team.conftest import NAMES, PASSWORDS, OtherProcess, make_team

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
NOTE = "клиент <важный> & ждёт звонка"


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    why = pgserver.available()
    if why:
        pytest.skip(why)
    server = pgserver.PgServer(tmp_path_factory.mktemp("pg-e2e"))
    server.init()
    server.start()
    yield server
    server.stop()


def agent(login: str, tmp_path: Path) -> OtherProcess:
    proc = OtherProcess(login, tmp_path / f"data-{login}", tmp_path / f"keyring-{login}.json")
    for name, value in (("timezone", "Europe/Moscow"), ("schedule", "mon-sun 00:00-24:00")):
        code, _out, err = proc("settings", "set", name, value)
        assert code == 0, err
    return proc


def app_env(agent: OtherProcess) -> dict[str, str]:
    """Only what the app needs laid over the desktop's environment (its display and D-Bus stay)."""
    return {"PYTHON_KEYRING_BACKEND": "tests.team.file_keyring.FileKeyring",
            "COMPANION_TEST_KEYRING": str(agent.keyring_file), "PYTHONPATH": str(ROOT), "COMPANION_LANG": "en"}


def popup_windows(desktop) -> list[str]:
    found = desktop.run(["xdotool", "search", "--onlyvisible", "--name", "Updates due"])
    return found.stdout.split() if found.returncode == 0 else []


def test_an_offer_reaches_the_colleagues_desktop_and_is_taken_into_the_list(desktop, pg, capsys, tmp_path):
    team = make_team(pg, capsys)
    anna, boris = agent("anna", tmp_path), agent("boris", tmp_path)
    anna.join(team)
    boris.join(team)  # the password goes to Boris's keyring file, which his app reads
    assert PASSWORDS["boris"] in boris.keyring_file.read_text()
    code, _out, err = anna("ticket", "add", "SUP-7", "--client", "Ромашка", "--subject", "VPN падает")
    assert code == 0, err

    desktop.clear_notifications()
    before = len(desktop.tray_icons())
    # Two apps on one desktop, each on its own data and keyring: Anna's hears the answer to her offer.
    anna_app = desktop.spawn([sys.executable, "-m", "companion", "--data-dir", str(anna.data), "run"],
                             env=app_env(anna))
    app = desktop.spawn([sys.executable, "-m", "companion", "--data-dir", str(boris.data), "run"],
                        env=app_env(boris))
    try:
        desktop.wait_for_tray_icons(before + 2, timeout=20)
        code, out, err = anna("ticket", "handoff", "SUP-7", "--to", NAMES["boris"], "--note", NOTE)
        assert code == 0, err

        # The notice, within seconds (LISTEN, or the first sync), on screen; a click opens the popup.
        wait_until(lambda: desktop.run(["dunstctl", "count", "displayed"]).stdout.strip() not in ("", "0"),
                   15, "the offer notice on screen")
        desktop.run(["dunstctl", "action", "0"])
        note = desktop.wait_for_notification(lambda n: "SUP-7" in n["summary"], timeout=5)
        assert note["summary"] == f"{NAMES['anna']} offers you ticket SUP-7"
        # The body is markup for the server: the colleague's note arrives escaped.
        assert "Ромашка" in note["body"] and "VPN падает" in note["body"]
        assert "клиент &lt;важный&gt; &amp; ждёт звонка" in note["body"]
        wait_until(lambda: popup_windows(desktop), 10, "the reminder popup after the click")
        ARTIFACTS.mkdir(exist_ok=True)
        desktop.screenshot(ARTIFACTS / "team-popup-offer.png")

        code, out, err = boris("team", "offers", "--json")
        assert code == 0, err
        offers = json.loads(out)["to_me"]
        assert [(o["ticket"], o["from"], o["note"]) for o in offers] == [("SUP-7", NAMES["anna"], NOTE)]
        # Accept in the popup, by keyboard: its window focused, Alt+A presses the Accept button.
        popup = popup_windows(desktop)[0]
        desktop.run(["xdotool", "windowfocus", "--sync", popup])
        desktop.run(["xdotool", "key", "--clearmodifiers", "alt+a"])
        def in_boris_list() -> bool:
            code, out, _err = boris("ticket", "list", "--json")
            return code == 0 and [t["key"] for t in json.loads(out)] == ["SUP-7"]

        wait_until(in_boris_list, 15, "SUP-7 in Boris's list")
        assert app.poll() is None  # the app took the change made beside it in its stride
        desktop.screenshot(ARTIFACTS / "team-popup-taken.png")

        # Anna's app hears the answer by itself: a notice, and her copy archived as handed off.
        answer = desktop.wait_for_notification(lambda n: "accepted SUP-7" in n["summary"], timeout=15)
        assert answer["summary"] == f"{NAMES['boris']} accepted SUP-7"
        assert "your copy is archived" in answer["body"]

        def archived_at_anna() -> bool:
            code, out, _err = anna("ticket", "list", "--view", "archived", "--json")
            return code == 0 and [t["key"] for t in json.loads(out)] == ["SUP-7"]

        wait_until(archived_at_anna, 15, "SUP-7 archived in Anna's list")
        assert json.loads(anna("ticket", "list", "--json")[1]) == []
        assert anna_app.poll() is None
    finally:
        assert desktop.terminate(app) in (0, -15, 143)
        assert desktop.terminate(anna_app) in (0, -15, 143)
