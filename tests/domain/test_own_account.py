"""Every user's own account, at the domain (marketplace.providers.own_account): the password reset
link, settings, the password change and the e-mail address change; each refusal changes nothing."""
import pytest
import sqlalchemy as sa

from marketplace.auction.actors import actor_for_user
from marketplace.auction.errors import DomainError
from marketplace.extensions import db
from marketplace.gemeente import staff
from marketplace.models import AccountLink, EmailOutbox
from marketplace.providers import own_account
from marketplace.providers.accounts import actor_for_token, authenticate, issue_token
from tests.support import world
from tests.support.accounts import PASSWORD, ensure_admin, link_path, token_of
from tests.support.staff_steps import (
    EMAIL_LINK,
    NEW,
    RESET_LINK,
    counts,
    invite,
    last_mail,
    token_in,
    user,
)

pytestmark = pytest.mark.every_backend


@pytest.fixture
def admin(ctx):
    return actor_for_user(ensure_admin(db.session))


# --- password reset ----------------------------------------------------------------------------------

def test_a_reset_link_sets_a_new_password_once_and_ends_every_other_session(ctx, clock):
    address = world.email("aanbieder1")
    provider = user(address)
    raw_token, _ = issue_token(db.session, "provider", 12, user=provider)
    epoch = provider.session_epoch
    own_account.request_reset(db.session, address, RESET_LINK)
    mail = last_mail(address, "password_reset")
    assert "60 minuten" in mail.body
    raw = token_of(link_path(mail.body, "/wachtwoord-herstellen/"))
    assert own_account.check_reset_link(db.session, raw).email == address
    own_account.reset_password(db.session, raw, "een-nieuw-wachtwoord")
    assert authenticate(db.session, address, "een-nieuw-wachtwoord")
    assert actor_for_token(db.session, raw_token) is None and user(address).session_epoch == epoch + 1
    assert last_mail(address, "password_changed")
    with pytest.raises(DomainError) as refused:
        own_account.reset_password(db.session, raw, "nog-weer-anders")
    assert "al gebruikt" in refused.value.message
    assert authenticate(db.session, address, "een-nieuw-wachtwoord")


def test_a_reset_link_expires_after_an_hour(ctx, clock):
    own_account.request_reset(db.session, world.email("consulent"), RESET_LINK)
    raw = token_in(world.email("consulent"), "password_reset", "/wachtwoord-herstellen/")
    clock.advance(3600)
    with pytest.raises(DomainError) as refused:
        own_account.reset_password(db.session, raw, "een-nieuw-wachtwoord")
    assert refused.value.code == "invalid_state" and "verlopen" in refused.value.message
    assert authenticate(db.session, world.email("consulent"), PASSWORD)


@pytest.mark.parametrize("address", ["niemand@nergens.example", "nieuw@lelystad.example"])
def test_a_reset_for_an_unknown_or_invited_address_sends_nothing(admin, address):
    invite(admin)
    before = counts()
    own_account.request_reset(db.session, address, RESET_LINK)
    assert counts() == before


def test_a_deactivated_user_gets_no_reset(admin):
    address = world.email("consulent")
    staff.deactivate(db.session, admin, user(address).id)
    own_account.request_reset(db.session, address, RESET_LINK)
    assert db.session.scalar(sa.select(EmailOutbox.id).where(EmailOutbox.template == "password_reset")) is None


def test_a_newer_reset_link_replaces_the_older(ctx):
    address = world.email("consulent")
    own_account.request_reset(db.session, address, RESET_LINK)
    first = token_in(address, "password_reset", "/wachtwoord-herstellen/")
    own_account.request_reset(db.session, address, RESET_LINK)
    second = token_in(address, "password_reset", "/wachtwoord-herstellen/")
    with pytest.raises(DomainError):
        own_account.reset_password(db.session, first, "een-nieuw-wachtwoord")
    own_account.reset_password(db.session, second, "een-nieuw-wachtwoord")


@pytest.mark.parametrize("raw", ["", "onzin", "x" * 500, None, 12])
def test_an_unknown_link_is_refused(ctx, raw):
    with pytest.raises(DomainError) as refused:
        own_account.reset_password(db.session, raw, "een-nieuw-wachtwoord")
    assert refused.value.code == "invalid_state"


def test_a_reset_link_is_no_invitation(ctx):
    own_account.request_reset(db.session, world.email("consulent"), RESET_LINK)
    raw = token_in(world.email("consulent"), "password_reset", "/wachtwoord-herstellen/")
    with pytest.raises(DomainError):
        staff.accept_invitation(db.session, raw, "een-nieuw-wachtwoord")


# --- own settings ------------------------------------------------------------------------------------

def test_preferences_store_name_language_and_the_notices_not_wanted(ctx):
    me = user(world.email("aanbieder1"))
    own_account.update_preferences(db.session, me.id, {"name": " Anna ", "language": "en",
                                                       "email_notices": ["outbid", "new_request"]})
    me = user(world.email("aanbieder1"))
    assert (me.name, me.language, me.email_opt_out) == ("Anna", "en", ["closing_soon", "window_open"])


@pytest.mark.parametrize("data, field", [
    ({"language": "fr"}, "language"), ({"name": ""}, "name"), ({"email_notices": ["award"]}, "email_notices"),
    ({"email_notices": "outbid"}, "email_notices"),
])
def test_bad_preferences_change_nothing(ctx, data, field):
    me = user(world.email("aanbieder1"))
    with pytest.raises(DomainError) as refused:
        own_account.update_preferences(db.session, me.id, {"name": "Anna", "language": "nl", "email_notices": [],
                                                           **data})
    assert field in refused.value.extra["fields"]
    db.session.rollback()
    assert user(world.email("aanbieder1")).name == "Medewerker 1"


def test_a_password_change_needs_the_current_password_and_ends_other_sessions(ctx):
    me = user(world.email("consulent"))
    raw, _ = issue_token(db.session, "consultant", 12, user=me)
    with pytest.raises(DomainError) as refused:
        own_account.change_password(db.session, me.id, "fout", "een-nieuw-wachtwoord")
    assert refused.value.extra["fields"] == {"current_password": "Uw huidige wachtwoord klopt niet."}
    with pytest.raises(DomainError) as refused:
        own_account.change_password(db.session, me.id, PASSWORD, "kort")
    assert "password" in refused.value.extra["fields"]
    assert actor_for_token(db.session, raw) is not None
    own_account.change_password(db.session, me.id, PASSWORD, "een-nieuw-wachtwoord")
    assert actor_for_token(db.session, raw) is None
    assert authenticate(db.session, world.email("consulent"), "een-nieuw-wachtwoord")


def test_an_e_mail_change_waits_for_the_link_sent_to_the_new_address(ctx, clock):
    me = user(world.email("consulent"))
    own_account.request_email_change(db.session, me.id, "Nieuw@Lelystad.example", PASSWORD, EMAIL_LINK)
    assert user(world.email("consulent")) is not None  # unchanged until confirmed
    raw = token_in(NEW, "email_change", "/e-mailadres-bevestigen/")
    assert own_account.check_email_link(db.session, raw)[1] == NEW
    own_account.confirm_email_change(db.session, raw)
    assert user(NEW).id == me.id and user(world.email("consulent")) is None
    assert "nieuw@lelystad.example" in last_mail(world.email("consulent"), "email_changed").body
    with pytest.raises(DomainError):
        own_account.confirm_email_change(db.session, raw)


def test_an_e_mail_change_link_expires_after_a_day(ctx, clock):
    me = user(world.email("consulent"))
    own_account.request_email_change(db.session, me.id, NEW, PASSWORD, EMAIL_LINK)
    raw = token_in(NEW, "email_change", "/e-mailadres-bevestigen/")
    clock.advance(24 * 3600)
    with pytest.raises(DomainError) as refused:
        own_account.confirm_email_change(db.session, raw)
    assert "verlopen" in refused.value.message
    assert user(world.email("consulent")).id == me.id


def test_an_address_in_use_is_told_not_taken(ctx):
    me = user(world.email("consulent"))
    taken = world.email("aanbieder1")
    own_account.request_email_change(db.session, me.id, taken, PASSWORD, EMAIL_LINK)
    assert last_mail(taken, "email_change_taken")
    assert db.session.scalar(sa.select(AccountLink.id).where(AccountLink.purpose == "email_change")) is None
    assert user(world.email("consulent")).id == me.id


def test_an_address_taken_before_the_confirmation_is_refused(ctx):
    me = user(world.email("consulent"))
    own_account.request_email_change(db.session, me.id, NEW, PASSWORD, EMAIL_LINK)
    raw = token_in(NEW, "email_change", "/e-mailadres-bevestigen/")
    other = user(world.email("consulent_dronten"))
    other.email = NEW
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        own_account.confirm_email_change(db.session, raw)
    assert "niet gewijzigd" in refused.value.message
    assert user(world.email("consulent")).id == me.id


@pytest.mark.parametrize("new_email, password, field", [
    ("geen-adres", PASSWORD, "new_email"), (world.email("consulent"), PASSWORD, "new_email"),
    (NEW, "fout", "current_password"),
])
def test_bad_e_mail_changes_send_nothing(ctx, new_email, password, field):
    me = user(world.email("consulent"))
    before = counts()
    with pytest.raises(DomainError) as refused:
        own_account.request_email_change(db.session, me.id, new_email, password, EMAIL_LINK)
    assert field in refused.value.extra["fields"]
    assert counts() == before
