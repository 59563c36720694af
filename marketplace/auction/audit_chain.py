"""The audit trail as hash chains: each event's hash covers its content and the previous event's
hash, one chain per request and one for events without a request, so an edited, removed or
inserted row is found by walking the chain.

A chain's newest hash (its head) is kept on the request row (requests.audit_head) or, for the
chain of events without a request, in audit_heads: removing the newest events is found too."""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import AuditEvent, AuditHead, Request

GLOBAL_CHAIN = "global"


def canonical_details(details: dict | None) -> bytes:
    # Through JSON once, as the column stores it: what is hashed at insert equals what is read
    # back (a datetime becomes the string the column holds, keys sort the same way).
    return orjson.dumps(orjson.loads(orjson.dumps(details or {})), option=orjson.OPT_SORT_KEYS)


def _instant(at: datetime) -> str:
    return at.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds")


def event_hash(prev_hash: str | None, actor: str, action: str, request_id: int | None,
               gemeente_id: int | None, details: dict | None, created_at: datetime) -> str:
    """SHA-256 over the event's content and its predecessor's hash. Never change this form:
    every stored hash was made with it."""
    content = b"\x1f".join([
        (prev_hash or "").encode(), actor.encode(), action.encode(), str(request_id or "").encode(),
        str(gemeente_id or "").encode(), canonical_details(details), _instant(created_at).encode(),
    ])
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where a chain stops holding: the first event (by id) that does not verify, or the head."""
    chain: str  # "request 12" or "global"
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id is not None else "head"
        return f"{self.chain}: {where}: {self.reason}"


def check_chain(chain: str, events: list[AuditEvent], head: str | None) -> Break | None:
    """The first break in one chain, walking it from its first event along the prev links.
    `events` are all the chain's rows; `head` is the hash its owner row says is newest."""
    by_prev: dict[str | None, list[AuditEvent]] = {}
    for event in sorted(events, key=lambda e: e.id):
        if event.hash != event_hash(event.prev_hash, event.actor, event.action, event.request_id,
                                    event.gemeente_id, event.details, event.created_at):
            return Break(chain, event.id, "content does not match its hash")
        by_prev.setdefault(event.prev_hash, []).append(event)
    seen, current = 0, None
    while True:
        following = by_prev.get(current, [])
        if len(following) > 1:
            return Break(chain, following[1].id, "a second event follows the same predecessor")
        if not following:
            break
        current = following[0].hash
        seen += 1
    if seen != len(events):
        orphan = min((e for e in events if e.prev_hash is not None and e.prev_hash not in
                      {x.hash for x in events}), key=lambda e: e.id, default=None)
        return Break(chain, orphan.id if orphan else None, "its predecessor is missing")
    if current != head:
        return Break(chain, None, "the newest event is missing or the head was changed")
    return None


def verify_request(session: Session, request_id: int) -> Break | None:
    events = list(session.scalars(sa.select(AuditEvent).where(AuditEvent.request_id == request_id)))
    head = session.scalar(sa.select(Request.audit_head).where(Request.id == request_id))
    return check_chain(f"request {request_id}", events, head)


def verify_all(session: Session) -> list[Break]:
    """Every chain's first break, if any: the requests' in id order, then the global one."""
    breaks = []
    for request_id in session.scalars(sa.select(Request.id).order_by(Request.id)):
        found = verify_request(session, request_id)
        if found:
            breaks.append(found)
    events = list(session.scalars(sa.select(AuditEvent).where(AuditEvent.request_id.is_(None))))
    head = session.scalar(sa.select(AuditHead.hash).where(AuditHead.chain == GLOBAL_CHAIN))
    found = check_chain(GLOBAL_CHAIN, events, head)
    if found:
        breaks.append(found)
    return sorted(breaks, key=lambda b: (b.event_id is None, b.event_id or 0))
