"""scripts/screenshots.py OUTDIR [--lang zh_CN] [--size 1600x1000] - the pictures of docs/.

Builds the demo branch in a throw-away SQLite database, opens the console on it offscreen in
`--lang`, signed in as the demo branch's admin (who may open every workspace and dialog), and saves
one PNG per face of the console: the queue with the order pane, the escalations, each workspace
below it, the intake, assign, calendar, policy and audit dialogs, each role's home as it
opens at sign-in (dispatcher, manager, inspector, maintainer, admin), and last the district map on
the demo's own base map, given more of the window. Run it through `scripts/screenshots`, which sets
the offscreen platform and the interpreter; `docs/screenshots/` holds its zh_CN output."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressBar  # noqa: E402
from sqlalchemy import select  # noqa: E402

from console.demo.build import demo_basemap, demo_in_one_transaction  # noqa: E402
from console.models import Staff  # noqa: E402
from console.services.access import startup  # noqa: E402
from console.views.kit.settings import Settings  # noqa: E402
from console.views.map.tiles import register_scheme  # noqa: E402
from console.views.shell.app import _install_translators  # noqa: E402
from console.views.shell.main_window import MainWindow  # noqa: E402
from console.vocabulary import Role  # noqa: E402

SETTLE_MS = 1500  # what a view reads off the GUI thread arrives, the map draws
BUSY_WAITS = 120  # half-seconds a view may still be reading (the month's assessment)


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Camera:
    def __init__(self, out: Path):
        self.out = out
        self.saved: list[Path] = []
        self.pending: str | None = None  # the name for the next dialog that opens

    def save(self, widget, name: str) -> None:
        wait(SETTLE_MS)
        for _ in range(BUSY_WAITS):  # a view still reading shows a running progress bar: wait for its data
            if not any(bar.isVisible() and (bar.maximum() == 0 or bar.value() < bar.maximum())
                       for bar in widget.findChildren(QProgressBar)):
                break
            wait(500)
        wait(300)
        path = self.out / f"{len(self.saved) + 1:02d}-{name}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"screenshots: could not write {path}")
        self.saved.append(path)
        print(f"saved {path}")

    def dialog(self, dlg: QDialog) -> int:
        """QDialog.exec while the tour runs: show the dialog, photograph it, close it."""
        name, self.pending = self.pending, None
        dlg.show()
        if name:
            self.save(dlg, name)
        dlg.reject()
        return int(QDialog.DialogCode.Rejected)

    def refused(self, _parent, title, text, *a, **k):
        raise SystemExit(f"screenshots: the console said {title!r}: {text}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("outdir", type=Path)
    p.add_argument("--lang", default="zh_CN")
    p.add_argument("--size", default="1600x1000")
    args = p.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    args.outdir.mkdir(parents=True, exist_ok=True)

    register_scheme()  # the map's base map tiles (console/views/map/tiles.py): before the application exists
    app = QApplication.instance() or QApplication(sys.argv[:1])
    _install_translators(app, args.lang)
    db = Path(tempfile.mkdtemp()) / "screenshots.sqlite3"
    store = startup.open_local(f"sqlite:///{db}")
    print("building the demo branch …")
    demo_in_one_transaction(store)
    demo_basemap(store)  # the demo's base map beside the database, as `branch-console demo` writes it
    with store.read() as s:
        admin, branch_id = s.execute(select(Staff.work_number, Staff.branch_id).where(
            Staff.role == Role.ADMIN, Staff.branch_id.is_not(None), Staff.active.is_(True)).order_by(Staff.id)).first()
    principal = startup.demo_principal(store, admin, branch_id)

    cam = Camera(args.outdir)
    QDialog.exec = lambda dlg: cam.dialog(dlg)  # every dialog the tour opens is photographed instead of run
    QMessageBox.exec = lambda box: cam.dialog(box)
    for name in ("warning", "critical", "information"):
        setattr(QMessageBox, name, staticmethod(cam.refused))

    w = MainWindow(store, principal=principal, settings=Settings(str(db.with_suffix(".ini"))), branch_id=branch_id)
    w.resize(width, height)
    loaded = QEventLoop()
    w.sig_loaded.connect(lambda _n: loaded.quit())
    w.show()
    w.reload_orders()
    QTimer.singleShot(120_000, loaded.quit)
    loaded.exec()
    w.queue_view.selectRow(0)
    cam.save(w, "queue-and-order")

    w.resizeDocks([w.map_dock], [round(height * 0.55)], Qt.Orientation.Vertical)  # room for a workspace
    w.alerts_dock.raise_()
    w.alerts.table.expand(w.alerts.model.index(0, 0))  # the first order's alerts below it
    cam.save(w, "escalations")
    for dock, name in ((w.workspaces.docks[0], "callbacks"), *(
            (d, n) for d in w.workspaces.docks for obj, n in (
                ("MajorClientsDock", "revisit-plans"), ("NoticesDock", "notices"), ("InspectionsDock", "inspections"),
                ("AssessmentDock", "assessment"), ("AccountabilityDock", "accountability"))
            if d.objectName() == obj)):
        dock.raise_()
        cam.save(w, name)
    w.map_dock.raise_()

    for name, open_it in (("intake", w.new_request), ("assign", w.pane.act_assign.trigger),
                          ("calendar", lambda: w.open_calendar(None)), ("policy", w.open_policy)):
        cam.pending = name
        open_it()
        if cam.pending:
            raise SystemExit(f"screenshots: the {name} dialog did not open")
    w.open_audit()  # a window of its own (not modal): it checks the chain while it is open
    cam.save(w._audit_dialog, "audit")
    w._audit_dialog.close()

    for role in (Role.DISPATCHER, Role.MANAGER, Role.INSPECTOR, Role.MAINTAINER, Role.ADMIN):
        with store.read() as s:  # the branch's first person of that role (inspectors are provincial)
            q = select(Staff.work_number).where(Staff.role == role, Staff.active.is_(True)).order_by(Staff.id)
            who = s.scalar(q.where(Staff.branch_id == branch_id)) or s.scalar(q)
        loaded = QEventLoop()
        w.sig_loaded.connect(loaded.quit)
        w.set_principal(startup.demo_principal(store, who, branch_id))  # the sign-in box's outcome
        QTimer.singleShot(60_000, loaded.quit)
        loaded.exec()
        w.sig_loaded.disconnect(loaded.quit)
        cam.save(w, f"home-{role.value}")
    w.map_dock.raise_()
    w.resizeDocks([w.map_dock], [round(height * 0.6)], Qt.Orientation.Vertical)
    w.map.basemap_changed()  # the page fitted to its new size
    cam.save(w, "map-basemap")
    w.close()
    store.dispose()
    print(f"{len(cam.saved)} screenshots in {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
