"""When demo orders arrive: 400 days of intake, streamed in chunks of rows.

Daily volume grows slowly over the year, dips at weekends and the Spring Festival and
peaks with the summer thunderstorms; hotline calls follow the day (morning and evening
peaks). Orders of the last OPEN_WINDOW_DAYS may stay open, with odds calibrated on a sample
of the window (demo_queue), so the live queue holds `open_target` orders — ≥ 300 for the
default 40,000 — in the mix of a well-run branch on a normal day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from console.demo.orders import KIND_WEIGHTS, KINDS, OrderFactory
from console.demo.queue import OPEN_WINDOW_DAYS, OpenOdds, calibrate
from console.demo.world import CST, UTC, World

HISTORY_DAYS = 400  # > 12 months of history (R-ZONE-3 yearly summaries need a full year)
CALIBRATION_SAMPLE = 4000
HOUR_WEIGHTS = (0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 3.2, 3.0, 2.6,
                1.8, 2.0, 2.6, 2.5, 2.3, 2.0, 2.2, 2.8, 3.0, 2.5, 1.4, 0.6)
MONTH_FACTOR = (1.05, 0.85, 0.95, 1.0, 1.05, 1.1, 1.25, 1.2, 1.0, 0.92, 1.0, 1.05)


def open_target(orders: int) -> int:
    """How many orders the live queue should hold (the window may supply fewer: demo_queue)."""
    return min(max(330, orders // 120), orders // 4)


def day_counts(world: World, orders: int) -> list[tuple[dt.date, int]]:
    """Orders per China-time day, summing exactly to `orders` (largest remainders)."""
    today = world.today
    local_now = world.now.astimezone(CST)
    elapsed = (local_now.hour + local_now.minute / 60) / 24
    days = [today - dt.timedelta(days=HISTORY_DAYS - 1 - k) for k in range(HISTORY_DAYS)]
    weights = []
    for k, day in enumerate(days):
        w = (1 + 0.12 * k / HISTORY_DAYS) * MONTH_FACTOR[day.month - 1] * (0.85 if day.weekday() >= 5 else 1.0)
        weights.append(w * (elapsed if day == today else 1.0))
    total = sum(weights)
    exact = [orders * w / total for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(days)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: orders - sum(counts)]:
        counts[i] += 1
    return list(zip(days, counts))


def _day_times(world: World, rng, day: dt.date, n: int) -> list[dt.datetime]:
    """`n` sorted receive instants on `day` (China time), never after `now`."""
    now = world.now
    hours = range(24)
    if day == world.today:
        h_now = now.astimezone(CST).hour
        hours = range(h_now + 1)
    weights = HOUR_WEIGHTS[: len(hours)]
    base = dt.datetime(day.year, day.month, day.day, tzinfo=CST)
    out = []
    for _ in range(n):
        for _try in range(20):
            h = rng.choices(hours, weights)[0]
            t = (base + dt.timedelta(seconds=int((h + rng.random()) * 3600))).astimezone(UTC)
            if t <= now:
                break
        else:
            t = now - dt.timedelta(seconds=rng.randint(60, 3600))
        out.append(t)
    out.sort()
    return out


def open_odds(world: World, factory: OrderFactory, counts: list[tuple[dt.date, int]], districts: list,
              cum: list[int], target: int) -> OpenOdds:
    """Calibrate the live queue's odds (demo_queue) on a sample drawn like the window's orders,
    from a stream of its own (the orders' streams are untouched)."""
    rng = world.rng("open-queue")
    window = [(day, n) for day, n in counts if n and (world.today - day).days <= OPEN_WINDOW_DAYS]
    if not window:
        return calibrate([], 0, target, factory.clock, world.now, rng)
    limit = world.now - dt.timedelta(days=OPEN_WINDOW_DAYS)
    sample = []
    for day in rng.choices([day for day, _ in window], [n for _, n in window], k=CALIBRATION_SAMPLE):
        t0 = _day_times(world, rng, day, 1)[0]
        if t0 > limit:
            sample.append((t0, rng.choices(KINDS, KIND_WEIGHTS)[0], rng.choices(districts, cum_weights=cum)[0].rural))
    share = len(sample) / CALIBRATION_SAMPLE
    return calibrate(sample, round(share * sum(n for _, n in window)), target, factory.clock, world.now, rng)


def order_chunks(world: World, factory: OrderFactory, orders: int, chunk: int) -> Iterator[tuple[float, list, list, list]]:
    """Stream (fraction done, order rows, event rows, callback rows), about `chunk` orders each."""
    rng = world.rng("schedule")
    now = world.now
    counts = day_counts(world, orders)
    districts = list(world.districts())
    cum, acc = [], 0
    for d in districts:
        acc += d.households
        cum.append(acc)
    branch_of = {b.id: b for b in world.branches}
    odds = factory.queue_odds = open_odds(world, factory, counts, districts, cum, open_target(orders))
    event_id = callback_id = 0
    rows_o: list[dict] = []
    rows_e: list[dict] = []
    rows_c: list[dict] = []
    made = debt = 0  # debt: follow-up orders (R-VISIT-3) take the slots of later orders
    slots = orders
    for day, n in counts:
        for t0 in _day_times(world, rng, day, n):
            slots -= 1
            if debt:
                debt -= 1
                continue
            factory.follow_up_room = slots - debt  # so the total stays exactly `orders`
            d = rng.choices(districts, cum_weights=cum)[0]
            recent = now - t0 < dt.timedelta(days=OPEN_WINDOW_DAYS)
            batch = factory.make(branch_of[d.branch_id], d, t0, odds=odds if recent else None)
            debt += len(batch) - 1
            made += len(batch)
            for order, events, callback in batch:
                rows_o.append(order)
                for at, etype, actor, payload in events:
                    event_id += 1
                    rows_e.append({"id": event_id, "branch_id": order["branch_id"], "order_id": order["id"],
                                   "type": etype, "at": at, "actor_id": actor, "payload": payload})
                if callback is not None:
                    callback_id += 1
                    callback["id"] = callback_id
                    rows_c.append(callback)
            if len(rows_o) >= chunk:
                yield min(1.0, made / orders), rows_o, rows_e, rows_c
                rows_o, rows_e, rows_c = [], [], []
    if rows_o:
        yield 1.0, rows_o, rows_e, rows_c
