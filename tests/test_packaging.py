"""A pip install has what a checkout has: the icons, the shipped replies and break kinds, and the
translations are package data (companion/assets), found by the installed code, not the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "companion" / "assets"


def test_the_wheel_ships_every_asset_and_the_installed_code_finds_them(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(tmp_path)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {path.relative_to(ROOT).as_posix() for path in ASSETS.rglob("*") if path.is_file()}
    assert wanted and wanted <= names, sorted(wanted - names)

    target = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                                str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    check = ("import companion.resources as r, companion.i18n as i\n"
             f"assert str(r.resources_dir()).startswith({str(target)!r}), r.resources_dir()\n"
             "for path in (r.icon_path(), r.replies_path(), r.breaks_path(),\n"
             "             i.translations_dir() / 'companion_ru.qm'):\n"
             "    assert path.is_file(), path\n")
    found = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                           capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
