"""House rules a reviewer would otherwise check by eye.

Code, comments, docstrings, help texts, test names and the docs never cite tracker or issue
numbers ("issue 8 item 5", "(issue 4)", "#12"): a reader has no tracker, so a citation says nothing.
Say what it means instead — the rule id (docs/regulation.md), the behaviour, a README section, or
a full link to an upstream bug report.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("console", "tests", "benchmarks", "scripts", "docs", "README.md", "pyproject.toml")
THIS = Path(__file__).resolve()  # it spells the forbidden forms out below
SKIPPED_PARTS = {"__pycache__", ".pytest_cache"}

CITATIONS = (
    re.compile(r"\bissues?\s+#?\d+", re.IGNORECASE),  # issue 8, Issue 8 item 3, issues 3 and 4, issue #12
    re.compile(r"\b(?:tickets?|tracker)\s+#?\d+", re.IGNORECASE),  # ticket 12, tracker #12
    re.compile(r"[\w.-]+/[\w.-]+#\d+\b"),  # owner/repo#125
    # #12, (#12), GLPI #6902 — but not a colour ("#555", color:#444;) nor an HTML entity (&#123;)
    re.compile(r"(?<![\"':&\w])#\d+\b(?![;\"'])"),
    re.compile(r"\(items?\s+\d+\b|^\W*items?\s+\d+\)", re.IGNORECASE),  # (item 5), a wrapped "… issue 8\n# item 5)"
)


def citations(text: str) -> list[tuple[int, str]]:
    """(line number, the citation) for every tracker citation in `text`."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern in CITATIONS:
            match = pattern.search(line)
            if match:
                found.append((number, match.group(0).strip()))
                break
    return found


def _scanned_files():
    for name in SCANNED:
        top = ROOT / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in paths:
            if SKIPPED_PARTS.isdisjoint(path.parts) and path.resolve() != THIS:
                yield path


@pytest.mark.parametrize("text", [
    "(issue 4)", "issue 8 item 5: everything typed stays", "Issue 8 item 3 (tamper-evident audit)",
    "issues 3 and 4", "see issue #12", "fixed in #12", "(#12)", "GLPI #6902", "upstream owner/repo#125",
    "ticket 7", "the banner (item 5)", "        # item 5): connect timeout",
])
def test_the_forms_of_a_citation_are_found(text):
    assert citations(text), text


@pytest.mark.parametrize("text", [
    'QColor("#202020")', 'setStyleSheet("color: #555;")', '<td style="color:#444;">', '"#3f6fb5"', "&#123;",
    "R-TIME-1..6", "one issue per line", "# 12 rows", "https://github.com/owner/repo/issues/125",
    "R-DISC items 1…6", "the 3rd item",
])
def test_colours_rule_ids_and_links_are_not_citations(text):
    assert citations(text) == [], text


def test_no_tracker_citations():
    hits = []
    for path in _scanned_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images, compiled translations: no prose
            continue
        hits += [f"{path.relative_to(ROOT)}:{number}: {cited!r}" for number, cited in citations(text)]
    assert not hits, ("tracker citations (say what they mean: a rule id, the behaviour, a README "
                      "section or a full link):\n" + "\n".join(hits))
