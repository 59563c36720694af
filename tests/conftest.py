"""Fixtures for every folder: an app on a freshly migrated SQLite file (or PostgreSQL database)
with a small world of gemeenten and providers, an API helper that logs in by e-mail, a
controllable clock, factories, and the personal-data detector's child process."""
import os
import shutil
import uuid

import pytest
from flask_migrate import upgrade

from config import TestConfig
from marketplace import create_app
from marketplace.auction import transactions
from marketplace.extensions import db
from marketplace.privacy import NameDetector
from tests.support import world
from tests.support.clock import Clock
from tests.support.services import REQUIRE_SERVICES, TEST_DATABASE_URL, TEST_REDIS_URL, pg_admin, pg_url
from tests.support.world import request_payload

PASSWORD = world.PASSWORD


def backends() -> list[str]:
    if REQUIRE_SERVICES and not (TEST_DATABASE_URL and TEST_REDIS_URL):
        raise pytest.UsageError("REQUIRE_SERVICES=1 needs TEST_DATABASE_URL and TEST_REDIS_URL")
    return ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])


def pytest_generate_tests(metafunc):
    # Tests about storage, locking and live delivery are marked every_backend: they run on
    # SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("every_backend"):
        metafunc.parametrize("backend", backends(), indirect=True)


@pytest.fixture
def backend(request):
    return getattr(request, "param", "sqlite")


def seed(url: str) -> None:
    """Migrate (proving the migrations build the schema) and add the test world."""
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade(directory="migrations")
        world.build(db.session)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "zorgbod.db"
    seed(f"sqlite:///{path}")
    return path


@pytest.fixture
def db_path(template_db, tmp_path):
    path = tmp_path / "zorgbod.db"
    shutil.copy(template_db, path)
    return path


@pytest.fixture(scope="session")
def pg_template():
    """A seeded PostgreSQL database that each test copies (CREATE DATABASE ... TEMPLATE)."""
    name = f"zorgbod_tpl_{os.getpid()}"
    with pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    seed(pg_url(name))
    yield name
    with pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(request, backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{request.getfixturevalue('db_path')}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"zorgbod_t_{uuid.uuid4().hex[:12]}"
    with pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield pg_url(name)
    with pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def app(database_url, backend):
    # No message queue here: Flask-SocketIO's test client refuses one. Live delivery through
    # Redis is proven with real processes in system/test_cluster.py.
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(transactions, "clock", c)
    return c


class Api:
    """Calls the JSON API as a named user: api.post(path, json, as_="aanbieder1")."""

    def __init__(self, client):
        self.client = client
        self.tokens: dict[str, str] = {}

    def token(self, who: str) -> str:
        if who not in self.tokens:
            email = world.email(who)
            resp = self.client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
            assert resp.status_code == 201, resp.get_json()
            self.tokens[who] = resp.get_json()["token"]
        return self.tokens[who]

    def headers(self, who):
        if who is None:
            return {}
        token = self.tokens.get(who) or self.token(who)
        return {"Authorization": f"Bearer {token}"}

    def get(self, path, as_=None):
        return self.client.get(path, headers=self.headers(as_))

    def post(self, path, json=None, as_=None, **kw):
        return self.client.post(path, json=json, headers=self.headers(as_), **kw)

    def delete(self, path, as_=None):
        return self.client.delete(path, headers=self.headers(as_))

    def use_token(self, who: str, token: str):
        self.tokens[who] = token


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    """The app's `flask` commands, run in-process."""
    return app.test_cli_runner()


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def open_request(api, clock):
    """Factory: a published request whose window is open now; returns its id."""
    def make(as_="consulent", **overrides):
        resp = api.post("/api/v1/requests", request_payload(clock.now, **overrides), as_=as_)
        assert resp.status_code == 201, resp.get_json()
        request_id = resp.get_json()["id"]
        published = api.post(f"/api/v1/requests/{request_id}/publish", as_=as_)
        assert published.status_code == 200, published.get_json()
        return request_id
    return make


@pytest.fixture
def bid(api):
    """Factory: place a bid as a provider; returns the response."""
    def place(request_id, who, price_cents, **extra):
        body = {"price_cents": price_cents, "start_date": "2027-02-01", "approach": f"Plan van {who}",
                "idempotency_key": str(uuid.uuid4()), **extra}
        return api.post(f"/api/v1/requests/{request_id}/bids", body, as_=who)
    return place


@pytest.fixture(scope="session")
def detector_stderr(tmp_path_factory):
    return tmp_path_factory.mktemp("detector") / "stderr.log"


@pytest.fixture(scope="session")
def detector(detector_stderr):
    """One deduce child for the whole run (about 10 s and 1.1 GB to load), shared by the
    personal-data table (domain/) and the tests of the child process itself (system/)."""
    with detector_stderr.open("w") as stderr:
        d = NameDetector(stderr=stderr)
        d.start()
        assert d.wait_ready(180), "the name detector did not become ready"
        yield d
        d.stop()


def pytest_terminal_summary(terminalreporter):
    """Lines a test asked to show even when it passes, with record_property("summary", line):
    the personal-data detector's precision and recall on its table, and its cost."""
    lines = [value for reports in terminalreporter.stats.values() for report in reports
             if getattr(report, "when", None) == "call"
             for name, value in getattr(report, "user_properties", ()) if name == "summary"]
    if lines:
        terminalreporter.section("measurements")
        for line in lines:
            terminalreporter.write_line(line)
