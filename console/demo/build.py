"""The demo branches, all or nothing: a demo killed half-way leaves no half branch.

* A new SQLite file (the target does not exist yet): the demo is built in a hidden file beside it
  (`.NAME.building-PID`, the same folder and so the same filesystem), closed (SQLite checkpoints
  its WAL into it and removes the -wal and -shm files), flushed to disk, and only then given the
  target's name with a hard link (which, unlike a rename, never replaces a file someone created
  meanwhile; a filesystem without hard links gets a rename after a last check). Killed before
  that, the target does not exist; the next run removes the leftover of a dead builder.
* An existing database (SQLite with no branch yet, or PostgreSQL): the whole demo is one write
  transaction (Store.one_transaction), announced as the demo so that a program waiting for the
  write lock says what it waits for. Killed, it rolls back: the database is as empty as before.

Then the demo branch's own base map (console.demo.basemap: streets and water drawn from its
districts, ~2 MB, 2-3 s) is written where the console looks for the database's own base map
(services/exports/basemap.own_basemap: ``NAME.basemap.mbtiles`` beside an SQLite file, the user's
data folder for PostgreSQL), so the console opens the demo on it. The database is complete before
it; a base map that cannot be written is said in the summary, and the demo stands.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from console.demo.generate import Progress, generate_demo
from console.demo.province import BRANCHES, ORDERS, generate_province
from console.errors import StoreError
from console.models import Branch, District
from console.services.exports.basemap import own_basemap
from console.services.orders.caches import rebuild_open_caches
from console.store import open_store
from console.store.engine import Store, check_sqlite_location, normalize_db_url, sqlite_file

SIBLINGS = ("-wal", "-shm", "-journal")
BASEMAP_BRANCH = "NC"  # the demo branch the base map is drawn for (the city: its streets are what a dispatcher reads)


def operator() -> str:
    """Who runs the command line (for the writer announcement)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return "the operator"


def _fill(store, *, seed: int, orders: int, now: dt.datetime | None, progress: Progress | None,
          scale: float, computing: str) -> dict:
    summary = generate_demo(store, seed=seed, orders=orders, now=now, progress=progress, scale=scale)
    if progress is not None:
        progress(1.0, computing)
    rebuild_open_caches(store)  # open orders' projected columns from their events
    return summary


def demo_in_one_transaction(store: Store, *, seed: int = 1, orders: int = 40_000, now: dt.datetime | None = None,
                            progress: Progress | None = None, scale: float = 1.0, person: str | None = None,
                            computing: str = "Computing deadlines of open orders") -> dict:
    """The demo into the open `store` as one transaction (see the module doc)."""
    with store.one_transaction(person=person or operator(), action="demo") as tx:
        return _fill(tx, seed=seed, orders=orders, now=now, progress=progress, scale=scale, computing=computing)


def _builder_pid(name: str, target: Path) -> int | None:
    m = re.fullmatch(re.escape(f".{target.name}.building-") + r"(\d+)(?:-wal|-shm|-journal)?", name)
    return int(m.group(1)) if m else None


def _remove_dead_builds(target: Path) -> None:
    """Leftovers of a builder that was killed (its process is gone)."""
    for p in target.parent.glob(f".{target.name}.building-*"):
        pid = _builder_pid(p.name, target)
        if pid is None or pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
            continue  # still building
        except ProcessLookupError:
            pass
        except OSError:
            continue
        p.unlink(missing_ok=True)


def _fsync(path: Path, *, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def demo_into_new_file(target: Path, *, seed: int = 1, orders: int = 40_000, now: dt.datetime | None = None,
                       progress: Progress | None = None, scale: float = 1.0,
                       fill: Callable[[Store], dict] | None = None) -> dict:
    """Build the demo beside `target` and give it the target's name once complete (module doc).
    `fill(store)` builds something else the same way (the province)."""
    target = Path(target).absolute()
    check_sqlite_location(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_builds(target)
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    leftovers = [str(target) + s for s in SIBLINGS if Path(str(target) + s).exists()]
    if leftovers:
        raise StoreError(f"there is no database at {target}, but {', '.join(leftovers)} are there (left by a "
                         "database of that name that was removed): move them away first, or SQLite would apply "
                         "them to the new file")

    def remove_building() -> None:
        for p in (building, *(Path(str(building) + s) for s in SIBLINGS)):
            p.unlink(missing_ok=True)

    try:
        store = open_store(f"sqlite:///{building}")
        try:
            summary = fill(store) if fill is not None else _fill(
                store, seed=seed, orders=orders, now=now, progress=progress, scale=scale,
                computing="Computing deadlines of open orders")
        finally:
            store.dispose()  # the last connection: SQLite checkpoints the WAL and removes -wal and -shm
        if any(Path(str(building) + s).exists() for s in SIBLINGS):
            raise StoreError(f"the demo built in {building} was not closed cleanly (its -wal file is still there); "
                             f"nothing was written to {target}")
        _fsync(building)
        try:
            os.link(building, target)  # fails if someone created the target meanwhile
        except FileExistsError:
            raise StoreError(f"{target} was created by someone else while the demo was being built: nothing was "
                             "written to it; run the demo again on a new file, or on that one if it is empty") from None
        except OSError:  # no hard links on this filesystem (FAT, exFAT …)
            if target.exists():
                raise StoreError(f"{target} was created by someone else while the demo was being built") from None
            os.rename(building, target)
        building.unlink(missing_ok=True)
        _fsync(target.parent, directory=True)
    except BaseException:
        remove_building()
        raise
    return summary


def demo_rings(store: Store) -> list[list]:
    """The outer rings (WGS-84 [lon, lat]) of the demo base map branch's districts."""
    with store.read() as s:
        shapes = s.scalars(select(District.geojson).join(Branch, Branch.id == District.branch_id)
                           .where(Branch.code == BASEMAP_BRANCH).order_by(District.id)).all()
    rings = []
    for text in shapes:
        g = json.loads(text)
        g = g.get("geometry", g)
        polygons = [g["coordinates"]] if g.get("type") == "Polygon" else g.get("coordinates", [])
        rings.extend(p[0] for p in polygons if p)
    return rings


def write_demo_basemap(url: str, rings: list[list], *, seed: int = 1, progress: Progress | None = None,
                       drawing: str = "Drawing the demo's base map") -> dict:
    """The demo's base map for the database at `url` (module doc): {"file", "tiles", "bytes",
    "seconds"}, or {"file", "error"} when it could not be written (the demo stands without it)."""
    path = own_basemap(url)
    if path is None or not rings:
        return {"file": None, "error": "no file for a database in memory" if path is None else "no districts"}
    if progress is not None:
        progress(1.0, drawing)
    from console.demo.basemap import build_basemap  # Pillow: only for the demo

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for left in path.parent.glob(f".{path.name}.*.tmp"):  # a demo killed while it drew (write_mbtiles)
            left.unlink(missing_ok=True)
        return {"file": str(path), **build_basemap(path, rings, seed=seed)}
    except (OSError, ValueError) as exc:
        return {"file": str(path), "error": str(exc)}


def demo_basemap(store: Store, *, seed: int = 1, progress: Progress | None = None,
                 drawing: str = "Drawing the demo's base map") -> dict:
    """The demo's base map for the open `store`'s database (its demo branch already written)."""
    return write_demo_basemap(store.url, demo_rings(store), seed=seed, progress=progress, drawing=drawing)


def create_demo(url: str | None, *, seed: int = 1, orders: int = 40_000, now: dt.datetime | None = None,
                progress: Progress | None = None, scale: float = 1.0) -> dict:
    """`branch-console demo`: the demo branches at `url`, all or nothing, then their base map
    (module doc; the summary's "basemap")."""
    url = normalize_db_url(url)
    path = sqlite_file(url)
    if path is not None and not path.exists() and not path.is_symlink():
        rings: list[list] = []

        def fill(store: Store) -> dict:
            summary = _fill(store, seed=seed, orders=orders, now=now, progress=progress, scale=scale,
                            computing="Computing deadlines of open orders")
            rings.extend(demo_rings(store))  # read before the file gets its name: no second opening
            return summary

        summary = demo_into_new_file(path, fill=fill)
        return {**summary, "basemap": write_demo_basemap(url, rings, seed=seed, progress=progress)}
    store = open_store(url)
    try:
        summary = demo_in_one_transaction(store, seed=seed, orders=orders, now=now, progress=progress, scale=scale)
        return {**summary, "basemap": demo_basemap(store, seed=seed, progress=progress)}
    finally:
        store.dispose()


def create_province(url: str | None, *, seed: int = 1, branches: int = BRANCHES, orders: int = ORDERS,
                    now: dt.datetime | None = None, progress: Progress | None = None) -> dict:
    """`branch-console demo --province`: the province at `url`, all or nothing like the demo: a new
    SQLite file is built beside its name; an existing empty database gets it in one write
    transaction (console.demo.province), announced as the demo."""
    url = normalize_db_url(url)

    def fill(store: Store) -> dict:
        return generate_province(store, seed=seed, branches=branches, orders=orders, now=now, progress=progress)

    path = sqlite_file(url)
    if path is not None and not path.exists() and not path.is_symlink():
        return demo_into_new_file(path, fill=fill)
    store = open_store(url)
    try:
        with store.announced(person=operator(), action="demo"):
            return fill(store)
    finally:
        store.dispose()
