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

from console.assets import resource_dir
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
    raise UnknownLanguage(T("unknown language {lang!r}: use one of {languages}", lang=lang,
                            languages=", ".join(LANGUAGES)))


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


# ---- the core's catalogue ------------------------------------------------------------------------
# The Qt layer translates through Qt (tr(), resources/translations/*.ts). Everything the Qt-free
# core says — a service's refusal, an escalation's reason, a workbook's titles, the map's labels,
# the customer's materials notice — goes through this one catalogue: the English text *is* the id
# (as in Qt and gettext), `resources/i18n/console.<lang>.json` maps it to the language's text, with
# the same {named} placeholders. A text missing there stays English (tests fail on that).

CATALOGUES = resource_dir("i18n")
_current: str | None = None
_catalogues: dict[str, dict[str, str]] = {}


class Text(str):
    """A text the core says, kept as its English template and parameters so that a view can say
    it in the user's language (`render`). As a `str` it is the English rendering, so logs, the
    command line's English and code comparing messages see plain text.

        raise StoreError(T("order {number} is closed", number=order.number))

    `_context` tells apart one English word with two meanings ("open" order, "open" finding):
    the catalogue's key is then ``context + "\\x04" + template`` (gettext's convention).
    """

    template: str
    params: dict
    context: str | None

    def __new__(cls, template: str, /, _context: str | None = None, **params):
        text = template.format(**{k: str(v) if isinstance(v, Text) else v for k, v in params.items()}) \
            if params else template
        self = super().__new__(cls, text)
        self.template = template
        self.params = params
        self.context = _context
        return self

    @property
    def key(self) -> str:
        return f"{self.context}\x04{self.template}" if self.context else self.template

    def __reduce__(self):  # survives pickling (a worker process's error) as itself
        return (_rebuild, (self.template, self.context, self.params))


def _rebuild(template: str, context: str | None, params: dict) -> Text:
    return Text.__new__(Text, template, context, **params)


T = Text


def N_(text: str, _context: str | None = None) -> str:
    """Marks a literal in a table for the catalogue without translating it now (render it later)."""
    return text


def use(lang: str) -> str:
    """The language this process speaks from now on (the window calls it once at start)."""
    global _current
    _current = normalise(lang)
    return _current


def current() -> str:
    return _current or chosen()


def catalogue(lang: str) -> dict[str, str]:
    """English text -> `lang`'s text (empty for English)."""
    lang = normalise(lang)
    if lang not in _catalogues:
        path = CATALOGUES / f"console.{lang}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if lang != "en" else {}
        except FileNotFoundError:
            data = {}
        _catalogues[lang] = {k: v for k, v in data.items() if isinstance(v, str) and v and not k.startswith("#")}
    return _catalogues[lang]


def _param(value, lang: str):
    if isinstance(value, Text):
        return render(value, lang)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Text) for v in value):
        return ("、" if lang == "zh_CN" else ", ").join(render(v, lang) for v in value)
    return value


def render(what, lang: str | None = None) -> str:
    """`what` (a Text, an exception raised with one, or a plain marked literal) in `lang` (default:
    the language of this process). Unknown texts and data come back as they are."""
    lang = normalise(lang) if lang else current()
    if isinstance(what, BaseException):
        first = what.args[0] if what.args else ""
        if not isinstance(first, str) or not first:
            return str(what) or type(what).__name__
        what = first
    if what is None:
        return ""
    words = catalogue(lang)
    if isinstance(what, Text):
        template = words.get(what.key) or words.get(what.template, what.template)
        if not what.params:
            return template
        params = {k: _param(v, lang) for k, v in what.params.items()}
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):  # a broken translation never hides the message
            return what.template.format(**params)
    text = str(what)
    return words.get(text, text)


def tr(template: str, lang: str | None = None, /, **params) -> str:
    """Render a literal template now: `tr("Due {at}", lang, at=...)`."""
    return render(Text.__new__(Text, template, **params), lang)  # the caller's literal is marked
