"""The ticket table model: a QAbstractTableModel over ticket queries that stays quick at 100k rows.

For the current view and sort order the model holds only (id, search text) pairs; filtering is a
substring test over that list, and rows are read from SQLite a page at a time when the view
asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from companion.core.tickets import LIST_COLUMNS, TicketRow, TicketService
from companion.runtime import fmt

_LABELS = {"key": "Key", "client": "Client", "subject": "Subject", "status": "Status",
           "next_update_due": "Next update", "promised_at": "Promised", "last_update_at": "Last update"}
COLUMNS = [(name, _LABELS[name]) for name in LIST_COLUMNS]
PAGE = 200
_BOLD_WHEN_OVERDUE = {0, 4, 5}  # key, next update, promised
TicketIdRole = Qt.ItemDataRole.UserRole + 1
OverdueRole = Qt.ItemDataRole.UserRole + 2
_ROOT = QModelIndex()  # the invalid index that stands for the table's root: Qt's default parent


@dataclass(slots=True)
class _Prepared:
    id: int
    overdue: bool
    display: list[str | None]
    tips: list[str | None]


class TicketTableModel(QAbstractTableModel):
    def __init__(self, service: TicketService, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.view = "all"
        self.filter_text = ""
        self.sort_column = 4
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._base: list[tuple[int, str]] = []  # (id, search text) of the view, in sort order
        self._matches: list[tuple[int, str]] = []  # the rows shown: _base narrowed by the filter
        self._rows: dict[int, _Prepared] = {}  # rows read and formatted, by ticket id
        self._now: datetime = service.clock.now()
        self._overdue_fg = QBrush(QColor("#b3261e"))
        self._overdue_bg = QBrush(QColor(179, 38, 30, 28))
        self._bold = QFont()
        self._bold.setBold(True)
        self.reload()

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the current view from the database (after a change or a view switch)."""
        self.beginResetModel()
        self._now = self.service.clock.now()
        self._base = self._query_base()
        self._rows.clear()
        self._filter()
        self.endResetModel()

    def _query_base(self) -> list[tuple[int, str]]:
        return self.service.list_order(self.view, COLUMNS[self.sort_column][0],
                                       self.sort_order == Qt.SortOrder.DescendingOrder)

    def _filter(self, previous: str = "") -> None:
        needle = self.filter_text.strip().casefold()
        if not needle:
            self._matches = self._base
        else:
            # Typing on narrows the previous matches instead of scanning everything again.
            source = self._matches if previous and previous in needle else self._base
            self._matches = [row for row in source if needle in row[1]]

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
        self._filter(previous)
        self.endResetModel()

    def refresh_time(self) -> None:
        """The clock moved: overdue colouring and relative times may have changed."""
        self._now = self.service.clock.now()
        self._rows.clear()  # formatted relative to the old time
        if self._matches:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._matches) - 1, len(COLUMNS) - 1))

    def _row(self, row: int) -> _Prepared | None:
        ticket_id = self._matches[row][0]
        cached = self._rows.get(ticket_id)
        if cached is not None:
            return cached
        start = max(0, row - PAGE // 4)
        page = [pair[0] for pair in self._matches[start:start + PAGE]]
        if len(self._rows) > 20 * PAGE:
            self._rows.clear()
        for values in self.service.rows(page):
            self._rows[values.id] = self._prepare(values)
        return self._rows.get(ticket_id)

    def _prepare(self, values: TicketRow) -> _Prepared:
        """Format a row once, so painting is a lookup rather than date arithmetic per cell."""
        tz = self.service.schedule.tz
        display: list[str | None] = []
        tips: list[str | None] = []
        for name, _label in COLUMNS:
            value = getattr(values, name)
            if name == "status":
                display.append(fmt.status_label(value))
                tips.append(None)
            elif isinstance(value, datetime):
                display.append(fmt.when(value, self._now, tz))
                tips.append(fmt.relative(value, self._now))
            else:
                text = value.replace("\n", " ") if isinstance(value, str) else value
                display.append(text)
                tips.append(value if name in ("subject", "client") and value else None)
        return _Prepared(values.id, values.overdue(self._now), display, tips)

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
        if row.overdue:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._overdue_fg
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._overdue_bg
            if role == Qt.ItemDataRole.FontRole and column in _BOLD_WHEN_OVERDUE:
                return self._bold
        if role == TicketIdRole:
            return row.id
        if role == OverdueRole:
            return row.overdue
        return None

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
