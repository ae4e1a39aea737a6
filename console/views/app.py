"""Start the GUI: open the store, create the demo branch on first start, show the window."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from console.services import directory
from console.store import StoreError, open_store
from console.views.main_window import MainWindow
from console.views.settings import Settings
from console.views.tasks import run_task

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
SCREENSHOT_SIZE = (1600, 1000)


def _install_translators(app: QApplication) -> None:
    """Qt's own strings and ours (resources/translations/console_<locale>.qm) when present."""
    locale = QLocale.system()
    for name, folder in (
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("console", str(TRANSLATIONS)),
    ):
        tr = QTranslator(app)
        if tr.load(locale, name, "_", folder):
            app.installTranslator(tr)


class DemoCreator:
    """Fills an empty database with the demo branch, with a progress dialog."""

    def __init__(self, store, parent=None, on_done=None):
        from console.services.sla import rebuild_open_caches
        from console.store.demo import generate_demo

        def work(progress):
            summary = generate_demo(store, progress=progress)
            progress(1.0, QApplication.translate("DemoCreator", "Computing deadlines of open orders…"))
            rebuild_open_caches(store)
            return summary

        self._on_done = on_done
        self.dialog = QProgressDialog(
            QApplication.translate("DemoCreator", "Creating the demo branch…"), "", 0, 1000, parent
        )
        self.dialog.setWindowTitle(QApplication.translate("DemoCreator", "First start"))
        self.dialog.setCancelButton(None)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.show()
        run_task(
            work,
            self._done,
            self._failed,
            on_progress=self._progress,
        )

    def _progress(self, fraction: float, message: str) -> None:
        self.dialog.setValue(int(fraction * 1000))
        self.dialog.setLabelText(message)

    def _done(self, _summary) -> None:
        self.dialog.close()
        if self._on_done:
            self._on_done(True)

    def _failed(self, exc: BaseException, _tb: str) -> None:
        self.dialog.close()
        QMessageBox.critical(
            None,
            QApplication.translate("DemoCreator", "Demo data"),
            QApplication.translate("DemoCreator", "The demo branch could not be created:\n{0}").format(exc),
        )
        if self._on_done:
            self._on_done(False)


def run_gui(db_url: str | None, *, screenshot: str | None = None, branch: str | None = None,
            is_default_db: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("branch-console")
    app.setOrganizationName("branch-console")
    _install_translators(app)
    try:
        store = open_store(db_url)
    except (StoreError, Exception) as exc:  # noqa: BLE001 - the user sees every reason
        if screenshot:
            print(f"branch-console: cannot open the database: {exc}", file=sys.stderr)
        else:
            QMessageBox.critical(None, app.translate("App", "Cannot open the database"), str(exc))
        return 2

    branch_id = None
    known = directory.branches(store)
    if branch:
        match = [b.id for b in known if branch in (b.name, b.code, str(b.id))]
        if not match:
            names = ", ".join(b.name for b in known) or "none"
            print(f"branch-console: no branch {branch!r} (branches: {names})", file=sys.stderr)
            return 2
        branch_id = match[0]

    state: dict = {"exit": 0}
    # A screenshot shows the default layout, not whatever this user last arranged.
    settings = Settings(str(Path(tempfile.mkdtemp()) / "screenshot.ini")) if screenshot else Settings()
    window = MainWindow(store, settings=settings, branch_id=branch_id)
    if screenshot:
        window.resize(*SCREENSHOT_SIZE)
        # Capture once the orders are on screen and, where QtWebEngine runs, the map is drawn.
        waiting = {"orders"} | ({"map"} if window.map.available else set())

        def arrived(what: str) -> None:
            waiting.discard(what)
            if not waiting:
                QTimer.singleShot(500, lambda: _save_shot(window, screenshot, state))

        window.sig_loaded.connect(lambda _n: arrived("orders"))
        window.map.sig_ready.connect(lambda _n: arrived("map"))
        QTimer.singleShot(120_000, lambda: _shot_timeout(state))

    def start_demo():
        def done(ok: bool):
            window.reload_branches()

        state["demo"] = DemoCreator(store, window, done)

    window.sig_demo_requested.connect(start_demo)
    window.show()
    if not known and (is_default_db or screenshot):
        start_demo()  # R-ZONE etc. demo branch so a first start shows a realistic console
    rc = app.exec()
    store.dispose()
    return state["exit"] or rc


def _save_shot(window: MainWindow, path: str, state: dict) -> None:
    if state.get("shot"):
        return
    state["shot"] = True
    QApplication.processEvents()
    Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(path))
    if not ok:
        print(f"branch-console: could not write {path}", file=sys.stderr)
        state["exit"] = 1
    else:
        print(f"screenshot saved: {path}")
    window.close()
    QApplication.quit()


def _shot_timeout(state: dict) -> None:
    if not state.get("shot"):
        print("branch-console: the data did not load within 120 s; no screenshot", file=sys.stderr)
        state["exit"] = 1
        QApplication.quit()
