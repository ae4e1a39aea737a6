"""The command line a user or cron runs: demo, stats, --screenshot, database selection."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from console.store.location import ENV_DB, default_db_url
from tests.services.assessment.test_assessment import month  # noqa: F401 - the hand-built November

EXE = [sys.executable, "-m", "console"]


def run(args, **env):
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env)
    return subprocess.run(EXE + args, capture_output=True, text=True, env=e, timeout=300)


def test_default_database_is_in_user_data_folder_and_env_overrides(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DB, raising=False)
    assert default_db_url().startswith("sqlite:///") and "branch-console" in default_db_url()
    monkeypatch.setenv(ENV_DB, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert default_db_url() == f"sqlite:///{tmp_path / 'x.sqlite3'}"


def test_demo_stats_and_screenshot(tmp_path, qapp):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    demo = run(["demo", "--db", url, "--orders", "3000", "--seed", "3", "--now", "2026-11-26T10:00"])
    assert demo.returncode == 0, demo.stderr
    stats = run(["stats", "--db", url, "--json"])
    counts = json.loads(stats.stdout)
    assert counts["branches"] == 2 and counts["orders"] == 3000 and counts["open_orders"] > 0
    shot = tmp_path / "shot.png"
    res = run(["--db", url, "--screenshot", str(shot)])
    assert res.returncode == 0, res.stderr
    img = QImage(str(shot))
    assert (img.width(), img.height()) == (1600, 1000)


def test_bad_database_url_is_explained(tmp_path):
    res = run(["stats", "--db", "mysql://nobody@nowhere/db"], BRANCH_CONSOLE_LANG="en")  # stats has no --lang
    assert res.returncode == 2
    assert "unsupported database URL" in res.stderr


def test_unknown_branch_is_named(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    res = run(["--db", url, "--branch", "上海", "--screenshot", str(tmp_path / "x.png"), "--lang", "en"])
    assert res.returncode == 2
    assert "no branch '上海'" in res.stderr


# ---- admin add-user / set-password on SQLite --------------------------------------------------------
class _Terminal:
    """Standard input that is a terminal (what `admin add-user` needs to ask a password)."""

    def isatty(self) -> bool:
        return True


def _admin(argv, monkeypatch, capsys, *, stdin: str | None = None, typed: list[str] | None = None):
    """Run `branch-console admin …` in-process: stdin text, or what is typed at getpass prompts."""
    import getpass
    import io

    from console.cli import main

    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    if typed is not None:  # typed at a terminal: the password is only asked for on one
        answers = iter(typed)
        monkeypatch.setattr(sys, "stdin", _Terminal())
        monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    code = main(["admin", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


FIRST_BRANCH = ["--code", "NC", "--name", "南昌市分公司", "--kind", "city", "--hotline", "0791-96956",
                "--supervision-phone", "0791-88888888", "--lat", "28.68", "--lon", "115.86"]


def test_a_fresh_sqlite_install_gets_its_first_admin_who_signs_in(tmp_path, monkeypatch, capsys):
    from sqlalchemy import select

    from console.models import AuditLog
    from console.services.access import auth
    from console.services.audit.verify import verify
    from console.store import open_store

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    add_admin = ["add-user", "--db", url, "--work-number", "GD0001", "--name", "赵敏", "--role", "admin",
                 "--password-stdin"]
    code, _, err = _admin(add_admin, monkeypatch, capsys, stdin="省公司 管理员 2026\n")
    assert code == 2 and f"no database at {tmp_path / 'fresh.sqlite3'}" in err and "admin add-branch" in err
    assert not list(tmp_path.iterdir())  # a mistyped --db creates nothing: the install starts with its branch
    assert _admin(["add-branch", "--db", url, *FIRST_BRANCH], monkeypatch, capsys)[0] == 0
    code, out, err = _admin(add_admin, monkeypatch, capsys, stdin="省公司 管理员 2026\n")
    assert code == 0, err
    assert json.loads(out) == {"work_number": "GD0001", "name": "赵敏", "role": "admin", "staff_id": 1,
                               "branch_id": None, "password_set": True}
    code, _, err = _admin(["add-user", "--db", url, "--work-number", "gd0001", "--name", "钱进", "--role", "admin",
                           "--password-stdin"], monkeypatch, capsys, stdin="another password\n")
    assert code == 2 and "work number GD0001 already belongs to 赵敏 (admin)" in err and "set-password" in err
    code, _, err = _admin(["add-user", "--db", url, "--work-number", "NC001", "--name", "王芳", "--role",
                           "dispatcher", "--password-stdin"], monkeypatch, capsys, stdin="long enough\n")
    assert code == 2 and "a dispatcher works in a branch: give --branch" in err
    store = open_store(url)
    try:
        assert auth.sign_in(store, "GD0001", "省公司 管理员 2026").label == "赵敏 (GD0001)"
        with store.read() as s:
            added = s.scalars(select(AuditLog).where(AuditLog.action == "staff.added")).one()
        assert added.after["work_number"] == "GD0001" and "argon2" not in json.dumps(added.after)
        assert verify(store).ok
    finally:
        store.dispose()


def test_set_password_asks_twice_without_echo_and_refuses_bad_ones(tmp_path, monkeypatch, capsys):
    from sqlalchemy import select

    from console.errors import SignInError
    from console.models import AuditLog
    from console.services.access import auth
    from console.store import open_store

    url = f"sqlite:///{tmp_path / 'pw.sqlite3'}"
    assert _admin(["add-branch", "--db", url, *FIRST_BRANCH], monkeypatch, capsys)[0] == 0
    monkeypatch.setenv("BC_PW", "first password")
    assert _admin(["add-user", "--db", url, "--work-number", "GD0001", "--name", "赵敏", "--role", "inspector",
                   "--password-env", "BC_PW"], monkeypatch, capsys)[0] == 0
    argv = ["set-password", "--db", url, "--work-number", "gd0001"]
    code, _, err = _admin(argv, monkeypatch, capsys, typed=["new password", "new pasword"])
    assert (code, err.strip()) == (2, "branch-console: the two passwords differ; nothing was changed")
    code, _, err = _admin(argv, monkeypatch, capsys, typed=["short"])
    assert code == 2 and "a password needs at least 8 characters" in err
    code, _, err = _admin([*argv, "--password-stdin"], monkeypatch, capsys, stdin="\n")
    assert code == 2 and "the password is empty" in err
    code, _, err = _admin(["set-password", "--db", url, "--work-number", "NC404"], monkeypatch, capsys,
                          typed=["new password", "new password"])
    assert code == 2 and "no staff member has the work number 'NC404'" in err
    code, out, err = _admin(argv, monkeypatch, capsys, typed=["new password", "new password"])
    assert code == 0 and json.loads(out)["work_number"] == "GD0001", err
    store = open_store(url)
    try:
        with pytest.raises(SignInError):
            auth.sign_in(store, "GD0001", "first password")
        assert auth.sign_in(store, "GD0001", "new password").role.value == "inspector"
        with store.read() as s:
            (row,) = s.scalars(select(AuditLog).where(AuditLog.action == "staff.password_set"))
        assert row.actor_id is None and row.after == {"password_set": True, "work_number": "GD0001"}
    finally:
        store.dispose()


def test_a_fresh_install_creates_its_branch_then_its_dispatcher(tmp_path, monkeypatch, capsys):
    """admin add-branch: the first step of a non-demo install (R-ZONE-1 kind, R-ZONE-2 phones)."""
    from console.services.access import auth
    from console.store import open_store

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    branch = ["add-branch", "--db", url, "--code", "nc", "--name", "南昌市分公司", "--kind", "city",
              "--hotline", "0791-96956", "--supervision-phone", "0791 8888 8888", "--lat", "28.68", "--lon", "115.86"]
    code, out, err = _admin(branch, monkeypatch, capsys)
    assert code == 0, err
    assert json.loads(out) == {"branch_id": 1, "code": "NC", "name": "南昌市分公司", "kind": "city"}
    code, _, err = _admin(branch, monkeypatch, capsys)
    assert code == 2 and "a branch NC 南昌市分公司 already exists" in err
    bad = [*branch[:4], "JX", "--name", "进贤县分公司", "--kind", "county", "--hotline", "9695",
           "--supervision-phone", "0791-5666666", "--lat", "28.37", "--lon", "116.26"]
    code, _, err = _admin(bad, monkeypatch, capsys)
    assert code == 2 and "hotline: not a phone number: '9695'" in err
    code, _, err = _admin(["add-user", "--db", url, "--work-number", "NC001", "--name", "王芳", "--role",
                           "dispatcher", "--branch", "NC", "--password-stdin"], monkeypatch, capsys,
                          stdin="long enough\n")
    assert code == 0, err
    store = open_store(url)
    try:
        p = auth.sign_in(store, "NC001", "long enough")
        assert p.branch_id == 1 and p.role.value == "dispatcher"
    finally:
        store.dispose()


def test_every_branch_option_is_the_one_look_up(sqlite_store, tmp_path, capsys):
    """escalate, export and import find --branch as directory.find_branch does (code in any case,
    exact name or id) and name the branches there are when it matches none."""
    from console.cli import main
    from console.vocabulary import BranchKind
    from tests.factories import make_branch

    with sqlite_store.write() as s:
        nc, jx = make_branch(s).id, make_branch(s, code="JX", name="进贤县分公司", kind=BranchKind.COUNTY).id
    db = ["--db", sqlite_store.url]
    assert main(["escalate", *db, "--branch", "nc", "--now", "2026-11-26T10:00"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["branch_id"] == nc
    assert main(["escalate", *db, "--branch", "进贤县分公司", "--now", "2026-11-26T10:00"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["branch_id"] == jx
    out = tmp_path / "f.xlsx"
    assert main(["export", "findings", *db, "--branch", str(jx), "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["out"] == str(out) and out.exists()
    for argv in (["escalate", *db, "--branch", "SH"], ["export", "sla", *db, "--branch", "SH", "--out", str(out)],
                 ["import", "staff", *db, "--branch", "SH", "--file", str(tmp_path / "none.csv")]):
        assert main(argv) == 2
        assert capsys.readouterr().err.strip() == ("branch-console: no branch 'SH' "
                                                   "(branches: JX 进贤县分公司, NC 南昌市分公司)")
    assert main(["import", "staff", *db, "--file", str(tmp_path / "none.csv")]) == 2  # two branches: which?
    assert "name the branch to import into with --branch (branches: NC 南昌市分公司, JX 进贤县分公司)" in \
        capsys.readouterr().err


# ---- export: the period, the file, the JSON a script reads ---------------------------------------
def _exported(capsys) -> dict:
    return json.loads(capsys.readouterr().out.splitlines()[-1])


def test_export_help_says_the_assessment_covers_the_last_complete_month(capsys):
    from console.cli import main

    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "default: the last complete month" in text and "--year YYYY" in text and "must end in .xlsx" in text


def test_export_without_month_is_the_last_complete_month_and_rows_name_the_sheets(store, db_url, month, tmp_path,
                                                                                   capsys):
    from console.cli import main

    out = tmp_path / "a.xlsx"
    assert main(["export", "assessment", "--db", db_url, "--out", str(out), "--now", "2026-12-02T10:00",
                 "--lang", "zh_CN"]) == 0
    got = _exported(capsys)
    assert got["period"] == "2026-11" and not got["empty"]  # R-ZONE-3: a whole month, not two days of December
    assert got["rows"] == {"片区考核": 2, "维护员考核": 2, "分公司合计": 1}  # the sheet names the workbook shows
    assert main(["export", "sla", "--db", db_url, "--out", str(tmp_path / "s.xlsx"), "--now", "2026-12-02T10:00",
                 "--lang", "en"]) == 0
    got = _exported(capsys)
    assert got["period"] == "2026-11" and set(got["rows"]) == {"On time by kind", "Breaches"}
    assert main(["export", "sla", "--db", db_url, "--out", str(tmp_path / "d.xlsx"), "--now", "2026-12-02T10:00",
                 "--month", "2026-12", "--lang", "en"]) == 0
    assert _exported(capsys)["period"] == "2026-12 (so far, to 12-02)"


def test_export_assessment_year_writes_the_yearly_summary(store, db_url, month, tmp_path, capsys):
    from openpyxl import load_workbook

    from console.cli import main

    out = tmp_path / "year.xlsx"
    assert main(["export", "assessment", "--db", db_url, "--year", "2026", "--out", str(out),
                 "--now", "2026-12-02T10:00", "--lang", "en"]) == 0
    got = _exported(capsys)
    assert got["kind"] == "assessment_year" and got["rows"]["By month"] > 0 and got["rows"]["Districts"] == 2
    rows = list(load_workbook(out)["By month"].iter_rows(min_row=2, values_only=True))
    periods = [r[3] for r in rows if r[2] == "八一社区"]
    assert periods == [f"2026-{m:02d}" for m in range(1, 13)] + ["2026 (year)"]  # each month, then the year


def test_export_year_and_month_are_exclusive_and_year_is_for_the_assessment(sqlite_store, tmp_path, capsys):
    from console.cli import main

    db, out = ["--db", sqlite_store.url], str(tmp_path / "x.xlsx")
    with pytest.raises(SystemExit) as bad:
        main(["export", "assessment", *db, "--out", out, "--year", "2026", "--month", "2026-11"])
    assert bad.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    assert main(["export", "sla", *db, "--out", out, "--year", "2026", "--lang", "en"]) == 2
    assert "--year is for the assessment workbook" in capsys.readouterr().err
    assert main(["export", "assessment", *db, "--out", out, "--year", "26", "--lang", "en"]) == 2
    assert "year '26' is not YYYY" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("name", ["report.csv", "report.XLS", "report"])
def test_export_to_a_file_that_is_not_xlsx_is_refused_and_writes_nothing(sqlite_store, tmp_path, capsys, name):
    from console.cli import main

    out = tmp_path / "new" / name
    assert main(["export", "findings", "--db", sqlite_store.url, "--out", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "must end in .xlsx" in err and "nothing was written" in err
    assert not (tmp_path / "new").exists()
    assert main(["export", "findings", "--db", sqlite_store.url, "--out", str(tmp_path / "F.XLSX")]) == 0
    assert (tmp_path / "F.XLSX").exists()


_HEAVY = ("PySide6", "pyqtgraph", "folium", "openpyxl", "alembic")
_LOADED = ("import atexit, sys\n"
           f"atexit.register(lambda: sys.__stderr__.write('LOADED ' + ' '.join(m for m in {_HEAVY!r} "
           "if m in sys.modules) + '\\n'))\n"
           "sys.argv = ['branch-console'] + sys.argv[1:]\n"
           "from console.cli import main\n"
           "sys.exit(main())\n")


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["stats", "--json"], ["audit", "head"], ["audit", "verify"],
                                  ["export", "--help"], ["map", "--help"], ["admin", "--help"]])
def test_a_command_that_opens_no_window_loads_no_window_library(tmp_path, argv):
    """A command on a server's cron or an operator's terminal answers in a fraction of a second: it loads
    neither Qt, the chart and map libraries, openpyxl nor Alembic until it uses them (benchmarks/cli_start.py
    times each, target 0.5 s)."""
    from console.store import open_store

    db = tmp_path / "c.sqlite3"
    open_store(f"sqlite:///{db}", migrate=True).dispose()
    args = argv + ([] if "--help" in argv else ["--db", str(db)])
    res = subprocess.run([sys.executable, "-c", _LOADED, *args], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    loaded = next(ln for ln in res.stderr.splitlines() if ln.startswith("LOADED")).split()[1:]
    assert loaded == [], (argv, loaded)


def test_version_says_the_version_the_expected_schema_and_the_database_s_revision(tmp_path, capsys):
    """What an IT person checks before and after installing a new version: nothing is created or migrated."""
    import console
    from console.cli import main
    from console.store import migrate, open_store

    db = tmp_path / "v.sqlite3"
    assert main(["--version", "--db", str(db), "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"branch-console {console.__version__}"
    assert lines[1] == f"schema revision this version expects: {migrate.head_revision()}"
    assert lines[2] == f"database {db}: no database yet (the console creates it at its first start)"
    assert not db.exists()
    open_store(f"sqlite:///{db}", migrate=True).dispose()
    assert main(["--version", "--db", str(db), "--lang", "zh_CN"]) == 0
    out = capsys.readouterr().out
    assert f"表结构版本为 {migrate.head_revision()}（已是最新）" in out and console.__version__ in out
    (tmp_path / "other.sqlite3").write_text("not a database")
    assert main(["--version", "--db", str(tmp_path / "other.sqlite3"), "--lang", "en"]) == 2
    assert "not an SQLite database" in capsys.readouterr().err
