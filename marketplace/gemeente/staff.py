"""The gemeente's staff, run by its beheerder: invite a consultant or beheerder by e-mail (a
one-time link, valid 72 hours, to choose a password), deactivate someone who leaves (their page
sessions, API tokens and sockets stop at once), reactivate. Every change is audited, and a
gemeente always keeps at least one active beheerder."""
from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..auction.actors import Actor, actor_for_user
from ..auction.errors import DomainError, Text, invalid_state, not_found, validation_error
from ..auction.inputs import MAX_ID, Fields
from ..auction.records import audit
from ..auction.transactions import dialect_name, server_now
from ..mail.outbox import queue
from ..models import Gemeente, User
from ..providers import account_links
from ..providers.accounts import end_sessions, hash_password, password_problem
from ..providers.own_account import read_email, user_by_email

ROLES = ("consultant", "admin")
INVITATION_SUBJECT = Text("Uitnodiging voor Zorgbod")
EMAIL_IN_USE = Text("Er is al een account met dit e-mailadres.")


def _require_admin(actor: Actor, gemeente_id: int | None = None) -> None:
    if not actor.is_admin or (gemeente_id is not None and actor.gemeente_id != gemeente_id):
        raise DomainError("forbidden", Text("Alleen de functioneel beheerder van de gemeente beheert medewerkers."))


@contextmanager
def _staff_change(session: Session, gemeente_id: int) -> Iterator[Gemeente]:
    """A write transaction holding the gemeente's row: staff changes of one gemeente take turns,
    so two beheerders deactivating each other at the same moment cannot leave it without one.
    (SQLite: BEGIN IMMEDIATE; PostgreSQL: SELECT ... FOR UPDATE.)"""
    session.commit()  # end the read transaction the caller's lookups began
    if dialect_name(session) == "sqlite":
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    gemeente = session.scalar(sa.select(Gemeente).where(Gemeente.id == gemeente_id).with_for_update())
    if gemeente is None:
        session.rollback()
        raise not_found()
    try:
        yield gemeente
    except BaseException:
        session.rollback()
        raise


def _member(session: Session, actor: Actor, user_id) -> User:
    """A consultant or beheerder of the actor's gemeente; anyone else is not found."""
    _require_admin(actor)
    user = session.get(User, user_id) if isinstance(user_id, int) and 0 < user_id <= MAX_ID else None
    if user is None or user.gemeente_id != actor.gemeente_id or user.role not in ROLES:
        raise not_found(Text("Deze medewerker bestaat niet in uw gemeente."))
    return user


def _active_admins(session: Session, gemeente_id: int) -> int:
    """Beheerders who can log in now (an invitation not yet accepted does not count)."""
    return session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.gemeente_id == gemeente_id, User.role == "admin", User.active.is_(True), User.password_hash != ""))


def staff_list(session: Session, actor: Actor, gemeente_id: int) -> list[User]:
    """The gemeente's consultants and beheerders, active, invited and deactivated, by name."""
    _require_admin(actor, gemeente_id)
    return list(session.scalars(sa.select(User).where(User.gemeente_id == gemeente_id, User.role.in_(ROLES))
                                .order_by(User.active.desc(), sa.func.lower(User.name), User.id)))


def _send_invitation(session: Session, actor: Actor, user: User, gemeente: Gemeente, link_for) -> None:
    raw = account_links.create(session, user, account_links.INVITE)
    inviter = session.get(User, actor.user_id) if actor.user_id else None
    queue(session, user.email, "invitation",
          {"name": user.name, "gemeente": gemeente.name, "role": user.role,
           "invited_by": inviter.name if inviter else "", "link": link_for(raw),
           "hours": account_links.HOURS[account_links.INVITE]},
          language=user.language, gemeente_id=gemeente.id, subject=INVITATION_SUBJECT)


def invite(session: Session, actor: Actor, gemeente_id: int, email, name, role, link_for) -> User:
    """Invite a consultant or beheerder: an account without a password (status "invited") and an
    e-mail with a link, valid 72 hours, to choose one. `link_for(raw)` makes the link's absolute
    URL. An address that already has an account is refused, and nothing changes."""
    _require_admin(actor, gemeente_id)
    f = Fields({"email": email, "name": name, "role": role})
    address = read_email(f)
    name = f.text("name", max_length=120)
    role = f.choice("role", ROLES)
    f.done()
    with _staff_change(session, gemeente_id) as gemeente:
        if user_by_email(session, address) is not None:
            raise validation_error({"email": EMAIL_IN_USE})
        user = User(email=address, name=name, password_hash="", role=role, gemeente_id=gemeente.id, active=True,
                    invited_at=server_now(session))
        session.add(user)
        session.flush()
        _send_invitation(session, actor, user, gemeente, link_for)
        audit(session, actor, "staff_invited", gemeente_id=gemeente.id, user_id=user.id, role=role)
        try:
            session.commit()
        except IntegrityError:  # the same address, invited or registered at this very moment
            session.rollback()
            raise validation_error({"email": EMAIL_IN_USE}) from None
    return user


def resend_invitation(session: Session, actor: Actor, user_id: int, link_for) -> User:
    """A new invitation link (the old one stops working) for someone who has not yet chosen a
    password: their link expired, or the e-mail went astray."""
    user = _member(session, actor, user_id)
    with _staff_change(session, user.gemeente_id) as gemeente:
        session.refresh(user)
        if user.status != "invited":
            raise invalid_state(Text("Deze medewerker heeft de uitnodiging al aangenomen of is gedeactiveerd."))
        _send_invitation(session, actor, user, gemeente, link_for)
        audit(session, actor, "staff_invitation_resent", gemeente_id=gemeente.id, user_id=user.id)
        session.commit()
    return user


def deactivate(session: Session, actor: Actor, user_id: int) -> User:
    """Someone leaves: the account can no longer log in, and its page sessions, API tokens and
    sockets stop at once. The gemeente's last active beheerder cannot be deactivated, not even
    by themselves."""
    user = _member(session, actor, user_id)
    with _staff_change(session, user.gemeente_id) as gemeente:
        session.refresh(user)
        if not user.active:
            raise invalid_state(Text("Deze medewerker is al gedeactiveerd."))
        if user.role == "admin" and user.password_hash and _active_admins(session, gemeente.id) <= 1:
            raise DomainError("invalid_state", Text(
                "U kunt de laatste actieve functioneel beheerder van de gemeente niet deactiveren. Nodig eerst "
                "een andere beheerder uit."))
        user.active = False
        end_sessions(session, user)
        audit(session, actor, "staff_deactivated", gemeente_id=gemeente.id, user_id=user.id, role=user.role)
        session.commit()
    return user


def reactivate(session: Session, actor: Actor, user_id: int) -> User:
    """A deactivated account can log in again with its old password (its old sessions and
    tokens stay ended); one that never accepted its invitation needs a new one."""
    user = _member(session, actor, user_id)
    with _staff_change(session, user.gemeente_id) as gemeente:
        session.refresh(user)
        if user.active:
            raise invalid_state(Text("Deze medewerker is al actief."))
        user.active = True
        audit(session, actor, "staff_reactivated", gemeente_id=gemeente.id, user_id=user.id, role=user.role)
        session.commit()
    return user


def check_invitation(session: Session, raw) -> User:
    """Who the invitation is for; invalid_state when it is expired, used or unknown."""
    return account_links.check(session, raw, account_links.INVITE).user


def accept_invitation(session: Session, raw, password) -> User:
    """The invited person chooses a password through the link; the link works once. A refused
    link or password changes nothing."""
    account_links.check(session, raw, account_links.INVITE)
    problem = password_problem(password)
    if problem:
        raise validation_error({"password": problem})
    password_hash = hash_password(password)
    user = account_links.use(session, raw, account_links.INVITE).user
    user.password_hash = password_hash
    audit(session, actor_for_user(user), "invitation_accepted", gemeente_id=user.gemeente_id, user_id=user.id)
    session.commit()
    return user
