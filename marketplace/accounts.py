"""Passwords and API tokens: scrypt-hashed passwords (werkzeug's current default), bearer tokens
stored only as SHA-256 with an expiry, revocable."""
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .auction.actors import Actor, actor_for_user
from .auction.award import hash_secret
from .auction.errors import DomainError, Text
from .auction.transactions import server_now
from .models import ApiToken, User

# werkzeug's default (scrypt) in production; the test suite sets a cheap method for speed.
PASSWORD_METHOD = "scrypt"

# Checked against when the e-mail is unknown, so both paths take as long (no account probing).
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def authenticate(session: Session, email, password) -> User:
    if not isinstance(email, str) or not isinstance(password, str):
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
    if not raw:
        return None
    token = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_secret(raw)))
    if token is None or token.revoked_at is not None or token.expires_at <= server_now(session):
        return None
    if token.role == "client":
        return Actor(kind="client", request_id=token.request_id)
    if token.user is None or not token.user.active:
        return None
    return actor_for_user(token.user)


def revoke_token(session: Session, raw: str) -> bool:
    token = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_secret(raw)))
    if token is None or token.revoked_at is not None:
        return False
    token.revoked_at = server_now(session)
    session.commit()
    return True
