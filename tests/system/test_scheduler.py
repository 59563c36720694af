"""The scheduler for real: a short window opens and closes by itself on the real clock, jobs
persist in the job store, and after a restart the sweep catches up on what was missed."""
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from marketplace import scheduler
from marketplace.extensions import db
from marketplace.models import AuditEvent
from marketplace.privacy import detection
from tests.support.world import request_payload

pytestmark = pytest.mark.every_backend


@pytest.fixture
def running_scheduler(app):
    scheduler.start(app)
    yield scheduler
    scheduler.shutdown()


def wait_for_status(api, request_id, wanted, timeout=10.0):
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        status = api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()["status"]
        if status in wanted:
            return status
        time.sleep(0.1)
    return status


def post_window(api, opens_in: float, closes_in: float, **extra) -> int:
    # Publishing scans the text with deduce, which a process loads on first use (seconds on a
    # busy machine): loaded first, so that a window a second or three ahead is still ahead.
    detection.shared_detector().wait_ready(120)
    # Logged in ahead too: on a busy machine a first login takes a good part of a short window.
    for who in ("consulent", "aanbieder1", "aanbieder2"):
        api.token(who)
    now = datetime.now(timezone.utc)
    body = request_payload(now, opens_at=(now + timedelta(seconds=opens_in)).isoformat(),
                           closes_at=(now + timedelta(seconds=closes_in)).isoformat(), **extra)
    request_id = api.post("/api/v1/requests", body, as_="consulent").get_json()["id"]
    assert api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent").status_code == 200
    return request_id


def close_lateness_ms(app, request_id) -> int:
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "window_closed"))
        return event.details["lateness_ms"]


def test_a_short_window_opens_and_closes_by_itself(app, api, bid, running_scheduler):
    request_id = post_window(api, opens_in=1.0, closes_in=3.0, soft_close_seconds=0)
    assert api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()["status"] == "scheduled"
    assert wait_for_status(api, request_id, {"open"}) == "open"
    assert bid(request_id, "aanbieder1", 100000).status_code == 201
    assert wait_for_status(api, request_id, {"closed"}) == "closed"
    assert bid(request_id, "aanbieder2", 90000).get_json()["error"]["code"] == "window_closed"
    assert close_lateness_ms(app, request_id) < 1000


def test_jobs_are_persisted_with_explicit_ids(app, api, running_scheduler):
    request_id = post_window(api, opens_in=60, closes_in=3600)
    with app.app_context():
        ids = set(db.session.scalars(sa.text("SELECT id FROM apscheduler_jobs")).all())
    assert {f"open:{request_id}", f"soon:{request_id}", f"close:{request_id}"} <= ids


def test_cancel_removes_the_jobs(app, api, running_scheduler):
    request_id = post_window(api, opens_in=60, closes_in=3600)
    api.post(f"/api/v1/requests/{request_id}/cancel", {"reason": "Niet meer nodig"}, as_="consulent")
    with app.app_context():
        ids = set(db.session.scalars(sa.text("SELECT id FROM apscheduler_jobs")).all())
    assert not any(i.endswith(f":{request_id}") for i in ids)


def test_a_restart_mid_window_loses_nothing(app, api, bid):
    scheduler.start(app)
    try:
        request_id = post_window(api, opens_in=0, closes_in=2.0, soft_close_seconds=0)
        assert bid(request_id, "aanbieder1", 100000).status_code == 201
    finally:
        scheduler.shutdown()  # the process "dies" before the close
    time.sleep(2.5)
    assert api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()["status"] == "open"
    later = post_window(api, opens_in=0.5, closes_in=60)  # opens while nothing runs
    time.sleep(0.7)
    scheduler.start(app)  # the start-up sweep
    try:
        view = api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()
        assert view["status"] == "closed"
        assert [o["price_cents"] for o in view["standings"]["offers"]] == [100000]
        assert api.get(f"/api/v1/requests/{later}", as_="consulent").get_json()["status"] == "open"
    finally:
        scheduler.shutdown()


def test_soft_close_moves_the_close_job(app, api, bid, running_scheduler):
    request_id = post_window(api, opens_in=0, closes_in=1.5, soft_close_seconds=3, max_extension_seconds=3)
    time.sleep(0.5)
    view = bid(request_id, "aanbieder1", 100000).get_json()["standings"]
    assert view["extended"] is True
    time.sleep(1.5)  # past the original close, before the extended one
    assert api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()["status"] == "open"
    assert wait_for_status(api, request_id, {"closed"}) == "closed"
    assert close_lateness_ms(app, request_id) < 1000
