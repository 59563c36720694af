"""Evidence for the tests: small files of each kind (and one that is none of them), a Lelystad
requirement switched to asking for a document, and evidence uploaded the way a provider does.
The test world itself asks for no document, so eligibility there is the approval alone."""
from datetime import date

import sqlalchemy as sa

from marketplace.auction.inputs import today_by_the_clock
from marketplace.models import Gemeente, MinimumRequirement, Notification, User
from marketplace.providers import evidence
from tests.support import world

# The smallest files that start as their kind does; the bytes after the signature are filler.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16 + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32  # a Windows program


def require_document(session, gemeente: str = "Lelystad", code: str = "vog",
                     validity_months: int | None = None) -> MinimumRequirement:
    """Make one of the gemeente's requirements ask for a document (committed)."""
    requirement = session.scalar(sa.select(MinimumRequirement).join(
        Gemeente, Gemeente.id == MinimumRequirement.gemeente_id).where(
        Gemeente.name == gemeente, MinimumRequirement.code == code))
    requirement.requires_document = True
    requirement.validity_months = validity_months
    session.commit()
    return requirement


def give(session, who: str, requirement_id: int, expires_on: date | None, content: bytes = PDF,
         filename: str = "bewijs.pdf"):
    """`who` uploads evidence for the requirement, as its admission page does."""
    actor = world.actor(session, who)
    return evidence.upload(session, actor, actor.organisation_id, requirement_id, filename, content, expires_on,
                           today_by_the_clock())


def notices(session, who: str, kind: str | None = None) -> list[Notification]:
    user = session.scalar(sa.select(User).where(User.email == world.email(who)))
    query = sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    rows = list(session.scalars(query))
    session.commit()
    return rows
