"""Staff on the beheerder's pages, end to end: invite someone, read the link from the delivered
e-mail, choose a password through it (once, within 72 hours) and be logged in; deactivate,
reactivate and invite again; the last beheerder stays; only the beheerder sees the page."""
import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import User
from tests.support import world
from tests.support.accounts import PASSWORD, add_admins, admin_email, delivered_to, link_path, mails, parts, user_id
from tests.support.steps import html, logged_in

pytestmark = pytest.mark.every_backend

NEW = "nieuw@lelystad.example"
PAGE = "/beheer/medewerkers"


@pytest.fixture
def beheerder(app):
    """A browser logged in as Lelystad's beheerder."""
    add_admins(app, "beheer", "beheer_dronten")
    browser = app.test_client()
    resp = browser.post("/inloggen", data={"email": admin_email(), "password": PASSWORD})
    assert resp.status_code == 302
    return browser


def invite(browser, **data):
    return browser.post(PAGE, data={"name": "Nieuwe Consulent", "email": NEW, "role": "consultant", **data})


def invitation_link(app, email=NEW) -> str:
    [message] = delivered_to(app, email)
    assert message["Subject"] == "Zorgbod: Uitnodiging voor Zorgbod"
    text, page = parts(message)["text/plain"], parts(message)["text/html"]
    assert "gemeente Lelystad" in text and "Beheerder Lelystad" in text and "72 uur" in text
    path = link_path(text, "/uitnodiging/")
    assert path in page
    return path


def choose(browser, path, password="een-goed-wachtwoord", confirm=None):
    return browser.post(path, data={"password": password, "confirm": confirm or password})


def status_of(app, email):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        return user.status if user else None


def test_only_the_beheerder_sees_the_staff_page(app, beheerder):
    page = beheerder.get(PAGE)
    assert page.status_code == 200
    assert world.email("consulent") in html(page) and admin_email() in html(page)
    assert world.email("consulent_dronten") not in html(page)
    for who in ("consulent", "aanbieder1"):
        assert logged_in(app, who).get(PAGE).status_code == 404
        assert logged_in(app, who).post(PAGE, data={"email": NEW, "name": "X", "role": "admin"}).status_code == 404
    anonymous = app.test_client().get(PAGE)
    assert anonymous.status_code == 302 and "/inloggen" in anonymous.headers["Location"]
    assert status_of(app, NEW) is None


def test_an_invitation_from_the_page_ends_with_the_new_consultant_logged_in(app, beheerder):
    resp = invite(beheerder)
    assert resp.status_code == 302 and resp.headers["Location"] == PAGE
    assert "Uitgenodigd" in html(beheerder.get(PAGE))
    path = invitation_link(app)
    newcomer = app.test_client()
    for _ in range(2):  # a mail scanner opening the link uses nothing up
        page = newcomer.get(path)
        assert page.status_code == 200 and NEW in html(page) and "Lelystad" in html(page)
    resp = choose(newcomer, path)
    assert resp.status_code == 302 and resp.headers["Location"] == "/"
    assert newcomer.get("/consulent/aanvragen").status_code == 200
    assert status_of(app, NEW) == "active"
    assert app.test_client().post("/inloggen", data={"email": NEW, "password": "een-goed-wachtwoord"}).status_code == 302
    reused = choose(app.test_client(), path, "een-ander-wachtwoord")
    assert reused.status_code == 400 and "al gebruikt" in html(reused)


def test_an_invitation_expires_after_72_hours(app, beheerder, clock):
    invite(beheerder)
    path = invitation_link(app)
    clock.advance(72 * 3600)
    expired = app.test_client().get(path)
    assert expired.status_code == 400 and "verlopen" in html(expired)
    assert choose(app.test_client(), path).status_code == 400
    assert status_of(app, NEW) == "invited"


def test_a_new_invitation_from_the_page_works_after_the_old_expired(app, beheerder, clock):
    invite(beheerder)
    old = invitation_link(app)
    clock.advance(73 * 3600)
    resp = beheerder.post(f"{PAGE}/{user_id(app, NEW)}/uitnodiging")
    assert resp.status_code == 302
    new = invitation_link(app)
    assert new != old and choose(app.test_client(), new).status_code == 302


@pytest.mark.parametrize("password, confirm, message", [
    ("kort", "kort", "minstens 10 tekens"), ("een-goed-wachtwoord", "een-ander-wachtwoord", "niet gelijk"),
])
def test_a_bad_password_is_explained_and_the_invitation_stays(app, beheerder, password, confirm, message):
    invite(beheerder)
    path = invitation_link(app)
    resp = choose(app.test_client(), path, password, confirm)
    assert resp.status_code == 200 and message in html(resp)
    assert status_of(app, NEW) == "invited"
    assert choose(app.test_client(), path).status_code == 302


@pytest.mark.parametrize("data, message", [
    ({"email": world.email("consulent")}, "Er is al een account met dit e-mailadres."),
    ({"email": world.email("aanbieder3").upper()}, "Er is al een account met dit e-mailadres."),
    ({"email": "geen adres"}, "Vul een geldig e-mailadres in."),
    ({"role": "provider"}, "Kies een van: consultant, admin."),
    ({"name": ""}, "Verplicht."),
])
def test_bad_invitations_get_a_dutch_message_and_change_nothing(app, beheerder, data, message):
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    resp = invite(beheerder, **data)
    assert resp.status_code == 200 and message in html(resp)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == before
    assert mails(app, NEW) == []


def test_deactivating_ends_the_consultants_session_and_reactivating_lets_them_back(app, beheerder):
    consultant = logged_in(app, "consulent")
    assert consultant.get("/consulent/aanvragen").status_code == 200
    staff_id = user_id(app, world.email("consulent"))
    resp = beheerder.post(f"{PAGE}/{staff_id}/deactiveren")
    assert resp.status_code == 302
    assert "is gedeactiveerd" in html(beheerder.get(PAGE))
    gone = consultant.get("/consulent/aanvragen")
    assert gone.status_code == 302 and "/inloggen" in gone.headers["Location"]
    assert status_of(app, world.email("consulent")) == "inactive"
    assert beheerder.post(f"{PAGE}/{staff_id}/activeren").status_code == 302
    assert "kan weer inloggen" in html(beheerder.get(PAGE))
    assert logged_in(app, "consulent").get("/consulent/aanvragen").status_code == 200


def test_the_last_beheerder_cannot_deactivate_themselves_on_the_page(app, beheerder):
    resp = beheerder.post(f"{PAGE}/{user_id(app, admin_email())}/deactiveren")
    assert resp.status_code == 302
    page = beheerder.get(PAGE)
    assert page.status_code == 200 and "laatste actieve functioneel beheerder" in html(page)
    assert status_of(app, admin_email()) == "active"


def test_another_gemeentes_staff_is_not_found(app, beheerder):
    dronten = user_id(app, world.email("consulent_dronten"))
    for action in ("deactiveren", "activeren", "uitnodiging"):
        assert beheerder.post(f"{PAGE}/{dronten}/{action}").status_code == 404
    assert status_of(app, world.email("consulent_dronten")) == "active"


@pytest.mark.parametrize("path", ["/uitnodiging/onzin", "/uitnodiging/" + "y" * 200])
def test_a_made_up_invitation_is_refused(client, path):
    assert client.get(path).status_code == 400
    assert client.post(path, data={"password": "een-goed-wachtwoord", "confirm": "een-goed-wachtwoord"}) \
        .status_code == 400
