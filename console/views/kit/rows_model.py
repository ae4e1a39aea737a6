"""RowsModel: a read-only table of plain service rows (frozen dataclasses) for a QTableView.

A subclass names its columns and says, per row and column, the text and (optionally) the colour,
background, tooltip and alignment; ``row_at``/``row_of`` give the plain row back, so a view keeps
its selection across reloads by id. (The pattern of the callbacks and revisits views, shared.)
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

RowRole = Qt.ItemDataRole.UserRole + 1
"""The whole plain row behind a table row."""
_R = Qt.ItemDataRole


class RowsModel(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()
    NUMERIC: frozenset[str] = frozenset()  # right-aligned columns

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Any] = []
        self._headers: dict[str, str] = {}
        self._header_tips: dict[str, str] = {}

    # ---- for subclasses -----------------------------------------------------------------------
    def text(self, row: Any, col: str) -> str:
        return str(getattr(row, col))

    def foreground(self, row: Any, col: str) -> QColor | None:
        return None

    def background(self, row: Any, col: str) -> QColor | None:
        return None

    def tooltip(self, row: Any, col: str) -> str | None:
        return None

    # ---- rows ---------------------------------------------------------------------------------
    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, row_id: int, key: str = "id") -> int:
        return next((i for i, r in enumerate(self._rows) if getattr(r, key) == row_id), -1)

    # ---- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=_R.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        col = self.COLUMNS[section]
        if role == _R.DisplayRole:
            return self._headers.get(col, col)
        if role == _R.ToolTipRole:
            return self._header_tips.get(col)
        return None

    def data(self, index, role=_R.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], self.COLUMNS[index.column()]
        if role == _R.DisplayRole:
            return self.text(r, col)
        if role == RowRole:
            return r
        if role == _R.ForegroundRole:
            c = self.foreground(r, col)
            return QBrush(c) if c is not None else None
        if role == _R.BackgroundRole:
            c = self.background(r, col)
            return QBrush(c) if c is not None else None
        if role == _R.ToolTipRole:
            return self.tooltip(r, col)
        if role == _R.TextAlignmentRole and col in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
