"""Small building blocks shared by several windows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QLabel, QMenu, QMessageBox, QToolButton,
                               QVBoxLayout, QWidget)

from companion.ui import theme

if TYPE_CHECKING:
    from companion.core.tickets import TicketService


def simple_dialog(parent: QWidget | None, title: str, *widgets: QWidget) -> QDialog:
    """A dialog with `widgets` stacked above OK / Cancel."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addWidget(buttons)
    return dialog


def fill_ticket_choice(combo: QComboBox, tickets: TicketService, ticket_id: int | None, none_label: str) -> None:
    """Offer "no ticket" and the active tickets (next due first); choose `ticket_id` if given,
    even when it is not active, else "no ticket". Signals stay quiet while filling."""
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(none_label, None)
    for t in tickets.choices():
        label = t.key + (f" · {t.client}" if t.client else "") + (f" — {t.subject}" if t.subject else "")
        combo.addItem(label if len(label) <= 90 else label[:89].rstrip() + "…", t.id)
    if ticket_id is not None and combo.findData(ticket_id) < 0:
        try:
            combo.addItem(tickets.get(ticket_id).key, ticket_id)
        except LookupError:
            pass
    combo.setCurrentIndex(max(0, combo.findData(ticket_id)) if ticket_id is not None else 0)
    combo.blockSignals(False)


def error_label() -> QLabel:
    """The red line at the top of a form that says what is wrong; hidden until then."""
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {theme.late().name()}; font-weight: bold;")
    label.hide()
    return label


# The style draws a menu button's arrow over the end of its text ("Отложить⌄"); padding on the
# right keeps a gap, and the arrow sits in it, centred.
MENU_BUTTON_STYLE = ("QToolButton { padding: 3px 18px 3px 6px; }"
                     " QToolButton::menu-indicator { subcontrol-origin: padding;"
                     " subcontrol-position: center right; right: 6px; }")


def menu_button(text: str, menu: QMenu | None = None, icon: str | None = None,
                parent: QWidget | None = None) -> QToolButton:
    """A button that opens its menu on click (`menu`, or one set later), the arrow clear of the
    text; `icon`: a theme.symbol name."""
    button = QToolButton(parent)
    button.setText(text)
    if menu is not None:
        button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setStyleSheet(MENU_BUTTON_STYLE)
    if icon is not None:
        button.setIcon(theme.symbol(icon))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return button


class _SubmitKeys(QObject):
    """Ctrl+Enter caught before the focused field sees it: a text box would take it as a new line."""

    def __init__(self, parent: QWidget, submit: Callable[[], object]):
        super().__init__(parent)
        self._submit = submit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self._submit()
            return True
        return False


def submit_keys(dialog: QWidget, submit: Callable[[], object]) -> None:
    """Ctrl+Enter (keypad and main keyboard) submits the form from any of its fields, even a
    multi-line one where a plain Enter starts a new line. Call it once the fields are built."""
    keys = _SubmitKeys(dialog, submit)
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        widget.installEventFilter(keys)


def confirm_discard(parent: QWidget | None, question: str) -> bool:
    """Ask `question` before typed data is thrown away: True to discard, False to keep editing
    (the default, and what Esc on the question means)."""
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("Discard", "Support Companion"),
                      question, QMessageBox.StandardButton.NoButton, parent)
    discard = box.addButton(QCoreApplication.translate("Discard", "Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(QCoreApplication.translate("Discard", "Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard
