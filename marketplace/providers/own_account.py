"""What every user does with their own account: reset a forgotten password through an e-mailed
link, change the password, name, language and e-mail notices, and move the account to another
e-mail address (confirmed through a link sent to that address).

Account messages always go by e-mail, in the user's language; none of them says whether an
address is on Zorgbod to anyone but that address's owner."""
import re

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..auction.actors import SYSTEM, actor_for_user
from ..auction.errors import DomainError, Text, not_found, validation_error
from ..auction.inputs import MAX_ID, Fields
from ..auction.records import audit
from ..mail.outbox import queue
from ..mail.preferences import OPTIONAL_NOTICES
from ..models import User
from . import account_links
from .accounts import end_sessions, hash_password, password_matches, password_problem

LANGUAGES = ("nl", "en")

RESET_SUBJECT = Text("Uw wachtwoord herstellen")
PASSWORD_CHANGED_SUBJECT = Text("Uw wachtwoord is gewijzigd")
EMAIL_CHANGE_SUBJECT = Text("Bevestig uw nieuwe e-mailadres")
EMAIL_TAKEN_SUBJECT = Text("Uw e-mailadres is niet gewijzigd")
EMAIL_CHANGED_SUBJECT = Text("Uw e-mailadres is gewijzigd")
WRONG_PASSWORD = Text("Uw huidige wachtwoord klopt niet.")


# One @, a dot in the domain, no white space: the form of an address, not proof it exists.
ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def read_email(fields: Fields, name: str = "email") -> str:
    """An e-mail address from a form or JSON body, as accounts store it (trimmed, lower case)."""
    email = (fields.text(name, max_length=254) or "").lower()
    if email and not ADDRESS.fullmatch(email):
        fields.fail(name, Text("Vul een geldig e-mailadres in."))
    return email


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == email))


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id) if isinstance(user_id, int) and 0 < user_id <= MAX_ID else None
    if user is None or not user.active:
        raise not_found()
    return user


def _new_password(password) -> None:
    problem = password_problem(password)
    if problem:
        raise validation_error({"password": problem})


def _password_changed(session: Session, user: User) -> None:
    queue(session, user.email, "password_changed", {"name": user.name}, language=user.language,
          gemeente_id=user.gemeente_id, subject=PASSWORD_CHANGED_SUBJECT)


# --- a forgotten password -------------------------------------------------------------------------

def request_reset(session: Session, email, link_for) -> None:
    """Send a reset link (valid one hour) when `email` belongs to an active user with a password.
    The caller answers the same whatever happened here, so the answer tells nobody whether an
    address is on Zorgbod; only its owner learns it, from the e-mail. `link_for(raw)` makes the
    link's absolute URL. Only a malformed address is refused (validation_error)."""
    f = Fields({"email": email})
    address = read_email(f)
    f.done()
    user = user_by_email(session, address)
    if user is None or not user.active or not user.password_hash:
        return
    raw = account_links.create(session, user, account_links.RESET)
    queue(session, user.email, "password_reset",
          {"name": user.name, "link": link_for(raw), "minutes": account_links.HOURS[account_links.RESET] * 60},
          language=user.language, gemeente_id=user.gemeente_id, subject=RESET_SUBJECT)
    audit(session, SYSTEM, "password_reset_requested", gemeente_id=user.gemeente_id, user_id=user.id)
    session.commit()


def check_reset_link(session: Session, raw) -> User:
    """Whose password the link may reset; invalid_state when it is expired, used or unknown."""
    return account_links.check(session, raw, account_links.RESET).user


def reset_password(session: Session, raw, new_password) -> User:
    """Set a new password through a reset link; the link works once. Every other page session,
    API token and socket of the user ends (whoever asked for the reset may not be the only one
    who knew the old password). A refused link or password changes nothing."""
    account_links.check(session, raw, account_links.RESET)
    _new_password(new_password)
    password_hash = hash_password(new_password)
    user = account_links.use(session, raw, account_links.RESET).user
    user.password_hash = password_hash
    end_sessions(session, user)
    audit(session, actor_for_user(user), "password_reset", gemeente_id=user.gemeente_id, user_id=user.id)
    _password_changed(session, user)
    session.commit()
    return user


# --- the settings page ----------------------------------------------------------------------------

def update_preferences(session: Session, user_id: int, data) -> User:
    """Name, language ("nl" or "en": the language of the user's e-mail) and `email_notices`, the
    optional notices (mail.preferences.OPTIONAL_NOTICES) the user wants by e-mail; the ones left
    out are stored as not wanted."""
    user = _user(session, user_id)
    f = Fields(data)
    name = f.text("name", max_length=120)
    language = f.choice("language", LANGUAGES)
    notices = f.data.get("email_notices", [])
    if not isinstance(notices, list) or any(not isinstance(n, str) or n not in OPTIONAL_NOTICES for n in notices):
        f.fail("email_notices", Text("Kies een van: %(options)s.", options=", ".join(sorted(OPTIONAL_NOTICES))))
    f.done()
    user.name = name
    user.language = language
    user.email_opt_out = sorted(OPTIONAL_NOTICES - set(notices))
    session.commit()
    return user


def change_password(session: Session, user_id: int, current_password, new_password) -> User:
    """A new password, given the current one. Every page session, API token and socket of the
    user ends, the caller's own included: the page logs its user in again afterwards."""
    user = _user(session, user_id)
    if not password_matches(user, current_password):
        raise validation_error({"current_password": WRONG_PASSWORD})
    _new_password(new_password)
    user.password_hash = hash_password(new_password)
    end_sessions(session, user)
    audit(session, actor_for_user(user), "password_changed", gemeente_id=user.gemeente_id, user_id=user.id)
    _password_changed(session, user)
    session.commit()
    return user


def request_email_change(session: Session, user_id: int, new_email, current_password, link_for) -> str:
    """Send a confirmation link (valid 24 hours) to the new address; the account keeps its address
    until that link is followed. When the new address already has an account, that address is
    told instead and nothing changes: the page answers the same either way, so the form cannot
    be used to find out who is on Zorgbod. Returns the new address (for the page's answer)."""
    user = _user(session, user_id)
    f = Fields({"new_email": new_email})
    address = read_email(f, "new_email")
    if address and address == user.email:
        f.fail("new_email", Text("Dit is al uw e-mailadres."))
    f.done()
    if not password_matches(user, current_password):
        raise validation_error({"current_password": WRONG_PASSWORD})
    if user_by_email(session, address) is not None:
        queue(session, address, "email_change_taken", {}, language=user.language, gemeente_id=user.gemeente_id,
              subject=EMAIL_TAKEN_SUBJECT)
    else:
        raw = account_links.create(session, user, account_links.EMAIL_CHANGE, new_email=address)
        queue(session, address, "email_change",
              {"name": user.name, "link": link_for(raw), "hours": account_links.HOURS[account_links.EMAIL_CHANGE]},
              language=user.language, gemeente_id=user.gemeente_id, subject=EMAIL_CHANGE_SUBJECT)
    audit(session, actor_for_user(user), "email_change_requested", gemeente_id=user.gemeente_id, user_id=user.id)
    session.commit()
    return address


def check_email_link(session: Session, raw) -> tuple[User, str]:
    """Whose address the link changes, and to what; invalid_state when it may not be used."""
    link = account_links.check(session, raw, account_links.EMAIL_CHANGE)
    return link.user, link.new_email


def confirm_email_change(session: Session, raw) -> User:
    """Follow the confirmation link: the account moves to the new address, and the old address
    is told. Refused, changing nothing, when the new address got an account in the meantime."""
    link = account_links.check(session, raw, account_links.EMAIL_CHANGE)
    if user_by_email(session, link.new_email) is not None:
        raise _address_taken()
    user = account_links.use(session, raw, account_links.EMAIL_CHANGE).user
    old_address = user.email
    user.email = link.new_email
    queue(session, old_address, "email_changed", {"name": user.name, "new_email": user.email},
          language=user.language, gemeente_id=user.gemeente_id, subject=EMAIL_CHANGED_SUBJECT)
    audit(session, actor_for_user(user), "email_changed", gemeente_id=user.gemeente_id, user_id=user.id)
    try:
        session.commit()
    except IntegrityError:  # the address was taken between the check and the commit
        session.rollback()
        raise _address_taken() from None
    return user


def _address_taken() -> DomainError:
    return DomainError("invalid_state", Text(
        "Er is inmiddels een ander account met dit e-mailadres. Uw e-mailadres is niet gewijzigd."))
