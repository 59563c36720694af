"""Steps the domain tests of staff and own accounts share (tests/domain/test_staff.py,
test_own_account.py): the links a route would build, the last e-mail of a kind and the token in
it, what a refusal must leave as it was, an invitation as the beheerder sends it."""
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.gemeente import staff
from marketplace.models import AccountLink, AuditEvent, EmailOutbox, User
from tests.support.accounts import link_path, token_of

NEW = "nieuw@lelystad.example"


def link_for(path):
    return lambda raw: f"http://zorgbod.test{path}{raw}"


INVITE_LINK = link_for("/uitnodiging/")
RESET_LINK = link_for("/wachtwoord-herstellen/")
EMAIL_LINK = link_for("/e-mailadres-bevestigen/")


def user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def last_mail(to, template):
    mail = db.session.scalar(sa.select(EmailOutbox).where(EmailOutbox.to_address == to, EmailOutbox.template == template)
                             .order_by(EmailOutbox.id.desc()))
    assert mail is not None, f"no {template} e-mail to {to}"
    return mail


def token_in(to, template, prefix):
    return token_of(link_path(last_mail(to, template).body, prefix))


def counts():
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                 for model in (User, AccountLink, EmailOutbox, AuditEvent))


def invite(admin, email=NEW, role="consultant", name="Nieuwe Consulent"):
    return staff.invite(db.session, admin, admin.gemeente_id, email, name, role, INVITE_LINK)


def actions():
    return db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
