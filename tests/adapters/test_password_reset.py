"""Password reset end to end (CONTRACT.md): the same answer whatever the address, on the page and
in the API; the link read from the delivered e-mail works once, for an hour; afterwards every
other session and token of that user is revoked; asking is rate-limited; the link's secret never
reaches the access log."""
import pytest

from config import TestConfig
from marketplace import create_app
from serving.gunicorn_worker import loggable_target
from tests.support import world
from tests.support.accounts import delivered_to, link_path, mails, parts
from tests.support.steps import html, logged_in

pytestmark = pytest.mark.every_backend

ADDRESS = world.email("aanbieder1")
NEW_PASSWORD = "een-nieuw-wachtwoord"


def ask(app, email=ADDRESS):
    return app.test_client().post("/wachtwoord-vergeten", data={"email": email})


def reset_link(app, email=ADDRESS) -> str:
    """The link in the reset e-mail the sender delivered to `email`."""
    [message] = [m for m in delivered_to(app, email) if m["Subject"] == "Zorgbod: Uw wachtwoord herstellen"]
    text, page = parts(message)["text/plain"], parts(message)["text/html"]
    path = link_path(text, "/wachtwoord-herstellen/")
    assert path in page
    return path


def new_password(browser, path, password=NEW_PASSWORD, confirm=None):
    return browser.post(path, data={"password": password, "confirm": confirm or password})


def can_log_in(app, password, email=ADDRESS) -> bool:
    return app.test_client().post("/inloggen", data={"email": email, "password": password}).status_code == 302


def test_the_page_answers_the_same_whatever_the_address(app):
    known, unknown = ask(app), ask(app, "niemand@nergens.example")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/wachtwoord-vergeten/verstuurd"
    assert len(mails(app, ADDRESS, "password_reset")) == 1
    assert mails(app, "niemand@nergens.example") == []
    assert "Als dit e-mailadres bij Zorgbod hoort" in html(app.test_client().get("/wachtwoord-vergeten/verstuurd"))


def test_the_api_answers_202_whatever_the_address(app, client):
    known = client.post("/api/v1/password-reset", json={"email": ADDRESS})
    unknown = client.post("/api/v1/password-reset", json={"email": "niemand@nergens.example"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert known.get_json()["status"] == "accepted"
    assert len(mails(app, ADDRESS, "password_reset")) == 1


@pytest.mark.parametrize("body", [{}, {"email": 5}, {"email": "geen-adres"}, {"email": "a\x00@b.nl"}, []])
def test_the_api_refuses_what_is_no_address(client, body):
    resp = client.post("/api/v1/password-reset", json=body)
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "validation_error"


def test_the_delivered_link_sets_a_new_password_once(app):
    ask(app)
    path = reset_link(app)
    browser = app.test_client()
    for _ in range(2):  # a mail scanner opening the link uses nothing up
        page = browser.get(path)
        assert page.status_code == 200 and ADDRESS in html(page) and 'type="password"' in html(page)
    resp = new_password(browser, path)
    assert resp.status_code == 302 and resp.headers["Location"] == "/"
    assert browser.get("/aanbieder/aanvragen").status_code == 200  # logged in as its owner
    assert can_log_in(app, NEW_PASSWORD) and not can_log_in(app, world.PASSWORD)
    again = new_password(app.test_client(), path, "nog-een-ander-wachtwoord")
    assert again.status_code == 400 and "al gebruikt" in html(again)
    assert app.test_client().get(path).status_code == 400
    assert can_log_in(app, NEW_PASSWORD)
    changed = delivered_to(app, ADDRESS)
    assert [m["Subject"] for m in changed] == ["Zorgbod: Uw wachtwoord is gewijzigd"]


def test_after_the_reset_every_other_session_and_token_is_revoked(app, api, open_request):
    request_id = open_request()
    token = api.token("aanbieder1")
    other = logged_in(app, "aanbieder1")
    assert other.get(f"/aanbieder/aanvragen/{request_id}").status_code == 200
    ask(app)
    new_password(app.test_client(), reset_link(app))
    assert api.get("/api/v1/requests", as_="aanbieder1").status_code == 401
    resp = other.get(f"/aanbieder/aanvragen/{request_id}")
    assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]
    assert token  # the token was in use before


def test_the_link_expires_after_an_hour(app, clock):
    ask(app)
    path = reset_link(app)
    clock.advance(59 * 60)
    assert app.test_client().get(path).status_code == 200
    clock.advance(60)
    expired = app.test_client().get(path)
    assert expired.status_code == 400 and "verlopen" in html(expired)
    assert new_password(app.test_client(), path).status_code == 400
    assert can_log_in(app, world.PASSWORD)


def test_only_the_newest_link_works(app):
    ask(app)
    ask(app)
    first, second = (link_path(m.body, "/wachtwoord-herstellen/") for m in mails(app, ADDRESS, "password_reset"))
    assert new_password(app.test_client(), first).status_code == 400
    assert new_password(app.test_client(), second).status_code == 302


@pytest.mark.parametrize("password, confirm, message", [
    ("kort", "kort", "minstens 10 tekens"),
    (NEW_PASSWORD, "iets-heel-anders", "niet gelijk"),
    ("", "", "Verplicht"),
])
def test_a_bad_password_is_explained_and_the_link_keeps_working(app, password, confirm, message):
    ask(app)
    path = reset_link(app)
    browser = app.test_client()
    resp = browser.post(path, data={"password": password, "confirm": confirm})
    assert resp.status_code == 200 and message in html(resp)
    assert can_log_in(app, world.PASSWORD)
    assert new_password(browser, path).status_code == 302


@pytest.mark.parametrize("path", ["/wachtwoord-herstellen/onzin", "/wachtwoord-herstellen/" + "x" * 300])
def test_a_made_up_link_is_refused(client, path):
    assert client.get(path).status_code == 400
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 400


def test_an_unknown_address_gets_no_e_mail(app):
    ask(app, "niemand@nergens.example")
    assert delivered_to(app, "niemand@nergens.example") == []


def test_the_page_refuses_what_is_no_address(client):
    resp = client.post("/wachtwoord-vergeten", data={"email": "geen adres"})
    assert resp.status_code == 200 and "Vul een geldig e-mailadres in." in html(resp)


def test_the_login_page_links_to_it(client):
    assert 'href="/wachtwoord-vergeten"' in html(client.get("/inloggen"))


def test_the_pages_and_the_e_mail_speak_english_when_asked(app):
    browser = app.test_client()
    browser.set_cookie("taal", "en")
    assert "Forgot your password" in html(browser.get("/wachtwoord-vergeten"))
    browser.post("/wachtwoord-vergeten", data={"email": ADDRESS})
    assert "Check your email" in html(browser.get("/wachtwoord-vergeten/verstuurd"))


def test_asking_is_rate_limited_per_address_page_and_api_together(db_path):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}", PASSWORD_RESET_RATE_LIMIT="3 per hour"))
    client = app.test_client()
    codes = [client.post("/wachtwoord-vergeten", data={"email": f"n{i}@nergens.example"}).status_code
             for i in range(2)]
    codes.append(client.post("/api/v1/password-reset", json={"email": "n2@nergens.example"}).status_code)
    codes.append(client.post("/api/v1/password-reset", json={"email": "n3@nergens.example"}).status_code)
    assert codes == [302, 302, 202, 429]


def test_asking_is_rate_limited_per_e_mail_address_asked_about(db_path):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}",
                                PASSWORD_RESET_ACCOUNT_RATE_LIMIT="2 per hour"))
    client = app.test_client()
    codes = [client.post("/api/v1/password-reset", json={"email": ADDRESS.upper()}).status_code for _ in range(3)]
    assert codes == [202, 202, 429]
    assert client.post("/api/v1/password-reset", json={"email": "ander@nergens.example"}).status_code == 202


@pytest.mark.parametrize("target, logged", [
    ("/wachtwoord-herstellen/geheim-token", "/wachtwoord-herstellen/..."),
    ("/uitnodiging/geheim-token?x=1", "/uitnodiging/..."),
    ("/e-mailadres-bevestigen/geheim-token", "/e-mailadres-bevestigen/..."),
    ("/registreren/bevestigen/geheim.token", "/registreren/bevestigen/..."),
    ("/aanbieder/aanvragen/3?naam=Jan", "/aanbieder/aanvragen/3"),
    ("/wachtwoord-vergeten", "/wachtwoord-vergeten"),
])
def test_the_access_log_keeps_no_link_secret(target, logged):
    assert loggable_target(target) == logged
