"""Hand a ticket to a colleague: whom (least loaded first, as the team last said), and a note.

The offer is written locally at once (TeamLink.offer) and goes to the team server in the background,
so the dialog never waits on the network; when the server is away it says that the offer will go
when it answers. What may be offered, and to whom, is core's (core/team.py): its HandoffError is shown
as it says it. A dialog that cannot offer (not in a team, nobody else in it) says why rather than
showing an empty list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPlainTextEdit,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from companion.core.team import MAX_NOTE, HandoffError
from companion.ui import theme
from companion.ui.widgets import error_label, submit_keys

if TYPE_CHECKING:
    from companion.core.team import Colleague
    from companion.runtime.team import TeamLink
    from companion.store.models import Handoff


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("HandoffDialog", text, None, n)


def error_text(exc: HandoffError) -> str:
    """Core's refusal in the agent's language where a window meets it; its English words otherwise."""
    p = exc.params
    known = {
        "key_taken": lambda: tr("You already have an open ticket {key}: archive or rename it before taking this one.")
        .format(key=p.get("key", "")),
        "answered": lambda: tr("This offer was already answered or withdrawn."),
        "already_offered": lambda: tr("{key} is already offered to {name}: wait for the answer or withdraw the offer.")
        .format(key=p.get("key", ""), name=p.get("name", "")),
        "too_large": lambda: tr("{key} with its update log is too large for the team server (4 MB at most).")
        .format(key=p.get("key", "")),
        "not_open": lambda: tr("{key} is archived or finished: only open tickets are handed off.")
        .format(key=p.get("key", "")),
    }
    make = known.get(exc.code)
    text = make() if make is not None else str(exc)
    return text[:1].upper() + text[1:]


def load_text(c: Colleague) -> str:
    """"3/25 tickets · 5/20 updates": what a colleague carries today against what they can; "—" when
    they have not said."""
    if c.active is None:
        return "—"
    parts = []
    if c.capacity_tickets:
        parts.append(tr("%n/{cap} ticket(s)", c.active).format(cap=c.capacity_tickets))
    if c.capacity_updates:
        parts.append(tr("%n/{cap} update(s)", c.due_today or 0).format(cap=c.capacity_updates))
    return " · ".join(parts) or tr("%n ticket(s)", c.active)


def shift_text(c: Colleague) -> str:
    if c.on_shift is None:
        return tr("schedule unknown")
    return tr("on shift") if c.on_shift else tr("off shift")


def colleague_row(c: Colleague) -> tuple[str, str, str]:
    """One row of the chooser: ("Boris Smirnov", "on shift", "3/25 tickets · 5/20 updates")."""
    full = "" if c.load is None or c.load < 1 else " · " + tr("full")
    return c.name or c.login, shift_text(c), load_text(c) + full


class People(QTreeWidget):
    """The colleagues as a table of three columns, one row each; a row too long for the dialog is
    elided, never pushed past the screen (its whole text is the tooltip)."""

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(3)
        self.setHeaderLabels([tr("Colleague"), tr("Shift"), tr("Load")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.header().setStretchLastSection(True)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def add(self, c: Colleague) -> None:
        texts = colleague_row(c)
        item = QTreeWidgetItem(list(texts))
        item.setData(0, Qt.ItemDataRole.UserRole, c.login)
        for column in range(3):
            item.setToolTip(column, f"{texts[0]} ({c.login}) — {texts[1]} · {texts[2]}")
        self.addTopLevelItem(item)

    def count(self) -> int:
        return self.topLevelItemCount()

    def row(self, index: int) -> tuple[str, ...]:
        item = self.topLevelItem(index)
        return tuple(item.text(column) for column in range(3)) if item is not None else ()

    def setCurrentRow(self, index: int) -> None:  # the name a list view gives it
        item = self.topLevelItem(index)
        if item is not None:
            self.setCurrentItem(item)

    def fit_columns(self) -> None:
        for column in (0, 1):
            self.resizeColumnToContents(column)


class HandoffDialog(QDialog):
    def __init__(self, team: TeamLink | None, ticket_id: int, key: str, subject: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.team = team
        self.ticket_id = ticket_id
        self.key = key
        self.offered: Handoff | None = None
        self.setWindowTitle(tr("Hand off {key}").format(key=key))
        self.setMinimumWidth(460)
        self.resize(620, 420)  # room for the three columns; the screen check shrinks it where needed

        title = QLabel(f"{key} — {subject}" if subject else key)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        self.error = error_label()
        self.reason = QLabel()  # why nothing can be offered
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.people = People()
        self.people.itemDoubleClicked.connect(lambda _item, _column: self.accept())
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(tr("What should the colleague know? (optional)"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        self.away = QLabel()  # the server is not answering: the offer waits for it
        self.away.setWordWrap(True)
        self.away.setTextFormat(Qt.TextFormat.PlainText)
        self.away.setStyleSheet(f"color: {theme.soon().name()};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Offer"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.error)
        layout.addWidget(QLabel(tr("To whom (least loaded first)")))
        layout.addWidget(self.people, 1)
        layout.addWidget(self.reason)
        layout.addWidget(QLabel(tr("Note")))
        layout.addWidget(self.note)
        layout.addWidget(self.away)
        layout.addWidget(self.buttons)
        submit_keys(self, self.accept)
        self._fill()
        if team is not None:
            team.changed.connect(self._server_changed)

    def _fill(self) -> None:
        team = self.team
        people = team.colleagues() if team is not None and team.joined() else []
        for c in people:
            self.people.add(c)
        if people:
            self.people.fit_columns()
            self.people.setCurrentRow(0)
            self.people.setFocus()
        if team is None or not team.joined():
            reason = tr("You are not in a team. Join one in Settings → Team to hand tickets to colleagues.")
        elif not people:
            reason = tr("Nobody else has joined your team yet, or the team list has not arrived from the server.")
        else:
            reason = ""
        offered = team.offered_to(self.ticket_id) if team is not None and team.joined() else None
        if offered is not None:
            reason = tr("{key} is already offered to {name}: wait for the answer or withdraw the offer.").format(
                key=self.key, name=offered.colleague_name or offered.colleague)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.people.setVisible(bool(people))
        for widget in (self.note, self.ok):
            widget.setEnabled(not reason)
        self._server_changed()

    def _server_changed(self) -> None:
        state = self.team.state() if self.team is not None else None
        away = state is not None and state.joined and state.reachable is False
        self.away.setText(tr("The team server is not answering: the offer will be sent when it answers.")
                          if away else "")
        self.away.setVisible(away)

    def chosen(self) -> str:
        item = self.people.currentItem()
        return str(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else ""

    def accept(self) -> None:
        """Record the offer (it reaches the server in the background); say why not when core refuses."""
        if self.team is None or not self.ok.isEnabled():
            return
        note = self.note.toPlainText()
        if len(note.strip()) > MAX_NOTE:
            self.error.setText(tr("The note is {n} characters long; the team server keeps at most {most}.")
                               .format(n=len(note.strip()), most=MAX_NOTE))
            self.error.show()
            return
        try:
            self.offered = self.team.offer(self.key, self.chosen(), note)
        except HandoffError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        super().accept()

    def outcome(self) -> str:
        """What the status bar says once offered."""
        row = self.offered
        if row is None:
            return ""
        name = row.colleague_name or row.colleague
        state = self.team.state() if self.team is not None else None
        if state is not None and state.reachable is False:
            return tr("{key} offered to {name}; it will be sent when the team server answers").format(
                key=row.ticket_key, name=name)
        return tr("{key} offered to {name}; waiting for the answer").format(key=row.ticket_key, name=name)
