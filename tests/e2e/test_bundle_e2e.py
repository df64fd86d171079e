"""The Linux one-folder bundle (build.spec, PyInstaller) works without Python or the checkout:
built from this checkout into a temporary folder, its executable answers `doctor` and
`reply list`, and started as the tray app it embeds its icon and delivers a due reminder to dunst.
The build takes about 20 s and 190 MB of disk; the bundle's size is printed for
docs/benchmarks.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.desktop import wait_until

ROOT = Path(__file__).resolve().parents[2]


def _size_mb(folder: Path) -> float:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux bundle is built on Linux")
    try:
        import PyInstaller  # noqa: F401 - only whether it is there
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("PyInstaller is not installed (pip install -e '.[test]')")
    work = tmp_path_factory.mktemp("bundle")
    built = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                            "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                            str(ROOT / "build.spec")], capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert built.returncode == 0, built.stderr[-3000:]
    folder = work / "dist" / "support-companion"
    print(f"\nLinux bundle: {_size_mb(folder):.0f} MB in {folder}")
    return folder / "support-companion", work


def test_the_bundle_runs_the_cli_and_the_tray_app_until_a_reminder_reaches_dunst(desktop, bundle, tmp_path):
    program, outside = bundle
    env = {"COMPANION_DATA_DIR": str(tmp_path / "data"), "TZ": "UTC", "COMPANION_LANG": "ru",
           "PYTHONPATH": "", "PYTHONHOME": ""}

    def run(*args: str) -> subprocess.CompletedProcess:
        result = desktop.run([str(program), *args], env=env, cwd=outside, timeout=120)
        assert result.returncode == 0, result.stderr
        return result

    run("settings", "set", "schedule", "mon-sun 00:00-24:00")
    run("settings", "set", "timezone", "UTC")
    run("doctor")
    replies = json.loads(run("reply", "list", "--json").stdout)
    assert any(r["id"] == "status-no-news" for r in replies)
    added = run("ticket", "add", "SUP-77", "--client", "Ольга", "--next-update=-5m")
    assert "SUP-77" in added.stdout

    desktop.clear_notifications()
    before = len(desktop.tray_icons())
    proc = desktop.spawn([str(program)], env=env, cwd=outside)
    try:
        desktop.wait_for_tray_icons(before + 1, timeout=30)
        note = desktop.wait_for_notification(lambda n: "SUP-77" in n["summary"], timeout=30)
        assert note["summary"].startswith("Пора написать клиенту: SUP-77")
        wait_until(lambda: proc.poll() is None, 1, "the app keeps running")
    finally:
        assert desktop.terminate(proc) in (0, -15, 143)
