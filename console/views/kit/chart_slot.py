"""Where a pyqtgraph chart goes in a workspace view.

pyqtgraph takes about a quarter of a second to import; the console's first paint should not wait
for charts in tabs nobody has opened yet. A `ChartSlot` holds the place in the layout and builds
the chart (importing pyqtgraph) the first time it is drawn on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget


class ChartSlot(QWidget):
    def __init__(self, build: Callable[[QWidget], QWidget], parent=None, *, min_height: int = 0):
        super().__init__(parent)
        self._build = build
        self._chart: QWidget | None = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(min_height)

    @property
    def chart(self):
        """The chart, built on first use."""
        if self._chart is None:
            self._chart = self._build(self)
            self.layout().addWidget(self._chart)
        return self._chart
