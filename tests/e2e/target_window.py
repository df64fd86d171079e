"""A window of another application, for the paste-back tests and bench: an editor whose text is saved
to BASE.txt on every change (whole, then renamed: a reader never sees half a text), and whose window
id is written to BASE.wid once it is on screen. Runs as its own process:

    python tests/e2e/target_window.py TITLE BASE [--line] [--stamp]

--line: a one-line editor (QLineEdit) rather than a plain-text one; --stamp: BASE.txt starts with the
CLOCK_MONOTONIC seconds of the change and a newline (the same clock in every process), for timing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

PATH = str(Path(__file__).resolve())


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

    title, base = argv[0], argv[1]
    line, stamped = "--line" in argv[2:], "--stamp" in argv[2:]
    app = QApplication(sys.argv[:1])
    app.setApplicationName("jira-target")  # the class part of the window's WM_CLASS
    window = QWidget()
    window.setWindowTitle(title)
    window.resize(640, 360)
    edit = QLineEdit(window) if line else QPlainTextEdit(window)
    QVBoxLayout(window).addWidget(edit)
    edit.setFocus()  # the window's focus widget from the start, not only once Qt sees it activated

    def text() -> str:
        return edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()

    def save() -> None:
        stamp = time.monotonic()  # first: the moment the text changed, not the moment it was saved
        with open(base + ".tmp", "w", encoding="utf-8") as out:
            out.write(f"{stamp:.6f}\n{text()}" if stamped else text())
        os.replace(base + ".tmp", base + ".txt")

    edit.textChanged.connect(lambda *_: save())
    save()
    window.show()
    deadline = time.monotonic() + 10
    while not window.windowHandle().isExposed() and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    with open(base + ".wid", "w") as out:
        out.write(f"{int(window.winId())}\n")
    return app.exec()  # until the test stops us


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
