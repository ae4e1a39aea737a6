"""Every word a user reads is in their language: the main window, each workspace, each menu and
every dialog its menus open, walked offscreen in zh_CN (no English word that is not a rule id,
a unit, a product name or data) and in English (no Chinese that is not data)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QAbstractListModel, QLocale, QModelIndex, Qt, QTranslator
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QDialog,
                               QFileDialog, QGroupBox, QInputDialog, QLabel, QLineEdit, QMenu, QMessageBox, QTabBar, QWidget)

from sqlalchemy import update

from console import i18n
from console.models import Customer
from console.services.access import auth
from console.store import open_store
from console.views.kit.ask import Ask
from console.views.kit.settings import Settings
from console.views.shell.app import _install_translators
from console.views.shell.main_window import MainWindow
from console.vocabulary import Role
from tests.factories import add_person, small_branch

# what may stay Latin in Chinese text: rule ids, units, product and file-format names, the
# language menu's own names, order numbers and work numbers (data)
ALLOWED = re.compile(
    r"R-[A-Z]+(?:-\d+)?(?:[…/-]\d+)*|\b(?:SQLite|PostgreSQL|Excel|Leaflet|OpenStreetMap|LibreOffice|Qt|"
    r"CSV|XLSX|xlsx|JSON|GeoJSON|SMS|PDF|PNG|URL|SQL|WAL|English|Ctrl|Shift|Alt|Del|Esc|Enter|Tab|"
    r"Return|Space|F\d+|PgUp|PgDown|Home|End|Backspace|Ins|sqlite3|psql|ID|WGS84|KB|MB|GB|UTF-8|GBK|"
    r"MBTiles|JPEG|WebP)\b|\bhttps?://\S*|"
    r"(?:/[\w.\-]+)+|[\w.\-]+\.(?:sqlite3|xlsx|csv|json|png|pdf|ini)\b|\b[A-Z]{2,3}-?\d{2,}\b|"
    r"\b[A-Z]{2}\d{3,}\b|\bsqlite:/*\S*|\b[0-9a-f]{16,}\b|\.(?:xlsx|csv|jsonl|json|pdf|html)\b")
ENGLISH = re.compile(r"[A-Za-z]{3,}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
TAGS = re.compile(r"<[^>]+>|&\w+;")
CODE = re.compile(r"^[a-z][a-z_]*$")
SKIP_ACTIONS = ("act_quit", "act_sign_out", "act_demo")


def _settled(qtbot) -> None:
    """Every read the last step started has landed (its texts are on screen)."""
    from console.views.kit import ops

    qtbot.waitUntil(lambda: ops.pending() == 0, timeout=15_000)


def _texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every visible text of `root` and its children."""
    out: list[tuple[str, str]] = []

    def add(w, text):
        if text:
            out.append((f"{type(w).__name__}:{w.objectName() or type(w.window()).__name__}", TAGS.sub(" ", text)))

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if w.isWindow():
            add(w, w.windowTitle())
        if not w.isVisibleTo(root.window()) and not isinstance(w, QMenu):
            continue
        add(w, w.toolTip())
        if isinstance(w, QLabel):
            add(w, w.text())
        elif isinstance(w, QAbstractButton):
            add(w, w.text())
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, QLineEdit):
            add(w, w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, w.itemText(i))
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w, w.tabText(i))
                add(w, w.tabToolTip(i))
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            columns = 1 if isinstance(m, QAbstractListModel) else m.columnCount(QModelIndex())
            for c in range(columns):
                add(w, str(m.headerData(c, Qt.Orientation.Horizontal) or ""))
            for r in range(min(m.rowCount(QModelIndex()), 12)):
                for c in range(columns):
                    add(w, str(m.data(m.index(r, c)) or ""))
        elif isinstance(w, QMenu):
            for a in w.actions():
                add(w, a.text())
                add(w, a.toolTip() if a.toolTip() != a.text().replace("&", "") else "")
    return out


def english_words(text: str) -> list[str]:
    return ENGLISH.findall(ALLOWED.sub(" ", text))


@pytest.fixture
def walk(qtbot, tmp_path, monkeypatch):
    """The window on a small branch signed in as an administrator, and every dialog its menus
    open (each captured instead of run), as (where, text) pairs."""

    def run(lang: str) -> tuple[list[tuple[str, str]], set[str]]:
        app = QApplication.instance()
        locale, before = QLocale(), set(app.findChildren(QTranslator))
        _install_translators(app, lang)  # as the console starts: Qt's words, ours, the core's, the locale
        installed = [t for t in app.findChildren(QTranslator) if t not in before]
        assert lang == "en" or len(installed) == 2, "Qt's and the console's catalogues must load"
        store = open_store(f"sqlite:///{tmp_path / f'walk-{lang}.sqlite3'}")
        ids = small_branch(store)
        admin = add_person(store, Role.ADMIN, None, "GD0901", "管理甲")
        with store.write() as s:  # a major client (R-VISIT-5): its category is a code with a word
            s.execute(update(Customer).where(Customer.account_no == "A0000001").values(
                is_major=True, major_category="hospital"))
        data = _data_words(store)
        w = MainWindow(store, principal=auth.principal(store, admin),
                       settings=Settings(str(tmp_path / f"{lang}.ini")), branch_id=ids["nc"])
        qtbot.addWidget(w)
        w.resize(1600, 1000)
        found: list[tuple[str, str]] = []
        seen_dialogs: list[str] = []

        def capture(dlg: QDialog) -> int:
            dlg.show()
            _settled(qtbot)
            seen_dialogs.append(type(dlg).__name__)
            found.extend(_texts(dlg))
            dlg.hide()
            return int(QDialog.DialogCode.Rejected)

        def asked(*args, **kwargs):  # a question's title and text, answered "cancel"
            found.extend(("Ask", a) for a in args if isinstance(a, str))
            seen_dialogs.append("Ask")
            return None

        monkeypatch.setattr(QDialog, "exec", capture)
        monkeypatch.setattr(QMessageBox, "exec", capture)
        for name in ("text", "item", "when", "window", "tell"):
            monkeypatch.setattr(Ask, name, classmethod(lambda cls, parent, *a, **k: asked(*a)))
        monkeypatch.setattr(Ask, "confirm", classmethod(lambda cls, parent, *a, **k: bool(asked(*a))))
        for name in ("about", "aboutQt"):  # the About box: its title and text
            monkeypatch.setattr(QMessageBox, name, staticmethod(lambda parent, *a, **k: asked(*a)))
        for name in ("warning", "information", "critical", "question"):
            monkeypatch.setattr(QMessageBox, name, staticmethod(
                lambda parent, *a, **k: asked(*a) or QMessageBox.StandardButton.Cancel))
        for name in ("getText", "getItem", "getInt", "getDouble", "getMultiLineText"):
            monkeypatch.setattr(QInputDialog, name, staticmethod(lambda parent, *a, **k: (asked(*a), False)))
        for name in ("getSaveFileName", "getOpenFileName", "getExistingDirectory"):
            monkeypatch.setattr(QFileDialog, name, staticmethod(lambda parent, *a, **k: (asked(*a), "")))
        try:
            with qtbot.waitSignal(w.sig_loaded, timeout=15_000):
                w.show()
                w.reload_orders()
            w.queue_view.selectRow(0)
            _settled(qtbot)
            found.extend(_texts(w))
            for dock in w.workspaces.docks:
                dock.show()
                dock.raise_()
                _settled(qtbot)
                found.extend(_texts(dock))
            for menu in w.menuBar().findChildren(QMenu):
                found.extend(_texts(menu))
            for menu in w.menuBar().findChildren(QMenu):
                for act in menu.actions():
                    if act.menu() or act.isSeparator() or not act.isEnabled() or act.isCheckable():
                        continue
                    if any(getattr(w, name, None) is act for name in SKIP_ACTIONS):
                        continue
                    act.trigger()
                    _settled(qtbot)
            for top in QApplication.topLevelWidgets():
                if top is not w and top.isVisible():
                    found.extend(_texts(top))
                    seen_dialogs.append(type(top).__name__)
                    top.close()
        finally:
            for t in installed:
                app.removeTranslator(t)
            QLocale.setDefault(locale)
            w.close()
            store.dispose()
        assert len(seen_dialogs) >= 5, seen_dialogs  # the walk reached the dialogs
        return found, data

    return run


def _data_words(store) -> set[str]:
    """Every text the database holds (names, addresses, districts …): data, in any language."""
    from sqlalchemy import inspect, text

    words: set[str] = set()
    with store.engine.connect() as c:
        for table in inspect(c).get_table_names():
            for col in inspect(c).get_columns(table):
                if "CHAR" in str(col["type"]).upper() or "TEXT" in str(col["type"]).upper():
                    for (v,) in c.execute(text(f'SELECT DISTINCT "{col["name"]}" FROM "{table}" LIMIT 500')):
                        if isinstance(v, str) and v.strip() and not CODE.match(v.strip()):
                            words.add(v.strip())  # a stored code (a kind, a category …) is not data: it has a word
    return words


def _strip_data(text: str, data: set[str]) -> str:
    for d in sorted(data, key=len, reverse=True):
        if len(d) >= 2 and d in text:
            text = text.replace(d, " ")
    return text


def test_a_chinese_user_meets_no_english_word(walk):
    found, data = walk("zh_CN")
    bad = sorted({f"{where}: {text!r}" for where, text in found
                  if english_words(_strip_data(text, data))})
    assert not bad, f"{len(bad)} English texts in the zh_CN console:\n" + "\n".join(bad)


def test_an_english_user_meets_no_chinese_that_is_not_data(walk):
    found, data = walk("en")
    allowed = set(i18n.LANGUAGES.values())
    bad = sorted({f"{where}: {text!r}" for where, text in found
                  if CHINESE.search(_strip_data(text, data | allowed))})
    assert not bad, f"{len(bad)} Chinese texts in the English console:\n" + "\n".join(bad)
