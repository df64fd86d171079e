"""Is there a system tray to live in?"""

from __future__ import annotations

import os


def tray_available() -> bool:
    from PySide6.QtWidgets import QSystemTrayIcon

    if os.environ.get("COMPANION_NO_TRAY"):
        return False
    return QSystemTrayIcon.isSystemTrayAvailable()


def why_no_tray() -> str:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    desktop = os.environ.get("XDG_CURRENT_DESKTOP", "")
    if os.environ.get("COMPANION_NO_TRAY"):
        return "COMPANION_NO_TRAY is set"
    if platform == "offscreen":
        return "Qt runs offscreen, where there is no tray"
    if "GNOME" in desktop.upper():
        return "GNOME shows tray icons only with the AppIndicator extension"
    return "no system tray host is running on this desktop"
