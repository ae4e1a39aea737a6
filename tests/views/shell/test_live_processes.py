"""Two console processes on one database (benchmarks/live.py in a short form): a real console
offscreen watches the branch while another process changes an order; every change shows within
3 s, none is missed, and the quiet console spends under 1 % of a core watching."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_console_processes_stay_in_step(backend):
    if backend == "postgresql" and not os.environ.get("BRANCH_CONSOLE_TEST_PG"):
        pytest.skip("BRANCH_CONSOLE_TEST_PG not set (run ./test to start a throw-away PostgreSQL)")
    run = subprocess.run([sys.executable, "benchmarks/live.py", "--changes", "12", "--every", "0.2", "--quiet", "3",
                          *(["--pg"] if backend == "postgresql" else [])],
                         cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    out = run.stdout[run.stdout.index("{\n"):]
    got = json.loads(out)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert got["backend"] == backend and got["changes"] == 12 and got["missed"] == 0
    assert got["console"]["latency_p95_s"] < 3.0
    assert got["console"]["quiet_cpu_percent_of_a_core"] < 1.0
