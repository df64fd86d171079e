"""Where the shipped resources live: icons, the reply library, break kinds and translations, as
package data in companion/assets (so a wheel, a pipx install and a PyInstaller bundle have them)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / "companion" / "assets"
    return Path(__file__).resolve().parent / "assets"


def icon_path(name: str = "companion.svg") -> Path:
    return resources_dir() / "icons" / name


def replies_path() -> Path:
    return resources_dir() / "replies" / "library.json"


def breaks_path() -> Path:
    """The shipped break kinds and their suggestions (read once per data file, see BreakLibrary.seed)."""
    return resources_dir() / "breaks" / "kinds.json"
