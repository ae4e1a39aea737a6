"""Docks that fit the control rooms' screens (1366×768 and 1920×1080, at 100 % and 150 %).

`VerticalScroll` holds a dock's view: lower than the view needs, the dock scrolls it vertically
instead of pushing the window past the bottom of the screen; it never scrolls sideways (the
dock stays as wide as the view's minimum). `DockTabTips` lets a tabbed dock's tab carry a short
name while hovering it shows the whole one (the rule ids: "Callbacks" on the tab, "Callbacks
(R-VISIT)" in its tool tip): Qt gives each such tab its dock's title as tool tip, and this puts
the dock's own tool tip there whenever a tip is asked for."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QTabBar, QWidget

LOW = 120  # the least height of a view in a dock: a few lines of it, the rest scrolls


class VerticalScroll(QScrollArea):
    def __init__(self, view: QWidget, parent: QWidget | None = None, *, low: int = LOW):
        super().__init__(parent)
        self._low = low
        self.setObjectName(f"{view.objectName() or type(view).__name__}Scroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidgetResizable(True)  # the view fills the dock; scrolls only below its minimum
        self.setWidget(view)
        view.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the view's minimum may have changed: the dock asks again
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        inner = self.widget().minimumSizeHint() if self.widget() is not None else QSize(0, 0)
        frame = 2 * self.frameWidth()
        bar = self.verticalScrollBar().sizeHint().width()  # kept free: no sideways scrolling with it
        return QSize(inner.width() + bar + frame, min(inner.height(), self._low) + frame)

    def sizeHint(self) -> QSize:  # noqa: N802
        inner = self.widget().sizeHint() if self.widget() is not None else QSize(0, 0)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(inner.width() + bar, inner.height()) + QSize(2 * self.frameWidth(), 2 * self.frameWidth())


class DockTabTips(QObject):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)
        for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            bar.installEventFilter(self)

    def dock_at(self, bar: QTabBar, index: int) -> QDockWidget | None:
        title = bar.tabText(index)
        for dock in self._window.findChildren(QDockWidget):
            if dock.windowTitle() == title:
                return dock
        return None

    def refresh(self, bar: QTabBar) -> None:
        for i in range(bar.count()):
            dock = self.dock_at(bar, i)
            if dock is not None and dock.toolTip():
                bar.setTabToolTip(i, dock.toolTip())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.ChildPolished:
            child = event.child()
            if isinstance(child, QTabBar) and child.parent() is self._window:  # a new group of tabbed docks
                child.installEventFilter(self)
        elif kind == QEvent.Type.ToolTip and isinstance(watched, QTabBar):
            self.refresh(watched)  # then QTabBar shows the tab's tip as usual
        return False
