"""Alive is not ready: /healthz answers while the process lives, /readyz only once it can serve
everything (database, message queue, personal-data scanner, the mail sender's store), naming
what is not ready. The scanner's state is set here, not waited for: no timing in the test."""
from types import SimpleNamespace

import pytest

from config import TestConfig
from marketplace import create_app
from marketplace.privacy import detection
from marketplace.realtime import live


def scanner(monkeypatch, ready: bool) -> None:
    """The process's scanner as loaded, or still loading (a stand-in: deduce is not started)."""
    monkeypatch.setattr(detection, "_detector", SimpleNamespace(ready=ready, failed_starts=0))


@pytest.fixture
def ready_app(app, tmp_path, monkeypatch):
    app.config.update(MAIL_URL=None, MAIL_DIR=str(tmp_path / "mail"))
    scanner(monkeypatch, ready=True)
    return app


def test_ready_when_everything_is(ready_app):
    resp = ready_app.test_client().get("/readyz")
    assert resp.status_code == 200 and resp.get_json() == {"status": "ready"}


def test_not_ready_while_the_scanner_loads_but_alive(ready_app, monkeypatch):
    scanner(monkeypatch, ready=False)
    client = ready_app.test_client()
    resp = client.get("/readyz")
    assert resp.status_code == 503
    assert resp.get_json() == {"status": "not_ready", "failing": ["personal_data_scan"]}
    alive = client.get("/healthz")
    assert alive.status_code == 200 and alive.get_json()["personal_data_scan"] == "loading"


def test_a_scanner_never_started_is_not_ready(ready_app, monkeypatch):
    monkeypatch.setattr(detection, "_detector", None)
    assert ready_app.test_client().get("/readyz").get_json()["failing"] == ["personal_data_scan"]
    assert detection._detector is None  # the probe only looks; it starts nothing


def test_not_ready_while_the_message_queue_is_down(ready_app, monkeypatch):
    monkeypatch.setattr(live, "queue_status", lambda: "down")
    resp = ready_app.test_client().get("/readyz")
    assert resp.status_code == 503 and resp.get_json()["failing"] == ["message_queue"]


def test_not_ready_when_the_mail_folder_cannot_be_written(ready_app, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    ready_app.config["MAIL_DIR"] = str(blocked / "mail")
    resp = ready_app.test_client().get("/readyz")
    assert resp.status_code == 503 and resp.get_json()["failing"] == ["mail"]


@pytest.mark.parametrize("url, ready", [
    ("smtp://mail.example:587", True),
    ("smtps://user:pass@mail.example", True),
    ("http://mail.example", False),
    ("smtp://", False),
    ("smtp://mail.example:poort", False),
])
def test_mail_url_must_be_usable(ready_app, url, ready):
    # The mail server itself is not asked: a web process that cannot reach it still serves and queues.
    ready_app.config["MAIL_URL"] = url
    resp = ready_app.test_client().get("/readyz")
    assert (resp.status_code == 200) == ready
    if not ready:
        assert resp.get_json()["failing"] == ["mail"]


def test_not_ready_without_a_database(tmp_path, monkeypatch):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/folder/zorgbod.db"))
    app.config.update(MAIL_DIR=str(tmp_path / "mail"))
    scanner(monkeypatch, ready=True)
    resp = app.test_client().get("/readyz")
    assert resp.status_code == 503
    assert resp.get_json() == {"status": "not_ready", "failing": ["database", "mail"]}
