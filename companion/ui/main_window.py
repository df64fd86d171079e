"""The main window: the agent's tickets, views, filter, actions and a detail pane with the update log."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta
from typing import Concatenate, ParamSpec

from PySide6.QtCore import QItemSelectionModel, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QLabel, QHeaderView, QLineEdit,
                               QMainWindow, QMenu, QSplitter, QTabBar, QTableView, QTextBrowser, QToolBar,
                               QToolButton, QVBoxLayout, QWidget)

from companion.core.tickets import NotFound, Status, TicketService
from companion.runtime import fmt
from companion.ui import geometry
from companion.ui.ticket_actions import TicketActions
from companion.ui.ticket_model import TicketTableModel

VIEWS = [("due", "Due now"), ("today", "Today"), ("waiting", "Waiting"), ("all", "All"),
         ("archived", "Archived")]

P = ParamSpec("P")


def _with_current(fn: Callable[Concatenate[MainWindow, int, P], None]) -> Callable[Concatenate[MainWindow, P], None]:
    """A small decorator for "needs a selected ticket": the method gets the selected ticket's id."""
    def wrapper(self: MainWindow, /, *args: P.args, **kwargs: P.kwargs) -> None:
        ticket_id = self.current_id()
        if ticket_id is None:
            self._ask_for_a_ticket()
            return None
        return fn(self, ticket_id, *args, **kwargs)
    return wrapper


class MainWindow(QMainWindow):
    new_ticket_requested = Signal()
    edit_requested = Signal(int)
    settings_requested = Signal()
    find_reply_requested = Signal()  # the palette, for the selected ticket
    tough_requested = Signal(int)  # a breathing reset after a hard conversation about this ticket
    wellbeing_requested = Signal()

    def __init__(self, service: TicketService, actions: TicketActions, quit_on_close: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.quit_on_close = quit_on_close
        self.service = service
        self.ticket_actions = actions  # not `actions`: that is QWidget.actions()
        self.setWindowTitle(self.tr("Support Companion — tickets"))

        self.model = TicketTableModel(service, self)
        self.tabs = QTabBar()
        for _view, label in VIEWS:
            self.tabs.addTab(self.tr(label))
        self.tabs.setCurrentIndex(3)
        self.tabs.currentChanged.connect(self._view_changed)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by key, client, subject or notes  (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.model.set_filter)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(self.model.sort_column, self.model.sort_order)
        self.table.setSortingEnabled(True)  # the model is already in this order: no re-query
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((90, 150, 240, 130, 120, 110, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda index: self._edit())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(lambda _url: self._open())
        self.detail.setMinimumWidth(260)

        top = QHBoxLayout()
        top.addWidget(self.tabs)
        top.addWidget(self.filter, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 300])
        self.setCentralWidget(splitter)
        self._build_actions()
        self.ticket_actions.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self._show_detail()
        geometry.place(self, "main", QSize(1200, 660))

    def show_notice(self, text: str) -> None:
        """A lasting note at the bottom of the window (e.g. why there is no tray icon)."""
        label = QLabel(text)
        label.setObjectName("noticeLabel")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(label, 1)

    def hideEvent(self, event: QHideEvent) -> None:
        geometry.remember(self, "main")
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.quit_on_close:
            QApplication.quit()
        super().closeEvent(event)

    # -- actions ---------------------------------------------------------------------------
    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: Callable[[], object],
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        if tip:
            action.setToolTip(tip)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_new = self._action(self.tr("New ticket…"), QKeySequence.StandardKey.New,
                                    self.new_ticket_requested.emit)
        self.act_edit = self._action(self.tr("Edit…"), "F2", self._edit)
        self.act_updated = self._action(self.tr("Mark updated…"), "Ctrl+U", self._mark_updated,
                                        self.tr("Log a client update and restart the cadence"))
        self.act_snooze = self._action(self.tr("Snooze…"), "Ctrl+Shift+Z", self._snooze)
        self.act_open = self._action(self.tr("Open in browser"), "Ctrl+O", self._open)
        self.act_waiting = self._action(self.tr("Waiting on client"), "Ctrl+Shift+W",
                                        lambda: self._status(Status.WAITING_CLIENT))
        self.act_reopen = self._action(self.tr("Back to open"), "Ctrl+Shift+O", lambda: self._status(Status.OPEN))
        self.act_resolve = self._action(self.tr("Resolve"), "Ctrl+R", lambda: self._status(Status.RESOLVED))
        self.act_archive = self._action(self.tr("Archive"), QKeySequence.StandardKey.Delete, self._archive)
        self.act_restore = self._action(self.tr("Restore from archive"), None, self._restore)
        self.act_find = self._action(self.tr("Filter"), QKeySequence.StandardKey.Find, self._focus_filter)
        self.act_settings = self._action(self.tr("Settings…"), "Ctrl+,", self.settings_requested.emit)
        self.act_find_reply = self._action(self.tr("Find reply…"), "Ctrl+K", self.find_reply_requested.emit,
                                           self.tr("Search the reply templates and copy one for this ticket"))
        self.act_tough = self._action(self.tr("Tough conversation…"), "Ctrl+Shift+B", self._tough,
                                      self.tr("A minute of guided breathing after a hard conversation"))
        self.act_wellbeing = self._action(self.tr("Wellbeing"), None, self.wellbeing_requested.emit,
                                          self.tr("Breaks, overtime, updates on time, tough conversations"))
        toolbar = QToolBar(self.tr("Actions"))
        toolbar.setObjectName("actions")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.act_new, self.act_updated, self.act_snooze, self.act_open, self.act_waiting,
                       self.act_resolve, self.act_archive):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.act_find_reply)
        toolbar.addSeparator()
        toolbar.addAction(self.act_wellbeing)
        toolbar.addAction(self.act_settings)
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def _focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def set_reply_menu(self, menu: QMenu) -> None:
        """A "Replies ▾" button next to "Find reply…" (the same menu as in the tray)."""
        button = QToolButton()
        button.setText(self.tr("Replies"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(menu)
        self.toolbar.insertWidget(self.act_wellbeing, button)
        self.toolbar.insertSeparator(self.act_wellbeing)
        self.reply_button = button

    def _ask_for_a_ticket(self) -> None:
        self.statusBar().showMessage(self.tr("Select a ticket first"), 4000)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.ticket_id(index.row()) if index.isValid() else None

    @_with_current
    def _edit(self, ticket_id: int) -> None:
        self.edit_requested.emit(ticket_id)

    @_with_current
    def _mark_updated(self, ticket_id: int) -> None:
        self.ticket_actions.mark_updated(ticket_id, self)

    @_with_current
    def _snooze(self, ticket_id: int) -> None:
        menu = self.ticket_actions.snooze_menu(ticket_id, self)
        rect = self.table.visualRect(self.table.currentIndex())
        menu.exec(self.table.viewport().mapToGlobal(rect.bottomLeft()))

    @_with_current
    def _open(self, ticket_id: int) -> None:
        self.ticket_actions.open_ticket(ticket_id, self)

    @_with_current
    def _status(self, ticket_id: int, status: Status) -> None:
        self.ticket_actions.set_status(ticket_id, status, self)

    @_with_current
    def _archive(self, ticket_id: int) -> None:
        self.ticket_actions.archive(ticket_id, self)

    @_with_current
    def _tough(self, ticket_id: int) -> None:
        self.tough_requested.emit(ticket_id)

    @_with_current
    def _restore(self, ticket_id: int) -> None:
        self.ticket_actions.unarchive(ticket_id, self)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            menu = QMenu(self)
            menu.addAction(self.act_new)
            menu.exec(self.table.viewport().mapToGlobal(pos))
            return
        self.table.setCurrentIndex(index)
        ticket_id = self.model.ticket_id(index.row())
        if ticket_id is None:  # a valid index is a row of the model: it has a ticket
            return
        menu = QMenu(self)
        menu.addAction(self.act_updated)
        menu.addAction(self.act_find_reply)
        menu.addMenu(self.ticket_actions.snooze_menu(ticket_id, menu))
        menu.addAction(self.act_open)
        menu.addAction(self.act_tough)
        menu.addSeparator()
        try:
            ticket = self.service.detail(ticket_id)
        except NotFound:
            return
        if ticket.status == Status.WAITING_CLIENT:
            menu.addAction(self.act_reopen)
        else:
            menu.addAction(self.act_waiting)
        menu.addAction(self.act_resolve)
        menu.addSeparator()
        menu.addAction(self.act_edit)
        menu.addAction(self.act_restore if ticket.archived_at is not None else self.act_archive)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # -- state -------------------------------------------------------------------------------
    def _view_changed(self, index: int) -> None:
        self.model.set_view(VIEWS[index][0])
        self._show_detail()

    def set_view(self, view: str) -> None:
        for i, (name, _label) in enumerate(VIEWS):
            if name == view:
                self.tabs.setCurrentIndex(i)

    def refresh(self) -> None:
        """Reload from the database, keeping the selected ticket selected."""
        selected = self.current_id()
        self.model.reload()
        if selected is not None:
            row = self.model.row_of(selected)
            if row >= 0:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._show_detail()

    def select_ticket(self, ticket_id: int) -> None:
        row = self.model.row_of(ticket_id)
        if row < 0:
            self.set_view("all")
            self.filter.clear()
            row = self.model.row_of(ticket_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0))

    def _show_detail(self) -> None:
        ticket_id = self.current_id()
        if ticket_id is None:
            hint = self.tr("Select a ticket to see its details and update log.")
            self.detail.setHtml(f"<p style='color:gray'>{html.escape(hint)}</p>")
            return
        try:
            t = self.service.detail(ticket_id)
            updates = self.service.update_log(ticket_id)
        except NotFound:
            self.detail.clear()
            return
        now = self.service.clock.now()
        tz = self.service.schedule.tz
        e = html.escape
        rows = [
            (self.tr("Client"), e(t.client)),
            *([(self.tr("Contact"), e(t.contact))] if t.contact else []),
            (self.tr("Status"), e(fmt.status_label(t.status))),
            (self.tr("Channel"), e(fmt.channel_label(t.channel))),
            (self.tr("Priority"), e(fmt.priority_label(t.priority))
             + (" · " + e(self.tr("difficult client")) if t.difficult else "")),
            (self.tr("Cadence"), e(fmt.cadence_label(t.cadence))),
            (self.tr("Next update"),
             e(f"{fmt.when(t.next_update_due, now, tz)}  ({fmt.relative(t.next_update_due, now)})")
             if t.next_update_due else "—"),
            (self.tr("Promised"), e(fmt.when(t.promised_at, now, tz)) if t.promised_at else "—"),
        ]
        if t.snoozed_until and t.snoozed_until > now:
            rows.append((self.tr("Snoozed until"), e(fmt.when(t.snoozed_until, now, tz))))
        if t.status == Status.WAITING_CLIENT and t.pause_remaining is not None:
            rows.append((self.tr("Paused"), e(self.tr("{left} left when the client answers").format(
                left=fmt.duration(timedelta(seconds=t.pause_remaining))))))
        parts = [f"<h3>{e(t.key)}</h3><p>{e(t.subject)}</p>"]
        if t.url:
            parts.append(f"<p><a href='open'>{e(t.url)}</a></p>")
        parts.append("<table cellspacing=2>" + "".join(
            f"<tr><td style='color:gray;padding-right:8px'>{e(k)}</td><td>{v}</td></tr>" for k, v in rows) + "</table>")
        if t.notes:
            parts.append(f"<p style='white-space:pre-wrap'>{e(t.notes)}</p>")
        parts.append(f"<h4>{e(self.tr('Update log'))}</h4>")
        if not updates:
            parts.append(f"<p style='color:gray'>{e(self.tr('No updates logged yet.'))}</p>")
        for u in updates:
            mark = "" if u.on_time is None else ("✓ " if u.on_time else "⚠ ")
            late = "" if u.on_time is not False else " · " + e(self.tr("late"))
            note = f"<br>{e(u.note)}" if u.note else ""
            parts.append(f"<p>{mark}<b>{e(fmt.when(u.at, now, tz))}</b> · "
                         f"{e(fmt.channel_label(u.channel))}{late}{note}</p>")
        self.detail.setHtml("".join(parts))
