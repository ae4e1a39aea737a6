"""The window fits the control rooms' screens: 1366×768 and 1920×1080, at 100 % and (run again in
a child process with QT_SCALE_FACTOR=1.5) 150 % scaling, in Chinese and in English.

- the window can be made 1280 logical px wide (1920×1080 at 150 %) without anything pushing it wider;
- the default layout at 1920×1080 (100 %) shows at least 15 rows of the queue;
- no tab's label is cut off or scrolled away, and a workspace tab's tool tip names its rules;
- the order pane's clocks table never scrolls sideways at 1920 px;
- on every SLA band the text stays readable under a dark palette (contrast ≥ 4.5:1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QLocale, QPoint, Qt, QTranslator
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QTabBar

from console import i18n
from console.services.access import auth
from console.store import open_store
from console.views.kit import band_style
from console.views.kit.settings import Settings
from console.views.orders.queue_model import COLUMNS
from console.views.shell.app import _install_translators
from console.views.shell.main_window import MainWindow
from tests.factories import small_branch

ROOT = Path(__file__).resolve().parents[3]
SCALE = float(os.environ.get("QT_SCALE_FACTOR") or 1)
# the screens, in logical pixels at this process's scaling (1920×1080 at 150 %: 1280×720)
SCREENS = {"1366x768": (round(1366 / SCALE), round(768 / SCALE)),
           "1920x1080": (round(1920 / SCALE), round(1080 / SCALE))}
LANGS = ("zh_CN", "en")


@pytest.fixture
def speaking(qapp):
    """Install a language as the console does at start; uninstall it afterwards."""
    locale, before = QLocale(), set(qapp.findChildren(QTranslator))

    def use(lang: str) -> None:
        _install_translators(qapp, lang)

    yield use
    for t in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(t)
    QLocale.setDefault(locale)
    i18n.use("en")


@pytest.fixture
def opened(qtbot, tmp_path, speaking):
    """A window on the small branch, signed in as its dispatcher, `size` logical px, shown and loaded."""
    stores = []

    def run(lang: str, size: tuple[int, int]) -> MainWindow:
        speaking(lang)
        store = open_store(f"sqlite:///{tmp_path / f'layout-{lang}-{size[0]}.sqlite3'}")
        stores.append(store)
        ids = small_branch(store)
        w = MainWindow(store, principal=auth.principal(store, ids["dispatcher"]),
                       settings=Settings(str(tmp_path / f"{lang}-{size[0]}.ini")), branch_id=ids["nc"])
        qtbot.addWidget(w)
        w.resize(*size)  # before the first show: the default layout is made for this size
        with qtbot.waitSignal(w.sig_loaded, timeout=15_000):
            w.show()
            w.reload_orders()
        qtbot.waitExposed(w)
        qtbot.wait(100)
        w.ids = ids
        return w

    yield run
    for s in stores:
        s.dispose()


def _cut_tabs(w: MainWindow, qtbot) -> list[str]:
    """The tabs whose label is not shown whole (narrower than its text, or past the bar's end), in
    the window and in each workspace as the user brings it to the front."""
    cut: list[str] = []

    def check(bars) -> None:
        for bar in bars:
            if not bar.isVisible() or bar.visibleRegion().isEmpty():
                continue
            for i in range(bar.count()):
                rect, text = bar.tabRect(i), bar.tabText(i).replace("&&", "&")
                if rect.right() > bar.width() or rect.width() < bar.fontMetrics().horizontalAdvance(text):
                    cut.append(f"{text!r}: tab {rect.width()} px from {rect.left()}, bar {bar.width()} px")

    check(w.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly))
    for dock in w.workspaces.docks:
        dock.raise_()
        qtbot.wait(50)
        check(dock.findChildren(QTabBar))
    w.map_dock.raise_()
    return cut


@pytest.mark.parametrize("lang", LANGS)
def test_the_window_goes_down_to_1280_logical_px_and_fits_the_small_screen(qtbot, opened, lang):
    w = opened(lang, SCREENS["1366x768"])
    assert w.devicePixelRatioF() == pytest.approx(SCALE)
    least = w.minimumSizeHint().expandedTo(w.minimumSize())
    assert least.width() <= 1280, f"the window cannot be narrower than {least.width()} px"
    w.resize(1280 if SCALE == 1 else SCREENS["1920x1080"][0], w.height())
    qtbot.wait(100)
    assert w.width() <= 1280  # nothing pushed it wider
    if SCALE == 1:  # 1366×768: the whole window on the screen
        assert least.height() <= 768 - 40, f"the window needs {least.height()} px of height"
    assert _cut_tabs(w, qtbot) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_default_layout_at_1920x1080_shows_15_queue_rows_and_whole_tabs(qtbot, opened, lang):
    w = opened(lang, SCREENS["1920x1080"])
    table = w.queue.table
    rows = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    if SCALE == 1:
        assert rows >= 15, f"the queue shows {rows} rows at 1920×1080"
    else:  # 1280×720 logical: below the urgent counters and the filters, the queue keeps 10 rows
        assert rows >= 10, f"the queue shows {rows} rows at 1280×720 logical"
    assert _cut_tabs(w, qtbot) == []
    # the queue's columns need no sideways scrolling beside the order pane
    assert table.horizontalScrollBar().maximum() == 0 or SCALE != 1


@pytest.mark.parametrize("lang", LANGS)
def test_a_workspace_tab_says_its_rules_in_its_tool_tip(qtbot, opened, lang):
    w = opened(lang, SCREENS["1920x1080"])
    bars = [b for b in w.findChildren(QTabBar) if b.isVisible() and b.count() > 3]
    assert bars, "the workspaces are tabbed below the queue"
    bar = bars[0]
    tips = {}
    for i in range(bar.count()):
        centre = bar.tabRect(i).center()
        QApplication.sendEvent(bar, QHelpEvent(QEvent.Type.ToolTip, centre, bar.mapToGlobal(centre)))
        tips[bar.tabText(i)] = bar.tabToolTip(i)
    for dock in w.workspaces.docks:
        if dock.isHidden():
            continue  # not this role's (a dispatcher reads no accountability case, R-ACC)
        title = dock.windowTitle()
        assert "R-" not in title, f"the tab {title!r} carries its rule ids: they belong in the tip"
        if dock.toolTip():
            assert tips.get(title) == dock.toolTip(), (title, tips)
    ruled = [t for t in tips.values() if "R-" in t]
    assert len(ruled) >= 3, tips  # callbacks, assessment, inspections at least (a dispatcher's tabs)


@pytest.mark.parametrize("lang", LANGS)
def test_the_clocks_table_needs_no_sideways_scrolling_at_1920(qtbot, opened, lang):
    w = opened(lang, SCREENS["1920x1080"])
    complaint = w.ids["open_nc"][1]  # two clocks: the first contact (R-TIME-7) and the reply
    w.pane.show_order(complaint)
    qtbot.waitUntil(lambda: not w.pane.busy and w.pane.detail is not None, timeout=10_000)
    qtbot.wait(100)
    clocks = w.pane.clocks
    assert clocks.rowCount() >= 2
    assert clocks.horizontalScrollBar().maximum() == 0
    header = clocks.horizontalHeader()
    shown = [c for c in range(clocks.columnCount()) if not clocks.isColumnHidden(c)]
    assert header.sectionViewportPosition(shown[-1]) + header.sectionSize(shown[-1]) <= clocks.viewport().width()
    for r in range(clocks.rowCount()):  # every row whole: the table is as high as its rows
        assert clocks.rowViewportPosition(r) + clocks.rowHeight(r) <= clocks.viewport().height()


def _dark_palette() -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base, "#17181a"),
                         (QPalette.ColorRole.AlternateBase, "#26272b"), (QPalette.ColorRole.Text, "#e8eaed"),
                         (QPalette.ColorRole.WindowText, "#e8eaed"), (QPalette.ColorRole.ButtonText, "#e8eaed"),
                         (QPalette.ColorRole.Button, "#303134")):
        p.setColor(role, QColor(colour))
    return p


def test_every_sla_band_stays_readable_under_a_dark_palette(qtbot, opened, qapp):
    before = qapp.palette()
    qapp.setPalette(_dark_palette())
    try:
        w = opened("zh_CN", SCREENS["1920x1080"])
        m = w.queue_model
        seen = set()
        for r in range(m.rowCount()):
            for c, col in enumerate(COLUMNS):
                back = m.data(m.index(r, c), Qt.ItemDataRole.BackgroundRole)
                if back is None:
                    continue
                ink = m.data(m.index(r, c), Qt.ItemDataRole.ForegroundRole)
                assert ink is not None, f"{col}: a band's text left to the dark palette's light ink"
                ratio = band_style.contrast(ink.color(), back.color())
                assert ratio >= 4.5, (col, ink.color().name(), back.color().name(), ratio)
                seen.add(back.color().name())
        assert seen, "the small branch's open orders show their bands"
    finally:
        qapp.setPalette(before)
    for state, colour in band_style.COLOURS.items():  # every band the console has, shown or not
        if colour:
            ink = band_style.band_ink(state).color()
            assert band_style.contrast(ink, QColor(colour)) >= 4.5, state
            palette_ink = _dark_palette().color(QPalette.ColorRole.Text)
            assert band_style.contrast(palette_ink, QColor(colour)) < 4.5  # why the band sets its ink


@pytest.mark.skipif(SCALE != 1, reason="this is the run at 150 %")
def test_the_same_holds_at_150_percent_scaling():
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(Path(__file__).relative_to(ROOT)), "-k", "not 150_percent"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout.splitlines()[-1]
