"""Where a store may live: SQLite on a network share is refused (WAL needs one host), with a
fake /proc/mounts, however the file is named (a `file:` URI, a relative or percent-encoded path, a
symlink to the file or to its folder) and whatever the share's filesystem (NFS, SMB, FUSE, cluster
filesystems …); a local disk is never refused. The PostgreSQL admin commands refuse a SQLite URL."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from console.errors import StoreError
from console.store import engine, open_store
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


# ---- every way of naming the file, and the filesystems a share comes in -------------------------------
@pytest.mark.parametrize("fstype", ["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs",
                                    "lustre", "beegfs", "autofs", "davfs", "virtiofs", "vboxsf", "gpfs", "fuse",
                                    "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.glusterfs"])
def test_every_shared_or_fuse_filesystem_is_refused(fstype):
    mounts = f"/dev/sda1 / ext4 rw 0 0\nremote:/x /data {fstype} rw 0 0\n"
    with pytest.raises(StoreError, match=f"network filesystem \\({re.escape(fstype)}\\)"):
        check_sqlite_location("/data/console.sqlite3", mounts)


@pytest.mark.parametrize("fstype", ["ext4", "ext3", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "vfat",
                                    "exfat", "ntfs3", "fuseblk", "bcachefs", "ramfs"])
def test_a_local_filesystem_is_never_refused(fstype):
    check_sqlite_location("/data/console.sqlite3", f"/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /data {fstype} rw 0 0\n")


@pytest.fixture
def share(tmp_path, monkeypatch):
    """tmp_path/share is an NFS mount, tmp_path/local a local disk (the mounts table the store reads)."""
    (tmp_path / "share").mkdir()
    (tmp_path / "local").mkdir()
    real = os.path.realpath(tmp_path / "share")
    mounts = f"/dev/sda1 / ext4 rw 0 0\nfileserver:/export {real.replace(' ', chr(92) + '040')} nfs4 rw 0 0\n"
    monkeypatch.setattr(engine, "_read_mounts", lambda: mounts)
    return tmp_path


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("url", [
    "sqlite:///file:{share}/c.sqlite3?uri=true",
    "sqlite:///file:{share}/c.sqlite3?mode=rwc&cache=private&uri=true",
    "sqlite:///file://localhost{share}/c.sqlite3?uri=true",
    "sqlite:///file:{share_quoted}/c%2Esqlite3?uri=true",  # percent-encoded
    "sqlite:///file:share/c.sqlite3?uri=true",  # relative to the working folder
    "sqlite:///share/c.sqlite3",
    "{share}/c.sqlite3",  # a plain path
])
def test_a_uri_or_any_other_spelling_of_a_file_on_a_share_is_refused(share, monkeypatch, url):
    monkeypatch.chdir(share)
    folder = share / "share"
    url = url.format(share=folder, share_quoted=quote(str(folder)))
    with pytest.raises(StoreError, match="is on a network filesystem \\(nfs4\\)"):
        open_store(url)
    assert _left(folder) == []  # nothing created there


@pytest.mark.parametrize("query", ["nolock=1", "vfs=unix-none", "vfs=unix-dotfile"])
def test_a_uri_that_switches_lockings_off_is_refused(tmp_path, query):
    with pytest.raises(StoreError, match="switches SQLite's locking off"):
        open_store(f"sqlite:///file:{tmp_path}/c.sqlite3?{query}&uri=true")
    assert _left(tmp_path) == []


def test_a_uri_naming_another_host_is_refused(tmp_path):
    with pytest.raises(StoreError, match="names another host \\(fileserver\\)"):
        open_store(f"sqlite:///file://fileserver{tmp_path}/c.sqlite3?uri=true")


def test_a_symlink_to_a_file_or_folder_on_a_share_is_refused(share):
    target = share / "share" / "real.sqlite3"
    open_store(f"sqlite:///{share / 'local' / 'made-here.sqlite3'}").dispose()  # a local file opens
    (share / "local" / "made-here.sqlite3").rename(target)  # … moved to the share by someone
    link = share / "local" / "console.sqlite3"
    link.symlink_to(target)
    before = target.read_bytes()
    with pytest.raises(StoreError, match=f"network filesystem \\(nfs4\\) \\(through {re.escape(str(target))}\\)"):
        open_store(f"sqlite:///{link}")
    assert target.read_bytes() == before and _left(share / "share") == ["real.sqlite3"]
    (share / "local" / "folder").symlink_to(share / "share", target_is_directory=True)
    with pytest.raises(StoreError, match="network filesystem \\(nfs4\\)"):
        open_store(f"sqlite:///{share / 'local' / 'folder' / 'new.sqlite3'}")
    assert _left(share / "share") == ["real.sqlite3"]


def test_a_symlink_between_local_folders_is_accepted(share):
    elsewhere = share / "local" / "elsewhere"
    elsewhere.mkdir()
    (share / "local" / "console.sqlite3").symlink_to(elsewhere / "real.sqlite3")
    st = open_store(f"sqlite:///{share / 'local' / 'console.sqlite3'}")
    st.dispose()
    assert (elsewhere / "real.sqlite3").stat().st_size > 0
