"""Evidence for a gemeente's minimum requirements: a provider uploads a document (PDF, PNG or
JPEG, judged by its content, never by its name) with its expiry date; each requirement's newest
evidence is valid, expiring (within 30 days), expired or missing; a daily job warns the provider
before expiry and tells the provider and the gemeente's consultants when it has expired.

Whether lacking evidence keeps an approval from counting is auction.access.eligibility's: one
rule for the request list, the notices, the request page and every bid path."""
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from ..auction.actors import SCHEDULER, Actor
from ..auction.errors import Text, not_found, validation_error
from ..auction.inputs import years_from
from ..auction.records import audit, gemeente_consultants, notify, organisation_users
from ..auction.transactions import server_now
from ..clients.retention import add_months, today_in_amsterdam
from ..models import Approval, Evidence, Gemeente, MinimumRequirement, Organisation

MAX_BYTES = 5 * 1024 * 1024
WARN_DAYS = 30
# The longest an expiry date may lie ahead: further is a typing error (2205 for 2025).
MAX_YEARS_AHEAD = 10
MAX_FILENAME = 200
# What a file is, by its first bytes; the name a browser or client sends says nothing.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
VALID, EXPIRING, EXPIRED, MISSING = "valid", "expiring", "expired", "missing"
# Not in a file name: control characters (line breaks too), and the invisible ones that turn
# text around or hide it ("rapport\u202efdp.exe" shows as "rapportexe.pdf").
_NOT_IN_A_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def content_type_of(content: bytes) -> str | None:
    """application/pdf, image/png or image/jpeg by the file's first bytes; None for anything else."""
    for signature, content_type in SIGNATURES:
        if content.startswith(signature):
            return content_type
    return None


def safe_filename(name) -> str:
    """The file's own name without any folder, control characters or surrounding space, at most
    200 characters (the extension kept); "bewijs" when nothing is left. Shown on pages and sent
    back in Content-Disposition, so nothing in it may steer a path or a header."""
    name = name if isinstance(name, str) else ""
    name = re.split(r"[\\/]", name)[-1]
    name = _NOT_IN_A_NAME.sub("", name).strip().strip(".") or "bewijs"
    if len(name) > MAX_FILENAME:
        stem, dot, extension = name.rpartition(".")
        extension = extension[:16] if dot and stem else ""
        name = name[:MAX_FILENAME - len(extension) - 1].rstrip() + "." + extension if extension \
            else name[:MAX_FILENAME]
    return name


def state_of(evidence: Evidence | None, today: date) -> str:
    """valid, expiring (within WARN_DAYS days, still counting), expired (after its expiry date)
    or missing. The expiry date itself is the last day it counts."""
    if evidence is None:
        return MISSING
    if evidence.expires_on < today:
        return EXPIRED
    if evidence.expires_on <= today + timedelta(days=WARN_DAYS):
        return EXPIRING
    return VALID


def counts(state: str) -> bool:
    return state in (VALID, EXPIRING)


def upload(session: Session, actor: Actor, organisation_id: int, requirement_id: int, filename, content: bytes,
           expires_on: date | None, today: date) -> Evidence:
    """Store a provider's evidence for one requirement, audited (with the file's SHA-256, so
    the trail says which file it was). Refused, with nothing stored, when the requirement is
    retired or asks for no document, the file is empty, over 5 MB or not a PDF, PNG or JPEG by
    its content, or its expiry date has passed; without an expiry date, the requirement's
    validity in months from today (a requirement without one needs the date)."""
    if not actor.is_provider or actor.organisation_id != organisation_id:
        raise not_found()
    requirement = session.get(MinimumRequirement, requirement_id)
    if requirement is None:
        raise not_found()
    errors: dict[str, Text] = {}
    if not requirement.active:
        errors["requirement_id"] = Text("Deze minimumeis is ingetrokken; er hoeft geen bewijs meer bij.")
    elif not requirement.requires_document:
        errors["requirement_id"] = Text("Bij deze minimumeis hoort geen document; een verklaring is genoeg.")
    content_type = None
    if not isinstance(content, (bytes, bytearray)) or not content:
        errors["file"] = Text("Kies een bestand (PDF, PNG of JPEG, hoogstens 5 MB).")
    elif len(content) > MAX_BYTES:
        errors["file"] = Text("Het bestand is te groot: hoogstens 5 MB.")
    else:
        content_type = content_type_of(content)
        if content_type is None:
            errors["file"] = Text("Dit bestand is geen PDF, PNG of JPEG. Dat wordt aan de inhoud bepaald, "
                                  "niet aan de naam.")
    if expires_on is None and requirement.validity_months:
        expires_on = add_months(today, requirement.validity_months)
    if expires_on is None:
        errors["expires_on"] = Text("Vul de vervaldatum van het bewijs in.")
    elif expires_on < today:
        errors["expires_on"] = Text("Deze vervaldatum is al voorbij: het bewijs is verlopen. Upload een geldig bewijs.")
    elif expires_on > years_from(today, MAX_YEARS_AHEAD):
        errors["expires_on"] = Text("De vervaldatum mag hoogstens %(years)s jaar vooruit liggen.",
                                    years=MAX_YEARS_AHEAD)
    if errors:
        raise validation_error(errors)
    content = bytes(content)
    evidence = Evidence(organisation_id=organisation_id, requirement_id=requirement.id,
                        filename=safe_filename(filename), content_type=content_type, size=len(content),
                        content=content, expires_on=expires_on, uploaded_by_id=actor.user_id,
                        uploaded_at=server_now(session))
    session.add(evidence)
    session.flush()
    audit(session, actor, "evidence_uploaded", gemeente_id=requirement.gemeente_id,
          organisation_id=organisation_id, requirement=requirement.code, evidence_id=evidence.id,
          filename=evidence.filename, content_type=content_type, size=evidence.size,
          sha256=hashlib.sha256(content).hexdigest(), expires_on=expires_on.isoformat())
    session.commit()
    return evidence


@dataclass(frozen=True)
class RequirementEvidence:
    """One requirement that asks for a document, with the organisation's newest evidence for it."""
    requirement: MinimumRequirement
    evidence: Evidence | None
    state: str

    @property
    def counts(self) -> bool:
        return counts(self.state)


def document_requirements(session: Session, gemeente_id: int) -> list[MinimumRequirement]:
    """The gemeente's active requirements that ask for a document, in the order it made them."""
    return list(session.scalars(sa.select(MinimumRequirement).where(
        MinimumRequirement.gemeente_id == gemeente_id, MinimumRequirement.active.is_(True),
        MinimumRequirement.requires_document.is_(True)).order_by(MinimumRequirement.id)))


def newest_evidence(session: Session, organisation_ids, requirement_ids) -> dict[tuple[int, int], Evidence]:
    """(organisation, requirement) -> its newest evidence (without the file's bytes)."""
    organisation_ids, requirement_ids = list(organisation_ids), list(requirement_ids)
    if not organisation_ids or not requirement_ids:
        return {}
    newest = (sa.select(sa.func.max(Evidence.id))
              .where(Evidence.organisation_id.in_(organisation_ids), Evidence.requirement_id.in_(requirement_ids))
              .group_by(Evidence.organisation_id, Evidence.requirement_id))
    rows = session.scalars(sa.select(Evidence).where(Evidence.id.in_(newest)))
    return {(e.organisation_id, e.requirement_id): e for e in rows}


def current_evidence(session: Session, organisation_id: int, gemeente_id: int,
                     today: date | None = None) -> list[RequirementEvidence]:
    """Per active requirement of the gemeente that asks for a document: the organisation's
    newest evidence and its state."""
    today = today or today_in_amsterdam(session)
    requirements = document_requirements(session, gemeente_id)
    newest = newest_evidence(session, [organisation_id], [r.id for r in requirements])
    items = []
    for requirement in requirements:
        evidence = newest.get((organisation_id, requirement.id))
        items.append(RequirementEvidence(requirement, evidence, state_of(evidence, today)))
    return items


def evidence_complete(session: Session, organisation_id: int, gemeente_id: int, today: date | None = None) -> bool:
    """Every document the gemeente asks for is there and not expired (so its approvals count)."""
    return all(item.counts for item in current_evidence(session, organisation_id, gemeente_id, today))


def evidence_for_consultant(session: Session, actor: Actor, evidence_id: int) -> Evidence:
    """The evidence, for a consultant of the requirement's gemeente that the organisation asked
    for admission (or was admitted by); not_found for anyone else."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or not actor.is_consultant or evidence.requirement.gemeente_id != actor.gemeente_id:
        raise not_found()
    applied = session.scalar(sa.select(Approval.id).where(
        Approval.organisation_id == evidence.organisation_id, Approval.gemeente_id == actor.gemeente_id).limit(1))
    if applied is None:
        raise not_found()
    return evidence


def evidence_for_provider(session: Session, actor: Actor, evidence_id: int) -> Evidence:
    """The organisation's own evidence; not_found for anyone else."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or not actor.is_provider or evidence.organisation_id != actor.organisation_id:
        raise not_found()
    return evidence


def organisation_evidence(session: Session, organisation_id: int) -> list[Evidence]:
    """Everything the organisation uploaded, newest first (without the files' bytes)."""
    return list(session.scalars(sa.select(Evidence).where(Evidence.organisation_id == organisation_id)
                                .options(selectinload(Evidence.requirement)).order_by(Evidence.id.desc())))


@dataclass
class ExpiryRun:
    """What check_expiry told: the ids of the evidence warned about and of the evidence expired."""
    warned: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)


def _claim(session: Session, evidence_id: int, column, now) -> bool:
    """Mark the notice as sent, unless another run did so first: each notice goes out once."""
    table = Evidence.__table__
    result = session.execute(table.update().where(table.c.id == evidence_id, column.is_(None)).values(
        {column.key: now}))
    return result.rowcount == 1


def check_expiry(session: Session, today: date | None = None, actor: Actor = SCHEDULER) -> ExpiryRun:
    """The daily job: WARN_DAYS days before the newest evidence for a document requirement
    expires, its organisation's users are told (inbox and e-mail, once); when it has expired, the
    organisation and, where it applied for admission, the gemeente's consultants are told (once).
    Older evidence replaced by a newer upload is left alone: renewing ends the matter."""
    today = today or today_in_amsterdam(session)
    now = server_now(session)
    newest = (sa.select(sa.func.max(Evidence.id)).group_by(Evidence.organisation_id, Evidence.requirement_id))
    due = session.execute(
        sa.select(Evidence.id, Evidence.organisation_id, Evidence.expires_on, MinimumRequirement, Gemeente.name,
                  Organisation.name)
        .join(MinimumRequirement, MinimumRequirement.id == Evidence.requirement_id)
        .join(Gemeente, Gemeente.id == MinimumRequirement.gemeente_id)
        .join(Organisation, Organisation.id == Evidence.organisation_id)
        .where(Evidence.id.in_(newest), MinimumRequirement.active.is_(True),
               MinimumRequirement.requires_document.is_(True),
               sa.or_(sa.and_(Evidence.expires_on < today, Evidence.expired_notified_at.is_(None)),
                      sa.and_(Evidence.expires_on >= today,
                              Evidence.expires_on <= today + timedelta(days=WARN_DAYS),
                              Evidence.expiry_warned_at.is_(None))))
        .order_by(Evidence.id)).all()
    run = ExpiryRun()
    for evidence_id, organisation_id, expires_on, requirement, gemeente_name, organisation_name in due:
        day = expires_on.strftime("%d-%m-%Y")
        users = organisation_users(session, [organisation_id])
        if expires_on >= today:
            if not _claim(session, evidence_id, Evidence.__table__.c.expiry_warned_at, now):
                continue
            notify(session, users, "evidence_expiring",
                   Text("Uw bewijs voor gemeente %(gemeente)s verloopt op %(date)s", gemeente=gemeente_name, date=day),
                   Text("Het bewijs bij de minimumeis \u201c%(requirement)s\u201d verloopt op %(date)s. Upload op "
                        "tijd een nieuw bewijs: daarna telt uw toelating bij gemeente %(gemeente)s niet meer voor "
                        "nieuwe aanvragen.", requirement=requirement.text, date=day, gemeente=gemeente_name),
                   "/aanbieder/status", gemeente_id=requirement.gemeente_id)
            run.warned.append(evidence_id)
            continue
        if not _claim(session, evidence_id, Evidence.__table__.c.expired_notified_at, now):
            continue
        notify(session, users, "evidence_expired",
               Text("Uw bewijs voor gemeente %(gemeente)s is verlopen", gemeente=gemeente_name),
               Text("Het bewijs bij de minimumeis \u201c%(requirement)s\u201d is verlopen op %(date)s. Tot u een "
                    "nieuw bewijs uploadt, telt uw toelating bij gemeente %(gemeente)s niet voor nieuwe aanvragen; "
                    "uw aanbiedingen op lopende aanvragen blijven staan.",
                    requirement=requirement.text, date=day, gemeente=gemeente_name),
               "/aanbieder/status", gemeente_id=requirement.gemeente_id)
        applied = session.scalar(sa.select(Approval.id).where(
            Approval.organisation_id == organisation_id, Approval.gemeente_id == requirement.gemeente_id).limit(1))
        if applied is not None:
            notify(session, gemeente_consultants(session, requirement.gemeente_id), "evidence_expired",
                   Text("Bewijs van %(organisation)s is verlopen", organisation=organisation_name),
                   Text("Het bewijs van %(organisation)s bij de minimumeis \u201c%(requirement)s\u201d is verlopen "
                        "op %(date)s. Tot de aanbieder een nieuw bewijs uploadt, telt zijn toelating niet voor "
                        "nieuwe aanvragen; zijn aanbiedingen op lopende aanvragen blijven staan.",
                        organisation=organisation_name, requirement=requirement.text, date=day),
                   f"/consulent/aanbieders/{organisation_id}", gemeente_id=requirement.gemeente_id)
        audit(session, actor, "evidence_expired", gemeente_id=requirement.gemeente_id,
              organisation_id=organisation_id, requirement=requirement.code, evidence_id=evidence_id,
              expires_on=expires_on.isoformat())
        run.expired.append(evidence_id)
    session.commit()
    return run
