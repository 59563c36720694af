"""Scale-out for real: two gunicorn web processes and the scheduler process on PostgreSQL and
Redis, as deploy/cluster.sh runs them. A provider's bid through one web process reaches the
viewers on the other (each in its own view); when a web process dies mid-window its provider
reconnects to the other and finds everything; the scheduler process closes the window on time,
and no offer is lost."""
import json
import os
import time
import uuid
from types import SimpleNamespace

import pytest

from tests.support.processes import (
    AANBIEDER1,
    AANBIEDER2,
    CONSULTANT,
    Api,
    LiveView,
    Processes,
    app_env,
    create_database_on,
    eventually,
    migrate_and_seed,
    publish_window,
    require,
    start_scheduler,
    start_web,
    wait_healthy,
    wait_scheduler,
)

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
WINDOW_SECONDS = 15
A_NAME = "Zorg Samen B.V."  # aanbieder1's organisation in the demo data
B_NAME = "Thuishulp Flevoland"  # aanbieder2's


@pytest.fixture
def cluster(request, tmp_path):
    """A fresh database on TEST_DATABASE_URL's server, migrated and seeded; two web processes
    and the scheduler on it, sharing TEST_REDIS_URL on a channel of this run's own."""
    require(TEST_DATABASE_URL and TEST_REDIS_URL,
            "the cluster test needs PostgreSQL and Redis: set TEST_DATABASE_URL and TEST_REDIS_URL")
    with Processes(request, tmp_path) as processes:
        database_url = create_database_on(TEST_DATABASE_URL, processes)
        env = app_env(tmp_path, database_url, TEST_REDIS_URL, channel=f"zorgbod-cluster-{uuid.uuid4().hex}")
        migrate_and_seed(env, tmp_path)
        web1, web2 = start_web(processes, "web1", env), start_web(processes, "web2", env)
        scheduler = start_scheduler(processes, env)
        for web in (web1, web2):
            wait_healthy(web)
        wait_scheduler(scheduler)
        yield SimpleNamespace(web1=web1, web2=web2, scheduler=scheduler)


@pytest.fixture
def live(request):
    """Factory: a LiveView on a web process as a user; all are closed when the test ends."""
    views = []

    def open_view(web, token) -> LiveView:
        view = LiveView(web.url, token)
        views.append(view)
        return view
    yield open_view
    for view in views:
        view.close()


def ladder_of(standings: dict) -> list[tuple[int, bool]]:
    return [(entry["price_cents"], entry["mine"]) for entry in standings["ladder"]]


def offers_by_name(standings_or_offers: list[dict]) -> dict[str, int]:
    return {offer["provider"]["name"]: offer["price_cents"] for offer in standings_or_offers}


def test_live_bidding_across_two_web_processes_survives_losing_one(cluster, live):
    api = Api(cluster.web2.url)
    consultant, a_token, b_token = api.token(CONSULTANT), api.token(AANBIEDER1), api.token(AANBIEDER2)
    request_id, closes_at = publish_window(api, consultant, seconds=WINDOW_SECONDS)

    # A watches through web process 1; B and the consultant through web process 2.
    a = live(cluster.web1, a_token)
    b, consultant_view = live(cluster.web2, b_token), live(cluster.web2, consultant)
    for view in (a, b, consultant_view):
        assert view.join(request_id)["status"] == "open"

    # A's bid on process 1 reaches process 2: B sees an anonymous price, the consultant a name.
    a_bid = a.bid(request_id, 120000)
    b_sees = b.wait_for_standings(lambda s: s["seq"] >= a_bid["seq"])
    assert ladder_of(b_sees) == [(120000, False)]
    assert b_sees["my_price_cents"] is None
    assert A_NAME not in json.dumps(b_sees) and "provider" not in json.dumps(b_sees)
    consultant_sees = consultant_view.wait_for_standings(lambda s: s["seq"] >= a_bid["seq"])
    assert offers_by_name(consultant_sees["offers"]) == {A_NAME: 120000}

    # Web process 1 dies mid-window; A comes back through process 2 and finds its own offer.
    cluster.web1.kill()
    eventually(lambda: not a.connected, 5, "A's socket noticing that web process 1 is gone")
    assert time.time() < closes_at.timestamp(), "the window closed before the outage; the test proved nothing"
    a_again = live(cluster.web2, a_token)
    rejoined = a_again.join(request_id)
    assert rejoined["seq"] >= a.last_seq
    assert rejoined["my_price_cents"] == 120000 and ladder_of(rejoined) == [(120000, True)]

    # B bids through process 2; A, now on process 2, sees it.
    b_bid = b.bid(request_id, 115000)
    a_sees = a_again.wait_for_standings(lambda s: s["seq"] >= b_bid["seq"])
    assert ladder_of(a_sees) == [(115000, False), (120000, True)]
    assert a_sees["my_rank"] == 2 and a_sees["best_price_cents"] == 115000

    # The scheduler process closes the window on time, and every viewer hears it.
    heard_at, closed = a_again.wait_closed(timeout=closes_at.timestamp() - time.time() + 5)
    assert closed == {"request_id": request_id, "status": "closed", "seq": closed["seq"]}
    lateness = heard_at - closes_at.timestamp()
    assert 0 <= lateness <= 2.0, f"closed {lateness:.2f} s after closes_at"
    for view in (b, consultant_view):
        assert view.wait_closed(timeout=2)[1]["status"] == "closed"
    assert api.request(consultant, request_id)["status"] == "closed"

    # Nothing was lost: the offers are exactly A's and B's final prices.
    offers = api.call("GET", f"/api/v1/requests/{request_id}/offers", consultant)
    assert offers.status_code == 200, offers.text
    assert offers_by_name(offers.json()["offers"]) == {A_NAME: 120000, B_NAME: 115000}

