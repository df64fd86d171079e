"""Where the shipped resources (icons, the reply library, break kinds, later translations) live."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def icon_path(name: str = "companion.svg") -> Path:
    return resources_dir() / "icons" / name


def replies_path() -> Path:
    return resources_dir() / "replies" / "library.json"


def breaks_path() -> Path:
    """The shipped break kinds and their suggestions (read once per data file, see BreakLibrary.seed)."""
    return resources_dir() / "breaks" / "kinds.json"
