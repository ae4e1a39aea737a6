"""File dialogs never release SQLite's locks (docs/security.md, "SQLite on one PC").

SQLite's locks are POSIX locks, owned per process: anything in the console process that opens and
closes the database file or its -shm file releases all of them, and another program may then
switch the journal off (deleting the WAL under the open connection) or truncate the WAL a read is
still using. Qt's file dialogs read the first bytes of the files in the folder they show, to pick
icons and type names. Every dialog the console opens goes through console/views/kit/file_dialogs.py,
and each is opened here on the database's folder while the console holds a read transaction; after
a second (the folder listed, icons and types fetched) a SEPARATE process tries what a lost lock
would let it do, and must be refused. The same check on a plain QFileDialog shows the hazard.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QTreeView, QWidget
from sqlalchemy import text

from console.store import open_store
from console.views.admin.audit_dialog import AuditDialog
from console.views.exchange.export_dialog import ExportDialog
from console.views.exchange.import_dialog import ImportDialog
from console.views.kit import file_dialogs
from console.views.notices import sms
from console.views.orders.intake_dialog import IntakeDialog

ROOT = Path(__file__).resolve().parents[2]
VIEWS = ROOT / "console" / "views"
HELPER = VIEWS / "kit" / "file_dialogs.py"

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads /proc/locks (Linux)")

# What another program may do once the console's locks are gone: switch the journal mode (which
# deletes the WAL and the -shm under the console), and truncate the WAL a read still uses.
INTRUDER = r"""
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
try:
    c.execute("PRAGMA journal_mode = DELETE")
    print("journal: switched")
except sqlite3.OperationalError as exc:
    print("journal: refused:", exc)
print("checkpoint busy:", c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
"""


def test_no_view_but_the_helper_touches_qfiledialog():
    offenders = []
    for path in VIEWS.rglob("*.py"):
        if path == HELPER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = (isinstance(node, ast.Name) and node.id == "QFileDialog") or \
                (isinstance(node, ast.Attribute) and node.attr == "QFileDialog") or \
                (isinstance(node, ast.alias) and node.name.split(".")[-1] == "QFileDialog")
            if named:
                offenders.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}")
    assert not offenders, "use console.views.kit.file_dialogs instead of QFileDialog:\n" + "\n".join(offenders)


@pytest.fixture
def held(tmp_path, sqlite_template):
    """A store on a file in a folder of its own, with frames in its WAL and a read transaction
    open (as a console showing the queue has), and other files beside it for the dialog to list."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "console.sqlite3"
    shutil.copyfile(sqlite_template, path)
    (folder / "report.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (folder / "notes").write_text("a file without a suffix: its type comes from its contents", encoding="utf-8")
    store = open_store(f"sqlite:///{path}")
    with store.write() as s:  # frames in the WAL, not checkpointed (an unchanged row writes nothing)
        s.execute(text("UPDATE sla_policy SET rule_id = rule_id || '.'"))
        s.execute(text("UPDATE sla_policy SET rule_id = substr(rule_id, 1, length(rule_id) - 1)"))
    assert Path(f"{path}-wal").stat().st_size > 0
    reading = store.read()
    session = reading.__enter__()
    assert session.execute(text("SELECT count(*) FROM calendar_day")).scalar() > 0
    yield store, path
    reading.__exit__(None, None, None)
    store.dispose()


def _locks(path: Path) -> dict[str, int]:
    """This process's POSIX locks on the database file and its -shm file, from /proc/locks."""
    lines = Path("/proc/locks").read_text().splitlines()
    out = {}
    for suffix in ("", "-shm"):
        inode = os.stat(f"{path}{suffix}").st_ino
        out[suffix.strip("-") or "db"] = sum(1 for ln in lines if f" {os.getpid()} " in ln and ln.split()[5].endswith(f":{inode}"))
    return out


def _intrude(path: Path) -> str:
    res = subprocess.run([sys.executable, "-c", INTRUDER, str(path)], capture_output=True, text=True, timeout=30)
    assert res.returncode == 0, res.stderr
    return res.stdout


def _listed(dlg: QFileDialog) -> list[str]:
    view = dlg.findChild(QTreeView) or dlg.findChild(QWidget, "listView")
    model, root = view.model(), view.rootIndex()
    return [model.index(r, 0, root).data() for r in range(model.rowCount(root))]


def _browse_then_check(folder: Path, db: Path, seen: dict) -> None:
    """Once the dialog is up: show the database's folder (details, every file), let it list the
    folder and fetch icons and types for a second, then record the locks and an intruder's
    attempt, and close the dialog (always: a dialog left open would hang the test)."""
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
    if not dialogs:
        seen["tries"] = seen.get("tries", 0) + 1
        if seen["tries"] < 50:
            QTimer.singleShot(100, lambda: _browse_then_check(folder, db, seen))
        return
    dlg = dialogs[0]
    try:
        dlg.setDirectory(str(folder))
        dlg.setViewMode(QFileDialog.ViewMode.Detail)
        if "All files (*)" in dlg.nameFilters():
            dlg.selectNameFilter("All files (*)")
        loop = QEventLoop()
        QTimer.singleShot(1000, loop.quit)
        loop.exec()
        seen["listed"] = _listed(dlg)
        seen["locks"] = _locks(db)
        seen["intruder"] = _intrude(db)
    finally:
        dlg.reject()


class Parent(QWidget):
    """What the dialogs' entry points take as their parent: a widget of the console with its store."""

    def __init__(self, store):
        super().__init__()
        self.store = store


ENTRIES = {
    "audit head": lambda p, folder: AuditDialog.ask_path(p, str(folder / "audit-head.json")),
    "materials notice": lambda p, folder: IntakeDialog.choose_notice_file(p, "notice.pdf"),
    "export workbook": lambda p, folder: ExportDialog.ask_path(p, str(folder / "sla-2026-11.xlsx")),
    "import file": lambda p, folder: ImportDialog.choose_file(p, str(folder)),
    "import report": lambda p, folder: ImportDialog.choose_report_file(p, str(folder / "report.xlsx")),
    "SMS list": lambda p, folder: sms.ask_save_path(p, "SMS", str(folder / "sms.xlsx")),
}


@pytest.mark.parametrize("entry", list(ENTRIES))
def test_every_file_dialog_keeps_the_databases_locks(qtbot, held, entry):
    store, db = held
    parent = Parent(store)
    qtbot.addWidget(parent)
    before = _locks(db)
    assert before["db"] >= 1 and before["shm"] >= 1  # the read transaction's locks
    seen: dict = {}
    QTimer.singleShot(100, lambda: _browse_then_check(db.parent, db, seen))
    assert ENTRIES[entry](parent, db.parent) is None  # cancelled
    assert "intruder" in seen, "the dialog never showed"
    assert "journal: refused: database is locked" in seen["intruder"], seen["intruder"]
    assert "checkpoint busy: 1" in seen["intruder"], seen["intruder"]  # the WAL the read uses is kept
    assert seen["locks"] == before
    assert _locks(db) == before
    assert not {db.name, db.name + "-wal", db.name + "-shm"} & set(seen["listed"])
    if entry == "import file":  # every file shown: the others are listed, the database's are not
        assert {"report.xlsx", "notes"} <= set(seen["listed"])
    with store.read() as s:  # and the console still reads its data
        assert s.execute(text("SELECT count(*) FROM sla_policy")).scalar() > 0


def test_the_hazard_is_real_a_plain_qt_file_dialog_drops_the_locks(qtbot, held):
    """Without the helper (Qt's own dialog, its default icon provider) locks are gone after a second
    on the folder (here those on the -shm file, sniffed for its type), and another program may
    delete or truncate the WAL under the open database's read."""
    store, db = held
    before = _locks(db)
    dlg = QFileDialog(None, "plain", str(db.parent))
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dlg)
    dlg.show()
    loop = QEventLoop()
    QTimer.singleShot(1000, loop.quit)
    loop.exec()
    after = _locks(db)
    dlg.close()
    assert after["db"] < before["db"] or after["shm"] < before["shm"], (before, after)
    intruder = _intrude(db)
    # let through: the journal switched off (WAL deleted), or the WAL truncated under the open read
    assert "journal: switched" in intruder or "checkpoint busy: 0" in intruder, intruder
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0


def test_the_icon_provider_names_types_from_the_name_only(qtbot, tmp_path):
    from PySide6.QtCore import QFileInfo

    provider = file_dialogs.NameOnlyIconProvider()
    (tmp_path / "x.XLSX").write_bytes(b"%PDF-1.7 contents that say otherwise")
    (tmp_path / "plain").write_bytes(b"\x89PNG\r\n")
    assert provider.type(QFileInfo(str(tmp_path / "x.XLSX"))) == "xlsx file"
    assert provider.type(QFileInfo(str(tmp_path / "plain"))) == "File"
    assert provider.type(QFileInfo(str(tmp_path))) == "Folder"
    assert not provider.icon(QFileInfo(str(tmp_path / "plain"))).isNull()
