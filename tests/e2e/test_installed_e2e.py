"""What a pip or pipx user gets: the wheel built from this checkout, installed into a fresh virtual
environment outside it, works as a program: `companion doctor` passes, `companion reply list`
lists the shipped library, and the tray app started from the environment's own `companion`
script embeds its icon and delivers a due reminder to dunst in Russian.

The fresh environment borrows the already installed third-party packages (PySide6 and friends)
through a .pth line instead of downloading them again; the project itself comes only from the
wheel (the checkout's editable install is not visible there: .pth files of a borrowed folder
are not run, and every command runs from a folder outside the checkout)."""

from __future__ import annotations

import json
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.desktop import wait_until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("installed")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(work)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [wheel] = work.glob("*.whl")
    env_dir = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, timeout=120)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "borrowed-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    where = subprocess.run([str(python), "-c", "import companion; print(companion.__file__)"],
                           capture_output=True, text=True, cwd=work, check=True).stdout.strip()
    assert where.startswith(purelib) and not where.startswith(str(ROOT)), where
    return env_dir / "bin" / "companion", work


def smoke(desktop, program: Path, outside: Path, data: Path) -> None:
    """What a user does first with a program they installed: the CLI (doctor, the shipped replies,
    a ticket whose update is overdue), then the tray app until that reminder reaches dunst, in
    Russian. Shared with the bundle's test."""
    env = {"COMPANION_DATA_DIR": str(data), "TZ": "UTC", "COMPANION_LANG": "ru", "PYTHONPATH": ""}

    def run(*args: str) -> subprocess.CompletedProcess:
        result = desktop.run([str(program), *args], env=env, cwd=outside, timeout=120)
        assert result.returncode == 0, result.stderr
        return result

    run("settings", "set", "schedule", "mon-sun 00:00-24:00")
    run("settings", "set", "timezone", "UTC")
    run("doctor")
    replies = json.loads(run("reply", "list", "--json").stdout)
    assert len(replies) >= 20 and any(r["id"] == "status-no-news" for r in replies)
    run("ticket", "add", "SUP-1234", "--client", "ООО «Ромашка»", "--subject", "Не приходят письма",
        "--next-update=-10m")
    # Team mode's driver came along: libpq answers for a server that is not there (exit 1, one line).
    team = desktop.run([str(program), "team", "join", "postgresql://anna@127.0.0.1:1/team", "--name", "Анна"],
                       env=env, cwd=outside, timeout=120)
    assert team.returncode == 1, team.stderr
    assert "cannot reach the team server anna@127.0.0.1/team" in team.stderr and "refused" in team.stderr

    desktop.clear_notifications()
    before = len(desktop.tray_icons())
    proc = desktop.spawn([str(program)], env=env, cwd=outside)
    try:
        desktop.wait_for_tray_icons(before + 1, timeout=30)
        note = desktop.wait_for_notification(lambda n: "SUP-1234" in n["summary"], timeout=30)
        assert note["summary"].startswith("Пора написать клиенту: SUP-1234")
        assert "Не приходят письма" in note["body"] and "просрочено" in note["body"]
        wait_until(lambda: proc.poll() is None, 1, "the app keeps running")
    finally:
        assert desktop.terminate(proc) in (0, -15, 143)


def test_the_installed_program_passes_doctor_lists_replies_and_reminds_in_russian(desktop, installed, tmp_path):
    program, outside = installed
    smoke(desktop, program, outside, tmp_path / "data")
