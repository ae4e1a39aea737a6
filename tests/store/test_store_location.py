"""Where a store may live: SQLite on a network share is refused (WAL needs one host), with a
fake /proc/mounts; the PostgreSQL admin commands refuse a SQLite URL."""

from __future__ import annotations

import pytest

from console.errors import StoreError
from console.store import open_store
from console.store.engine import check_sqlite_location, filesystem_type

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
fileserver:/export/console /mnt/share nfs4 rw,relatime,vers=4.2 0 0
/dev/sdb1 /mnt/share/local ext4 rw 0 0
//nas/office /srv/office cifs rw,vers=3.0 0 0
me@host:/data /home/me/my\\040remote fuse.sshfs rw,nosuid 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize("path, fstype", [
    ("/home/me/console.sqlite3", "ext4"),
    ("/mnt/share/console.sqlite3", "nfs4"),
    ("/mnt/share/local/console.sqlite3", "ext4"),  # the longest mount point wins
    ("/mnt/shared/console.sqlite3", "ext4"),  # a prefix of a name is not the mount
    ("/srv/office/db/console.sqlite3", "cifs"),
    ("/home/me/my remote/console.sqlite3", "fuse.sshfs"),  # \\040 in /proc/mounts is a space
])
def test_filesystem_type_from_a_mounts_table(path, fstype):
    assert filesystem_type(path, MOUNTS) == fstype


@pytest.mark.parametrize("path", ["/mnt/share/console.sqlite3", "/srv/office/db/c.sqlite3",
                                  "/home/me/my remote/c.sqlite3", "\\\\nas\\office\\c.sqlite3"])
def test_sqlite_on_a_network_share_is_refused(path):
    with pytest.raises(StoreError, match="SQLite's WAL needs one host; use PostgreSQL for a shared deployment"):
        check_sqlite_location(path, MOUNTS)


@pytest.mark.parametrize("path", ["/home/me/console.sqlite3", "/mnt/share/local/c.sqlite3", "/tmp/c.sqlite3"])
def test_sqlite_on_a_local_disk_is_accepted(path):
    check_sqlite_location(path, MOUNTS)


def test_no_mounts_table_means_unknown_not_refused(tmp_path, monkeypatch):
    assert filesystem_type("/anything", "") is None
    st = open_store(f"sqlite:///{tmp_path / 'local.sqlite3'}")  # the real /proc/mounts: a local disk
    st.dispose()


def test_the_admin_commands_refuse_sqlite(tmp_path):
    from console.store.pg import admin as pg_admin

    with pytest.raises(StoreError, match="for a shared PostgreSQL"):
        pg_admin.init_postgres(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(StoreError, match="for a shared PostgreSQL"):
        pg_admin.migrate(f"sqlite:///{tmp_path / 'x.sqlite3'}")
