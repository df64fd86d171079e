"""The password in a real keyring: GNOME Keyring's Secret Service on its own D-Bus session (what a Linux
desktop has), with the CLI in processes of its own, against the real PostgreSQL of the team tests.
Joining puts the password there and nowhere else; later commands read it from there; leaving takes it
away. Skipped where gnome-keyring is not installed (CI installs it: scripts/bootstrap.sh)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.team.conftest import NAMES, PASSWORDS

SCRIPT = r"""
set -e
mkdir -p "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf 'login-password' | gnome-keyring-daemon --unlock --components=secrets)"
run() { "$PY" -m companion --data-dir "$DATA" "$@"; }
printf '%s\n' "$TEAM_PASSWORD" | run team join "$TEAM_URL" --name "$TEAM_NAME" --password-stdin
echo "--- where"
"$PY" -c 'import keyring; print(keyring.get_keyring().name)'
echo "--- stored"
"$PY" -c 'import keyring, sys; print(keyring.get_password("Support Companion team", sys.argv[1]))' "$PLACE"
echo "--- status"
run team status --json
echo "--- doctor"
run doctor | grep '^team:'
echo "--- leave"
run team leave
"$PY" -c 'import keyring, sys; print(keyring.get_password("Support Companion team", sys.argv[1]))' "$PLACE"
"""


def test_join_keeps_the_password_in_the_secret_service_and_leave_takes_it_away(team, tmp_path):
    if not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")):
        if os.environ.get("CI"):
            pytest.fail("CI needs gnome-keyring and dbus-run-session for the real keyring test")
        pytest.skip("gnome-keyring is not installed")
    home = tmp_path / "home"
    data = tmp_path / "data"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "PYTHON_KEYRING"))},
           "HOME": str(home), "XDG_DATA_HOME": str(home / "share"), "XDG_RUNTIME_DIR": str(home / "run"),
           "PY": sys.executable, "DATA": str(data), "TEAM_URL": team.member_url("anna"),
           "TEAM_PASSWORD": PASSWORDS["anna"], "TEAM_NAME": NAMES["anna"], "COMPANION_LANG": "en",
           "PLACE": f"anna@127.0.0.1/{team.database}", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(["dbus-run-session", "--", "bash", "-c", SCRIPT], env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    parts = dict(chunk.split("\n", 1) for chunk in done.stdout.split("--- ")[1:])
    assert parts["where"].strip() == "SecretService Keyring"
    assert parts["stored"].strip() == PASSWORDS["anna"]
    status = json.loads(parts["status"])
    assert status["joined"] and status["reachable"], status
    assert "keyring: SecretService Keyring" in parts["doctor"] and PASSWORDS["anna"] not in done.stdout.split(
        "--- stored")[0] + parts["status"] + parts["doctor"]
    assert parts["leave"].strip().endswith("None")  # gone from the keyring
    for path in data.glob("companion.sqlite3*"):
        assert PASSWORDS["anna"].encode() not in path.read_bytes()
