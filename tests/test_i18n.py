"""The console speaks Simplified Chinese unless told otherwise, never by the machine's locale;
the Qt layer's every text is in the committed zh_CN catalogue, translated."""

from __future__ import annotations

import ast
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from console import i18n
from console.reports.labels import labels
from console.views.shell import translations

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("BRANCH_CONSOLE_LANG", raising=False)
    for var in ("LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.setenv(var, "C")  # a server's cron: the locale must not matter


def test_chinese_by_default_whatever_the_machines_locale(clean_env, monkeypatch):
    monkeypatch.setattr(i18n, "_current", None)  # a fresh process (the suite's own default is English)
    assert i18n.chosen() == "zh_CN"
    assert labels()["sheet.findings"] == "督查问题"  # a cron export under LANG=C is Chinese
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.chosen() == "zh_CN"


def test_explicit_then_environment_then_the_persons_choice(clean_env, monkeypatch):
    i18n.remember("en", work_number="nc001")
    assert i18n.chosen(work_number="NC001") == "en"
    assert i18n.chosen() == "en"  # this computer's next start
    i18n.remember("zh_CN", work_number="NC002")
    assert (i18n.chosen(work_number="NC001"), i18n.chosen(work_number="NC002")) == ("en", "zh_CN")
    monkeypatch.setenv("BRANCH_CONSOLE_LANG", "en_US.UTF-8")
    assert i18n.chosen(work_number="NC002") == "en"
    assert i18n.chosen("zh-CN") == "zh_CN"
    assert labels("en")["sheet.findings"] == "Findings"


def test_an_unknown_language_is_named_and_a_broken_settings_file_is_no_choice(clean_env):
    with pytest.raises(i18n.UnknownLanguage, match="unknown language 'klingon': use one of zh_CN, en"):
        i18n.chosen("klingon")
    i18n.settings_path().parent.mkdir(parents=True)
    i18n.settings_path().write_text("{not json", encoding="utf-8")
    assert i18n.chosen() == "zh_CN"
    i18n.remember("en")  # and choosing again repairs it
    assert i18n.chosen() == "en"


def test_the_command_line_refuses_an_unknown_language(clean_env, capsys):
    from console import cli

    assert cli.main(["--lang", "klingon", "--db", "/nonexistent/x.sqlite3"]) == 2
    assert "unknown language 'klingon'" in capsys.readouterr().err


# ---- the Qt layer's catalogue ------------------------------------------------------------------
def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(ts).getroot().findall("context"):
        name = ctx.find("name").text
        for m in ctx.findall("message"):
            out[(name, m.find("source").text)] = m
    return out


def test_every_qt_text_is_in_the_zh_cn_catalogue_and_translated(tmp_path):
    """lupdate over the views (what Qt itself extracts) against the committed .ts: a text that
    is missing, unfinished or empty there fails, naming where it is."""
    fresh = tmp_path / "fresh.ts"
    files = sorted(str(p) for p in (ROOT / "console" / "views").rglob("*.py"))
    done = subprocess.run([str(Path(translations.lrelease()).with_name("lupdate")), *files, "-ts", str(fresh)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    extracted = _messages(fresh)
    committed = _messages(translations.source("zh_CN"))
    assert len(extracted) > 900
    gaps = []
    for key, m in extracted.items():
        have = committed.get(key)
        tr = have.find("translation") if have is not None else None
        forms = [f.text for f in tr.findall("numerusform")] if tr is not None and have.get("numerus") else []
        text = "".join(forms) if forms else (tr.text if tr is not None else None)
        if have is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not (text or "").strip():
            loc = m.find("location")
            gaps.append(f"{key[0]}: {key[1]!r} ({loc.get('filename') if loc is not None else '?'})")
    assert gaps == [], f"{len(gaps)} texts not translated; run scripts/update-translations and translate them"


def test_placeholders_and_accelerators_survive_translation():
    for (ctx, source), m in _messages(translations.source("zh_CN")).items():
        tr = m.find("translation")
        text = "".join(f.text or "" for f in tr.findall("numerusform")) or (tr.text or "")
        for token in ("{0}", "{1}", "{2}", "%1", "%2", "%n"):
            assert (token in source) == (token in text), (ctx, source, text)
        mnemonic = re.search(r"(?<!&)&([A-Za-z0-9])", source.replace("&&", ""))
        if mnemonic and not source.startswith("<"):  # the same key: "&Save" → "保存(&S)"
            assert re.search(rf"&{mnemonic.group(1)}", text, re.I), (ctx, source, text)


# texts handed to tr()/translate() as variables: lupdate skips them silently. The Qt-free core's
# words (materials, metric titles, import problems, the customer's notice) are not handed to Qt at
# all: the core's own catalogue (console.i18n) renders them.
CORE_TABLES: set[tuple[str, str]] = set()


def _noop_contexts(tree: ast.AST) -> set[str]:
    return {n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") ==
            "QT_TRANSLATE_NOOP" and n.args and isinstance(n.args[0], ast.Constant)}


def test_no_text_reaches_tr_as_a_variable_unless_its_table_is_marked():
    bad = []
    for path in (ROOT / "console" / "views").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        marked = _noop_contexts(tree)
        rel = str(path.relative_to(ROOT / "console"))
        for n in ast.walk(tree):
            if not isinstance(n, ast.Call):
                continue
            name = n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
            if name == "tr" and n.args and not (isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str)):
                bad.append(f"{rel}:{n.lineno} tr({ast.unparse(n.args[0])})")
            elif name == "translate" and len(n.args) >= 2 and not isinstance(n.args[1], ast.Constant):
                ctx = n.args[0].value if isinstance(n.args[0], ast.Constant) else ast.unparse(n.args[0])
                if ctx not in marked and (rel, ctx) not in CORE_TABLES:
                    bad.append(f"{rel}:{n.lineno} translate({ctx!r}, {ast.unparse(n.args[1])})")
    assert bad == []


def test_the_catalogue_compiles_and_qt_speaks_it(tmp_path, qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    qm = translations.compiled("zh_CN", cache=tmp_path)
    assert qm is not None and qm.stat().st_size > 10_000
    assert translations.compiled("zh_CN", cache=tmp_path) == qm  # compiled once per .ts content
    assert translations.compiled("en", cache=tmp_path) is None  # English is the source language
    tr = QTranslator()
    assert tr.load(str(qm))
    QCoreApplication.installTranslator(tr)
    try:
        assert QCoreApplication.translate("Labels", "Complaint") == "投诉"
        assert QCoreApplication.translate("MainWindow", "&View").startswith("视图")
    finally:
        QCoreApplication.removeTranslator(tr)
    assert QCoreApplication.translate("Labels", "Complaint") == "Complaint"
