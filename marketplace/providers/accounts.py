"""Passwords and API tokens: scrypt-hashed passwords (werkzeug's current default), bearer tokens
stored only as SHA-256 with an expiry, revocable; ending every session and token of a user at
once (deactivation, a new password)."""
import secrets
from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..auction import transactions
from ..auction.actors import Actor, actor_for_user
from ..auction.errors import DomainError, Text
from ..auction.hashing import hash_secret
from ..auction.transactions import dialect_name, server_now
from ..models import ApiToken, User

# werkzeug's default (scrypt) in production; the test suite sets a cheap method for speed.
PASSWORD_METHOD = "scrypt"

# Checked against when the e-mail is unknown, so both paths take as long (no account probing).
_DUMMY_HASH = generate_password_hash("not-a-real-password")


MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def password_problem(password) -> Text | None:
    """What is wrong with a new password, or None. Taken as typed (not stripped), as a login
    compares it."""
    from ..auction.inputs import has_control_characters
    if not isinstance(password, str) or not password:
        return Text("Vul een wachtwoord in.")
    if has_control_characters(password):
        return Text("Mag geen stuurtekens bevatten (zoals NUL).")
    if len(password) < MIN_PASSWORD_LENGTH:
        return Text("Kies een wachtwoord van minstens 10 tekens.")
    if len(password) > MAX_PASSWORD_LENGTH:
        return Text("Mag hoogstens %(max_length)s tekens lang zijn.", max_length=MAX_PASSWORD_LENGTH)
    return None


def password_matches(user: User, password) -> bool:
    return isinstance(password, str) and bool(user.password_hash) and check_password_hash(user.password_hash, password)


def authenticate(session: Session, email, password) -> User:
    if not isinstance(email, str) or not isinstance(password, str):
        raise DomainError("invalid_credentials", Text("Onjuist e-mailadres of wachtwoord."))
    from ..auction.inputs import has_control_characters
    if has_control_characters(email):  # no address holds one; PostgreSQL refuses NUL in a query (503)
        check_password_hash(_DUMMY_HASH, password)
        raise DomainError("invalid_credentials", Text("Onjuist e-mailadres of wachtwoord."))
    user = session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        raise DomainError("invalid_credentials", Text("Onjuist e-mailadres of wachtwoord."))
    if not check_password_hash(user.password_hash, password) or not user.active:
        raise DomainError("invalid_credentials", Text("Onjuist e-mailadres of wachtwoord."))
    return user


def issue_token(session: Session, role: str, hours: int, user: User | None = None,
                request_id: int | None = None) -> tuple[str, ApiToken]:
    raw = secrets.token_urlsafe(32)
    token = ApiToken(token_hash=hash_secret(raw), role=role, user_id=user.id if user else None,
                     request_id=request_id, expires_at=server_now(session) + timedelta(hours=hours))
    session.add(token)
    session.commit()
    return raw, token


def actor_for_token(session: Session, raw: str | None) -> Actor | None:
    """The Actor a bearer token stands for, or None when unknown, expired or revoked."""
    found = token_actor(session, raw)
    return found[0] if found else None


def token_actor(session: Session, raw: str | None) -> tuple[Actor, int] | None:
    """The Actor and the token's id, for a holder (a socket) that checks the token again later
    with `token_holds`; None when unknown, expired or revoked."""
    if not raw or not isinstance(raw, str):
        return None
    token = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_secret(raw)))
    if token is None or token.revoked_at is not None or token.expires_at <= server_now(session):
        return None
    if token.role == "client":
        return Actor(kind="client", request_id=token.request_id), token.id
    if token.user is None or not token.user.active:
        return None
    return actor_for_user(token.user), token.id


@cache
def _holds_statement(dialect: str) -> sa.Select:
    # One primary-key read (and the user's row by its key): it runs before every socket event,
    # bids included. PostgreSQL's clock comes back with it, saving server_now a round trip.
    now = sa.func.clock_timestamp() if dialect == "postgresql" else sa.null()
    return (sa.select(ApiToken.revoked_at, ApiToken.expires_at, ApiToken.role, User.active, now)
            .outerjoin(User, User.id == ApiToken.user_id)
            .where(ApiToken.id == sa.bindparam("token_id")))


def token_holds(session: Session, token_id: int) -> bool:
    """Whether a token accepted earlier still holds: not revoked, not expired, and its user
    (for a staff or provider token) not deactivated. Logging out and deactivation end an open
    socket at its next event, not at the token's expiry."""
    row = session.execute(_holds_statement(dialect_name(session)), {"token_id": token_id}).first()
    if row is None:
        return False
    revoked_at, expires_at, role, active, database_now = row
    # server_now's rule: the database's clock on PostgreSQL unless a test moves time.
    now = database_now if database_now is not None and transactions.clock is transactions._system_clock \
        else server_now(session)
    if revoked_at is not None or expires_at <= now:
        return False
    return role == "client" or bool(active)


def revoke_token(session: Session, raw: str | None) -> bool:
    if not raw or not isinstance(raw, str):
        return False
    token = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_secret(raw)))
    if token is None or token.revoked_at is not None:
        return False
    token.revoked_at = server_now(session)
    session.commit()
    return True


def end_sessions(session: Session, user: User) -> None:
    """Every page session, API token and socket of `user` stops working at once: the tokens are
    revoked (an open socket checks its token before each event) and the session epoch is raised
    (the login's user loader refuses an older one). The caller commits."""
    session.execute(sa.update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                    .values(revoked_at=server_now(session)))
    user.session_epoch = (user.session_epoch or 0) + 1
