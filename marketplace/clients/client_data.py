"""The client's identity, sealed: encrypted at rest with a key ring from the configuration,
opened only for the gemeente's consultants and, after award, the winning provider, and every
opening written to the client's access log with who, when and why.

The key ring is handed over once at app creation (`configure`); nothing here imports Flask."""
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy.orm import Session

from ..auction.actors import Actor, user_id_of
from ..auction.errors import DomainError, Text, not_found
from ..auction.records import audit
from ..auction.transactions import server_now
from ..models import AuditEvent, Bid, ClientRecord, Gemeente, Organisation, Request, User

log = logging.getLogger(__name__)

FIELDS = ("name", "bsn", "address", "phone", "date_of_birth", "notes")
# What the winning provider needs to start the support: no BSN, birth date or notes.
PROVIDER_FIELDS = ("name", "address", "phone")
LOG_ACTIONS = ("client_data_read", "client_data_erased")


class KeyConfigError(ValueError):
    """The configured keys cannot be used; the message names the position, never the key."""


class ClientDataUnreadable(DomainError):
    """No configured key opens this record: the keys are wrong or incomplete."""

    def __init__(self):
        super().__init__("service_unavailable", Text(
            "De cliëntgegevens kunnen nu niet worden geopend: de sleutel ontbreekt of klopt niet. "
            "Vraag de beheerder de sleutels (CLIENT_DATA_KEYS) na te kijken."))


class KeyRing:
    """Fernet keys, newest first: the newest seals, every one of them opens (MultiFernet), so a
    key can be rotated in while records sealed with the old one are still being re-sealed."""

    def __init__(self, keys: list[bytes]):
        if not keys:
            raise KeyConfigError("no client data key configured (CLIENT_DATA_KEYS)")
        self._fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                self._fernets.append(Fernet(key))
            except (ValueError, TypeError):
                raise KeyConfigError(f"client data key {position} is not a Fernet key "
                                     "(32 url-safe base64-encoded bytes)") from None
        self._ring = MultiFernet(self._fernets)

    @classmethod
    def parse(cls, value) -> "KeyRing":
        """From the configuration: a comma- or line-separated string, or a list of keys."""
        if isinstance(value, (list, tuple)):
            parts = [str(v).strip() for v in value]
        else:
            parts = str(value or "").replace(",", "\n").split()
        return cls([p.encode() for p in parts if p])

    def __len__(self) -> int:
        return len(self._fernets)

    def seal(self, data: dict) -> str:
        return self._ring.encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()

    def unseal(self, token: str) -> dict:
        try:
            return json.loads(self._ring.decrypt(token.encode()))
        except InvalidToken:
            raise ClientDataUnreadable() from None

    def reseal(self, token: str) -> str:
        """The same data sealed with the newest key (raises ClientDataUnreadable)."""
        try:
            return self._ring.rotate(token.encode()).decode()
        except InvalidToken:
            raise ClientDataUnreadable() from None

    def is_current(self, token: str) -> bool:
        """Whether the newest key alone opens this token."""
        try:
            self._fernets[0].decrypt(token.encode())
        except InvalidToken:
            return False
        return True


def generate_key() -> str:
    return Fernet.generate_key().decode()


_state: dict = {"keys": None}


def configure(keys: KeyRing) -> None:
    """Called by create_app with the key ring from the configuration."""
    _state["keys"] = keys


def key_ring() -> KeyRing:
    if _state["keys"] is None:
        raise RuntimeError("client_data.configure() was not called: create the app first")
    return _state["keys"]


# --- writing and reading ------------------------------------------------------------------

def store(session: Session, request: Request, data: dict) -> ClientRecord:
    """Seal the client's personal data next to a new request (the caller commits)."""
    values = {name: data.get(name) or None for name in FIELDS}
    if isinstance(values["date_of_birth"], date):
        values["date_of_birth"] = values["date_of_birth"].isoformat()
    record = ClientRecord(request_id=request.id, sealed=key_ring().seal(values), sealed_at=server_now(session))
    session.add(record)
    return record


def record_of(session: Session, request_id: int) -> ClientRecord | None:
    """The record's bookkeeping (erased or not) without opening it; reading nothing personal."""
    return session.scalar(sa.select(ClientRecord).where(ClientRecord.request_id == request_id))


def may_read(session: Session, actor: Actor, request: Request) -> bool:
    """The gemeente's own consultants; the winning provider once awarded; nobody else."""
    if actor.is_consultant:
        return actor.gemeente_id == request.gemeente_id
    if actor.is_provider and request.status == "awarded" and request.awarded_bid_id is not None:
        winner = session.get(Bid, request.awarded_bid_id)
        return winner is not None and winner.organisation_id == actor.organisation_id
    return False


def read(session: Session, actor: Actor, request: Request, reason: str) -> dict:
    """The client's data as this caller may see it, written to the access log with `reason`.

    An erased record answers the fields empty plus "erased_at", and logs nothing: there is
    nothing left to disclose. Anyone who may not read gets not_found."""
    if not may_read(session, actor, request):
        raise not_found()
    fields = FIELDS if actor.is_consultant else PROVIDER_FIELDS
    record = record_of(session, request.id)
    if record is None or record.sealed is None:
        erased_at = record.erased_at if record is not None else None
        return {**{name: None for name in fields},
                "erased_at": erased_at.isoformat() if erased_at else None}
    try:
        values = key_ring().unseal(record.sealed)
    except ClientDataUnreadable:
        log.warning("client data of request %s: no configured key opens it", request.id)
        raise
    audit(session, actor, "client_data_read", request, reason=reason, fields=list(fields),
          role=actor.kind, organisation_id=actor.organisation_id)
    session.commit()
    return {name: values.get(name) for name in fields}


# --- the access log -------------------------------------------------------------------------

@dataclass(frozen=True)
class LogEntry:
    at: datetime  # aware, UTC
    action: str  # client_data_read | client_data_erased
    actor: str  # "user:12", "scheduler", "system"
    name: str | None  # the user's name; None for Zorgbod itself
    role: str | None  # consultant | admin | provider
    organisation: str | None  # the provider's organisation, or the consultant's gemeente
    reason: str | None
    fields: tuple

    def to_dict(self) -> dict:
        return {"at": self.at.isoformat(), "action": self.action, "actor": self.actor, "name": self.name,
                "role": self.role, "organisation": self.organisation, "reason": self.reason,
                "fields": list(self.fields)}


def access_log(session: Session, request_id: int) -> list[LogEntry]:
    """Every opening and the erasure of this client's data, newest first, with who did it."""
    events = session.scalars(sa.select(AuditEvent).where(
        AuditEvent.request_id == request_id, AuditEvent.action.in_(LOG_ACTIONS))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())).all()
    ids = {uid for uid in map(user_id_of, (e.actor for e in events)) if uid is not None}
    users = {u.id: u for u in session.scalars(sa.select(User).where(User.id.in_(ids)))} if ids else {}
    orgs = {o.id: o.name for o in session.scalars(sa.select(Organisation).where(
        Organisation.id.in_({u.organisation_id for u in users.values() if u.organisation_id})))}
    gemeenten = {g.id: g.name for g in session.scalars(sa.select(Gemeente).where(
        Gemeente.id.in_({u.gemeente_id for u in users.values() if u.gemeente_id})))}
    entries = []
    for event in events:
        details = event.details or {}
        user = users.get(user_id_of(event.actor))
        organisation = None
        if user is not None:
            organisation = orgs.get(user.organisation_id) or gemeenten.get(user.gemeente_id)
        entries.append(LogEntry(
            at=event.created_at, action=event.action, actor=event.actor,
            name=user.name if user else None, role=user.role if user else None, organisation=organisation,
            reason=details.get("reason"), fields=tuple(details.get("fields") or ())))
    return entries


# --- key rotation ---------------------------------------------------------------------------

@dataclass
class RotationResult:
    resealed: int = 0
    current: int = 0  # already sealed with the newest key
    unreadable: int = 0  # no configured key opens them: left as they are


def rotate(session: Session, batch_size: int = 200) -> RotationResult:
    """Re-seal every record with the newest key, in batches; a record no key opens is left
    alone and counted (its id logged, never its content). Running it twice changes nothing."""
    keys = key_ring()
    result = RotationResult()
    last_id = 0
    while True:
        records = session.scalars(sa.select(ClientRecord).where(
            ClientRecord.id > last_id, ClientRecord.sealed.is_not(None))
            .order_by(ClientRecord.id).limit(batch_size)).all()
        if not records:
            break
        now = server_now(session)
        table = ClientRecord.__table__
        for record in records:
            last_id = record.id
            if keys.is_current(record.sealed):
                result.current += 1
                continue
            try:
                resealed = keys.reseal(record.sealed)
            except ClientDataUnreadable:
                log.warning("key rotation: no configured key opens client record %s", record.id)
                result.unreadable += 1
                continue
            # Only if the record is still as read: an erasure (or another rotation) in between
            # wins, and erased data never comes back.
            changed = session.execute(sa.update(table).where(
                table.c.id == record.id, table.c.sealed == record.sealed, table.c.erased_at.is_(None))
                .values(sealed=resealed, sealed_at=now)).rowcount
            result.resealed += changed
        session.commit()
    return result
