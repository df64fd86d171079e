"""The clipboard: a reply goes in as plain text and as HTML, so rich editors (mail, Jira, Slack)
keep paragraphs while plain chat boxes get clean text.

`QtClipboard` serves the running app. A process that exits straight after copying (the CLI) cannot
use it on X11 or Wayland, where the clipboard lives only as long as its owner: `copy_detached`
hands the text to a helper that stays behind (wl-copy, xclip, xsel, pbcopy).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Protocol


class Clipboard(Protocol):
    def copy(self, text: str, html: str = "") -> None: ...

    def text(self) -> str: ...


class QtClipboard:
    def copy(self, text: str, html: str = "") -> None:
        from PySide6.QtCore import QMimeData
        from PySide6.QtGui import QGuiApplication

        data = QMimeData()
        data.setText(text)
        if html:
            data.setHtml(html)
        QGuiApplication.clipboard().setMimeData(data)

    def text(self) -> str:
        from PySide6.QtGui import QGuiApplication

        return QGuiApplication.clipboard().text()


class FakeClipboard:
    """Remembers what was copied (tests)."""

    def __init__(self) -> None:
        self.copies: list[tuple[str, str]] = []

    def copy(self, text: str, html: str = "") -> None:
        self.copies.append((text, html))

    def text(self) -> str:
        return self.copies[-1][0] if self.copies else ""


class ClipboardError(RuntimeError):
    pass


def _detached_commands() -> list[list[str]]:
    if sys.platform == "darwin":
        return [["pbcopy"]]
    if sys.platform.startswith("win"):
        return []
    commands = []
    if os.environ.get("WAYLAND_DISPLAY"):
        commands.append(["wl-copy", "--type", "text/plain;charset=utf-8"])
    if os.environ.get("DISPLAY"):
        commands += [["xclip", "-selection", "clipboard", "-in"], ["xsel", "--clipboard", "--input"]]
    return commands


def detached_tool() -> str | None:
    """The tool `copy_detached` would use here, if any (for `companion doctor`)."""
    if sys.platform.startswith("win"):
        return "Qt (the Windows clipboard outlives its owner)"
    for command in _detached_commands():
        if shutil.which(command[0]):
            return command[0]
    return None


def copy_detached(text: str) -> str:
    """Put plain `text` on the clipboard from a short-lived process; returns the tool used."""
    commands = _detached_commands()
    if not commands and sys.platform.startswith("win"):
        # The Windows clipboard keeps data after its owner exits.
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(["companion"])
        QtClipboard().copy(text)
        app.processEvents()
        return "Qt"
    tried = []
    for command in commands:
        if shutil.which(command[0]) is None:
            tried.append(command[0])
            continue
        env = dict(os.environ, LANG=os.environ.get("LANG") or "C.UTF-8")
        try:
            # The tool forks to keep serving the clipboard; stdout/stderr must not hold our pipe.
            subprocess.run(command, input=text.encode("utf-8"), check=True, timeout=5, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as exc:
            tried.append(f"{command[0]} ({exc})")
            continue
        return command[0]
    if not commands:
        raise ClipboardError("no display to copy to (DISPLAY and WAYLAND_DISPLAY are not set)")
    raise ClipboardError("no clipboard tool found (tried " + ", ".join(tried) + "); start Support Companion "
                         "or install xclip, xsel or wl-clipboard")
