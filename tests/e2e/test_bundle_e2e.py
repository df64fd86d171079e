"""The Linux one-folder bundle (build.spec, PyInstaller) works without Python or the checkout:
built from this checkout into a temporary folder, its executable answers `doctor` and
`reply list`, and started as the tray app it embeds its icon and delivers a due reminder to dunst.
The build takes about 20 s and 190 MB of disk; the bundle's size is printed for
docs/benchmarks.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_installed_e2e import smoke

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
    smoke(desktop, program, outside, tmp_path / "data")
