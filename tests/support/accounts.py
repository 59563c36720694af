"""Accounts the staff, password and settings tests share: a beheerder for a gemeente of the test
world (added when the world has none), the e-mails queued for an address, the messages the
sender delivers (built as for SMTP, caught instead of sent), and the one-time link read from
such an e-mail."""
import re

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.mail import sender
from marketplace.models import EmailOutbox, Gemeente, User
from marketplace.providers.accounts import hash_password

from . import world

PASSWORD = world.PASSWORD
ADMINS = {"beheer": ("Lelystad", "beheer@lelystad.example", "Beheerder Lelystad"),
          "beheer_dronten": ("Dronten", "beheer@dronten.example", "Beheerder Dronten")}


def admin_email(who: str = "beheer") -> str:
    return ADMINS[who][1]


def ensure_admin(session, who: str = "beheer") -> User:
    """The gemeente's beheerder `who` (password world.PASSWORD), made if the world lacks it."""
    gemeente_name, email, name = ADMINS[who]
    user = session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        gemeente_id = session.scalar(sa.select(Gemeente.id).where(Gemeente.name == gemeente_name))
        user = User(email=email, name=name, password_hash=hash_password(PASSWORD), role="admin",
                    gemeente_id=gemeente_id)
        session.add(user)
        session.commit()
    return user


def add_admins(app, *who: str) -> None:
    with app.app_context():
        for name in who or ("beheer",):
            ensure_admin(db.session, name)


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == email))


def mails(app, to_address: str, template: str | None = None) -> list[EmailOutbox]:
    """The e-mails queued for `to_address` (oldest first), detached from the session."""
    with app.app_context():
        query = sa.select(EmailOutbox).where(EmailOutbox.to_address == to_address).order_by(EmailOutbox.id)
        if template:
            query = query.where(EmailOutbox.template == template)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def link_path(body: str, prefix: str) -> str:
    """The path of the link in an e-mail's text that starts with `prefix` (e.g. /uitnodiging/)."""
    found = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+)", body)
    assert found, f"no {prefix} link in: {body}"
    return found.group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


class CaughtMail:
    """A transport for the sender that keeps each message instead of sending it."""

    def __init__(self):
        self.messages: list = []

    def send(self, message, envelope_from, to_address, name) -> None:
        self.messages.append(message)

    def close(self) -> None:
        pass


def deliver(app) -> list:
    """Run the sender once over the outbox, as the scheduler does; the messages it delivered
    (email.message.EmailMessage, text and HTML parts)."""
    caught = CaughtMail()
    with app.app_context():
        sender.send_due(db.session, sender.Settings.from_config(app.config), transport=caught)
    return caught.messages


def delivered_to(app, address: str) -> list:
    return [message for message in deliver(app) if message["To"] == address]


def parts(message) -> dict[str, str]:
    """The message's parts by content type: text/plain and text/html."""
    return {part.get_content_type(): part.get_content() for part in message.iter_parts()}
