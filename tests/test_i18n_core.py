"""The Qt-free core speaks through one catalogue (console.i18n): every text it can show a user is a
literal marked T()/N_()/tr(), every literal is in resources/i18n/console.zh_CN.json with the same
placeholders, and no refusal is raised as bare English.

Run as a script to list what is missing (``--extra part.json`` counts a fragment not merged yet):

    .venv/bin/python tests/test_i18n_core.py [--extra part.json] [console/services/orders ...]
"""

from __future__ import annotations

import ast
import json
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CATALOGUE = ROOT / "resources" / "i18n" / "console.zh_CN.json"
MARKERS = {"T", "Text", "N_", "tr"}
# programmer errors that never reach a user as a message
INTERNAL = {"AssertionError", "NotImplementedError", "TypeError"}


def core_files(paths: list[str] | None = None) -> list[Path]:
    roots = [ROOT / p for p in paths] if paths else [ROOT / "console"]
    out = []
    for r in roots:
        for p in ([r] if r.is_file() else sorted(r.rglob("*.py"))):
            rel = p.relative_to(ROOT).parts
            if "views" in rel or "demo" in rel:
                continue
            out.append(p)
    return out


def _marker_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _marker(call: ast.Call) -> bool:
    f = call.func
    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
    if name == "tr" and isinstance(f, ast.Attribute) and not (isinstance(f.value, ast.Name) and f.value.id == "i18n"):
        return False  # someone else's .tr()
    return name in MARKERS


def _plain_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and (_plain_text(node.left) or _plain_text(node.right)):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
            and _plain_text(node.func.value):
        return True
    return False


def scan(files: list[Path]) -> tuple[dict[str, list[str]], list[str]]:
    """(literal -> where it is marked, problems: plain raises and non-literal markers)."""
    texts: dict[str, list[str]] = {}
    problems: list[str] = []
    for path in files:
        rel = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _marker(node) and node.args:
                first = node.args[0]
                ctx = [k.value for k in node.keywords if k.arg == "_context"]
                if _marker_name(node) != "tr":  # tr(template, lang): its second is the language
                    ctx += node.args[1:2]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    key = first.value
                    if ctx:
                        if not (isinstance(ctx[0], ast.Constant) and isinstance(ctx[0].value, str)):
                            problems.append(f"{rel}:{node.lineno}: a context that is not a literal")
                            continue
                        key = f"{ctx[0].value}\x04{key}"
                    texts.setdefault(key, []).append(f"{rel}:{node.lineno}")
                else:
                    problems.append(f"{rel}:{node.lineno}: {ast.unparse(node.func)}() of a non-literal "
                                    f"({ast.unparse(first)[:60]}): the catalogue cannot know it")
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                f = node.exc.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                if name not in INTERNAL and _plain_text(node.exc.args[0]):
                    problems.append(f"{rel}:{node.lineno}: raise {name}(…) with a bare text: "
                                    f"wrap it in T(\"…\", name=value)")
    return texts, problems


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def data_texts() -> dict[str, str]:
    """Texts the core holds as data rather than marked calls (workbook titles, metric definitions)."""
    from console.reports.labels import EN

    return {text: f"console/reports/labels.py EN[{key!r}]" for key, text in EN.items()}


def check(catalogue: dict[str, str], texts: dict[str, list[str]]) -> list[str]:
    out = []
    for text, where in sorted(texts.items()):
        zh = catalogue.get(text)
        if not zh:
            out.append(f"{where[0]}: not translated: {text!r}")
        elif fields(zh) != fields(text):
            out.append(f"{where[0]}: placeholders differ: {text!r} -> {zh!r}")
    return out


def load(extra: list[str] = ()) -> dict[str, str]:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    for e in extra:
        data.update(json.loads(Path(e).read_text(encoding="utf-8")))
    return data


def test_no_core_text_reaches_a_user_unmarked():
    _, problems = scan(core_files())
    assert not problems, "\n".join(problems)


def test_every_core_text_is_translated_with_its_placeholders():
    texts, _ = scan(core_files())
    for text, where in data_texts().items():
        texts.setdefault(text, []).append(where)
    missing = check(load(), texts)
    assert not missing, f"{len(missing)} texts:\n" + "\n".join(missing)


def test_the_catalogue_holds_no_text_the_code_no_longer_says():
    texts, _ = scan(core_files())
    texts.update({t: [w] for t, w in data_texts().items()})
    stale = sorted(k for k in load() if not k.startswith("#") and k not in texts)
    assert not stale, "unused catalogue entries (remove them):\n" + "\n".join(map(repr, stale))


if __name__ == "__main__":
    args = sys.argv[1:]
    extra = []
    while "--extra" in args:
        i = args.index("--extra")
        extra.append(args[i + 1])
        del args[i:i + 2]
    texts, problems = scan(core_files(args or None))
    if not args:
        for text, where in data_texts().items():
            texts.setdefault(text, []).append(where)
    report = problems + check(load(extra), texts)
    print("\n".join(report) or "all core texts marked and translated")
    print(f"{len(texts)} texts, {len(report)} problems", file=sys.stderr)
    sys.exit(1 if report else 0)
