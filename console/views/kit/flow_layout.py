"""A row of widgets that wraps onto more lines when it is too narrow, for filter bars and button
rows: a control-room screen of 1280 logical pixels (1920×1080 at 150 %) must not be pushed wider
by a bar that would fit on two lines.

`FlowLayout()` replaces a `QHBoxLayout` bar: `addWidget(w, stretch)`; `add_group(label, field)`
keeps a label on the line of its field; a group with `stretch` takes the spare width of its line
(a search field). `FlowLayout(uniform=True)` is a grid of equal cells in as many columns as fit (a
pane's action buttons). The layout has a height for each width, so the widget above it is given
the lines it needs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, *, uniform: bool = False, max_columns: int | None = None):
        super().__init__(parent)
        self._groups: list[tuple[list[QLayoutItem], int]] = []  # (items kept on one line, stretch)
        self._collecting: list[QLayoutItem] | None = None
        self._uniform = uniform
        self._max_columns = max_columns
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)  # a bar inside another layout, like QHBoxLayout's

    # ---- adding ------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # what QLayout.addWidget calls
        if self._collecting is not None:  # add_group's widgets: one line together
            self._collecting.append(item)
            return
        self._groups.append(([item], 0))
        self.invalidate()

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802 - QHBoxLayout's name
        self.add_group(widget, stretch=stretch)

    def add_group(self, *widgets: QWidget, stretch: int = 0) -> None:
        """`widgets` side by side on one line (a label and its field); `stretch` > 0: the group
        takes its share of the line's spare width, given to its last widget."""
        # Qt makes each widget's item (QLayout.addWidget -> addItem): an item Qt owns, which Qt
        # deletes when it takes it back (a widget deleted); one made here would be freed twice
        self._collecting = []
        try:
            for w in widgets:
                QLayout.addWidget(self, w)
            items = self._collecting
        finally:
            self._collecting = None
        self._groups.append((items, stretch))
        self.invalidate()

    # ---- QLayout -----------------------------------------------------------------------
    def _items(self) -> list[QLayoutItem]:
        return [item for items, _ in self._groups for item in items]

    def count(self) -> int:
        return sum(len(items) for items, _ in self._groups)

    def itemAt(self, index: int):  # noqa: N802
        items = self._items()
        return items[index] if 0 <= index < len(items) else None

    def takeAt(self, index: int):  # noqa: N802
        for g, (items, stretch) in enumerate(self._groups):
            if index < len(items):
                item = items.pop(index)
                if not items:
                    del self._groups[g]
                self.invalidate()
                return item
            index -= len(items)
        return None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation.Horizontal if any(s for _, s in self._groups) else Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything on one line (the uniform grid: at most three columns)."""
        groups = self._shown()
        if not groups:
            return self._margins(QSize(0, 0))
        if self._uniform:
            cell = self._cell()
            cols = min(len(groups), self._max_columns or 3)
            rows = -(-len(groups) // cols)
            return self._margins(QSize(cols * cell.width() + (cols - 1) * self._h(),
                                       rows * cell.height() + (rows - 1) * self._v()))
        width = sum(self._natural(items) for items, _ in groups) + (len(groups) - 1) * self._h()
        return self._margins(QSize(width, max(self._line_height(items) for items, _ in groups)))

    def minimumSize(self) -> QSize:  # noqa: N802
        """As narrow as the widest group: everything else goes to further lines."""
        groups = self._shown()
        if not groups:
            return self._margins(QSize(0, 0))
        if self._uniform:
            cell = self._cell()
            return self._margins(QSize(max(i.minimumSize().width() for items, _ in groups for i in items),
                                       cell.height()))
        width = max(self._minimal(items, stretch) for items, stretch in groups)
        return self._margins(QSize(width, max(self._line_height(items) for items, _ in groups)))

    # ---- arranging ---------------------------------------------------------------------
    def _shown(self) -> list[tuple[list[QLayoutItem], int]]:
        out = []
        for items, stretch in self._groups:
            visible = [i for i in items if not i.isEmpty()]  # a hidden widget takes no room
            if visible:
                out.append((visible, stretch))
        return out

    def _h(self) -> int:
        own = self.spacing()  # set, or the parent layout's, or the style's
        return own if own >= 0 else 6

    _v = _h

    def _margins(self, size: QSize) -> QSize:
        m = self.contentsMargins()
        return QSize(size.width() + m.left() + m.right(), size.height() + m.top() + m.bottom())

    def _natural(self, items: list[QLayoutItem]) -> int:
        return sum(i.sizeHint().width() for i in items) + (len(items) - 1) * self._h()

    def _minimal(self, items: list[QLayoutItem], stretch: int) -> int:
        """A group shrinks only in its stretching widget (the others keep their size hint)."""
        widths = [i.sizeHint().width() for i in items]
        if stretch:
            widths[-1] = items[-1].minimumSize().width()
        return sum(widths) + (len(items) - 1) * self._h()

    @staticmethod
    def _line_height(items: list[QLayoutItem]) -> int:
        return max(i.sizeHint().height() for i in items)

    def _cell(self) -> QSize:
        hints = [i.sizeHint() for items, _ in self._shown() for i in items]
        return QSize(max(h.width() for h in hints), max(h.height() for h in hints))

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Lay the groups out in `rect` (when `apply`); the height they take."""
        m = self.contentsMargins()
        r = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        groups = self._shown()
        if not groups:
            return 0
        if self._uniform:
            used = self._arrange_grid(r, [i for items, _ in groups for i in items], apply)
        else:
            used = self._arrange_lines(r, groups, apply)
        return used + m.top() + m.bottom()

    def _arrange_grid(self, r: QRect, items: list[QLayoutItem], apply: bool) -> int:
        h, v = self._h(), self._v()
        cell = self._cell()
        cols = max(1, min(len(items), (r.width() + h) // max(1, cell.width() + h)))
        if self._max_columns:
            cols = min(cols, self._max_columns)
        width = max(1, (r.width() - (cols - 1) * h) // cols)
        rows = -(-len(items) // cols)
        if apply:
            for n, item in enumerate(items):
                row, col = divmod(n, cols)
                item.setGeometry(QRect(r.x() + col * (width + h), r.y() + row * (cell.height() + v),
                                       width, cell.height()))
        return rows * cell.height() + (rows - 1) * v

    def _arrange_lines(self, r: QRect, groups, apply: bool) -> int:
        h, v = self._h(), self._v()
        lines: list[list[tuple[list[QLayoutItem], int]]] = [[]]
        x = 0
        for group in groups:
            w = self._natural(group[0])
            if lines[-1] and x + h + w > r.width():
                lines.append([])
                x = 0
            x += (h if lines[-1] else 0) + w
            lines[-1].append(group)
        y = r.y()
        for line in lines:
            height = max(self._line_height(items) for items, _ in line)
            if apply:
                self._place_line(QRect(r.x(), y, r.width(), height), line)
            y += height + v
        return y - v - r.y()

    def _place_line(self, r: QRect, line) -> None:
        h = self._h()
        natural = [self._natural(items) for items, _ in line]
        spare = r.width() - sum(natural) - (len(line) - 1) * h
        stretch = sum(s for _, s in line)
        extra = [0] * len(line)
        if spare > 0 and stretch:
            for n, (_, s) in enumerate(line):
                extra[n] = spare * s // stretch
        elif spare < 0:  # one group alone, wider than the line: its stretching widget gives way
            for n, (items, s) in enumerate(line):
                if s:
                    extra[n] = max(spare, self._minimal(items, s) - natural[n])
        x = r.x()
        for (items, _), more in zip(line, extra):
            for k, item in enumerate(items):
                hint = item.sizeHint()
                w = hint.width() + (more if k == len(items) - 1 else 0)
                ih = min(r.height(), hint.height())  # centred on the line
                item.setGeometry(QRect(QPoint(x, r.y() + (r.height() - ih) // 2), QSize(max(0, w), ih)))
                x += w + h
