"""The console's one way to ask for a file name: every view calls these, never QFileDialog.

SQLite's locks are POSIX advisory locks, owned per process: when anything in the console process
opens and closes the database file or its -wal/-shm siblings, every lock SQLite holds on it is
silently released, and another program may then checkpoint and delete the WAL under the open
connection (docs/security.md, "SQLite on one PC"). Qt's file dialogs do exactly that: the
platform's native dialogs, and even Qt's own through QFileIconProvider and QMimeDatabase, read the
first bytes of the files in the folder shown to pick an icon and a type name. The dialogs made here:

* are Qt's own widget dialog (DontUseNativeDialog): no other toolkit looks into the folder;
* use `NameOnlyIconProvider`: icons and type names from the file name alone (a folder, a drive, a
  file, a link; "xlsx file"), never the contents; custom folder icons (a `.directory` file) off;
* hide the open database and every file beside it that SQLite or the console keeps (-wal, -shm,
  -journal, the writer announcement): nobody can pick them, and the dialog never lists them.

`store` is the open Store (its `sqlite_files()` names the files to hide; none on PostgreSQL).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo, QSortFilterProxyModel
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle, QWidget

OPTIONS = QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.DontUseCustomDirectoryIcons


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names by the kind of entry and its name only: never opens a file."""

    _KINDS = {
        QAbstractFileIconProvider.IconType.Computer: QStyle.StandardPixmap.SP_ComputerIcon,
        QAbstractFileIconProvider.IconType.Desktop: QStyle.StandardPixmap.SP_DesktopIcon,
        QAbstractFileIconProvider.IconType.Trashcan: QStyle.StandardPixmap.SP_TrashIcon,
        QAbstractFileIconProvider.IconType.Network: QStyle.StandardPixmap.SP_DriveNetIcon,
        QAbstractFileIconProvider.IconType.Drive: QStyle.StandardPixmap.SP_DriveHDIcon,
        QAbstractFileIconProvider.IconType.Folder: QStyle.StandardPixmap.SP_DirIcon,
        QAbstractFileIconProvider.IconType.File: QStyle.StandardPixmap.SP_FileIcon,
    }

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QAbstractFileIconProvider.Option.DontUseCustomDirectoryIcons)
        self._icons: dict[QStyle.StandardPixmap, QIcon] = {}

    def _standard(self, pixmap: QStyle.StandardPixmap) -> QIcon:
        if pixmap not in self._icons:
            self._icons[pixmap] = QApplication.style().standardIcon(pixmap)
        return self._icons[pixmap]

    def icon(self, what):  # both overloads: icon(IconType) and icon(QFileInfo)
        if isinstance(what, QFileInfo):
            if what.isRoot():
                pixmap = QStyle.StandardPixmap.SP_DriveHDIcon
            elif what.isSymLink():
                pixmap = QStyle.StandardPixmap.SP_DirLinkIcon if what.isDir() else QStyle.StandardPixmap.SP_FileLinkIcon
            elif what.isDir():
                pixmap = QStyle.StandardPixmap.SP_DirIcon
            else:
                pixmap = QStyle.StandardPixmap.SP_FileIcon
            return self._standard(pixmap)
        return self._standard(self._KINDS.get(what, QStyle.StandardPixmap.SP_FileIcon))

    def type(self, info: QFileInfo) -> str:
        if info.isRoot():
            return QCoreApplication.translate("FileDialogs", "Drive")
        if info.isDir():
            return QCoreApplication.translate("FileDialogs", "Folder")
        suffix = info.suffix()
        if suffix:
            return QCoreApplication.translate("FileDialogs", "%1 file").replace("%1", suffix.lower())
        return QCoreApplication.translate("FileDialogs", "File")


class HideDatabaseFiles(QSortFilterProxyModel):
    """The dialog's files without the database and the files beside it (see the module doc)."""

    def __init__(self, hidden: tuple[str, ...], parent=None) -> None:
        super().__init__(parent)
        self.hidden = frozenset(os.path.normcase(os.path.abspath(p)) for p in hidden)
        self._names = frozenset(os.path.basename(p) for p in self.hidden)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt's name
        if not self.hidden:
            return True
        model = self.sourceModel()
        index = model.index(row, 0, parent)
        name = model.fileName(index) if hasattr(model, "fileName") else ""
        if name and os.path.normcase(name) not in self._names:
            return True  # the usual case: a name no hidden file has, no path work at all
        path = model.filePath(index) if hasattr(model, "filePath") else ""
        if not path:
            return True
        norm = os.path.normcase(os.path.abspath(path))
        return norm not in self.hidden and os.path.normcase(os.path.realpath(path)) not in self.hidden


def hidden_files(store) -> tuple[str, ...]:
    """The files a dialog must not show for `store` (nothing for PostgreSQL or no store)."""
    files = getattr(store, "sqlite_files", None)
    return tuple(files()) if callable(files) else ()


def make_dialog(parent: QWidget | None, title: str, start: str, filters: str, *, store,
                save: bool) -> QFileDialog:
    """The file dialog every helper below runs (see the module doc); tests open it as it is."""
    dlg = QFileDialog(parent, title)
    dlg.setOptions(OPTIONS)  # before anything else: the widget dialog, built once
    provider = NameOnlyIconProvider()
    dlg.setIconProvider(provider)
    dlg._icon_provider = provider  # the dialog does not own it: keep it alive as long as the dialog
    proxy = HideDatabaseFiles(hidden_files(store), dlg)
    dlg.setProxyModel(proxy)
    dlg.setNameFilters(filters.split(";;"))
    if save:
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dlg.setFileMode(QFileDialog.FileMode.ExistingFile)
    if start:
        where = Path(start)
        if where.is_dir():
            dlg.setDirectory(str(where))
        else:
            dlg.setDirectory(str(where.parent) if str(where.parent) not in ("", ".") else os.getcwd())
            dlg.selectFile(where.name)
    return dlg


def _run(dlg: QFileDialog) -> str | None:
    try:
        if dlg.exec() != QFileDialog.DialogCode.Accepted:
            return None
        chosen = dlg.selectedFiles()
        return chosen[0] if chosen and chosen[0] else None
    finally:
        dlg.deleteLater()


def save_file_name(parent: QWidget | None, title: str, suggested: str, filters: str, *, store) -> str | None:
    """Where to save (a path the user chose, or None when cancelled); `suggested` is a file name or path."""
    return _run(make_dialog(parent, title, suggested, filters, store=store, save=True))


def open_file_name(parent: QWidget | None, title: str, start: str, filters: str, *, store) -> str | None:
    """An existing file to open (or None when cancelled); `start` is a folder or a file."""
    return _run(make_dialog(parent, title, start, filters, store=store, save=False))
