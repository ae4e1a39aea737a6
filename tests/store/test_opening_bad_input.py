"""A wrong --db is answered in words, never with a traceback, and writes nothing (docs/security.md,
"SQLite on one PC").

Through the command line's entry point (console.cli.main): a mistyped SQLite path creates no
database (every subcommand but `demo` and `admin add-branch`, and the console itself), a plain path
is the file, and an empty --db, a file that is no database (text, a picture), another program's
SQLite database, a console schema lacking the columns of the revision it claims, PostgreSQL without
its driver, an unreachable server and an unparsable URL are each refused naming the problem. The
folder is compared byte for byte before and after: nothing was created or changed.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from console.cli import main
from console.store.migrate import head_revision


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir")
            for p in sorted(folder.rglob("*"))}


def _run(argv: list[str], capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    code = main(argv)
    return code, capsys.readouterr().err


# every subcommand that works on a database it is given, with what else it needs
COMMANDS = {
    "stats": ["stats", "--json"],
    "escalate": ["escalate"],
    "export": ["export", "findings", "--out", "{dir}/findings.xlsx"],
    "import": ["import", "customers", "--file", "{dir}/customers.csv"],
    "audit verify": ["audit", "verify"],
    "audit head": ["audit", "head", "--out", "{dir}/head.json"],
    "audit replay": ["audit", "replay"],
    "map": ["map", "--out", "{dir}/map.html"],
    "admin add-user": ["admin", "add-user", "--work-number", "GD0001", "--name", "赵敏", "--role", "admin",
                       "--password-stdin"],
    "admin set-password": ["admin", "set-password", "--work-number", "GD0001", "--password-stdin"],
}


def _argv(name: str, db: str, folder: Path) -> list[str]:
    return [a.replace("{dir}", str(folder)) for a in COMMANDS[name]] + ["--db", db]


@pytest.mark.parametrize("spelling", ["url", "plain path"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_mistyped_sqlite_path_creates_nothing(tmp_path, capsys, monkeypatch, name, spelling):
    (tmp_path / "customers.csv").write_text("客户编号,姓名\n", encoding="utf-8")
    missing = tmp_path / "typo" / "consle.sqlite3"  # neither the folder nor the file exists
    before = _snapshot(tmp_path)
    db = f"sqlite:///{missing}" if spelling == "url" else str(missing)
    code, err = _run(_argv(name, db, tmp_path), capsys, monkeypatch)
    assert code == 2
    assert f"branch-console: no database at {missing}: check the path, or create one with `branch-console demo" \
        in err and "admin add-branch" in err
    assert "Traceback" not in err
    assert _snapshot(tmp_path) == before


def test_the_console_itself_refuses_a_mistyped_path_too(tmp_path, capsys, monkeypatch):
    code, err = _run(["--db", str(tmp_path / "typo.sqlite3")], capsys, monkeypatch)
    assert code == 2 and f"no database at {tmp_path / 'typo.sqlite3'}" in err
    assert list(tmp_path.iterdir()) == []


def test_a_plain_path_is_the_sqlite_file(tmp_path, sqlite_template, capsys, monkeypatch):
    shutil.copyfile(sqlite_template, tmp_path / "console.sqlite3")
    code, err = _run(["stats", "--json", "--db", str(tmp_path / "console.sqlite3")], capsys, monkeypatch)
    assert code == 0, err


def _text_file(p: Path) -> None:
    p.write_text("customer,phone\n王芳,13800000000\n", encoding="utf-8")


def _png(p: Path) -> None:
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _foreign(p: Path) -> None:
    con = sqlite3.connect(p)
    con.executescript("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO songs VALUES (1, '茉莉花');")
    con.close()


def _claims_head_without_its_columns(p: Path) -> None:
    con = sqlite3.connect(p)
    con.executescript("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY);"
                      f"INSERT INTO alembic_version VALUES ('{head_revision()}');"
                      "CREATE TABLE branch (id INTEGER PRIMARY KEY, code TEXT);")
    con.close()


def _head_missing_a_table(p: Path, template: Path) -> None:
    shutil.copyfile(template, p)
    con = sqlite3.connect(p)
    con.executescript("DROP TABLE training_record;")
    con.close()


FILES = {  # what is at --db, and the words that must name the problem
    "a text file": (_text_file, "is not an SQLite database (it is a text file"),
    "a PNG picture": (_png, "is not an SQLite database (it is a PNG picture"),
    "an empty file": (_empty, "is an empty file, not a console database"),
    "another program's database": (_foreign, "is an SQLite database of another program (tables songs; no console "
                                   "schema version): the console does not write into it"),
    "a schema claiming head without its columns": (
        _claims_head_without_its_columns, "says it has schema revision {head}, but it lacks accountability_case"),
    "a schema at head missing a table": (_head_missing_a_table, "says it has schema revision {head}, but it lacks "
                                         "training_record"),
}


@pytest.mark.parametrize("command", ["stats", "audit verify", "admin add-user"])
@pytest.mark.parametrize("what", list(FILES))
def test_a_file_that_is_not_a_console_database_is_refused_untouched(tmp_path, sqlite_template, capsys, monkeypatch,
                                                                    what, command):
    make, words = FILES[what]
    path = tmp_path / "console.sqlite3"
    make(path, sqlite_template) if make is _head_missing_a_table else make(path)
    before = _snapshot(tmp_path)
    code, err = _run(_argv(command, str(path), tmp_path), capsys, monkeypatch)
    assert code == 2, err
    assert words.format(head=head_revision()) in err, err
    assert "Traceback" not in err
    assert _snapshot(tmp_path) == before  # not converted to WAL, no -wal/-shm, no backup


@pytest.mark.parametrize("what", ["a text file", "another program's database", "a schema claiming head without its "
                                  "columns"])
def test_the_commands_that_create_a_database_do_not_take_over_a_file_either(tmp_path, capsys, monkeypatch, what):
    make, words = FILES[what]
    path = tmp_path / "console.sqlite3"
    make(path)
    before = _snapshot(tmp_path)
    code, err = _run(["demo", "--orders", "10", "--db", str(path)], capsys, monkeypatch)
    assert code == 2 and words.format(head=head_revision()) in err, err
    code, err = _run(["admin", "add-branch", "--db", str(path), "--code", "NC", "--name", "南昌市分公司", "--kind",
                      "city", "--hotline", "0791-96956", "--supervision-phone", "0791-88888888", "--lat", "28.68",
                      "--lon", "115.86"], capsys, monkeypatch)
    assert code == 2 and words.format(head=head_revision()) in err, err
    assert _snapshot(tmp_path) == before


URLS = {  # --db as typed, and the words that must answer it
    "empty": ("", 'the database is empty (--db ""): give a file path, sqlite:///'),
    "blank": ("   ", 'the database is empty (--db ""): give a file path, sqlite:///'),
    "postgresql without a driver": ("postgresql://x/y", "names no PostgreSQL driver this console has (it uses psycopg "
                                    "3): write postgresql+psycopg://… instead, e.g. postgresql+psycopg://x/y"),
    "postgres:// spelling": ("postgres://me@db.example/console", "write postgresql+psycopg://… instead"),
    "psycopg2 driver": ("postgresql+psycopg2://me:secret@db.example/console", "postgresql+psycopg://me:***@"),
    "unreachable server": ("postgresql+psycopg://nobody@/console?host=/nonexistent-socket-folder",
                           "cannot be reached"),
    "unparsable URL": ("postgresql+psycopg://me@dbhost:port/console", "cannot read the database URL "
                       "'postgresql+psycopg://me@dbhost:port/console'"),
    "another kind of database": ("mysql://me@dbhost/console", "unsupported database URL 'mysql://me@dbhost/console'"),
    "a folder": ("{dir}", "is a folder, not a database file"),
}


@pytest.mark.parametrize("command", ["stats", "audit head", "admin add-user"])
@pytest.mark.parametrize("what", list(URLS))
def test_a_bad_database_url_is_answered_in_words(tmp_path, capsys, monkeypatch, what, command):
    typed, words = URLS[what]
    before = _snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, err = _run(_argv(command, typed.replace("{dir}", str(tmp_path)), tmp_path), capsys, monkeypatch)
    assert code == 2, err
    assert words in err, err
    assert "secret" not in err and "Traceback" not in err
    assert _snapshot(tmp_path) == before
