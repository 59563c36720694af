"""What the consultant sees when publishing finds personal data: the text with each finding
marked in place, and per finding a box to judge it not personal, with a reason.

The form posts each finding back as finding-<n>-field / -text (hidden), -not-personal (the
box) and -reason, so a second try carries the judgements and keeps what was typed."""
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..auction.errors import Text
from ..clients.screening import NotPersonal
from ..i18n import translate
from ..privacy import LABELS

REASON_MISSING = Text("Geef aan waarom dit geen persoonsgegeven is; de reden komt in het logboek.")


@dataclass
class FindingRow:
    """One text found, with every place it stands: a judgement is about the text ("Zwolle" is
    not personal here), so it covers each occurrence, and the page asks once."""
    number: int
    field: str
    kind: str
    text: str
    label: str
    spans: list[tuple[int, int]]
    checked: bool = False
    reason: str = ""
    error: str | None = None


def judgements_from(form) -> tuple[list[NotPersonal], dict[tuple[str, str], dict]]:
    """The ticked findings with a reason, and what the form said about every finding (ticked,
    reason, error) keyed by (field, text), to show it again."""
    judged, said = [], {}
    numbers = {key.split("-")[1] for key in form if key.startswith("finding-") and key.count("-") >= 2}
    for number in sorted(numbers):
        field = form.get(f"finding-{number}-field", "")
        text = form.get(f"finding-{number}-text", "")
        ticked = form.get(f"finding-{number}-not-personal") == "1"
        reason = form.get(f"finding-{number}-reason", "").strip()[:500]
        error = REASON_MISSING if ticked and not reason else None
        said[(field, text)] = {"checked": ticked, "reason": reason, "error": error}
        if ticked and reason and field and text:
            judged.append(NotPersonal(field, text[:200], reason))
    return judged, said


def finding_rows(findings: list[dict], said: dict | None = None) -> list[FindingRow]:
    said = said or {}
    rows: dict[tuple[str, str], FindingRow] = {}
    for f in findings:
        row = rows.get((f["field"], f["text"]))
        if row is not None:
            row.spans.append((f["start"], f["end"]))
            continue
        state = said.get((f["field"], f["text"]), {})
        error = state.get("error")
        rows[(f["field"], f["text"])] = FindingRow(
            len(rows) + 1, f["field"], f["kind"], f["text"], translate(LABELS.get(f["kind"], f["kind"])),
            [(f["start"], f["end"])], state.get("checked", False), state.get("reason", ""),
            translate(error) if error else None)
    return list(rows.values())


def marked(text: str, rows: list[FindingRow], field: str = "description") -> Markup:
    """The text, escaped, with every finding in <mark> and its number and kind spelled out for
    a screen reader."""
    places = sorted((start, end, row) for row in rows if row.field == field for start, end in row.spans)
    out, at = [], 0
    for start, end, row in places:
        if start < at or end > len(text) or text[start:end] != row.text:
            continue  # the text has changed since the scan: mark only what still matches
        out.append(escape(text[at:start]))
        out.append(Markup('<mark{id}>{found}<span class="visually-hidden"> ({label}, {n})</span>'
                          '</mark><sup aria-hidden="true">{n}</sup>').format(
            id=Markup(f' id="gevonden-{row.number}"') if (start, end) == row.spans[0] else "",
            n=row.number, found=text[start:end], label=row.label))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)
