"""The ticket table model: a QAbstractTableModel over ticket queries that stays quick at 100k rows.

For the current view and sort order the model holds only (id, search text) pairs; the filter is
core/fuzzy.py's (exact matches first, then typos and the other keyboard layout), and rows are
read from SQLite a page at a time when the view asks for them.

Each cell is formatted once per page read: only the time that is late (or coming up soon) is
coloured, as core/ticket_marks.py says; a snoozed ticket shows until when, a paused one how much
working time is left, and a waiting one for how long it has waited. The model does not decide
what is late or soon, and paints nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont, QIcon

from companion.core import ticket_marks
from companion.core.fuzzy import TextIndex
from companion.core.settings import Settings
from companion.core.ticket_marks import Mark
from companion.core.tickets import LIST_COLUMNS, Status, TicketRow, TicketService
from companion.runtime import fmt
from companion.ui import theme

_LABELS = {"key": "Key", "client": "Client", "subject": "Subject", "status": "Status",
           "next_update_due": "Next update", "promised_at": "Promised", "last_update_at": "Last update"}
COLUMNS = [(name, _LABELS[name]) for name in LIST_COLUMNS]
KEY, CLIENT, SUBJECT, STATUS, NEXT_UPDATE, PROMISED, LAST_UPDATE = (LIST_COLUMNS.index(name) for name in (
    "key", "client", "subject", "status", "next_update_due", "promised_at", "last_update_at"))
PAGE = 200
TicketIdRole = Qt.ItemDataRole.UserRole + 1
OverdueRole = Qt.ItemDataRole.UserRole + 2
MarkRole = Qt.ItemDataRole.UserRole + 3  # the cell's Mark (late, soon or none)
_STATUS_SYMBOLS = {Status.WAITING_CLIENT: "waiting", Status.WAITING_DEV: "waiting", Status.RESOLVED: "resolve",
                   Status.CLOSED: "archive"}  # the small tag on the key of a ticket that is not open
_ROOT = QModelIndex()  # the invalid index that stands for the table's root: Qt's default parent


def _tr(text: str) -> str:
    return fmt.tr(text, "TicketTable")


@dataclass(slots=True)
class _Prepared:
    id: int
    overdue: bool
    display: list[str | None]
    tips: list[str | None]
    marks: dict[int, Mark]  # by column: only the cells that are late or soon
    icons: dict[int, str]  # by column: a theme symbol name (snoozed, paused)


def _warning_hours() -> float:
    return float(Settings().get("promise_warning_hours"))


INDEX_SLICE = 2000  # rows indexed per turn of the event loop when preparing the filter (~8 ms)


class TicketTableModel(QAbstractTableModel):
    time_moved = Signal()  # refresh_time() ran: what is due now may have changed

    def __init__(self, service: TicketService, parent: QObject | None = None,
                 warning_hours: Callable[[], float] = _warning_hours):
        super().__init__(parent)
        self.service = service
        self.warning_hours = warning_hours  # the promise's early warning, as the reminders use it
        self.view = "all"
        self.filter_text = ""
        self.sort_column = NEXT_UPDATE
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._base: list[tuple[int, str]] = []  # (id, search text) of the view, in sort order
        self._matches: list[tuple[int, str]] = []  # the rows shown: _base narrowed by the filter
        self._index: TextIndex | None = None  # the filter's word index over _base, built when needed
        self._indexing = QTimer(self)  # builds it a slice at a time once the agent starts to filter
        self._indexing.setInterval(0)
        self._indexing.timeout.connect(self._index_some)
        self._rows: dict[int, _Prepared] = {}  # rows read and formatted, by ticket id
        self._now: datetime = service.clock.now()
        self._hours = 2.0
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes: dict[Mark, QBrush] = {}
        self._recolour()
        theme.notifier().changed.connect(self._theme_changed)
        self.reload()

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the current view from the database (after a change or a view switch)."""
        self.beginResetModel()
        self._now = self.service.clock.now()
        self._hours = self.warning_hours()
        self._base = self._query_base()
        if self._index is not None and not self._index.covers(self._base):
            self._index = None
        self._rows.clear()
        self._filter()
        self.endResetModel()

    def _query_base(self) -> list[tuple[int, str]]:
        return self.service.list_order(self.view, COLUMNS[self.sort_column][0],
                                       self.sort_order == Qt.SortOrder.DescendingOrder)

    def _filter(self) -> None:
        if not self.filter_text.strip():
            self._matches = self._base
            return
        if self._index is None:
            self._index = TextIndex(self._base)
        self._matches = self._index.filter(self._base, self.filter_text)

    def prepare_filter(self) -> None:
        """The agent is about to filter (the field got the focus, or a first letter): build the
        forgiving index between events, so that the third letter does not wait for all of it."""
        if self._index is None:
            self._index = TextIndex(self._base)
        if not self._index.ready and not self._indexing.isActive():
            self._indexing.start()

    def _index_some(self) -> None:
        if self._index is None or self._index.build_some(INDEX_SLICE):
            self._indexing.stop()

    def set_view(self, view: str) -> None:
        if view != self.view:
            self.view = view
            self._index = None
            self.reload()

    def set_filter(self, text: str) -> None:
        if text == self.filter_text:
            return
        self.beginResetModel()
        self.filter_text = text
        self._filter()
        self.endResetModel()

    def total(self) -> int:
        """How many tickets the view holds, whatever the filter."""
        return len(self._base)

    def refresh_time(self) -> None:
        """The clock moved: late and soon colouring and relative times may have changed."""
        self._now = self.service.clock.now()
        self._rows.clear()  # formatted relative to the old time
        self._all_changed()
        self.time_moved.emit()

    def _all_changed(self) -> None:
        if self._matches:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._matches) - 1, len(COLUMNS) - 1))

    def _recolour(self) -> None:
        self._brushes = {Mark.LATE: QBrush(theme.late()), Mark.SOON: QBrush(theme.soon())}

    def _theme_changed(self) -> None:
        self._recolour()
        self._all_changed()

    def _row(self, row: int) -> _Prepared | None:
        ticket_id = self._matches[row][0]
        cached = self._rows.get(ticket_id)
        if cached is not None:
            return cached
        start = max(0, row - PAGE // 4)
        page = [pair[0] for pair in self._matches[start:start + PAGE]]
        if len(self._rows) > 20 * PAGE:
            self._rows.clear()
        values = self.service.rows(page)
        waiting = ticket_marks.waiting([v.id for v in values if v.status in (Status.WAITING_CLIENT,
                                                                            Status.WAITING_DEV)])
        offers = ticket_marks.offered([v.id for v in values])
        for value in values:
            self._rows[value.id] = self._prepare(value, waiting.get(value.id), offers.get(value.id))
        return self._rows.get(ticket_id)

    def _time(self, instant: datetime | None, past: bool = False, near: bool = True) -> tuple[str, str]:
        """A time as the list shows it: for today the clock time and how far off, otherwise (or
        not `near`) the day and time, with the distance in the tooltip."""
        if instant is None:
            return "", ""
        tz = self.service.schedule.tz
        near = near and instant.astimezone(tz).date() == self._now.astimezone(tz).date()
        distance = (_tr("{d} ago").format(d=fmt.duration(self._now - instant)) if past
                    else fmt.relative(instant, self._now))
        if near:
            return f"{fmt.clock(instant, tz)} · {distance}", fmt.when(instant, self._now, tz)
        return fmt.when(instant, self._now, tz), distance

    def _prepare(self, values: TicketRow, waiting: ticket_marks.Waiting | None,
                 offer: ticket_marks.Offered | None = None) -> _Prepared:
        """Format a row once, so painting is a lookup rather than date arithmetic per cell."""
        now, tz = self._now, self.service.schedule.tz
        display: list[str | None] = [None] * len(COLUMNS)
        tips: list[str | None] = [None] * len(COLUMNS)
        for column in (KEY, CLIENT, SUBJECT):
            value = getattr(values, COLUMNS[column][0]) or ""
            display[column] = value.replace("\n", " ")
            tips[column] = value if column != KEY and value else None
        icons: dict[int, str] = {}
        if values.status != Status.OPEN:  # "open" is what nearly every row is: say only the rest
            status = fmt.status_label(values.status)
            display[STATUS] = tips[KEY] = status
            icons[KEY] = _STATUS_SYMBOLS.get(values.status, "info")
            if waiting is not None and now - waiting.since >= timedelta(minutes=1):
                waited = fmt.duration(now - waiting.since)
                display[STATUS] = _tr("{status} · {time}").format(status=status, time=waited)
                tips[KEY] = tips[STATUS] = _tr("{status} for {time}: the client was last updated, or the ticket "
                                               "last changed, {when}").format(
                    status=status, time=waited, when=fmt.when(waiting.since, now, tz))
        if offer is not None:  # offered to a colleague: the key says so (the status stays the ticket's own)
            icons[KEY] = "handoff"
            tips[KEY] = {"queued": _tr("Offered to {name}; not sent yet (the team server is away)"),
                         "offered": _tr("Offered to {name}; waiting for the answer"),
                         "accepted": _tr("Handed off to {name}")}.get(offer.state, "").format(name=offer.colleague)
        display[NEXT_UPDATE], tips[NEXT_UPDATE] = self._time(values.next_update_due)
        display[PROMISED], tips[PROMISED] = self._time(values.promised_at, near=False)  # days ahead, as a rule
        display[LAST_UPDATE], tips[LAST_UPDATE] = self._time(values.last_update_at, past=True, near=False)
        if waiting is not None and waiting.paused_left is not None:
            left = fmt.duration(waiting.paused_left)
            icons[NEXT_UPDATE] = "pause"
            display[NEXT_UPDATE] = _tr("{time} left").format(time=left)
            tips[NEXT_UPDATE] = _tr("Paused while waiting on the client: {time} of working time left "
                                    "when the client answers").format(time=left)
        if ticket_marks.is_snoozed(values, now) and values.snoozed_until is not None:
            until = values.snoozed_until
            icons[NEXT_UPDATE] = "snooze"
            short = (fmt.clock(until, tz) if until.astimezone(tz).date() == now.astimezone(tz).date()
                     else fmt.when(until, now, tz))
            display[NEXT_UPDATE] = _tr("until {time}").format(time=short)
            due = (_tr("next update {when} ({distance})").format(
                when=fmt.when(values.next_update_due, now, tz), distance=fmt.relative(values.next_update_due, now))
                if values.next_update_due is not None else _tr("no update due"))
            tips[NEXT_UPDATE] = _tr("Reminders snoozed until {when}; {due}").format(
                when=fmt.when(until, now, tz), due=due)
        marks = {NEXT_UPDATE: ticket_marks.update_mark(values, now),
                 PROMISED: ticket_marks.promise_mark(values, now, self.service.schedule, self._hours)}
        return _Prepared(values.id, values.overdue(now), display, tips,
                         {column: mark for column, mark in marks.items() if mark != Mark.NONE}, icons)

    # -- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._matches)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return fmt.tr(COLUMNS[section][1], "TicketTable")
        return None

    def ticket_id(self, row: int) -> int | None:
        return self._matches[row][0] if 0 <= row < len(self._matches) else None

    def row_of(self, ticket_id: int) -> int:
        return next((row for row, pair in enumerate(self._matches) if pair[0] == ticket_id), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._matches)):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tips[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            mark = row.marks.get(column)
            return self._brushes[mark] if mark is not None else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if row.marks.get(column) == Mark.LATE else None
        if role == Qt.ItemDataRole.DecorationRole:
            name = row.icons.get(column)
            return self._icon(name) if name else None
        if role == MarkRole:
            return row.marks.get(column, Mark.NONE)
        if role == TicketIdRole:
            return row.id
        if role == OverdueRole:
            return row.overdue
        return None

    @staticmethod
    def _icon(name: str) -> QIcon:
        return theme.symbol(name)  # cached by the theme, re-tinted when the scheme changes

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or (column, order) == (self.sort_column, self.sort_order):
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        old_persistent = self.persistentIndexList()
        old_ids = [self.ticket_id(i.row()) for i in old_persistent]
        self._base = self._query_base()
        self._filter()
        positions = {pair[0]: row for row, pair in enumerate(self._matches)}
        new_indexes = []
        for index, tid in zip(old_persistent, old_ids, strict=True):
            row = positions.get(tid, -1) if tid is not None else -1
            new_indexes.append(self.index(row, index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(old_persistent, new_indexes)
        self.layoutChanged.emit()
