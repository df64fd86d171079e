"""Answering the app's modal questions from a test: the box is found when it is up, then clicked."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def answer_question(button_text: str, asked: list[str]) -> None:
    """Answer the next modal question box by clicking `button_text`; its text goes to `asked`."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        asked.append(box.text())
        [button] = [b for b in box.buttons() if b.text() == button_text]
        button.click()

    QTimer.singleShot(0, answer)
