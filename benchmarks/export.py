"""Benchmark the leadership workbooks against bare openpyxl ``write_only`` for the same cells.

    .venv/bin/python benchmarks/export.py                  # 100,000 findings and 100,000 breach rows
    .venv/bin/python benchmarks/export.py --rows 20000 --repeat 3

For each table (findings: 17 columns; sla breaches: 12 columns) and each writer — ``bare``: a
write_only workbook, a plain header and ``ws.append(values)`` per row; ``console``: the real
writer (header style, frozen header, auto-filter, fitted widths, number formats, validation list,
conditional formatting, summary sheet and chart) — a fresh subprocess generates the same synthetic
rows and writes them. Each run reports wall time and peak RSS (``ru_maxrss``) and the RSS growth
over the process's baseline after imports. Prints JSON; targets: console ≤ 1.3 × bare, peak ≤ 100 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

UNITS = ("营业厅", "客服中心", "网络维护部", "市场部", "综合办公室")
TEXTS = ("营业厅公示栏缺少3名新员工的照片和工号", "收费标准公示为旧版，未更新2026年资费", "一般故障24小时修复率低于考核目标",
         "投诉4小时首次响应有超时记录", "线路维护未提前24小时通知用户")


def _findings(n: int):
    from console.rules.periods import UTC
    from console.services.supervision.inspections import FindingRow

    day0 = dt.date(2026, 1, 5)
    fams = ("R-DISC", "R-FIRST", "R-ZONE", "R-TIME", "R-VISIT", "R-PROM")
    for i in range(n):
        fam = fams[i % 6]
        day = day0 + dt.timedelta(days=i % 300)
        yield FindingRow(i + 1, i // 4 + 1, day, 1 + i % 2, "南昌市分公司" if i % 2 else "进贤县分公司", fam,
                         f"{fam}-{1 + i % 6}", TEXTS[i % 5], ("minor", "serious", "critical")[i % 3], UNITS[i % 5],
                         f"员工{i % 97:02d} (NC{i % 97:04d})", day + dt.timedelta(days=30),
                         ("open", "rectifying", "closed")[i % 3],
                         dt.datetime(2026, 1, 5, 3, tzinfo=UTC) + dt.timedelta(hours=i % 7000),
                         "刘瑶 (P0001)", ("检查照片.jpg",), "刘瑶、罗婵飘")


def _breaches(n: int):
    from console.rules.periods import UTC
    from console.services.assessment.sla_report import BreachRow

    t0 = dt.datetime(2026, 10, 1, 1, tzinfo=UTC)
    for i in range(n):
        t = t0 + dt.timedelta(minutes=7 * i)
        yield BreachRow(i, f"NC-2610-{i:06d}", "南昌市分公司", f"片区{i % 40:02d}", "general_fault", t, t,
                        t + dt.timedelta(hours=24), t + dt.timedelta(hours=24), t + dt.timedelta(hours=30), 6.0,
                        f"维护员{i % 50:02d} (NC{i % 50:04d})",
                        "10-01 09:00 received → 10-01 09:20 assigned → 10-02 15:00 completed")


def child(table: str, writer: str, n: int, out: str) -> dict:
    from openpyxl import Workbook

    from console.reports import findings as F
    from console.reports import sla as S
    from console.reports.labels import labels as load_labels
    from console.reports.xlsx import write_table  # noqa: F401 - imported in both runs alike

    labels = load_labels("en")
    today = dt.date(2026, 11, 30)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if table == "findings":
        rows, columns = _findings(n), F.COLUMNS
        values = (F.finding_values(r, today, labels) for r in rows)
    else:
        rows, columns = _breaches(n), S.BREACH_COLUMNS
        values = (S.breach_values(b, labels) for b in rows)
    if writer == "bare":
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append([labels[c.key] for c in columns])
        for v in values:
            ws.append(v)
        wb.save(out)
    elif table == "findings":
        F.write_findings(out, rows, labels, today=today, what="bench", total=n)
    else:
        from console.services.assessment.sla_report import SlaReport

        S.write_sla(out, SlaReport(dt.date(2026, 10, 1), [], rows), labels, what="bench")  # streamed
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 3), "peak_rss_mb": round(peak, 1), "growth_mb": round(peak - base, 1),
            "file_mb": round(os.path.getsize(out) / 2**20, 2)}


def run(table: str, writer: str, n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, f"{table}-{writer}.xlsx")
        res = subprocess.run([sys.executable, __file__, "--child", table, writer, str(n), out],
                             capture_output=True, text=True, check=True)
        return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        table, writer, n, out = args.child
        print(json.dumps(child(table, writer, int(n), out)))
        return
    report = {"rows": args.rows, "python": platform.python_version(), "tables": {}}
    for table in ("findings", "sla_breaches"):
        key = "findings" if table == "findings" else "breaches"
        runs = {w: [run(key, w, args.rows) for _ in range(args.repeat)] for w in ("bare", "console")}
        best = {w: min(r, key=lambda x: x["seconds"]) for w, r in runs.items()}
        ratio = statistics.median(c["seconds"] for c in runs["console"]) / statistics.median(
            b["seconds"] for b in runs["bare"])
        report["tables"][table] = {"bare": best["bare"], "console": best["console"], "ratio": round(ratio, 3),
                                   "target_ratio": 1.3, "target_peak_mb": 100,
                                   "ok": ratio <= 1.3 and best["console"]["peak_rss_mb"] <= 100}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
