"""Where the shipped resources (icons, later translations and templates) live."""

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
