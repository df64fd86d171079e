"""Settings → Team: joining a team server, and once joined, how it is doing and who is in the team.

Unlike the other tabs this one acts at once: Join and Leave go straight to the running app's TeamLink
(runtime/team.py), which does the talking in its own thread and answers with `join_done`; Save and
Cancel below the tabs have nothing to do with them. The password is never a setting: it is handed to
TeamLink.join, which keeps it in the OS keyring.

Without a TeamLink (a dialog built without the running app) the tab only says so.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QSizePolicy, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from companion.ui import theme
from companion.ui.handoff_dialog import load_text, shift_text
from companion.ui.settings.base import SettingsBase, hint
from companion.ui.widgets import error_label

if TYPE_CHECKING:
    from companion.core.team import Unfinished
    from companion.runtime.team import TeamLink, TeamState


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SettingsDialog", text, None, n)


class TeamTab(SettingsBase):
    team: TeamLink | None
    agent: QLineEdit  # the General tab's name field: a join sets the name too

    def _team_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.team_pages = QStackedWidget()
        self.team_pages.addWidget(self._join_page())
        self.team_pages.addWidget(self._joined_page())
        layout.addWidget(self.team_pages)
        layout.addStretch(1)
        if self.team is None:
            self.join_button.setEnabled(False)
            self.join_error.setText(tr("Team mode needs the running app: open Settings from its window or tray."))
            self.join_error.show()
        else:
            self.team.changed.connect(self.show_team)
            self.team.join_done.connect(self._join_done)
            self.team.leave_refused.connect(self._leave_refused)
        self.show_team()
        return page

    def _join_page(self) -> QWidget:
        self.team_url = QLineEdit()
        self.team_url.setPlaceholderText("postgresql://login@server:5432/team")
        self.team_password = QLineEdit()
        self.team_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.team_name = QLineEdit(str(self.settings.get("agent_name")))
        self.join_button = QPushButton(tr("Join"))
        self.join_button.setAutoDefault(False)
        self.join_button.clicked.connect(self.join_team)
        self.team_password.returnPressed.connect(self.join_team)
        self.join_error = error_label()
        form = QFormLayout()
        form.addRow(tr("Team server address"), self.team_url)
        form.addRow(tr("Password"), self.team_password)
        form.addRow(tr("Your name for colleagues"), self.team_name)
        row = QHBoxLayout()
        row.addWidget(self.join_button)
        row.addStretch(1)
        form.addRow("", row)
        form.addRow(self.join_error)
        form.addRow(hint(tr("Your lead gives you the address and the password. The password is kept in the "
                            "system keyring, never in the settings. Only offers of tickets, today's numbers "
                            "and the team's replies pass through the server; your list stays on this computer.")))
        box = QGroupBox(tr("Join a team"))
        box.setLayout(form)
        return box

    def _joined_page(self) -> QWidget:
        self.team_place = QLabel()
        self.team_status = QLabel()
        self.team_status.setWordWrap(True)
        self.team_status.setTextFormat(Qt.TextFormat.PlainText)
        self.team_role = QLabel()
        self.team_pending = QLabel()
        for label in (self.team_place, self.team_role, self.team_pending):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.leave_button = QPushButton(tr("Leave the team…"))
        self.leave_button.setAutoDefault(False)
        self.leave_button.clicked.connect(self.leave_team)
        form = QFormLayout()
        form.addRow(tr("Server"), self.team_place)
        self.team_error = QLabel()
        self.team_error.setWordWrap(True)
        self.team_error.setTextFormat(Qt.TextFormat.PlainText)
        self.team_error.setEnabled(False)  # greyed: a detail, not the message
        self.team_error.hide()
        connection = QVBoxLayout()  # the state and, under it, the server's own words: one row
        connection.setContentsMargins(0, 0, 0, 0)
        connection.setSpacing(2)
        connection.addWidget(self.team_status)
        connection.addWidget(self.team_error)
        form.addRow(tr("Connection"), connection)
        self.team_tls = QLabel()
        self.team_tls.setWordWrap(True)
        self.team_tls.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(tr("Encryption"), self.team_tls)
        form.addRow(tr("Role"), self.team_role)
        form.addRow(tr("Waiting to be sent"), self.team_pending)
        row = QHBoxLayout()
        row.addWidget(self.leave_button)
        row.addStretch(1)
        form.addRow("", row)
        server = QGroupBox(tr("Team server"))
        server.setLayout(form)

        self.board = QTableWidget(0, 3)
        self.board.setHorizontalHeaderLabels([tr("Colleague"), tr("Shift"), tr("Load")])
        self.board.verticalHeader().hide()
        self.board.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.board.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.board.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.board.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.board_empty = hint(tr("Nobody else has joined yet, or the list has not arrived from the server."))
        board_layout = QVBoxLayout()
        board_layout.addWidget(self.board)
        board_layout.addWidget(self.board_empty)
        colleagues = QGroupBox(tr("Colleagues, least loaded first"))
        colleagues.setLayout(board_layout)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(server)
        layout.addWidget(colleagues, 1)
        return page

    # -- acting ----------------------------------------------------------------------------------
    def join_team(self) -> None:
        if self.team is None or not self.join_button.isEnabled():
            return
        url, name = self.team_url.text().strip(), self.team_name.text().strip()
        if not url:
            self._join_failed(tr("Enter the team server's address."))
            self.team_url.setFocus()
            return
        if not name:
            self._join_failed(tr("Enter the name colleagues will see."))
            self.team_name.setFocus()
            return
        self.join_error.hide()
        self._set_joining(True)
        self.team.join(url, self.team_password.text(), name)

    def _set_joining(self, busy: bool) -> None:
        for widget in (self.team_url, self.team_password, self.team_name, self.join_button):
            widget.setEnabled(not busy)
        self.join_button.setText(tr("Joining…") if busy else tr("Join"))

    def _join_done(self, ok: bool, message: str) -> None:
        self._set_joining(False)
        if ok:
            self.team_password.clear()
            # The name went to the settings with the join: the General tab shows it, and Save keeps it.
            self.agent.setText(str(self.settings.get("agent_name")))
        elif message:
            self._join_failed(message)
        self.show_team()

    def _join_failed(self, message: str) -> None:
        first = " ".join(message.split())  # one line, whatever the server's message looked like
        self.join_error.setText(first[:1].upper() + first[1:])
        self.join_error.show()

    def leave_team(self) -> None:
        if self.team is None:
            return
        place = self.team.state().place or str(self.settings.get("team_url"))
        answer = QMessageBox.question(
            self, tr("Leave the team"),
            tr("Leave the team at {place}?\n\nThe team's replies leave your library and the password leaves "
               "the keyring. Your tickets stay on this computer.")
            .format(place=place),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.leave_button.setEnabled(False)
        self.team.leave()

    def _leave_refused(self, open_now: Unfinished) -> None:
        """Leaving would have left a hand-off half done (the server away): say what, stay in the team."""
        self.leave_button.setEnabled(True)
        parts = [tr("%n action(s) not yet sent to the team server", open_now.pending) if open_now.pending else "",
                 tr("%n offer(s) of yours waiting for an answer", open_now.offered) if open_now.offered else "",
                 tr("%n accepted ticket(s) not yet in your list", open_now.untaken) if open_now.untaken else ""]
        QMessageBox.warning(self, tr("Leave the team"),
                            tr("You are still in the team: {what}. Offers of yours are withdrawn before you leave, "
                               "and that needs the team server. Try again when it answers.")
                            .format(what="; ".join(p for p in parts if p)))

    # -- showing -----------------------------------------------------------------------------------
    def show_team(self) -> None:
        """Both pages as the TeamLink has them now (again whenever it changes)."""
        team = self.team
        joined = team is not None and team.joined()
        self.team_pages.setCurrentIndex(int(joined))
        for index in range(2):  # only the page shown counts in the tab's height (no needless scrolling)
            policy = QSizePolicy.Policy.Preferred if index == int(joined) else QSizePolicy.Policy.Ignored
            page = self.team_pages.widget(index)
            if page is not None:
                page.setSizePolicy(policy, policy)
        if team is None or not joined:
            return
        self.leave_button.setEnabled(True)
        state = team.state()
        self.team_place.setText(state.place or str(self.settings.get("team_url")))
        self.team_status.setText(self._status_text(state))
        self.team_status.setStyleSheet(f"color: {theme.late().name()};" if state.reachable is False else "")
        self.team_tls.setText(self._tls_text(state))
        self.team_tls.setStyleSheet(f"color: {theme.soon().name()};" if self._exposed(state) else "")
        # libpq's own words (English, or the server's language) go below, as the server's answer.
        error = " ".join(state.error.split()) if state.reachable is False else ""
        self.team_error.setText(tr("The server's answer: {error}").format(error=error) if error else "")
        self.team_error.setVisible(bool(error))
        self.team_role.setText(tr("team lead") if state.lead else tr("agent"))
        self.team_pending.setText(tr("%n action(s)", state.pending) if state.pending else tr("nothing"))
        people = team.colleagues()
        self.board.setRowCount(len(people))
        for row, c in enumerate(people):
            for column, text in enumerate((c.name or c.login, shift_text(c), load_text(c))):
                item = QTableWidgetItem(text)
                item.setToolTip(html.escape(c.login) if column == 0 else text)
                self.board.setItem(row, column, item)
        self.board.setVisible(bool(people))
        self.board_empty.setVisible(not people)
        if people:  # as tall as its rows, so the page does not keep a blank box
            height = self.board.horizontalHeader().height() + 2 * self.board.frameWidth()
            height += sum(self.board.rowHeight(r) for r in range(len(people)))
            self.board.setFixedHeight(min(height, 320))

    def _tls_text(self, state: TeamState) -> str:
        if state.reachable is not True:
            return "—"
        if state.tls:
            return tr("encrypted ({version})").format(version=state.tls)
        if self._exposed(state):
            return tr("not encrypted: ask your lead for an address with sslmode=require")
        return tr("not encrypted (this computer)")

    def _exposed(self, state: TeamState) -> bool:
        """Unencrypted to another machine: passwords and offers cross the network in the clear."""
        from companion.store.team import TeamUrl

        if state.reachable is not True or state.tls:
            return False
        try:
            host = TeamUrl.parse(str(self.settings.get("team_url"))).host
        except ValueError:
            return False
        return host not in ("localhost", "127.0.0.1", "::1") and not host.startswith("/")

    def _status_text(self, state: TeamState) -> str:
        if state.reachable is None:
            return tr("connecting…")
        if state.reachable is False:
            return tr("away — your list works as usual; waiting actions go when it answers")
        return tr("connected, changes arrive at once") if state.listening else tr("connected")
