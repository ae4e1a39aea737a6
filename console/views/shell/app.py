"""Start the GUI: open the store, create the demo branch on first start, sign in, show the window.

Nothing of the console is reachable before sign-in (SignInDialog). On PostgreSQL nothing is even
opened before it: the sign-in is the person's database login (services.auth_pg), and the console
runs on that connection, so row-level security holds for everything it shows. A screenshot
(`--screenshot PATH`) signs in by itself with the demo password (console.services.access.startup):
as `--user WORKNO`, or else as the first active dispatcher — so it works on the demo database
with no manual step, and refuses (exit 2) anywhere the demo password does not work.

Every step that touches the database — opening (and migrating) it, reading the branches, the
demo data, the sign-in — runs off the GUI thread (kit.ops) while a local event loop keeps the
screen alive, with a progress dialog when it takes more than a moment (`off_thread`)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from console.errors import StoreError
from console.services.access import auth, directory, startup
from console.services.access.auth_pg import PgAuthenticator
from console.views.kit.ops import ReadOp, WriteOp
from console.views.kit.settings import Settings
from console.views.shell.main_window import MainWindow
from console import i18n

SCREENSHOT_SIZE = (1600, 1000)
PROGRESS_SHOWN_AFTER_MS = 400  # a quicker step shows no dialog at all


def off_thread(fn, text: str, *, write: bool = False, parent=None):
    """Run `fn()` off the GUI thread and return what it returned (or raise what it raised), while
    a local event loop keeps the screen alive; a busy dialog saying `text` shows if it takes
    longer than a moment. `write`: on the one write thread (kit.ops.WriteOp)."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setWindowTitle(QApplication.translate("App", "Branch console"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.hide()
    later = QTimer(dialog)
    later.setSingleShot(True)
    later.timeout.connect(dialog.show)
    later.start(PROGRESS_SHOWN_AFTER_MS)
    loop, out = QEventLoop(), {}

    def ended(key: str, value) -> None:
        out[key] = value
        loop.quit()

    (WriteOp if write else ReadOp)(dialog, fn, lambda r: ended("result", r)).failure(
        lambda exc: ended("error", exc)).run()
    loop.exec()  # the op's outcome is delivered inside this loop (queued to the GUI thread)
    later.stop()
    dialog.close()
    dialog.deleteLater()
    if "error" in out:
        raise out["error"]
    return out["result"]


def _look_up(store, branch: str | None):
    """(the branches, the id of the one `--branch` names or None): directory.find_branch's
    matching (name, code in any case, or id); StoreError naming the branches when none matches."""
    known = directory.branches(store)
    if not branch:
        return known, None
    with store.read() as s:
        found = directory.find_branch(s, branch)
        return known, found.id if found is not None else None


def _install_translators(app: QApplication, lang: str) -> None:
    """Qt's own strings (qtbase_<lang>.qm, shipped with Qt) and ours, compiled from the committed
    resources/translations/console_<lang>.ts (views.shell.translations). English is the source
    language: nothing to install. The core's texts (console.i18n) speak the same language."""
    from console import i18n
    from console.views.shell.translations import compiled

    i18n.use(lang)
    QLocale.setDefault(QLocale(lang))
    if lang == "en":
        return
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    ours = QTranslator(app)
    qm = compiled(lang)
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)


class DemoCreator:
    """Fills an empty database with the demo branch, with a progress dialog (a WriteOp), in one
    transaction: all of it or nothing, also when the console is closed or killed half-way."""

    def __init__(self, store, parent=None, on_done=None, person: str | None = None):
        from console.demo.build import demo_basemap, demo_in_one_transaction

        computing = QApplication.translate("DemoCreator", "Computing deadlines of open orders…")
        drawing = QApplication.translate("DemoCreator", "Drawing the demo's base map…")

        def work(progress):  # one transaction: a console closed half-way leaves no half branch
            summary = demo_in_one_transaction(store, progress=progress, person=person, computing=computing)
            # then the map the console opens the demo on (beside the database; the demo stands without it)
            return {**summary, "basemap": demo_basemap(store, progress=progress, drawing=drawing)}

        self._on_done = on_done
        self.dialog = QProgressDialog(
            QApplication.translate("DemoCreator", "Creating the demo branch…"), "", 0, 1000, parent
        )
        self.dialog.setWindowTitle(QApplication.translate("DemoCreator", "First start"))
        self.dialog.setCancelButton(None)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.show()
        WriteOp(self.dialog, work, self._done).failure(self._failed).progress(self._progress).run()

    def _progress(self, fraction: float, message: str) -> None:
        self.dialog.setValue(int(fraction * 1000))
        self.dialog.setLabelText(message)

    def _done(self, _summary) -> None:
        self.dialog.close()
        if self._on_done:
            self._on_done(True)

    def _failed(self, exc: BaseException) -> None:
        self.dialog.close()
        QMessageBox.critical(
            None,
            QApplication.translate("DemoCreator", "Demo data"),
            QApplication.translate("DemoCreator", "The demo branch could not be created:\n{0}").format(i18n.render(exc)),
        )
        if self._on_done:
            self._on_done(False)


def _create_demo_first(store) -> None:
    """First start on the default database: the demo branch, before anyone signs in."""
    loop = QEventLoop()
    creator = DemoCreator(store, None, lambda _ok: loop.quit())
    loop.exec()
    del creator


def _pg_sign_in(url: str, *, user: str | None, parent=None):
    """PostgreSQL: the sign-in is the person's database login; nothing is opened before it.
    Returns (principal, the Store on their own connection), or None when they quit."""
    from console.views.shell.sign_in_dialog import SignInDialog

    while True:
        a = PgAuthenticator(url, principal=auth.Principal)
        principal = SignInDialog.ask(None, parent, work_number=user or "", authenticator=a,
                                     display_url=startup.server_name(url))
        if principal is None:
            return None
        try:  # refuses a schema that is not at head
            return principal, off_thread(lambda a=a: startup.open_signed_in(a),
                                         QApplication.translate("App", "Opening the database…"), parent=parent)
        except StoreError as exc:
            QMessageBox.critical(parent, QApplication.translate("App", "Cannot open the database"), i18n.render(exc))
            user = principal.work_number


def _switch_pg_user(window: MainWindow, url: str, state: dict) -> None:
    """Sign out / switch user on PostgreSQL: another person is another database login, so their
    console is a new window on their own connection; the old one closes (asking first if actions
    are waiting for the database)."""
    opened = _pg_sign_in(url, user=None, parent=window)
    if opened is None:
        window.close()
        return
    principal, store = opened
    old_store = window.store
    if not window.close():  # the user kept the window (actions waiting): the new sign-in is dropped
        store.dispose()
        return
    old_store.dispose()
    new = MainWindow(store, principal=principal, settings=Settings())
    new.sign_out_hook = lambda: _switch_pg_user(new, url, state)
    state["window"] = new
    new.show()


def _register_map_scheme() -> None:
    """The map's base map tiles come through a URL scheme of the console's own (views/map/tiles.py),
    which QtWebEngine accepts only before the QApplication is made. Without QtWebEngine the map
    panel says why, and the console works on."""
    try:
        from console.views.map.tiles import register_scheme
    except ImportError:
        return
    register_scheme()


def run_gui(db_url: str | None, *, screenshot: str | None = None, branch: str | None = None,
            is_default_db: bool = False, user: str | None = None, lang: str | None = None) -> int:
    from console import i18n

    _register_map_scheme()  # before the application exists, or QtWebEngine ignores it
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("branch-console")
    app.setOrganizationName("branch-console")
    _install_translators(app, i18n.chosen(lang))
    url = db_url or startup.default_db_url()
    shared = startup.is_shared(url)
    principal = None
    opening = app.translate("App", "Opening the database…")
    try:
        if shared and screenshot:
            principal, store = off_thread(lambda: startup.pg_demo_sign_in(url, user), opening, write=True)
        elif shared:
            opened = _pg_sign_in(url, user=user)
            if opened is None:
                return 0
            principal, store = opened
        else:
            store = off_thread(lambda: startup.open_local(url), opening, write=True)  # creates or migrates
    except Exception as exc:  # noqa: BLE001 - the user sees every reason (StoreError in words)
        if screenshot:
            print(f"branch-console: cannot open the database: {exc}", file=sys.stderr)
        else:
            QMessageBox.critical(None, app.translate("App", "Cannot open the database"), i18n.render(exc))
        return 2

    try:
        known, branch_id = off_thread(lambda: _look_up(store, branch), opening)
    except StoreError as exc:  # --branch names no branch: say which there are
        print(f"branch-console: {exc}", file=sys.stderr)
        store.dispose()
        return 2

    if not shared:  # (on PostgreSQL the sign-in above was the database login)
        if not known and (is_default_db or screenshot):
            _create_demo_first(store)  # R-ZONE etc. demo branch so a first start shows a realistic console
            known = off_thread(lambda: directory.branches(store), opening)
        if screenshot:
            try:
                principal = off_thread(lambda: startup.demo_principal(store, user, branch_id),
                                       app.translate("App", "Signing in…"), write=True)
            except StoreError as exc:
                print(f"branch-console: the screenshot cannot sign in: {exc} (the demo password works on the "
                      "demo database only)", file=sys.stderr)
                store.dispose()
                return 2
        elif known:  # an empty database has nobody to sign in: the window offers the demo branch
            from console.views.shell.sign_in_dialog import SignInDialog

            principal = SignInDialog.ask(store, work_number=user or "")
            if principal is None:
                store.dispose()
                return 0
    state: dict = {"exit": 0}
    # A screenshot shows the default layout, not whatever this user last arranged.
    settings = Settings(str(Path(tempfile.mkdtemp()) / "screenshot.ini")) if screenshot else Settings()
    window = MainWindow(store, principal=principal, settings=settings, branch_id=branch_id)
    state["window"] = window
    if shared:
        window.sign_out_hook = lambda: _switch_pg_user(window, url, state)
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
            if ok and window.principal is None:
                window.sign_out()  # the demo's staff can sign in now (README: the demo password)

        state["demo"] = DemoCreator(store, window, done)

    window.sig_demo_requested.connect(start_demo)
    window.show()
    rc = app.exec()
    state["window"].store.dispose()
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
