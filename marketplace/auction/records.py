"""Writing the audit trail and the notifications (in-app inbox plus e-mail outbox, marketplace.mail)."""
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..mail.preferences import wants_email
from ..mail.render import subject_line, wording
from ..models import AuditEvent, AuditHead, EmailOutbox, Notification, Organisation, Request, User
from .access import eligibility
from .actors import Actor
from .audit_chain import GLOBAL_CHAIN, event_hash
from .errors import Text
from .inputs import today_by_the_clock
from .money import format_eur
from .standings import provider_disclosure
from .transactions import Write, prefixed, prefixed_insert, server_now

# Built once, and without RETURNING: nothing reads these ids back, and they run on every bid.
_INSERT_AUDIT = prefixed_insert(AuditEvent.__table__, "audit_", (
    "actor", "action", "request_id", "gemeente_id", "details", "created_at", "prev_hash", "hash"))
_INSERT_NOTIFICATION = Notification.__table__.insert()
_INSERT_EMAIL = EmailOutbox.__table__.insert().inline()
_requests = Request.__table__
_heads = AuditHead.__table__


def audit(session: Session, actor: Actor, action: str, request: Request | None = None,
          gemeente_id: int | None = None, at=None, **details) -> None:
    """Append an event to its chain (the request's, or the one for events without a request),
    reading the chain's head with a row lock so that two writers cannot both extend it."""
    # A plain INSERT on the transaction's connection: the trail is append-only, and the ORM's
    # bookkeeping costs more than the statement. The server's clock (the database's on
    # PostgreSQL), so the trail orders like the auction.
    at = at if at is not None else server_now(session)
    connection = session.connection()
    locking = connection.dialect.name == "postgresql"
    if request is not None:
        head = sa.select(_requests.c.audit_head).where(_requests.c.id == request.id)
        prev = connection.execute(head.with_for_update() if locking else head).scalar()
    else:
        prev = _global_head(connection, locking)
    statement, params = _audit_row(actor, action, request, gemeente_id, at, details, prev)
    connection.execute(statement, params)
    new_head = params["audit_hash"]
    if request is not None:
        connection.execute(_requests.update().where(_requests.c.id == request.id).values(audit_head=new_head))
        set_committed_value(request, "audit_head", new_head)
    else:
        connection.execute(_heads.update().where(_heads.c.chain == GLOBAL_CHAIN).values(hash=new_head))


def _global_head(connection, locking: bool) -> str | None:
    head = sa.select(_heads.c.hash).where(_heads.c.chain == GLOBAL_CHAIN)
    row = connection.execute(head.with_for_update() if locking else head).first()
    if row is None:
        connection.execute(_heads.insert().values(chain=GLOBAL_CHAIN, hash=None))
        return None
    return row[0]


def audit_write(actor: Actor, action: str, request: Request, gemeente_id: int | None = None,
                *, at, **details) -> Write:
    """The audit row as a write to fold with others (transactions.write_together), for a
    request locked by this transaction. Its chain goes on from the locked row's audit_head,
    which shows the new head from now on: the caller writes it with its request_write."""
    statement, params = _audit_row(actor, action, request, gemeente_id, at, details, request.audit_head)
    set_committed_value(request, "audit_head", params["audit_hash"])
    return statement, params


def _audit_row(actor: Actor, action: str, request: Request | None, gemeente_id: int | None, at,
               details: dict, prev: str | None) -> Write:
    request_id = request.id if request is not None else None
    gemeente_id = gemeente_id if gemeente_id is not None else (request.gemeente_id if request else None)
    return _INSERT_AUDIT, prefixed("audit_", {
        "actor": actor.audit_name,
        "action": action,
        "request_id": request_id,
        "gemeente_id": gemeente_id,
        "details": details,
        "created_at": at,
        "prev_hash": prev,
        "hash": event_hash(prev, actor.audit_name, action, request_id, gemeente_id, details, at),
    })


def _wording(**texts) -> dict | None:
    """{"subject": [msgid, values], ...} for the parts that are catalogue Text."""
    stored = {name: [text.msgid, {k: v if isinstance(v, (int, float)) else str(v) for k, v in text.params.items()}]
              for name, text in texts.items() if isinstance(text, Text)}
    return stored or None


def notify(session: Session, users, kind: str, subject: str, body: str = "", link: str = "", *,
           gemeente_id: int | None = None) -> None:
    """Inbox entry for each user, and an e-mail (template "notice", in the user's language) unless
    the user chose not to get this optional kind by e-mail; never includes client data.
    `gemeente_id`: whose matter it is, so its beheerder sees a message that could not be
    delivered (a consultant's own gemeente when left out)."""
    note_wording = _wording(subject=subject, body=body)
    # What the sender renders (marketplace.mail), and the Dutch text kept as the record.
    # (The template shows the subject as the sender hands it over: "_subject", as queue() keeps it.)
    context = {"_subject": wording(subject), "body": wording(body), "link": link}
    record = f"{body}\n\n{link}".strip()
    # Plain INSERTs, like the audit trail: an outbid notice goes out on many bids. The users are
    # loaded already; their language and e-mail choices are attributes, not queries.
    connection = session.connection()
    for user in users:
        if not user.active:
            continue
        note_id = connection.execute(_INSERT_NOTIFICATION, {
            "user_id": user.id, "kind": kind, "subject": subject, "body": body, "link": link,
            "wording": note_wording}).inserted_primary_key[0]
        if not wants_email(user, kind):
            continue
        connection.execute(_INSERT_EMAIL, {
            "notification_id": note_id, "to_address": user.email, "subject": subject_line(subject)[:200],
            "body": record, "template": "notice", "context": context,
            "language": user.language or "nl", "status": "queued", "attempts": 0,
            "gemeente_id": gemeente_id if gemeente_id is not None else user.gemeente_id})


def rank_lost_notice(visibility: str, reference: str, best_price_cents: int) -> tuple[Text, Text] | None:
    """The subject and body telling a provider it lost first place, worded by what its request's
    visibility mode lets it know (standings.provider_disclosure): the price in `open`, only
    that its rank changed in `rank_only`, and no notice at all in `sealed`. The e-mail carries
    the same words, so it reveals no more than the inbox."""
    disclosure = provider_disclosure(visibility)
    if disclosure.prices:
        return (Text("U bent overboden op %(reference)s", reference=reference),
                Text("Een andere aanbieder biedt nu %(amount)s. U kunt uw aanbieding verlagen zolang het "
                     "bieden open is.", amount=format_eur(best_price_cents)))
    if disclosure.rank:
        return (Text("Uw plaats op %(reference)s is veranderd", reference=reference),
                Text("U staat niet langer op de eerste plaats. U kunt uw aanbieding verlagen zolang het "
                     "bieden open is."))
    return None


def organisation_users(session: Session, organisation_ids) -> list[User]:
    ids = list(organisation_ids)
    if not ids:
        return []
    return list(session.scalars(sa.select(User).where(User.organisation_id.in_(ids))))


def gemeente_consultants(session: Session, gemeente_id: int) -> list[User]:
    return list(session.scalars(
        sa.select(User).where(User.gemeente_id == gemeente_id, User.role == "consultant")
    ))


def eligible_organisation_ids(session: Session, gemeente_id: int, category_id: int,
                              request_id: int | None = None) -> list[int]:
    """The organisations that may bid on a request of this gemeente and category
    (access.eligibility); with `request_id`, also those whose offer there stands."""
    return list(session.scalars(
        sa.select(Organisation.id).where(
            eligibility(Organisation.id, gemeente_id, category_id, request_id, today_by_the_clock()))
        .order_by(Organisation.id)
    ))
