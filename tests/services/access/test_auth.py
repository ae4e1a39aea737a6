"""Sign-in and passwords (SQLite mode) on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import undefer

from console.errors import PermissionDenied, SignInError, StoreError
from console.models import AuditLog, Staff
from console.rules.periods import UTC
from console.services.access import auth
from console.services.access.auth import Principal
from console.store import passwords
from console.vocabulary import Role
from tests.factories import make_branch, make_staff

pytestmark = pytest.mark.pg
NOW_DEMO = dt.datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


@pytest.fixture
def people(store):
    with store.write() as s:
        nc = make_branch(s)
        return {"nc": nc.id, "disp": make_staff(s, nc, "NC001", "王芳").id,
                "admin": make_staff(s, nc, "NC900", "赵敏", Role.ADMIN).id,
                "other": make_staff(s, nc, "NC002", "陈晨").id}


def test_sign_in_returns_the_principal(store, people):
    auth.set_password(store, people["disp"], "correct horse", actor_id=people["admin"])
    who = auth.sign_in(store, "nc001", "correct horse")  # work numbers are not case-sensitive
    assert who == Principal(people["disp"], "王芳", "NC001", Role.DISPATCHER, people["nc"])
    assert who.label == "王芳 (NC001)"


def test_thirty_chinese_characters_work_in_full(store, people):
    """90 bytes of UTF-8: bcrypt would silently compare only the first 72 — argon2 reads them all."""
    pw = "天下难事必作于易天下大事必作于细是以圣人终不为大故能成其大夫轻诺必寡信"[:30]
    assert len(pw) == 30 and len(pw.encode()) == 90
    auth.set_password(store, people["disp"], pw, actor_id=people["disp"])
    assert auth.sign_in(store, "NC001", pw).staff_id == people["disp"]
    with pytest.raises(SignInError):
        auth.sign_in(store, "NC001", pw[:-1] + "信")  # differs only after byte 72


def test_unknown_user_and_wrong_password_read_the_same(store, people):
    auth.set_password(store, people["disp"], "correct horse", actor_id=None)
    with pytest.raises(SignInError) as unknown:
        auth.sign_in(store, "NC404", "correct horse")
    with pytest.raises(SignInError) as wrong:
        auth.sign_in(store, "NC001", "wrong horse!")
    assert str(unknown.value) == str(wrong.value) == "unknown work number or wrong password"


def test_no_password_and_inactive_are_told_clearly(store, people):
    with pytest.raises(SignInError, match="no password has been set for work number NC002"):
        auth.sign_in(store, "NC002", "anything at all")
    auth.set_password(store, people["other"], "correct horse", actor_id=people["admin"])
    with store.write() as s:
        s.get(Staff, people["other"]).active = False
    with pytest.raises(SignInError, match="陈晨 \\(NC002\\) is no longer active"):
        auth.sign_in(store, "NC002", "correct horse")
    with pytest.raises(SignInError, match="unknown work number or wrong password"):
        auth.sign_in(store, "NC002", "wrong horse!")  # inactive is only told to the right password
    with pytest.raises(SignInError, match="enter your work number and password"):
        auth.sign_in(store, " ", "")


def test_set_password_is_argon2id_and_audited_without_the_hash(store, people):
    auth.set_password(store, people["disp"], "correct horse", actor_id=people["admin"])
    with store.read() as s:
        stored = s.get(Staff, people["disp"]).password_hash
        row = s.scalars(select(AuditLog).where(AuditLog.action == "staff.password_set")).one()
    assert stored.startswith("$argon2id$")
    assert row.actor_id == people["admin"] and row.entity_id == people["disp"]
    assert stored not in repr((row.before, row.after)) and "argon2" not in repr((row.before, row.after))


def test_only_the_person_or_an_admin_sets_a_password(store, people):
    with pytest.raises(PermissionDenied, match="陈晨 \\(dispatcher\\) may not manage staff"):
        auth.set_password(store, people["disp"], "correct horse", actor_id=people["other"])
    with pytest.raises(StoreError, match="at least 8 characters"):
        auth.set_password(store, people["disp"], "short", actor_id=people["disp"])


def test_old_parameters_are_rehashed_at_sign_in(store, people):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("correct horse")
    with store.write() as s:
        s.get(Staff, people["disp"]).password_hash = weak
    auth.sign_in(store, "NC001", "correct horse")
    with store.read() as s:
        now = s.get(Staff, people["disp"]).password_hash
    assert now != weak and not passwords.needs_rehash(now)
    assert auth.sign_in(store, "NC001", "correct horse").staff_id == people["disp"]


def test_every_demo_staff_member_signs_in_with_the_demo_password(tmp_path):
    from console.demo.generate import generate_demo
    from console.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        generate_demo(store, now=NOW_DEMO, orders=10, scale=0.01)
        with store.read() as s:
            people = list(s.scalars(select(Staff).options(undefer(Staff.password_hash))  # deferred: a secret
                                    .where(Staff.active.is_(True)).order_by(Staff.id)))
        assert people and all(p.password_hash and p.password_hash.startswith("$argon2id$") for p in people)
        first = next(p for p in people if p.role == Role.DISPATCHER)
        who = auth.sign_in(store, first.work_number, passwords.DEMO_PASSWORD)
        assert (who.staff_id, who.role) == (first.id, Role.DISPATCHER)
        assert passwords.verify(people[-1].password_hash, "demo1234")  # the README's demo password
    finally:
        store.dispose()


def _attempts(store):
    with store.read() as s:
        return [(r.action, r.entity_id, r.after) for r in
                s.scalars(select(AuditLog).where(AuditLog.action.in_((auth.SIGNED_IN, auth.REFUSED)))
                          .order_by(AuditLog.id))]


def test_every_sign_in_attempt_is_audited_without_the_password(store, people):
    """R-ACC: refusals name the work number tried and why; the chain stays intact."""
    from console.services.audit.verify import verify

    auth.set_password(store, people["disp"], "correct horse", actor_id=people["admin"])
    for work_number, password in (("NC001", "wrong horse!"), ("nc404", "guessing123"), ("NC002", "no hash yet")):
        with pytest.raises(SignInError):
            auth.sign_in(store, work_number, password)
    auth.sign_in(store, "nc001", "correct horse")
    assert _attempts(store) == [
        (auth.REFUSED, people["disp"], {"work_number": "NC001", "reason": "wrong_password"}),
        (auth.REFUSED, None, {"work_number": "NC404", "reason": "unknown_work_number"}),
        (auth.REFUSED, people["other"], {"work_number": "NC002", "reason": "no_password"}),
        (auth.SIGNED_IN, people["disp"], {"work_number": "NC001", "rehashed": False}),
    ]
    with store.read() as s:
        logged = repr([(r.before, r.after) for r in s.scalars(select(AuditLog))])
    assert not any(p in logged for p in ("wrong horse!", "guessing123", "no hash yet", "correct horse"))
    assert verify(store).ok


def test_five_wrong_passwords_lock_the_work_number_for_five_minutes(store, people):
    auth.set_password(store, people["disp"], "correct horse", actor_id=people["admin"])
    clock = [NOW_DEMO]
    login = auth.PasswordAuthenticator(store, clock=lambda: clock[0])
    minute = dt.timedelta(minutes=1)
    for _ in range(auth.LOCK_AFTER - 1):
        with pytest.raises(SignInError, match="^unknown work number or wrong password$"):
            login.sign_in("NC001", "wrong horse!")
        clock[0] += minute
    with pytest.raises(SignInError, match=r"wrong password\. 5 failed sign-ins for work number NC001: it is "
                                          r"locked for 5 more minutes \(until 10:09 China time\)"):
        login.sign_in("NC001", "wrong horse!")  # the fifth, at 10:04 China time
    clock[0] += 2 * minute
    with pytest.raises(SignInError, match=r"^5 failed sign-ins for work number NC001: it is locked for 3 more "
                                          r"minutes \(until 10:09 China time\)\. Ask an administrator"):
        login.sign_in("NC001", "correct horse")  # even the right password, while locked
    assert _attempts(store)[-1][2]["reason"] == "locked"
    clock[0] += 3 * minute  # 10:09: the lock has run out
    assert login.sign_in("NC001", "correct horse").staff_id == people["disp"]
    for _ in range(auth.LOCK_AFTER - 1):  # a success starts the count again
        with pytest.raises(SignInError, match="^unknown work number or wrong password$"):
            login.sign_in("NC001", "wrong horse!")
    assert login.sign_in("NC001", "correct horse").staff_id == people["disp"]


def test_an_unknown_work_number_locks_like_a_known_one_and_old_failures_are_forgotten(store, people):
    clock = [NOW_DEMO]
    login = auth.PasswordAuthenticator(store, clock=lambda: clock[0])
    for _ in range(auth.LOCK_AFTER - 1):
        with pytest.raises(SignInError, match="^unknown work number or wrong password$"):
            login.sign_in("NC404", "guessing123")
    clock[0] += auth.LOCK_WINDOW  # the four failures are now too old to count
    with pytest.raises(SignInError, match="^unknown work number or wrong password$"):
        login.sign_in("NC404", "guessing123")
    for _ in range(auth.LOCK_AFTER - 1):
        with pytest.raises(SignInError):
            login.sign_in("nc404", "guessing123")
    with pytest.raises(SignInError, match="5 failed sign-ins for work number NC404: it is locked"):
        login.sign_in("NC404", "guessing123")
    auth.set_password(store, people["disp"], "correct horse", actor_id=None)
    assert login.sign_in("NC001", "correct horse").staff_id == people["disp"]  # other work numbers unaffected


def test_the_lock_rule():
    t = NOW_DEMO
    m = dt.timedelta(minutes=1)
    guesses = [(t + i * m, False, "wrong_password") for i in range(5)]
    assert auth.locked_until(guesses, t + 5 * m) == t + 9 * m
    assert auth.locked_until(guesses, t + 9 * m) is None
    assert auth.locked_until(guesses[:4] + [(t + 4 * m, True, "")], t + 5 * m) is None
    assert auth.locked_until([*guesses[:4], (t + 4 * m, False, "inactive")], t + 5 * m) is None


def test_sixteen_parallel_guesses_are_counted_one_after_the_other(store, people):
    """The lockout cannot be raced: 16 wrong guesses at once are checked in turn, so only the
    first LOCK_AFTER are even compared with the password; the rest, and then the right password,
    are refused as locked."""
    import threading

    auth.set_password(store, people["disp"], "correct horse", actor_id=people["admin"])
    verdicts: list[str] = []
    start = threading.Barrier(16)

    def guess() -> None:
        start.wait()
        try:
            auth.sign_in(store, "NC001", "wrong horse!")
        except SignInError as exc:
            verdicts.append("locked" if str(exc).startswith(f"{auth.LOCK_AFTER} failed") else "wrong")

    threads = [threading.Thread(target=guess) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(verdicts) == ["locked"] * (16 - auth.LOCK_AFTER) + ["wrong"] * auth.LOCK_AFTER
    with pytest.raises(SignInError, match="locked"):
        auth.sign_in(store, "NC001", "correct horse")
    reasons = [after["reason"] for _, _, after in _attempts(store)]
    assert reasons.count("wrong_password") == auth.LOCK_AFTER and reasons.count("locked") == 17 - auth.LOCK_AFTER


def test_a_clock_set_back_does_not_reopen_a_lock(store, people):
    """This PC's clock moved back after the lock began: the attempt is taken to happen no earlier
    than the newest one recorded, so the lock still holds."""
    auth.set_password(store, people["disp"], "correct horse", actor_id=people["admin"])
    clock = [NOW_DEMO]
    login = auth.PasswordAuthenticator(store, clock=lambda: clock[0])
    for _ in range(auth.LOCK_AFTER):
        with pytest.raises(SignInError):
            login.sign_in("NC001", "wrong horse!")
    clock[0] -= dt.timedelta(hours=2)  # back before the guesses
    with pytest.raises(SignInError, match="locked for 5 more minutes"):
        login.sign_in("NC001", "correct horse")
