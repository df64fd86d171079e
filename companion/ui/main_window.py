"""The main window: the agent's tickets, views with their counts, the filter, actions and a detail
pane with the update log.

In a team, a ticket can be offered to a colleague from its context menu (handoff_dialog.py), and
the detail pane tells its hand-offs: to whom, from whom, who declined and why.

The list is meant to be read at a glance: the toolbar offers what applies to the selected ticket
(and says why Open does not), the tabs count their tickets, and an empty list says why it is
empty and what to do (add the first ticket, or clear a filter that matches nothing). What is late
or soon, and what counts in a view, is core's (core/ticket_marks.py); the window only shows it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta
from typing import Concatenate, ParamSpec

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import (QAction, QCloseEvent, QGuiApplication, QHideEvent, QKeyEvent, QKeySequence,
                           QPalette)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMainWindow, QMenu, QPushButton, QSizePolicy, QSplitter, QStackedWidget,
                               QTabBar, QTableView, QTextBrowser, QToolBar, QToolButton, QVBoxLayout, QWidget)

from companion.core import ticket_marks
from companion.core.team import ACCEPTED, DECLINED, IN, OFFERED, QUEUED, WITHDRAWN, handoff_log
from companion.core.tickets import NotFound, Status, TicketDetail, TicketService, is_active
from companion.core.urls import UrlError, validate_url
from companion.store.models import Handoff
from companion.runtime import fmt
from companion.ui import geometry, theme
from companion.ui.ticket_actions import TicketActions
from companion.ui.ticket_model import (CLIENT, KEY, LAST_UPDATE, NEXT_UPDATE, PROMISED, STATUS, SUBJECT,
                                       TicketTableModel)

VIEWS = [("due", "Due now"), ("today", "Today"), ("waiting", "Waiting"), ("all", "All"),
         ("archived", "Archived")]
COUNTED = ("due", "today", "waiting", "all")  # the archive's size is not something to act on
# What a view with no tickets says (when there are tickets elsewhere).
EMPTY_VIEW = {"due": "Nothing is due now.", "today": "Nothing more is due today.",
              "waiting": "No ticket is waiting.", "all": "No active tickets: the rest are archived.",
              "archived": "The archive is empty."}
NARROW = 820  # a table narrower than this has no room for the last update (1366 px at 1.5×)
# The widest each column gets, so a long client name or status cannot squeeze the subject (the
# text is elided, and the tooltip has it whole).
COLUMN_LIMITS = {KEY: 160, CLIENT: 200, STATUS: 260, NEXT_UPDATE: 260, PROMISED: 200, LAST_UPDATE: 200}
SUBJECT_MIN = 160  # the subject's least width in px, where a quarter of the table is less
ROWS_MEASURED = 40  # rows measured before the table knows how many fit
CLI_EXAMPLE = 'companion ticket add SUP-1 --client "Acme" --subject "Printer offline"'

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
    new_ticket_with_link = Signal(str)  # a ticket link was pasted: a new ticket for it
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
        # Only the window's own name: the application's display name is added by Qt.
        self.setWindowTitle(self.tr("Tickets"))
        self.counts: dict[str, int] = {}

        self.model = TicketTableModel(service, self)
        self.tabs = QTabBar()
        for _view, label in VIEWS:
            self.tabs.addTab(self.tr(label))
        self.tabs.setCurrentIndex(3)
        self.tabs.currentChanged.connect(self._view_changed)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter: key, client, subject, notes  (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.installEventFilter(self)  # its focus starts the filter's index

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
        # Columns are sized by _fit_columns() to what the rows on screen hold, not by Qt's
        # ResizeToContents: a hidden table would have that read and format every one of 100k rows.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SUBJECT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda index: self._edit())
        self.table.installEventFilter(self)  # Enter opens the ticket, as a double click does
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.model.modelReset.connect(self._list_changed)
        self.model.time_moved.connect(self._update_counts)  # "Due now" grows as the clock moves
        self.model.time_moved.connect(self._fit_columns)  # "in 5 min" became "tomorrow 10:00"

        self.empty = self._empty_page()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(lambda _url: self._open())
        self.detail.setMinimumWidth(220)

        top = QHBoxLayout()
        top.addWidget(self.tabs)
        top.addWidget(self.filter, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.stack, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 300])
        self.setCentralWidget(splitter)
        self._build_actions()
        self.ticket_actions.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.team = actions.team  # hand-offs (None without the running app)
        if self.team is not None:
            self.team.changed.connect(self._team_changed)  # an offer sent, answered or withdrawn
        theme.notifier().changed.connect(self._theme_changed)
        self._update_counts()
        self._list_changed()
        self._selection_changed()
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is getattr(self, "toolbar", None) and event.type() == QEvent.Type.Resize:
            self._fit_toolbar()
        if watched is self.filter and event.type() == QEvent.Type.FocusIn:
            self.model.prepare_filter()
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()  # more or fewer rows on screen, and maybe no room for the last update
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if self.current_id() is not None:
                self._edit()
                return True
        return super().eventFilter(watched, event)

    # -- the empty list --------------------------------------------------------------------------
    def _empty_page(self) -> QWidget:
        """What the list area shows instead of a blank table: why it is empty and what to do."""
        page = QWidget()
        page.setObjectName("emptyList")
        page.setBackgroundRole(QPalette.ColorRole.Base)  # the table's own ground, not a grey hole
        page.setAutoFillBackground(True)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.empty_title = QLabel()
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_title.setWordWrap(True)
        self.empty_title.setTextFormat(Qt.TextFormat.RichText)
        self.empty_title.linkActivated.connect(lambda _link: self.filter.clear())
        layout.addWidget(self.empty_title)
        self.empty_new = QPushButton(theme.symbol("new"), "")
        self.empty_new.clicked.connect(self.new_ticket_requested.emit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.empty_new)
        row.addStretch(1)
        layout.addLayout(row)
        self.empty_hint = QLabel()
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setTextFormat(Qt.TextFormat.RichText)
        self.empty_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.empty_hint)
        layout.addStretch(2)
        return page

    def _fit_columns(self) -> None:
        """The status has a column only in the Waiting view (elsewhere a tag on the key says it);
        the last update gives way on a narrow screen; the other columns are as wide as the rows on
        screen need, each up to a limit, so the subject keeps most of the room."""
        self.table.setColumnHidden(STATUS, self.model.view != "waiting")
        self.table.setColumnHidden(LAST_UPDATE, self.table.width() < NARROW)
        header = self.table.horizontalHeader()
        first = max(0, self.table.rowAt(0))
        last = self.table.rowAt(self.table.viewport().height() - 1)
        if last < 0:  # fewer rows than fit, or not laid out yet
            last = min(self.model.rowCount(), first + ROWS_MEASURED) - 1
        widths, floors = {}, {}
        for column, limit in COLUMN_LIMITS.items():
            if self.table.isColumnHidden(column):
                continue
            floors[column] = min(header.sectionSizeHint(column), limit)
            width = floors[column]
            for row in range(first, last + 1):
                width = max(width, self.table.sizeHintForIndex(self.model.index(row, column)).width())
            widths[column] = min(width + 4, limit)
        # On a narrow table (1.5x on a laptop) the subject keeps a quarter: the other columns but
        # the key and the status (how long it has waited: the point of the Waiting view) give up
        # what they need beyond their heading, in proportion, and elide the rest.
        viewport = self.table.viewport().width()
        deficit = max(SUBJECT_MIN, viewport // 4) - (viewport - sum(widths.values()))
        spare = {column: widths[column] - floors[column] for column in widths if column not in (KEY, STATUS)}
        if deficit > 0 and sum(spare.values()) > 0:
            share = min(1.0, deficit / sum(spare.values()))
            for column in spare:
                widths[column] -= int(spare[column] * share)
        for column, width in widths.items():
            header.resizeSection(column, width)

    def _list_changed(self) -> None:
        """The rows changed: show them, or say why there are none."""
        self._fit_columns()
        if self.model.rowCount() > 0:
            self.stack.setCurrentWidget(self.table)
            return
        e = html.escape
        muted = theme.muted().name()
        first = not any(self.counts.get(view, 0) for view in ("all", "archived"))
        self.empty_new.setVisible(first)
        self.empty_hint.setVisible(first)
        if self.model.filter_text.strip():
            text = e(self.tr("Nothing matches “{text}”.").format(text=self.model.filter_text.strip()))
            link = e(self.tr("Clear the filter"))
            self.empty_title.setText(f"<p>{text} <a href='clear'>{link}</a></p>")
            self.empty_new.hide()
            self.empty_hint.hide()
        elif first:
            self.empty_title.setText(f"<h3>{e(self.tr('No tickets yet'))}</h3>")
            shortcut = self.act_new.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            self.empty_new.setText(self.tr("New ticket…  ({shortcut})").format(shortcut=shortcut))
            paste = QKeySequence(QKeySequence.StandardKey.Paste).toString(QKeySequence.SequenceFormat.NativeText)
            self.empty_hint.setText(
                f"<p>{e(self.tr('or paste a ticket link here ({shortcut})').format(shortcut=paste))}</p>"
                f"<p style='color:{muted}'>{e(self.tr('or from a terminal:'))}<br>"
                f"<code>{e(CLI_EXAMPLE)}</code></p>")
        else:
            view = self.model.view
            self.empty_title.setText(f"<p style='color:{muted}'>{e(self.tr(EMPTY_VIEW[view]))}</p>")
        self.stack.setCurrentWidget(self.empty)

    def _paste(self) -> None:
        """Ctrl+V over the list: a ticket link on the clipboard starts a new ticket for it."""
        text = QGuiApplication.clipboard().text().strip()
        try:
            url = validate_url(text) if text and not any(ch.isspace() for ch in text) else ""
        except UrlError:
            url = ""
        if url:
            self.new_ticket_with_link.emit(url)
        else:
            self.statusBar().showMessage(self.tr("Paste a ticket link (http or https) to add a ticket for it"), 6000)

    # -- actions ---------------------------------------------------------------------------
    def _action(self, text: str, icon: str, shortcut: str | QKeySequence.StandardKey | None,
                slot: Callable[[], object], tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(icon)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        action.setToolTip(self._tip(tip or text.rstrip("…"), action))
        self.addAction(action)
        return action

    @staticmethod
    def _tip(text: str, action: QAction) -> str:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        return f"{text} ({keys})" if keys else text

    def _build_actions(self) -> None:
        self.act_new = self._action(self.tr("New ticket…"), "new", QKeySequence.StandardKey.New,
                                    self.new_ticket_requested.emit)
        self.act_edit = self._action(self.tr("Edit…"), "edit", "F2", self._edit)
        self.act_updated = self._action(self.tr("Updated…"), "updated", "Ctrl+U", self._mark_updated,
                                        self.tr("Log a client update and restart the cadence"))
        self.act_snooze = self._action(self.tr("Snooze"), "snooze", "Ctrl+Shift+Z", self._snooze,
                                       self.tr("Silence this ticket's reminders for a while"))
        self.act_open = self._action(self.tr("Open"), "open", "Ctrl+O", self._open,
                                     self.tr("Open the ticket in the browser"))
        self.open_tip = self.act_open.toolTip()
        self.act_waiting = self._action(self.tr("Waiting on client"), "waiting", "Ctrl+Shift+W",
                                        lambda: self._status(Status.WAITING_CLIENT),
                                        self.tr("Pause the update clock until the client answers"))
        self.act_reopen = self._action(self.tr("Back to open"), "reopen", "Ctrl+Shift+O",
                                       lambda: self._status(Status.OPEN))
        self.act_resolve = self._action(self.tr("Resolve"), "resolve", "Ctrl+R", lambda: self._status(Status.RESOLVED))
        self.act_archive = self._action(self.tr("Archive"), "archive", QKeySequence.StandardKey.Delete, self._archive)
        self.act_restore = self._action(self.tr("Restore"), "restore", None, self._restore,
                                        self.tr("Restore from the archive"))
        self.act_find = self._action(self.tr("Filter"), "find", QKeySequence.StandardKey.Find, self._focus_filter)
        self.act_paste = self._action(self.tr("Paste a ticket link"), "new", QKeySequence.StandardKey.Paste,
                                      self._paste)
        self.act_settings = self._action(self.tr("Settings…"), "settings", "Ctrl+,", self.settings_requested.emit)
        self.act_find_reply = self._action(self.tr("Find reply…"), "reply", "Ctrl+K", self.find_reply_requested.emit,
                                           self.tr("Search the reply templates and copy one for this ticket"))
        self.act_tough = self._action(self.tr("Tough conversation…"), "tough", "Ctrl+Shift+B", self._tough,
                                      self.tr("A minute of guided breathing after a hard conversation"))
        self.act_hand_off = self._action(self.tr("Hand off to a colleague…"), "handoff", None, self._hand_off,
                                         self.tr("Offer this ticket to a colleague in your team"))
        self.act_withdraw = self._action(self.tr("Withdraw the offer"), "withdraw", None, self._withdraw,
                                         self.tr("Take back the offer before the colleague answers"))
        self.act_wellbeing = self._action(self.tr("Wellbeing"), "wellbeing", None, self.wellbeing_requested.emit,
                                          self.tr("Breaks, overtime, updates on time, tough conversations"))
        # Wellbeing and Settings are reached rarely: icons only, at the far end, so the actions on
        # the selected ticket keep their words even in Russian on a 1366-pixel screen at 1.5×.
        for action in (self.act_wellbeing, self.act_settings):
            action.setPriority(QAction.Priority.LowPriority)
        self.ticket_bound = (self.act_edit, self.act_updated, self.act_snooze, self.act_open, self.act_waiting,
                             self.act_reopen, self.act_resolve, self.act_archive, self.act_restore, self.act_tough)
        toolbar = QToolBar(self.tr("Actions"))
        toolbar.setObjectName("actions")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(16, 16))
        toolbar.addAction(self.act_new)
        toolbar.addSeparator()
        for action in (self.act_updated, self.act_snooze, self.act_open, self.act_waiting, self.act_reopen,
                       self.act_resolve, self.act_archive, self.act_restore):
            toolbar.addAction(action)
        toolbar.addSeparator()
        # "Find reply…" with the replies menu on its arrow (the menu arrives in set_reply_menu).
        self.reply_button = QToolButton()
        self.reply_button.setDefaultAction(self.act_find_reply)
        self.reply_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addWidget(self.reply_button)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addAction(self.act_wellbeing)
        toolbar.addAction(self.act_settings)
        self.toolbar = toolbar
        self.addToolBar(toolbar)
        toolbar.installEventFilter(self)  # a resize may leave room for the words, or not
        for name in self.COMPACT_FIRST:  # and so may the other word of a pair ("Вернуть", "В архив")
            getattr(self, name).visibleChanged.connect(self._fit_toolbar)
        self._apply_icons()

    # The actions that give up their words first when the toolbar is short of room (Russian at
    # 1.5x on a laptop): the rarer ones first; "New ticket", "Updated" and "Find reply" keep theirs.
    # Their words stay in the tooltip.
    COMPACT_FIRST = ("act_archive", "act_restore", "act_resolve", "act_reopen", "act_waiting", "act_open",
                     "act_snooze")

    def _fit_toolbar(self) -> None:
        """Words beside the icons where the toolbar has room; icons alone, rarest first, where not,
        so that no action hides behind the toolbar's » menu."""
        toolbar, layout = self.toolbar, self.toolbar.layout()
        widgets = [toolbar.widgetForAction(getattr(self, name)) for name in self.COMPACT_FIRST]
        buttons = [b for b in widgets if isinstance(b, QToolButton)]
        if layout is None:
            return
        for button in buttons:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")  # the » of what is cut off
        for button in buttons:
            layout.invalidate()
            layout.activate()  # lay out now: the » shows only once the layout runs
            if extension is None or extension.isHidden():
                break
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def _apply_icons(self) -> None:
        """Icons in the current scheme's text colour (again after a light/dark switch)."""
        for action in self.findChildren(QAction):
            if action.objectName() in theme.SYMBOLS:
                action.setIcon(theme.symbol(action.objectName()))
        self.empty_new.setIcon(theme.symbol("new"))

    def _theme_changed(self) -> None:
        self._apply_icons()
        self._list_changed()
        self._show_detail()

    def _focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def set_reply_menu(self, menu: QMenu) -> None:
        """The replies menu (the same as in the tray) on the arrow of "Find reply…"."""
        self.reply_button.setMenu(menu)
        self.reply_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)

    def _ask_for_a_ticket(self) -> None:
        self.statusBar().showMessage(self.tr("Select a ticket first"), 4000)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.ticket_id(index.row()) if index.isValid() else None

    def _current(self) -> TicketDetail | None:
        ticket_id = self.current_id()
        if ticket_id is None:
            return None
        try:
            return self.service.detail(ticket_id)
        except NotFound:
            return None

    def _update_actions(self, ticket: TicketDetail | None) -> None:
        """Offer what applies to the selected ticket, and nothing without one."""
        for action in self.ticket_bound:
            action.setEnabled(ticket is not None)
        archived = ticket is not None and ticket.archived_at is not None
        status = ticket.status if ticket is not None else Status.OPEN
        active = ticket is not None and is_active(status, ticket.archived_at)
        # One place for "Waiting on client" and "Back to open", one for "Archive" and "Restore".
        back = status == Status.WAITING_CLIENT or (ticket is not None and not active and not archived)
        self.act_reopen.setVisible(back)
        self.act_waiting.setVisible(not back)
        self.act_restore.setVisible(archived)
        self.act_archive.setVisible(not archived)
        for action in (self.act_updated, self.act_snooze, self.act_resolve, self.act_waiting):
            action.setEnabled(active)
        self.act_reopen.setEnabled(ticket is not None and not archived)
        has_link = ticket is not None and bool(ticket.url)
        self.act_open.setEnabled(has_link)
        self.act_hand_off.setEnabled(active)
        self.act_withdraw.setEnabled(ticket is not None)
        self.act_open.setToolTip(self.open_tip if has_link or ticket is None else self.tr(
            "This ticket has no link. Edit the ticket to add one."))

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

    @_with_current
    def _hand_off(self, ticket_id: int) -> None:
        self.ticket_actions.hand_off(ticket_id, self)

    @_with_current
    def _withdraw(self, ticket_id: int) -> None:
        self.ticket_actions.withdraw_offer(ticket_id, self)

    def _team_changed(self) -> None:
        self._selection_changed()

    def _offered_to(self, ticket_id: int) -> str:
        """Whom the ticket is offered to, not yet answered ("" when to nobody)."""
        row = self.team.offered_to(ticket_id) if self.team is not None and self.team.joined() else None
        return "" if row is None else (row.colleague_name or row.colleague)

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
        snooze = menu.addMenu(self.ticket_actions.snooze_menu(ticket_id, menu))
        snooze.setEnabled(self.act_snooze.isEnabled())
        menu.addAction(self.act_open)
        menu.addAction(self.act_tough)
        if self.team is not None and self.team.joined():
            menu.addSeparator()
            menu.addAction(self.act_withdraw if self._offered_to(ticket_id) else self.act_hand_off)
        menu.addSeparator()
        menu.addAction(self.act_reopen if self.act_reopen.isVisible() else self.act_waiting)
        menu.addAction(self.act_resolve)
        menu.addSeparator()
        menu.addAction(self.act_edit)
        menu.addAction(self.act_restore if self.act_restore.isVisible() else self.act_archive)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # -- state -------------------------------------------------------------------------------
    def _view_changed(self, index: int) -> None:
        self.model.set_view(VIEWS[index][0])  # resets the model: the columns are fitted again
        self._selection_changed()

    def _filter_changed(self, text: str) -> None:
        self.model.prepare_filter()
        self.model.set_filter(text)
        self._selection_changed()

    def set_view(self, view: str) -> None:
        for i, (name, _label) in enumerate(VIEWS):
            if name == view:
                self.tabs.setCurrentIndex(i)

    def _update_counts(self) -> None:
        """The number of tickets on each tab: what waits in each view at a glance."""
        self.counts = ticket_marks.view_counts(self.service, (*COUNTED, "archived"))
        for i, (view, label) in enumerate(VIEWS):
            text = self.tr(label)
            if view in COUNTED:
                text = self.tr("{view} ({count})").format(view=text, count=self.counts[view])
            self.tabs.setTabText(i, text)

    def refresh(self) -> None:
        """Reload from the database, keeping the selected ticket selected."""
        selected = self.current_id()
        self._update_counts()
        self.model.reload()
        if selected is not None:
            row = self.model.row_of(selected)
            if row >= 0:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._selection_changed()

    def select_ticket(self, ticket_id: int) -> None:
        row = self.model.row_of(ticket_id)
        if row < 0:
            self.set_view("all")
            self.filter.clear()
            row = self.model.row_of(ticket_id)
        if row < 0:
            self.set_view("archived")
            row = self.model.row_of(ticket_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0))

    def _selection_changed(self) -> None:
        ticket = self._current()
        self._update_actions(ticket)
        self._show_detail(ticket)

    def _show_detail(self, ticket: TicketDetail | None = None) -> None:
        t = ticket if ticket is not None else self._current()
        muted = theme.muted().name()
        e = html.escape
        if t is None:
            hint = self.tr("Select a ticket to see its details and update log.")
            self.detail.setHtml(f"<p style='color:{muted}'>{e(hint)}</p>")
            return
        try:
            updates = self.service.update_log(t.id)
        except NotFound:
            self.detail.clear()
            return
        now = self.service.clock.now()
        tz = self.service.schedule.tz
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
        offered = self._offered_to(t.id)
        if offered:
            rows.append((self.tr("Hand-off"), "<b>" + e(self.tr("Offered to {name} · waiting for the answer").format(
                name=offered)) + "</b>"))
        if t.snoozed_until and t.snoozed_until > now:
            rows.append((self.tr("Snoozed until"), e(fmt.when(t.snoozed_until, now, tz))))
        if t.status == Status.WAITING_CLIENT and t.pause_remaining is not None:
            rows.append((self.tr("Paused"), e(self.tr("{left} left when the client answers").format(
                left=fmt.duration(timedelta(seconds=t.pause_remaining))))))
        parts = [f"<h3>{e(t.key)}</h3><p>{e(t.subject)}</p>"]
        if t.url:
            parts.append(f"<p><a href='open'>{e(t.url)}</a></p>")
        parts.append("<table cellspacing=2>" + "".join(
            f"<tr><td style='color:{muted};padding-right:8px;white-space:nowrap'>{e(k)}</td><td>{v}</td></tr>"
            for k, v in rows)
            + "</table>")
        if t.notes:
            parts.append(f"<p style='white-space:pre-wrap'>{e(t.notes)}</p>")
        handoffs = handoff_log(t.id)
        if handoffs:
            parts.append(f"<h4>{e(self.tr('Hand-offs'))}</h4>")
            parts.extend(f"<p>{e(self.handoff_line(h))}</p>" for h in handoffs)
        parts.append(f"<h4>{e(self.tr('Update log'))}</h4>")
        if not updates:
            parts.append(f"<p style='color:{muted}'>{e(self.tr('No updates logged yet.'))}</p>")
        for u in updates:
            mark = "" if u.on_time is None else ("✓ " if u.on_time else "⚠ ")
            late = "" if u.on_time is not False else " · " + e(self.tr("late"))
            note = f"<br>{e(u.note)}" if u.note else ""
            parts.append(f"<p>{mark}<b>{e(fmt.when(u.at, now, tz))}</b> · "
                         f"{e(fmt.channel_label(u.channel))}{late}{note}</p>")
        self.detail.setHtml("".join(parts))

    def handoff_line(self, h: Handoff) -> str:
        """One hand-off of the ticket in words: "Offered to Boris Smirnov, today 10:15 — “note”"."""
        now = self.service.clock.now()
        tz = self.service.schedule.tz
        name = h.colleague_name or h.colleague
        when = fmt.when(h.created_at, now, tz)
        # The quotation marks are the language's: “…” in English, «…» in Russian.
        note = " — " + self.tr("“{note}”").format(note=h.note) if h.note else ""
        if h.direction == IN:
            return self.tr("Received from {name}, {when}").format(name=name, when=when) + note
        decided = fmt.when(h.decided_at, now, tz) if h.decided_at else when
        if h.state == QUEUED:
            line = self.tr("Offered to {name}, {when} · not sent yet").format(name=name, when=when) + note
            return line + (" · " + h.error if h.error else "")
        if h.state == OFFERED:
            return self.tr("Offered to {name}, {when} · waiting for the answer").format(name=name, when=when) + note
        if h.state == ACCEPTED:
            return self.tr("Handed off to {name}, {when}").format(name=name, when=decided) + note
        if h.state == DECLINED:
            reason = f" — {h.reason}" if h.reason else ""
            return self.tr("{name} declined, {when}").format(name=name, when=decided) + reason
        if h.state == WITHDRAWN:
            return self.tr("Offer to {name} withdrawn, {when}").format(name=name, when=decided)
        return f"{name}: {h.state}"
