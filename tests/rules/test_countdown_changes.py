"""When a countdown can next read differently (rules.urgency.countdown_changes_in, look_changes_in):
the console's countdowns sleep until then, so the instant must never be late — nothing shown may
change before it — and never far early: the words do change right after it."""

from __future__ import annotations

import datetime as dt
import random

from console.rules.urgency import countdown_changes_in, countdown_text, look_changes_in, shown_clock

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.timezone.utc)
S = dt.timedelta(seconds=1)


def _samples(rng: random.Random) -> list[float]:
    return [rng.choice([rng.uniform(-200_000, 200_000), rng.uniform(-4_000, 4_000), rng.uniform(3_500, 3_700),
                        rng.uniform(-2, 2), rng.uniform(86_000, 87_000), float(rng.randint(-5_000, 5_000))])
            for _ in range(3_000)]


def test_nothing_reads_differently_before_the_instant_and_something_does_right_after():
    rng = random.Random(7)
    for s in _samples(rng):
        for rising in (False, True):
            if rising and s < 0:
                continue
            x = dt.timedelta(seconds=s)
            wait = countdown_changes_in(x, rising=rising)
            assert wait >= dt.timedelta(0)
            step = (lambda t: x + t) if rising else (lambda t: x - t)  # noqa: E731
            now_text = str(countdown_text(x))
            for k in range(20):
                assert str(countdown_text(step(wait * k / 20))) == now_text, (s, rising, wait, k)
            if wait > dt.timedelta(milliseconds=10):  # not at a boundary: the words change right after
                assert str(countdown_text(step(wait + dt.timedelta(milliseconds=2)))) != now_text, (s, rising)


def test_known_instants():
    assert countdown_changes_in(dt.timedelta(hours=2, minutes=14, seconds=30)) == 30 * S  # "2h 14m" → "2h 13m"
    assert countdown_changes_in(dt.timedelta(minutes=12, seconds=7, milliseconds=250)) == 0.25 * S  # last hour: seconds
    assert countdown_changes_in(dt.timedelta(days=2, hours=3, minutes=20)) == 20 * 60 * S  # beyond a day: hours
    assert countdown_changes_in(dt.timedelta(seconds=-0.5)) == 0.5 * S  # then the minus sign shows
    assert countdown_changes_in(dt.timedelta(minutes=61), rising=True) == 60 * S  # overdue 1h 01m → 1h 02m


def test_a_clocks_look_band_and_hour_counter_stand_until_the_instant():
    rng = random.Random(11)
    for _ in range(2_000):
        clock = dict(status="assigned", sla_state="running",
                     due_at=NOW + dt.timedelta(seconds=rng.uniform(-100_000, 300_000)),
                     budget_s=rng.choice([3_600, 86_400, 4 * 3_600, 72 * 3_600, None]), response_due_at=None)
        if rng.random() < 0.3:
            clock.update(response_due_at=NOW + dt.timedelta(seconds=rng.uniform(-5_000, 20_000)),
                         response_budget_s=rng.choice([4 * 3_600, None]))
        wait = look_changes_in(NOW, **clock)

        def look(at):
            shown = shown_clock(at, **clock)
            return shown.state, str(countdown_text(shown.remaining)), dt.timedelta(0) <= shown.remaining <= dt.timedelta(hours=1)

        first = look(NOW)
        for k in range(20):
            assert look(NOW + wait * k / 20) == first, (clock, wait, k)


def test_a_paused_or_waiting_clock_does_not_move():
    due = NOW + dt.timedelta(hours=5)
    assert look_changes_in(NOW, status="assigned", sla_state="paused", due_at=due, budget_s=86_400,
                           response_due_at=None) is None
    assert look_changes_in(NOW, status="waiting_materials", sla_state="waiting_materials", due_at=due,
                           budget_s=86_400, response_due_at=None) is None
