"""The gemeente's staff, at the domain (marketplace.gemeente.staff): invitations, deactivation and
its effect on sessions and tokens, the last beheerder (also when two deactivate each other at
once); each refusal changes nothing."""
import warnings
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.auction.actors import Actor, actor_for_user
from marketplace.auction.errors import DomainError
from marketplace.extensions import db
from marketplace.gemeente import staff
from marketplace.models import AccountLink, ApiToken, User
from marketplace.providers.accounts import actor_for_token, authenticate, issue_token
from tests.support import world
from tests.support.accounts import PASSWORD, ensure_admin
from tests.support.staff_steps import (
    INVITE_LINK,
    NEW,
    actions,
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


# --- invitations -------------------------------------------------------------------------------------

def test_an_invitation_makes_an_account_without_a_password_and_e_mails_a_link(admin, clock):
    invited = invite(admin)
    assert (invited.status, invited.role, invited.gemeente_id, invited.invited_at) == (
        "invited", "consultant", admin.gemeente_id, clock.now)
    mail = last_mail(NEW, "invitation")
    assert mail.gemeente_id == admin.gemeente_id and "Beheerder Lelystad" in mail.body and "72 uur" in mail.body
    link = db.session.scalar(sa.select(AccountLink).where(AccountLink.user_id == invited.id))
    assert (link.purpose, link.expires_at) == ("invite", clock.now + timedelta(hours=72))
    raw = token_in(NEW, "invitation", "/uitnodiging/")
    assert link.token_hash != raw and raw not in str(mail.context.get("_subject"))
    with pytest.raises(DomainError):  # no password yet, so no login
        authenticate(db.session, NEW, "")
    assert actions()[-1] == "staff_invited"


def test_an_invitation_from_the_command_line_names_no_inviter(admin):
    """create-gemeente invites the first beheerder as an actor without an account of its own."""
    founder = Actor(kind="admin", gemeente_id=admin.gemeente_id)
    with warnings.catch_warnings():
        warnings.simplefilter("error", sa.exc.SAWarning)  # looking up user None warns
        invite(founder)
    assert last_mail(NEW, "invitation").context["invited_by"] == ""


def test_the_invited_person_chooses_a_password_once(admin):
    invite(admin)
    raw = token_in(NEW, "invitation", "/uitnodiging/")
    accepted = staff.accept_invitation(db.session, raw, "een-goed-wachtwoord")
    assert accepted.status == "active"
    assert authenticate(db.session, NEW, "een-goed-wachtwoord").id == accepted.id
    with pytest.raises(DomainError) as refused:
        staff.accept_invitation(db.session, raw, "nog-een-wachtwoord")
    assert refused.value.code == "invalid_state" and "al gebruikt" in refused.value.message
    assert authenticate(db.session, NEW, "een-goed-wachtwoord")


def test_an_invitation_expires_after_72_hours(admin, clock):
    invite(admin)
    raw = token_in(NEW, "invitation", "/uitnodiging/")
    clock.advance(72 * 3600)
    with pytest.raises(DomainError) as refused:
        staff.accept_invitation(db.session, raw, "een-goed-wachtwoord")
    assert "verlopen" in refused.value.message
    assert user(NEW).status == "invited"


def test_a_resent_invitation_replaces_the_old_link(admin, clock):
    invited = invite(admin)
    old = token_in(NEW, "invitation", "/uitnodiging/")
    clock.advance(80 * 3600)
    staff.resend_invitation(db.session, admin, invited.id, INVITE_LINK)
    new = token_in(NEW, "invitation", "/uitnodiging/")
    assert new != old
    with pytest.raises(DomainError):
        staff.accept_invitation(db.session, old, "een-goed-wachtwoord")
    assert staff.accept_invitation(db.session, new, "een-goed-wachtwoord").status == "active"
    with pytest.raises(DomainError) as refused:
        staff.resend_invitation(db.session, admin, invited.id, INVITE_LINK)
    assert refused.value.code == "invalid_state"


def test_a_too_short_password_keeps_the_invitation(admin):
    invite(admin)
    raw = token_in(NEW, "invitation", "/uitnodiging/")
    with pytest.raises(DomainError) as refused:
        staff.accept_invitation(db.session, raw, "kort")
    assert refused.value.extra["fields"]["password"] == "Kies een wachtwoord van minstens 10 tekens."
    assert staff.accept_invitation(db.session, raw, "lang-genoeg-nu").status == "active"


@pytest.mark.parametrize("email", [world.email("consulent"), world.email("aanbieder1"), "BEHEER@lelystad.example "])
def test_an_address_in_use_is_refused_and_nothing_changes(admin, email):
    before = counts()
    with pytest.raises(DomainError) as refused:
        invite(admin, email=email)
    assert refused.value.code == "validation_error"
    assert refused.value.extra["fields"] == {"email": "Er is al een account met dit e-mailadres."}
    assert counts() == before


@pytest.mark.parametrize("fields, field", [
    ({"role": "provider"}, "role"), ({"role": "beheerder"}, "role"), ({"role": None}, "role"),
    ({"email": "geen-adres"}, "email"), ({"email": 42}, "email"), ({"name": ""}, "name"),
    ({"name": "x" * 121}, "name"),
])
def test_bad_invitations_are_refused_per_field(admin, fields, field):
    before = counts()
    values = {"email": NEW, "name": "Nieuw", "role": "consultant", **fields}
    with pytest.raises(DomainError) as refused:
        staff.invite(db.session, admin, admin.gemeente_id, values["email"], values["name"], values["role"],
                     INVITE_LINK)
    assert field in refused.value.extra["fields"]
    assert counts() == before


def test_only_a_beheerder_of_the_gemeente_manages_its_staff(ctx, admin):
    consultant = world.actor(db.session, "consulent")
    provider = world.actor(db.session, "aanbieder1")
    dronten = actor_for_user(ensure_admin(db.session, "beheer_dronten"))
    for actor in (consultant, provider):
        with pytest.raises(DomainError) as refused:
            staff.staff_list(db.session, actor, admin.gemeente_id)
        assert refused.value.code == "forbidden"
    with pytest.raises(DomainError) as refused:
        staff.invite(db.session, dronten, admin.gemeente_id, NEW, "X", "consultant", INVITE_LINK)
    assert refused.value.code == "forbidden"
    lelystad_consultant = user(world.email("consulent")).id
    for call in (staff.deactivate, staff.reactivate):
        with pytest.raises(DomainError) as refused:
            call(db.session, dronten, lelystad_consultant)
        assert refused.value.code == "not_found"
    with pytest.raises(DomainError) as refused:  # a provider is nobody's staff
        staff.deactivate(db.session, admin, user(world.email("aanbieder1")).id)
    assert refused.value.code == "not_found"


def test_the_staff_list_shows_every_status(admin):
    invite(admin)
    staff.deactivate(db.session, admin, user(world.email("consulent")).id)
    listed = {u.email: u.status for u in staff.staff_list(db.session, admin, admin.gemeente_id)}
    assert listed == {"beheer@lelystad.example": "active", NEW: "invited",
                      world.email("consulent"): "inactive"}


# --- deactivation ------------------------------------------------------------------------------------

def test_deactivation_ends_tokens_and_sessions_at_once(admin):
    consultant = user(world.email("consulent"))
    raw, _token = issue_token(db.session, "consultant", 12, user=consultant)
    epoch = consultant.session_epoch
    assert actor_for_token(db.session, raw) is not None
    staff.deactivate(db.session, admin, consultant.id)
    consultant = user(world.email("consulent"))
    assert consultant.status == "inactive" and consultant.session_epoch == epoch + 1
    assert actor_for_token(db.session, raw) is None
    assert db.session.scalar(sa.select(ApiToken.revoked_at).where(ApiToken.user_id == consultant.id)) is not None
    with pytest.raises(DomainError):
        authenticate(db.session, world.email("consulent"), PASSWORD)
    assert actions()[-1] == "staff_deactivated"


def test_reactivation_lets_the_old_password_in_but_not_the_old_tokens(admin):
    consultant = user(world.email("consulent"))
    raw, _token = issue_token(db.session, "consultant", 12, user=consultant)
    staff.deactivate(db.session, admin, consultant.id)
    staff.reactivate(db.session, admin, consultant.id)
    assert authenticate(db.session, world.email("consulent"), PASSWORD).active
    assert actor_for_token(db.session, raw) is None
    assert actions()[-2:] == ["staff_deactivated", "staff_reactivated"]
    with pytest.raises(DomainError) as refused:
        staff.reactivate(db.session, admin, consultant.id)
    assert refused.value.code == "invalid_state"


def test_the_last_active_beheerder_stays(admin):
    before = counts()
    with pytest.raises(DomainError) as refused:
        staff.deactivate(db.session, admin, admin.user_id)
    assert refused.value.code == "invalid_state" and "laatste actieve functioneel beheerder" in refused.value.message
    assert counts() == before and user("beheer@lelystad.example").active


def test_an_invited_beheerder_does_not_count_but_an_active_second_one_does(admin):
    second = invite(admin, email="tweede@lelystad.example", role="admin")
    with pytest.raises(DomainError):
        staff.deactivate(db.session, admin, admin.user_id)
    staff.accept_invitation(db.session, token_in("tweede@lelystad.example", "invitation", "/uitnodiging/"),
                            "een-goed-wachtwoord")
    staff.deactivate(db.session, admin, admin.user_id)  # now oneself may go
    assert user("beheer@lelystad.example").status == "inactive"
    with pytest.raises(DomainError):
        staff.deactivate(db.session, actor_for_user(user("tweede@lelystad.example")), second.id)


def test_a_deactivated_invitee_cannot_use_the_link(admin):
    invited = invite(admin)
    raw = token_in(NEW, "invitation", "/uitnodiging/")
    staff.deactivate(db.session, admin, invited.id)
    with pytest.raises(DomainError):
        staff.accept_invitation(db.session, raw, "een-goed-wachtwoord")


def test_two_beheerders_deactivating_each_other_at_once_leave_one(app, admin):
    """Staff changes of one gemeente take turns: both see two active beheerders before either
    writes, yet only one of the two deactivations can go through."""
    import threading
    invite(admin, email="tweede@lelystad.example", role="admin")
    staff.accept_invitation(db.session, token_in("tweede@lelystad.example", "invitation", "/uitnodiging/"),
                            "een-goed-wachtwoord")
    first, second = admin, actor_for_user(user("tweede@lelystad.example"))
    db.session.remove()
    start = threading.Barrier(2)
    outcomes = []

    def deactivate(actor, target_id):
        with app.app_context():
            start.wait()
            try:
                staff.deactivate(db.session, actor, target_id)
                outcomes.append("done")
            except DomainError as refused:
                outcomes.append(refused.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=deactivate, args=(first, second.user_id)),
               threading.Thread(target=deactivate, args=(second, first.user_id))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["done", "invalid_state"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True), User.gemeente_id == admin.gemeente_id)) == 1
