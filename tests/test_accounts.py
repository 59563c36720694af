"""Accounts: hashed passwords and tokens, token expiry and revocation, rate-limited logins,
cookie flags."""

import sqlalchemy as sa

from config import TestConfig
from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import ApiToken, User

from . import world


def test_passwords_are_hashed_with_a_current_algorithm(app):
    from marketplace import accounts
    assert accounts.generate_password_hash("x").startswith("scrypt:")  # production default
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == world.email("consulent")))
        assert world.PASSWORD not in user.password_hash


def test_wrong_password_is_invalid_credentials(api):
    resp = api.client.post("/api/v1/tokens", json={"email": world.email("consulent"), "password": "fout"})
    assert resp.status_code == 401
    assert resp.get_json()["error"]["code"] == "invalid_credentials"
    resp = api.client.post("/api/v1/tokens", json={"email": 5, "password": ["x"]})
    assert resp.status_code == 401


def test_tokens_are_stored_hashed(app, api):
    raw = api.token("aanbieder1")
    with app.app_context():
        stored = db.session.scalars(sa.select(ApiToken.token_hash)).all()
    assert raw not in stored and len(stored) == 1


def test_tokens_expire(api, clock):
    api.token("aanbieder1")
    assert api.get("/api/v1/requests", as_="aanbieder1").status_code == 200
    clock.advance(13 * 3600)
    assert api.get("/api/v1/requests", as_="aanbieder1").status_code == 401


def test_tokens_can_be_revoked(api):
    api.token("aanbieder1")
    assert api.delete("/api/v1/tokens/current", as_="aanbieder1").status_code == 200
    assert api.get("/api/v1/requests", as_="aanbieder1").status_code == 401


def test_login_attempts_are_rate_limited(db_path):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}", LOGIN_RATE_LIMIT="5 per minute"))
    client = app.test_client()
    codes = [client.post("/api/v1/tokens", json={"email": "x@y.nl", "password": "p"}).status_code
             for _ in range(6)]
    assert codes == [401] * 5 + [429]
    assert client.post("/api/v1/tokens", json={}).get_json()["error"]["code"] == "rate_limited"
    pages = [client.post("/inloggen", data={"email": "x@y.nl", "password": "p"}).status_code for _ in range(6)]
    assert pages[-1] == 429


def test_session_cookie_is_httponly_and_samesite(client):
    resp = client.post("/inloggen", data={"email": world.email("consulent"), "password": world.PASSWORD})
    assert resp.status_code == 302
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_form_shows_a_dutch_error(client):
    page = client.post("/inloggen", data={"email": world.email("consulent"), "password": "fout"})
    assert "Onjuist e-mailadres of wachtwoord" in page.get_data(as_text=True)


def test_next_parameter_cannot_redirect_off_site(client):
    resp = client.post("/inloggen?next=//evil.example/x",
                       data={"email": world.email("consulent"), "password": world.PASSWORD})
    assert "evil.example" not in resp.headers["Location"]


def test_healthz(client):
    assert client.get("/healthz").get_json()["status"] == "ok"
