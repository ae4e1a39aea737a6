"""docs/regulation.md is the console's vocabulary: every rule id the code, the resources and the
README cite is defined there, it defines no id the rulebook lacks, and the modules it points to exist.
docs/architecture.md names every package of console/ and links only to files that exist."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REGULATION = ROOT / "docs" / "regulation.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
CITING = ("console", "resources", "README.md")

# The ids of the rulebook (RULES.md of the project's shared folder, which lives outside the
# repository): kept here by hand, so the test needs nothing from outside. A new rule in the rulebook
# is added here and defined in docs/regulation.md in the same change.
RULEBOOK_IDS = frozenset(
    ["R-DISC", *(f"R-DISC-{n}" for n in range(1, 7))]
    + ["R-FIRST", *(f"R-FIRST-{n}" for n in range(1, 5))]
    + ["R-ZONE", *(f"R-ZONE-{n}" for n in range(1, 6))]
    + ["R-TIME", *(f"R-TIME-{n}" for n in range(0, 12))]
    + ["R-VISIT", *(f"R-VISIT-{n}" for n in range(1, 6))]
    + ["R-ACC", "R-ACC-H", "R-ACC-L", "R-ACC-S", "R-INSP", "R-TRAIN"]
    + ["R-PROM", *(f"R-PROM-{n}" for n in range(1, 9))]
)

# R-TIME-8, R-ACC-H, R-TIME-1..6, R-TIME-1…6, R-VISIT-1/2/4; R-TIME, R-TIME-* and R-TIME-… are the family
CITED = re.compile(r"(?<![A-Za-z0-9])R-([A-Z]{2,})(?:-(\d+|[A-Z](?![A-Za-z])|\*|…))?((?:\.\.|…)\d+|(?:/\d+)+)?")
DEFINED = re.compile(r"^\|\s*(R-[A-Z]+(?:-[0-9A-Z]+)?)\s*\|", re.MULTILINE)  # a table row's first cell
LINKED = re.compile(r"`((?:console|tests|benchmarks|scripts|resources|docs)/[\w./-]+|README\.md|pyproject\.toml)`")


def expand(match: re.Match) -> list[str]:
    family, number, more = match.groups()
    if number in (None, "*", "…"):
        return [f"R-{family}"]
    if not number.isdigit() or not more:
        return [f"R-{family}-{number}"]
    if more.startswith("/"):
        return [f"R-{family}-{n}" for n in [number, *more[1:].split("/")]]
    last = int(more.lstrip(".…"))
    return [f"R-{family}-{n}" for n in range(int(number), last + 1)]


def cited_ids(text: str) -> list[str]:
    return [rule for match in CITED.finditer(text) for rule in expand(match)]


def _texts(tops):
    for name in tops:
        top = ROOT / name
        for path in [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # images, fonts, compiled translations
                continue


def _defined() -> list[str]:
    return DEFINED.findall(REGULATION.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "ids"), [
    ("R-TIME-8: a written reason", ["R-TIME-8"]),
    ("R-TIME-1..6 count", [f"R-TIME-{n}" for n in range(1, 7)]),
    ("(R-DISC-1…6)", [f"R-DISC-{n}" for n in range(1, 7)]),
    ("R-VISIT-1/2/4]", ["R-VISIT-1", "R-VISIT-2", "R-VISIT-4"]),
    ("R-TIME-0/1/9.", ["R-TIME-0", "R-TIME-1", "R-TIME-9"]),
    ("R-ACC-H. R-ACC-L）", ["R-ACC-H", "R-ACC-L"]),
    ("R-TIME-8视为按时办结", ["R-TIME-8"]),
    ("[R-TIME-1…6, R-TIME-10]", [*(f"R-TIME-{n}" for n in range(1, 7)), "R-TIME-10"]),
    ("(R-TIME-…/R-VISIT-…) and R-TIME-*", ["R-TIME", "R-VISIT", "R-TIME"]),
    ("R-INSP） R-TRAIN", ["R-INSP", "R-TRAIN"]),
    ("CR-LF, R-2, PR-7, an R-value", []),
])
def test_cited_ids_are_read_as_the_code_writes_them(text, ids):
    assert cited_ids(text) == ids


def test_every_cited_rule_id_is_defined_in_docs_regulation():
    defined = set(_defined())
    undefined = defaultdict(list)
    for path, text in _texts(CITING):
        for number, line in enumerate(text.splitlines(), start=1):
            for rule in cited_ids(line):
                if rule not in defined:
                    undefined[rule].append(f"{path.relative_to(ROOT)}:{number}")
    listed = [f"{rule}: {', '.join(where[:5])}{' …' if len(where) > 5 else ''}"
              for rule, where in sorted(undefined.items())]
    assert not undefined, "rule ids cited but not defined in docs/regulation.md:\n" + "\n".join(listed)


def test_docs_regulation_defines_the_rulebook_exactly_once_each():
    defined = _defined()
    assert sorted(r for r in set(defined) if defined.count(r) > 1) == [], "defined twice"
    assert sorted(set(defined) - RULEBOOK_IDS) == [], "defined in docs/regulation.md but not in the rulebook"
    assert sorted(RULEBOOK_IDS - set(defined)) == [], "in the rulebook but not defined in docs/regulation.md"


@pytest.mark.parametrize("doc", [REGULATION, ARCHITECTURE], ids=lambda p: p.name)
def test_the_paths_a_doc_names_exist(doc):
    named = sorted(set(LINKED.findall(doc.read_text(encoding="utf-8"))))
    assert named, f"{doc.name} names no file"
    assert [p for p in named if not (ROOT / p.rstrip("/")).exists()] == []


def test_docs_architecture_names_every_package_of_console():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    packages = sorted(str(p.parent.relative_to(ROOT)) + "/" for p in (ROOT / "console").rglob("__init__.py"))
    assert [p for p in packages if f"`{p}`" not in text] == []


def test_the_readme_links_both_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/regulation.md)" in readme and "(docs/architecture.md)" in readme


def test_every_test_docs_security_cites_exists():
    """docs/security.md says only what the tests prove: each test it names is in the suite."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    cited = set(re.findall(r"`(test_\w+)", (root / "docs" / "security.md").read_text(encoding="utf-8")))
    defined = set()
    for path in (root / "tests").rglob("test_*.py"):
        defined |= set(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
    assert len(cited) >= 20
    assert sorted(cited - defined) == []
