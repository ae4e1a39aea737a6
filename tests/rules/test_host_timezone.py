"""The host's time zone never changes an answer: same results under TZ=America/New_York."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import datetime as dt, json, sys, time
    sys.path.insert(0, sys.argv[1])
    from console.rules.calendar import WorkCalendar
    from console.rules.sla import Event, Policy, due_at, evaluate
    from test_due_at import TABLE
    cal = WorkCalendar.china()
    out = {"tzname": time.tzname[0]}
    out["due"] = [due_at(k, dt.datetime.fromisoformat(s), rural=r, calendar=cal).isoformat() for _, k, s, r, _ in TABLE]
    utc = dt.timezone.utc
    log = [Event("received", dt.datetime(2026, 3, 8, 1, 0, tzinfo=utc), {"kind": "installation", "missing": []}),
           Event("paused", dt.datetime(2026, 3, 9, 2, 0, tzinfo=utc), {"reason": "x"}),
           Event("resumed", dt.datetime(2026, 3, 11, 2, 0, tzinfo=utc), {})]
    naive = [Event(e.type, e.at.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None), e.payload) for e in log]
    for events, now in ((log, dt.datetime(2026, 3, 12, tzinfo=utc)), (naive, dt.datetime(2026, 3, 12, 8))):
        c = evaluate(events, Policy.default(), cal, now).clock("resolve")
        out.setdefault("clock", []).append([c.state, c.due.isoformat(), c.remaining.total_seconds(), c.fraction])
    print(json.dumps(out))
    """
)


def _run(tz: str) -> dict:
    env = dict(os.environ, TZ=tz)
    here = os.path.dirname(__file__)
    res = subprocess.run([sys.executable, "-c", SCRIPT, here], env=env, capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def test_same_answers_in_new_york_and_shanghai():
    # R-TIME-0..6 counting must not depend on the machine's zone (naive = China time, always)
    ny, sh = _run("America/New_York"), _run("Asia/Shanghai")
    assert ny["tzname"] in ("EST", "EDT") and sh["tzname"] == "CST"  # the env really changed the zone
    assert ny["due"] == sh["due"]
    assert ny["clock"] == sh["clock"]
    from tests.rules.test_due_at import TABLE

    assert ny["due"] == [f"{due}:00".replace(" ", "T") for *_, due in TABLE]
    # the aware and the naive log describe the same order: same state, instant and fraction
    (aware_state, aware_due, aware_left, aware_frac), (naive_state, naive_due, naive_left, naive_frac) = ny["clock"]
    assert (aware_state, aware_left, aware_frac) == (naive_state, naive_left, naive_frac)
    assert aware_due.endswith("+00:00") and naive_due == "2026-03-18T00:00:00"
