"""The client's voice: six fixed questions (DOMAIN.md), each answered once on a five-point scale
after the support has started, by the client with their code or by the consultant on their
behalf (marked as such), with an optional comment.

The comment is free text from the client and shown only to the gemeente; like every free text
it is scanned for personal data before anyone reads it, and refused while anything is found so
the client can say it without the name or address (nothing is stored until it passes). The
scanner is handed in by the caller, as publishing's is."""
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.access import require_consultant_of
from ..auction.actors import Actor
from ..auction.errors import DomainError, Text, invalid_state, not_found, validation_error
from ..auction.inputs import Fields
from ..auction.records import audit
from ..auction.transactions import locked_request, server_now
from ..models import Request, SurveyResponse
from ..privacy import LABELS, DetectorUnavailable, Finding
from . import states
from .assignments import assignment_of, not_awarded

COMMENT_MAX_LENGTH = 2000
SCALE_MIN, SCALE_MAX = 1, 5

Scanner = Callable[[dict[str, str]], list[Finding]]


@dataclass(frozen=True)
class Question:
    code: str
    text: Text  # Dutch, in plain language (B1): the catalogue's msgid
    english: str


@dataclass(frozen=True)
class Choice:
    value: int
    text: Text
    english: str


QUESTIONS = (
    Question("tevreden", Text("Ik ben tevreden over de hulp die ik krijg."), "I am satisfied with the help I get."),
    Question("past", Text("De hulp past bij wat ik nodig heb."), "The help fits what I need."),
    Question("zelf", Text("Door de hulp kan ik meer zelf."), "Because of the help I can do more myself."),
    Question("respect", Text("Ik word met respect behandeld."), "I am treated with respect."),
    Question("afspraken", Text("Afspraken worden nagekomen."), "Agreements are kept."),
    Question("beter", Text("Door de hulp gaat het beter met mij."), "Because of the help I am doing better."),
)
CODES = tuple(q.code for q in QUESTIONS)
SCALE = (
    Choice(1, Text("Helemaal mee oneens"), "Strongly disagree"),
    Choice(2, Text("Mee oneens"), "Disagree"),
    Choice(3, Text("Niet eens, niet oneens"), "Neither agree nor disagree"),
    Choice(4, Text("Mee eens"), "Agree"),
    Choice(5, Text("Helemaal mee eens"), "Strongly agree"),
)


def read_answers(f: Fields, raw) -> dict[str, int]:
    """{question: 1-5} for all six questions; an unknown question is refused, not ignored: an
    answer the client gave must not be lost to a typing error in its code."""
    if not isinstance(raw, dict):
        f.fail("answers", Text("Geef bij elke vraag een antwoord van 1 tot en met 5."))
        return {}
    unknown = [str(code)[:40] for code in raw if code not in CODES]
    if unknown:
        f.fail("answers", Text("Onbekende vraag: %(codes)s.", codes=", ".join(unknown)))
    answers = {}
    for code in CODES:
        value = raw.get(code)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if value is None:
            f.fail(f"answers.{code}", Text("Kies een antwoord bij deze vraag."))
        elif isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
            f.fail(f"answers.{code}", Text("Een antwoord is een heel getal van 1 tot en met 5."))
        else:
            answers[code] = value
    return answers


def _answerable(session: Session, actor: Actor, request: Request, on_behalf: bool):
    """The assignment whose survey this caller may answer now, or the refusal."""
    if actor.is_client:
        if actor.request_id != request.id:
            raise not_found()
    else:
        require_consultant_of(actor, request)
    assignment = assignment_of(session, request.id)
    if assignment is None:
        raise not_awarded()
    if not actor.is_client and not on_behalf:
        raise validation_error({"on_behalf_of_client": Text("Een consulent vult de vragenlijst alleen in namens "
                                                            "de cliënt (true).")})
    if not states.survey_open(assignment.status):
        raise invalid_state(Text("De vragenlijst kan pas worden ingevuld als de hulp is begonnen."))
    if response_of(session, assignment.id) is not None:
        raise invalid_state(Text("De vragenlijst is al ingevuld. Dat kan één keer."))
    return assignment


def _refuse_personal_data(scan: Scanner, comment: str) -> None:
    try:
        findings = scan({"comment": comment})
    except DetectorUnavailable:
        raise DomainError("service_unavailable", Text(
            "De controle op persoonsgegevens is nog niet klaar. Er is niets opgeslagen; probeer het over een "
            "minuut opnieuw.")) from None
    if findings:
        summary = ", ".join(f"{LABELS.get(f.kind, f.kind)} “{f.text}”" for f in findings)
        raise DomainError("personal_data_detected", Text(
            "Uw opmerking lijkt persoonsgegevens te bevatten: %(summary)s. Schrijf het zonder namen, adressen of "
            "nummers, of laat de opmerking leeg. Er is nog niets opgeslagen.", summary=summary),
            findings=[f.to_dict() for f in findings])


def submit(session: Session, actor: Actor, request_id: int, answers, comment, on_behalf: bool,
           scan: Scanner) -> SurveyResponse:
    """The answers, once per assignment, after the start: by the request's client, or by a
    consultant of the gemeente with on_behalf true. The comment is scanned first, outside the
    lock (the scanner may take a moment); under the lock the survey must still be unanswered."""
    f = Fields({"comment": comment})
    text = f.text("comment", required=False, max_length=COMMENT_MAX_LENGTH)
    scores = read_answers(f, answers)
    f.done()
    request = session.get(Request, request_id)
    if request is None:
        raise not_found()
    _answerable(session, actor, request, on_behalf)
    session.commit()  # no transaction (nor pooled connection) held while the scanner works
    if text:
        _refuse_personal_data(scan, text)
    with locked_request(session, request_id) as request:
        assignment = _answerable(session, actor, request, on_behalf)
        now = server_now(session)
        response = SurveyResponse(assignment_id=assignment.id, answers=scores,
                                  mean_score=sum(scores.values()) / len(scores), comment=text,
                                  on_behalf_of_client=not actor.is_client, submitted_at=now)
        session.add(response)
        audit(session, actor, "survey_submitted", request, at=now, on_behalf_of_client=not actor.is_client,
              comment=bool(text))
    return response


def opens_for_client(session: Session, request_id: int) -> bool:
    """Whether this request's client is asked the questions rather than shown the offers: its
    support has started (answered or not: the page thanks them then)."""
    assignment = assignment_of(session, request_id)
    return assignment is not None and states.survey_open(assignment.status)


def response_of(session: Session, assignment_id: int) -> SurveyResponse | None:
    return session.scalar(sa.select(SurveyResponse).where(SurveyResponse.assignment_id == assignment_id))
