"""A queued message made readable: its template (templates/mail/<name>.txt and .html) rendered
in the recipient's language, as a subject, a text part and an HTML part.

Plain Jinja2 with the i18n extension over the app's English catalogue, so the same Dutch msgids
serve pages and mail; Dutch is the source language and needs no catalogue. No Flask: the sender
renders in the scheduler's process, outside any request."""
from dataclasses import dataclass
from functools import cache
from gettext import NullTranslations
from pathlib import Path

import jinja2
from babel.support import Translations
from markupsafe import Markup, escape

from ..auction.errors import Text

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "mail"
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
LANGUAGES = ("nl", "en")
SETTINGS_PATH = "/instellingen"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def wording(value):
    """A context value as it is stored (JSON): a catalogue Text as {"msgid", "params"}, so it is
    translated when the message is rendered; anything else as it is."""
    if isinstance(value, Text):
        return {"msgid": value.msgid,
                "params": {k: v if isinstance(v, (int, float)) else str(v) for k, v in value.params.items()}}
    return value


def _is_wording(value) -> bool:
    return isinstance(value, dict) and set(value) == {"msgid", "params"}


def _paragraphs(text) -> Markup:
    """Plain text as HTML paragraphs: a blank line starts a new one, a line break stays one."""
    parts = [part.strip() for part in str(text or "").replace("\r\n", "\n").split("\n\n")]
    return Markup("\n").join(Markup("<p style=\"margin:0 0 16px\">%s</p>") % Markup("<br>").join(
        escape(line) for line in part.split("\n")) for part in parts if part)


@cache
def translations(language: str) -> NullTranslations:
    return NullTranslations() if language == "nl" else Translations.load(str(TRANSLATIONS), [language])


@cache
def environment(language: str) -> jinja2.Environment:
    """One environment per language, built once: templates are compiled once per process."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,  # a value the template needs and the caller left out fails at once
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    # Extracted trimmed (babel.cfg), so rendered trimmed, as the pages are (marketplace.i18n).
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(language), newstyle=True)
    env.filters["paragraphs"] = _paragraphs
    return env


def _translate(language: str, value) -> str:
    gettext = translations(language).gettext
    if _is_wording(value):
        text = gettext(value["msgid"])
        return text % value["params"] if value["params"] else text
    # A plain string the catalogue knows (a subject without values) is translated too.
    return gettext(value) if isinstance(value, str) and value else (value or "")


def subject_line(subject) -> str:
    """Every message's subject names Zorgbod first, so it is recognised in a full inbox."""
    return f"Zorgbod: {subject}"


def render(template: str, context: dict, language: str = "nl", *, subject, base_url: str = "") -> Rendered:
    """The message `template` with `context` in `language` (Dutch when the language is unknown).
    `subject` is the stored subject (a wording dict, a Text or a str) without the "Zorgbod: "
    prefix; `base_url` makes the app's own paths (a notice's link, the settings page) absolute."""
    language = language if language in LANGUAGES else "nl"
    env = environment(language)
    base = base_url.rstrip("/")
    values = {key: _translate(language, value) if _is_wording(value) else value
              for key, value in (context or {}).items()}
    values.update(
        language=language,
        subject=_translate(language, wording(subject)),
        settings_url=base + SETTINGS_PATH,
        url=lambda path: base + path if isinstance(path, str) and path.startswith("/") else path,
    )
    text = env.get_template(f"{template}.txt").render(values).strip() + "\n"
    html = env.get_template(f"{template}.html").render(values)
    return Rendered(subject_line(values["subject"]), text, html)


def plain(subject: str, body: str) -> Rendered:
    """A message queued before templates existed (no template): its stored Dutch text as it is."""
    return Rendered(subject, body.strip() + "\n",
                    f"<!doctype html><html lang=\"nl\"><body>{_paragraphs(body)}</body></html>")
