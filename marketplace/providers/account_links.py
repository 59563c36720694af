"""One-time links e-mailed to a user: an invitation (valid 72 hours), a password reset (one
hour), the confirmation of a new e-mail address (24 hours). The link carries a random token and
only its SHA-256 is stored, so whoever reads the table can follow no link. A link works once,
until it expires, for an active user only; a new link replaces the user's older ones of the
same kind, so only the newest e-mail counts.

The links serve providers as well as the gemeente's staff, so they live next to accounts.py."""
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.errors import DomainError, Text
from ..auction.hashing import hash_secret
from ..auction.transactions import server_now
from ..models import AccountLink, User

INVITE, RESET, EMAIL_CHANGE = "invite", "reset", "email_change"
HOURS = {INVITE: 72, RESET: 1, EMAIL_CHANGE: 24}
# Our tokens are 43 characters; anything much longer is no link of ours, and is not hashed.
MAX_TOKEN_LENGTH = 128

EXPIRED = {
    INVITE: Text("Deze uitnodiging is verlopen: een uitnodiging is 72 uur geldig. Vraag de functioneel "
                 "beheerder van uw gemeente om een nieuwe."),
    RESET: Text("Deze link om uw wachtwoord te herstellen is verlopen: hij is een uur geldig. Vraag via "
                "‘Wachtwoord vergeten?’ een nieuwe aan."),
    EMAIL_CHANGE: Text("Deze link om uw nieuwe e-mailadres te bevestigen is verlopen: hij is 24 uur geldig. "
                       "Wijzig uw e-mailadres opnieuw bij Instellingen."),
}
# Unknown, already used, replaced by a newer link, or its user deactivated: to the holder of
# the link these are one case.
NOT_VALID = {
    INVITE: Text("Deze uitnodiging is al gebruikt of niet meer geldig. Heeft u al een wachtwoord gekozen, "
                 "log dan in; anders kan de functioneel beheerder van uw gemeente u opnieuw uitnodigen."),
    RESET: Text("Deze link om uw wachtwoord te herstellen is al gebruikt of niet meer geldig. Vraag via "
                "‘Wachtwoord vergeten?’ een nieuwe aan."),
    EMAIL_CHANGE: Text("Deze link om uw nieuwe e-mailadres te bevestigen is al gebruikt of niet meer geldig."),
}


def create(session: Session, user: User, purpose: str, new_email: str | None = None) -> str:
    """A new link for `user`; returns the raw token for the e-mail (it is stored nowhere). The
    user's older unused links of this purpose stop working. The caller commits."""
    now = server_now(session)
    session.execute(sa.update(AccountLink).where(
        AccountLink.user_id == user.id, AccountLink.purpose == purpose, AccountLink.used_at.is_(None),
    ).values(used_at=now))
    raw = secrets.token_urlsafe(32)
    session.add(AccountLink(user_id=user.id, purpose=purpose, token_hash=hash_secret(raw), new_email=new_email,
                            created_at=now, expires_at=now + timedelta(hours=HOURS[purpose])))
    return raw


def check(session: Session, raw, purpose: str) -> AccountLink:
    """The link `raw` stands for, if it may still be used; otherwise invalid_state with a message
    that says what the holder can do now. Changes nothing (a page shows its form with it)."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_TOKEN_LENGTH:
        raise DomainError("invalid_state", NOT_VALID[purpose])
    link = session.scalar(sa.select(AccountLink).where(AccountLink.token_hash == hash_secret(raw),
                                                       AccountLink.purpose == purpose))
    if link is None or link.used_at is not None or not link.user.active:
        raise DomainError("invalid_state", NOT_VALID[purpose])
    if link.expires_at <= server_now(session):
        raise DomainError("invalid_state", EXPIRED[purpose])
    return link


def use(session: Session, raw, purpose: str) -> AccountLink:
    """check(), then mark the link used in the caller's transaction. Two requests with the same
    link cannot both pass: the mark is a conditional update, and only one of them makes it."""
    link = check(session, raw, purpose)
    marked = session.execute(
        AccountLink.__table__.update()
        .where(AccountLink.id == link.id, AccountLink.used_at.is_(None))
        .values(used_at=server_now(session)))
    if marked.rowcount != 1:
        session.rollback()
        raise DomainError("invalid_state", NOT_VALID[purpose])
    return link
