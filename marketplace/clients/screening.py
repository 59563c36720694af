"""Before a request is published: no personal data in its free text.

Providers compete on the client's need, not on who the client is, and a name, street or BSN
slips into a consultant's text easily. Publishing therefore scans every free-text field and
is refused while anything is found, unless the consultant has judged a finding not personal
("Zwolle" as the municipality in a general phrase), with a reason that goes into the audit
trail. The scanner itself (exact patterns plus deduce, marketplace.privacy) is handed in by
the caller, so this module decides only what a finding means for publishing."""
from dataclasses import dataclass
from typing import Callable, Iterable

from sqlalchemy.orm import Session

from ..auction.actors import Actor
from ..auction.errors import DomainError, Text, validation_error
from ..auction.inputs import Fields
from ..auction.records import audit
from ..models import Request
from ..privacy import LABELS, DetectorUnavailable, Finding

# The fields of a request a consultant writes in their own words and providers read.
FREE_TEXT_FIELDS = ("description",)

Scanner = Callable[[dict[str, str]], list[Finding]]


@dataclass(frozen=True)
class NotPersonal:
    """The consultant's judgement that this text in this field is not personal data."""
    field: str
    text: str
    reason: str


def free_text(request: Request) -> dict[str, str]:
    return {name: getattr(request, name) or "" for name in FREE_TEXT_FIELDS}


def read_not_personal(raw) -> list[NotPersonal]:
    """[{"field", "text", "reason"}, ...] from the API or the form; a reason is required."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise validation_error({"not_personal": Text("Moet een lijst zijn van {field, text, reason}.")})
    judged = []
    for item in raw:
        f = Fields(item)
        field = f.choice("field", list(FREE_TEXT_FIELDS))
        text = f.text("text", max_length=200)
        reason = f.text("reason", max_length=500)
        if f.errors:
            raise validation_error({f"not_personal.{name}": message for name, message in f.errors.items()})
        judged.append(NotPersonal(field, text, reason))
    return judged


def scan_or_refuse(scan: Scanner, fields: dict[str, str]) -> list[Finding]:
    """The findings; a scanner that cannot answer refuses publishing rather than letting a
    text through unscanned."""
    try:
        return scan(fields)
    except DetectorUnavailable:
        raise DomainError("service_unavailable", Text(
            "De controle op persoonsgegevens is nog niet beschikbaar. Er is niets gepubliceerd; "
            "probeer het over een minuut opnieuw.")) from None


def refuse_findings(findings: list[Finding], not_personal: Iterable[NotPersonal]) -> list[tuple[Finding, NotPersonal]]:
    """Raise personal_data_detected for the findings no judgement covers; return the ones a
    judgement covers, with that judgement, for the audit trail."""
    judged = {(n.field, n.text): n for n in not_personal}
    covered = [(f, judged[(f.field, f.text)]) for f in findings if (f.field, f.text) in judged]
    remaining = [f for f in findings if (f.field, f.text) not in judged]
    if remaining:
        summary = ", ".join(f"{LABELS.get(f.kind, f.kind)} “{f.text}”" for f in remaining)
        raise DomainError("personal_data_detected", Text(
            "De tekst bevat persoonsgegevens: %(summary)s. Haal ze weg, of geef per vondst aan waarom "
            "het geen persoonsgegeven is. Er is niets gepubliceerd.", summary=summary),
            findings=[f.to_dict() for f in remaining])
    return covered


def record_judgements(session: Session, actor: Actor, request: Request,
                      covered: list[tuple[Finding, NotPersonal]]) -> None:
    """Each judgement that let a finding through, once per text (with how often the text stands
    there: a judgement is about the text, so it covers every occurrence), in the audit trail.
    The text is kept: it is published anyway, and whoever checks the judgement needs to see it."""
    occurrences: dict[tuple[str, str], int] = {}
    for finding, _judgement in covered:
        occurrences[(finding.field, finding.text)] = occurrences.get((finding.field, finding.text), 0) + 1
    seen = set()
    for finding, judgement in covered:
        if (finding.field, finding.text) in seen:
            continue
        seen.add((finding.field, finding.text))
        details = {"field": finding.field, "kind": finding.kind, "text": finding.text, "reason": judgement.reason}
        if occurrences[(finding.field, finding.text)] > 1:
            details["occurrences"] = occurrences[(finding.field, finding.text)]
        audit(session, actor, "marked_not_personal", request, **details)
