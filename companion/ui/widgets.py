"""Small building blocks shared by several windows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

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
        combo.addItem(label[:90], t.id)
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
    label.setStyleSheet("color: #b3261e; font-weight: bold;")
    label.hide()
    return label


def problems_label() -> QLabel:
    """Under a reply preview: the placeholders that will not be filled, one per line."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: #a23b00;")
    return label
