"""The outbox: an e-mail is queued in the transaction that caused it (so it goes only if that
commits, and a dead mail server never slows the caller), and delivered later by the sender.
The beheerder sees the messages of the gemeente that could not be delivered."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import EmailOutbox
from .render import render, subject_line, wording

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"


def queue(session: Session, to_address: str, template: str, context: dict, *, language: str = "nl",
          gemeente_id: int | None = None, subject: str) -> None:
    """Queue templates/mail/<template>.txt/.html for `to_address`, rendered in `language` when it
    is sent. `subject` (Dutch, a Text where it should be translated; "Zorgbod: " is put before
    it) and `context` values must be JSON-serialisable; a Text value is translated too. Links
    in the context are absolute URLs. Rendered once here in Dutch, for the record in `body`: a
    template that does not render fails now, in the caller's transaction, not later unseen."""
    stored = {key: wording(value) for key, value in context.items()}
    stored["_subject"] = wording(subject)
    record = render(template, stored, "nl", subject=stored["_subject"])
    session.add(EmailOutbox(to_address=to_address, subject=subject_line(subject)[:200], body=record.text,
                            template=template, context=stored, language=language, gemeente_id=gemeente_id,
                            status=QUEUED))


def failed_messages(session: Session, gemeente_id: int, limit: int = 200) -> list[EmailOutbox]:
    """The gemeente's messages that were not delivered, newest first, each with its last_error,
    attempts and to_address."""
    return list(session.scalars(
        sa.select(EmailOutbox).where(EmailOutbox.gemeente_id == gemeente_id, EmailOutbox.status == FAILED)
        .order_by(EmailOutbox.id.desc()).limit(limit)))


def retry(session: Session, gemeente_id: int, outbox_id: int) -> bool:
    """Queue a failed message of this gemeente again (after the beheerder fixed an address, or the
    mail server is back); False when there is no such failed message. The caller commits."""
    result = session.execute(
        EmailOutbox.__table__.update()
        .where(EmailOutbox.id == outbox_id, EmailOutbox.gemeente_id == gemeente_id, EmailOutbox.status == FAILED)
        .values(status=QUEUED, attempts=0, next_attempt_at=None, claimed_by=None, claimed_at=None))
    return result.rowcount == 1
