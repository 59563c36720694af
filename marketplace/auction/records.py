"""Writing the audit trail and the notifications (in-app inbox plus e-mail outbox)."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import Approval, AuditEvent, EmailOutbox, Notification, Request, User
from .actors import Actor
from .errors import Text
from .transactions import Write, prefixed, prefixed_insert, server_now


# Built once, and without RETURNING: nothing reads these ids back, and they run on every bid.
_INSERT_AUDIT = prefixed_insert(AuditEvent.__table__, "audit_",
                                ("actor", "action", "request_id", "gemeente_id", "details", "created_at"))
_INSERT_NOTIFICATION = Notification.__table__.insert()
_INSERT_EMAIL = EmailOutbox.__table__.insert().inline()


def audit(session: Session, actor: Actor, action: str, request: Request | None = None,
          gemeente_id: int | None = None, at=None, **details) -> None:
    # A plain INSERT on the transaction's connection: the trail is append-only, and this runs
    # on every bid, where the ORM's bookkeeping costs more than the statement. The server's
    # clock (the database's on PostgreSQL), so the trail orders like the auction.
    at = at if at is not None else server_now(session)
    statement, params = audit_write(actor, action, request, gemeente_id, at=at, **details)
    session.connection().execute(statement, params)


def audit_write(actor: Actor, action: str, request: Request | None = None, gemeente_id: int | None = None,
                *, at, **details) -> Write:
    """The audit row as a write to fold with others (transactions.write_together)."""
    return _INSERT_AUDIT, prefixed("audit_", {
        "actor": actor.audit_name,
        "action": action,
        "request_id": request.id if request is not None else None,
        "gemeente_id": gemeente_id if gemeente_id is not None else (request.gemeente_id if request else None),
        "details": details,
        "created_at": at,
    })


def _wording(**texts) -> dict | None:
    """{"subject": [msgid, values], ...} for the parts that are catalogue Text."""
    stored = {name: [text.msgid, {k: v if isinstance(v, (int, float)) else str(v) for k, v in text.params.items()}]
              for name, text in texts.items() if isinstance(text, Text)}
    return stored or None


def notify(session: Session, users, kind: str, subject: str, body: str = "", link: str = "") -> None:
    """Inbox entry plus a queued e-mail for each user; never includes client data."""
    wording = _wording(subject=subject, body=body)
    # Plain INSERTs, like the audit trail: an outbid notice goes out on many bids.
    connection = session.connection()
    for user in users:
        if not user.active:
            continue
        note_id = connection.execute(_INSERT_NOTIFICATION, {
            "user_id": user.id, "kind": kind, "subject": subject, "body": body, "link": link,
            "wording": wording}).inserted_primary_key[0]
        connection.execute(_INSERT_EMAIL, {"notification_id": note_id, "to_address": user.email,
                                           "subject": f"Zorgbod: {subject}", "body": f"{body}\n\n{link}".strip()})


def organisation_users(session: Session, organisation_ids) -> list[User]:
    ids = list(organisation_ids)
    if not ids:
        return []
    return list(session.scalars(sa.select(User).where(User.organisation_id.in_(ids))))


def gemeente_consultants(session: Session, gemeente_id: int) -> list[User]:
    return list(session.scalars(
        sa.select(User).where(User.gemeente_id == gemeente_id, User.role.in_(("consultant", "admin")))
    ))


def eligible_organisation_ids(session: Session, gemeente_id: int, category_id: int) -> list[int]:
    return list(session.scalars(
        sa.select(Approval.organisation_id).where(
            Approval.gemeente_id == gemeente_id,
            Approval.category_id == category_id,
            Approval.status == "approved",
        )
    ))
