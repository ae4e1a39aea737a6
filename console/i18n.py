"""Which language the console speaks: Simplified Chinese by default, English the other one.

One rule for the console, the command line and the exports (no Qt here):

    explicit choice (--lang)  >  BRANCH_CONSOLE_LANG  >  the person's remembered choice  >  zh_CN

The machine's locale (LANG, LC_ALL …) is never consulted: a cron export on a server under
LANG=C comes out in the same language as the console's. A choice made in View ▸ Language is
remembered per person (work number) and as the choice of this computer's next start, in
`settings.json` under the user's configuration folder (XDG_CONFIG_HOME, else ~/.config), written
atomically so that a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from console.errors import StoreError

DEFAULT = "zh_CN"
# code -> the language's own name (what the menu shows, in every language)
LANGUAGES = {"zh_CN": "中文（简体）", "en": "English"}
_ALIASES = {"zh": "zh_CN", "zh_cn": "zh_CN", "zh_hans": "zh_CN", "zh_hans_cn": "zh_CN", "cn": "zh_CN",
            "chinese": "zh_CN", "en": "en", "en_us": "en", "en_gb": "en", "english": "en"}


class UnknownLanguage(StoreError):
    """A language the console does not speak (a mistyped --lang or BRANCH_CONSOLE_LANG)."""


def normalise(lang: str) -> str:
    """`zh_CN`, `zh-CN`, `zh`, `zh_CN.UTF-8`, `en_US` … as one of LANGUAGES; UnknownLanguage names them."""
    key = (lang or "").strip().split(".")[0].replace("-", "_").lower()
    if key in _ALIASES:
        return _ALIASES[key]
    raise UnknownLanguage(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")


def settings_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "branch-console" / "settings.json"


def _load() -> dict:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def chosen(explicit: str | None = None, *, work_number: str | None = None) -> str:
    """The language to speak (see the module doc). A remembered value that is no longer a
    language is ignored; an explicit or environment one that is not raises UnknownLanguage."""
    if explicit:
        return normalise(explicit)
    env = os.environ.get("BRANCH_CONSOLE_LANG")
    if env:
        return normalise(env)
    data = _load()
    for value in ((data.get("by_work_number") or {}).get(work_number.upper()) if work_number else None,
                  data.get("language")):
        if isinstance(value, str):
            try:
                return normalise(value)
            except UnknownLanguage:
                continue
    return DEFAULT


def remember(lang: str, *, work_number: str | None = None) -> str:
    """Keep `lang` for this person (when given) and for the next start of this computer."""
    lang = normalise(lang)
    data = _load()
    data["language"] = lang
    if work_number:
        people = data.get("by_work_number") if isinstance(data.get("by_work_number"), dict) else {}
        people[work_number.upper()] = lang
        data["by_work_number"] = people
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return lang
