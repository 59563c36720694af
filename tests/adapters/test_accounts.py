"""Accounts: hashed passwords and tokens, token expiry and revocation, rate-limited logins,
cookie flags."""

import sqlalchemy as sa

from config import TestConfig
from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import ApiToken, User
from tests.support import world


def test_passwords_are_hashed_with_a_current_algorithm(app):
    from marketplace.providers import accounts
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


def limited_app(db_path, **limits):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}", **limits))
    return app


def test_failed_logins_are_limited_per_account_from_any_address(db_path):
    """Guessing one account's password from many machines is still slowed down; the page and
    the API count together, and the e-mail counts however it is written."""
    app = limited_app(db_path, LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
    client = app.test_client()
    email = world.email("aanbieder1")
    spellings = [email, f"  {email.upper()} ", email.capitalize()]
    codes = [client.post("/api/v1/tokens", json={"email": spelling, "password": "fout"},
                         environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code
             for i, spelling in enumerate(spellings)]
    assert codes == [401, 401, 401]
    for i, attempt in enumerate((
            lambda addr: client.post("/api/v1/tokens", json={"email": email, "password": world.PASSWORD},
                                     environ_base={"REMOTE_ADDR": addr}),
            lambda addr: client.post("/inloggen", data={"email": email, "password": world.PASSWORD},
                                     environ_base={"REMOTE_ADDR": addr}))):
        resp = attempt(f"10.0.1.{i}")
        assert resp.status_code == 429
    # Other accounts are not affected.
    assert client.post("/api/v1/tokens", json={"email": world.email("aanbieder2"), "password": world.PASSWORD},
                       environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 201


def test_successful_logins_do_not_use_up_the_accounts_budget(db_path):
    app = limited_app(db_path, LOGIN_ACCOUNT_RATE_LIMIT="2 per minute")
    client = app.test_client()
    for _ in range(4):
        assert client.post("/api/v1/tokens", json={"email": world.email("aanbieder1"),
                                                   "password": world.PASSWORD}).status_code == 201


def test_login_limits_use_redis_when_it_is_set(monkeypatch):
    """All web processes count together (issue 17, point 9): the login counts go where the bid
    counts go."""
    from config import Config
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    assert Config().RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/3"
    monkeypatch.delenv("REDIS_URL")
    assert Config().RATELIMIT_STORAGE_URI == "memory://"


def test_failed_logins_are_counted_in_redis(db_path, tmp_path):
    """Counted in Redis, every web process sees the same count (the Limiter object is one per
    process, so two apps here would share it anyway: the keys in Redis are the proof)."""
    import os
    import shutil
    import uuid

    import pytest
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("needs TEST_REDIS_URL")
    prefix = f"test-{uuid.uuid4().hex}"
    second = tmp_path / "second.db"
    shutil.copy(db_path, second)
    apps = [create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", RATELIMIT_STORAGE_URI=url,
                                  RATELIMIT_KEY_PREFIX=prefix, LOGIN_ACCOUNT_RATE_LIMIT="3 per minute"))
            for path in (db_path, second)]
    body = {"email": world.email("aanbieder1"), "password": "fout"}
    codes = [apps[i % 2].test_client().post("/api/v1/tokens", json=body).status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    import redis
    assert redis.Redis.from_url(url).keys(f"*{prefix}*")
