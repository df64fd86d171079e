"""The ticket table model: a QAbstractTableModel over ticket queries that stays quick at 100k rows.

For the current view and sort order the model holds only (id, search text) pairs; filtering is a
substring test over that list, and rows are read from SQLite a page at a time when the view
asks for them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from companion.core.tickets import TicketService
from companion.store.models import ACTIVE_STATUSES, Ticket
from companion.ui import fmt

COLUMNS = [
    ("key", "Key", Ticket.key),
    ("client", "Client", Ticket.client),
    ("subject", "Subject", Ticket.subject),
    ("status", "Status", Ticket.status),
    ("next_update_due", "Next update", Ticket.next_update_due),
    ("promised_at", "Promised", Ticket.promised_at),
    ("last_update_at", "Last update", Ticket.last_update_at),
]
_FIELDS = [Ticket.id, Ticket.archived_at, Ticket.snoozed_until] + [c[2] for c in COLUMNS]
PAGE = 200
TicketIdRole = Qt.ItemDataRole.UserRole + 1
OverdueRole = Qt.ItemDataRole.UserRole + 2


class TicketTableModel(QAbstractTableModel):
    def __init__(self, service: TicketService, parent=None):
        super().__init__(parent)
        self.service = service
        self.view = "all"
        self.filter_text = ""
        self.sort_column = 4
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._base: list[tuple[int, str]] = []
        self._matches: list[tuple[int, str]] = []
        self._ids: list[int] = []
        self._rows: dict[int, tuple] = {}
        self._now: datetime = service.clock.now()
        self.reload()

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the current view from the database (after a change or a view switch)."""
        self.beginResetModel()
        self._now = self.service.clock.now()
        self._base = self._query_base()
        self._rows.clear()
        self._ids = self._filtered()
        self.endResetModel()

    def _query_base(self) -> list[tuple[int, str]]:
        field = COLUMNS[self.sort_column][2]
        desc = self.sort_order == Qt.SortOrder.DescendingOrder
        order = [field.is_null(), field.desc() if desc else field.asc(), Ticket.id]
        query = self.service.view_query(self.view).select(Ticket.id, Ticket.search_text).order_by(*order)
        sql, params = query.sql()
        # Straight from the cursor: peewee's per-row processing costs ~1 s at 100k rows.
        return query.model._meta.database.execute_sql(sql, params).fetchall()

    def _filtered(self, previous: str = "") -> list[int]:
        needle = self.filter_text.strip().casefold()
        if not needle:
            self._matches = self._base
        else:
            # Typing on narrows the previous matches instead of scanning everything again.
            source = self._matches if previous and previous in needle else self._base
            self._matches = [row for row in source if needle in row[1]]
        return [row[0] for row in self._matches]

    def set_view(self, view: str) -> None:
        if view != self.view:
            self.view = view
            self.reload()

    def set_filter(self, text: str) -> None:
        if text == self.filter_text:
            return
        self.beginResetModel()
        previous = self.filter_text.strip().casefold()
        self.filter_text = text
        self._ids = self._filtered(previous)
        self.endResetModel()

    def refresh_time(self) -> None:
        """The clock moved: overdue colouring and relative times may have changed."""
        self._now = self.service.clock.now()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def _row(self, row: int) -> tuple | None:
        ticket_id = self._ids[row]
        cached = self._rows.get(ticket_id)
        if cached is not None:
            return cached
        start = max(0, row - PAGE // 4)
        page = self._ids[start:start + PAGE]
        if len(self._rows) > 20 * PAGE:
            self._rows.clear()
        for values in Ticket.select(*_FIELDS).where(Ticket.id.in_(page)).tuples():
            self._rows[values[0]] = values
        return self._rows.get(ticket_id)

    # -- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return fmt.tr(COLUMNS[section][1], "TicketTable")
        return None

    def ticket_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, ticket_id: int) -> int:
        try:
            return self._ids.index(ticket_id)
        except ValueError:
            return -1

    def _overdue(self, values: tuple) -> bool:
        _id, archived, _snoozed, _k, _c, _s, status, due, promised, _last = values
        if archived is not None or status not in ACTIVE_STATUSES:
            return False
        return bool((due and due <= self._now) or (promised and promised <= self._now))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        values = self._row(index.row())
        if values is None:
            return None
        column = index.column()
        name = COLUMNS[column][0]
        value = values[3 + column]
        if role == Qt.ItemDataRole.DisplayRole:
            if name == "status":
                return fmt.status_label(value)
            if isinstance(value, datetime):
                return fmt.when(value, self._now, self.service.schedule.tz)
            return value.replace("\n", " ") if isinstance(value, str) else value
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(value, datetime):
                return fmt.relative(value, self._now)
            if name in ("subject", "client") and value:
                return value
            return None
        if role == Qt.ItemDataRole.ForegroundRole and self._overdue(values):
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.BackgroundRole and self._overdue(values):
            return QBrush(QColor(179, 38, 30, 28))
        if role == Qt.ItemDataRole.FontRole and self._overdue(values) and name in ("key", "next_update_due", "promised_at"):
            font = QFont()
            font.setBold(True)
            return font
        if role == TicketIdRole:
            return values[0]
        if role == OverdueRole:
            return self._overdue(values)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or (column, order) == (self.sort_column, self.sort_order):
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        old_persistent = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None for i in old_persistent]
        self._base = self._query_base()
        self._ids = self._filtered()
        positions = {tid: row for row, tid in enumerate(self._ids)}
        new_indexes = []
        for index, tid in zip(old_persistent, old_ids):
            row = positions.get(tid, -1)
            new_indexes.append(self.index(row, index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(old_persistent, new_indexes)
        self.layoutChanged.emit()
