"""Outages for real: a web process and the scheduler process on a redis-server and a PostgreSQL
that the test starts on spare ports and then stops. While either is down a bid is refused with
503 service_unavailable (as JSON, never a 500, and nothing of it is kept) and /healthz names what
is down; when it returns, service resumes by itself, and every bid that was acknowledged is
in the offers after the close."""
import time
from types import SimpleNamespace

import pytest

from tests.support.processes import (
    AANBIEDER1,
    CONSULTANT,
    Api,
    LiveView,
    PostgresServer,
    Processes,
    RedisServer,
    app_env,
    eventually,
    health,
    migrate_and_seed,
    publish_window,
    require,
    start_scheduler,
    start_web,
    wait_healthy,
    wait_scheduler,
)

WINDOW_SECONDS = 15
A_NAME = "Zorg Samen B.V."


@pytest.fixture
def stack(request, tmp_path):
    """A private redis-server and PostgreSQL, a migrated and seeded database, one web process
    and the scheduler process on them."""
    for missing in (RedisServer.missing(), PostgresServer.missing()):
        require(missing is None, f"the fault test starts its own Redis and PostgreSQL: {missing}")
    with Processes(request, tmp_path) as processes:
        redis = RedisServer(processes)
        redis.start()
        postgres = PostgresServer(processes)
        postgres.init()
        postgres.start()
        env = app_env(tmp_path, postgres.create_database("zorgbod"), redis.url)
        migrate_and_seed(env, tmp_path)
        web = start_web(processes, "web", env)
        scheduler = start_scheduler(processes, env)
        wait_healthy(web)
        wait_scheduler(scheduler)
        yield SimpleNamespace(web=web, scheduler=scheduler, redis=redis, postgres=postgres)


@pytest.fixture
def consultant_view():
    views = []

    def open_view(url, token, request_id) -> LiveView:
        view = LiveView(url, token)
        view.join(request_id)
        views.append(view)
        return view
    yield open_view
    for view in views:
        view.close()


def health_becomes(url: str, status: int, timeout: float = 10.0) -> dict:
    """Poll /healthz until it answers `status`; its body."""
    def answered():
        response = health(url)
        return response.json() if response.status_code == status else None
    return eventually(answered, timeout, f"/healthz answering {status}")


def assert_refused_as_unavailable(response) -> None:
    assert response.status_code == 503, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "service_unavailable"


class Provider:
    """aanbieder1 bidding over the API on one request; remembers every bid acknowledged with 201."""

    def __init__(self, api: Api, request_id: int):
        self.api, self.request_id = api, request_id
        self.token = api.token(AANBIEDER1)
        self.accepted: list[int] = []

    def bid(self, price_cents: int):
        response = self.api.bid(self.token, self.request_id, price_cents)
        if response.status_code == 201:
            self.accepted.append(price_cents)
        return response

    @property
    def price(self) -> int | None:
        return self.api.request(self.token, self.request_id)["standings"]["my_price_cents"]


def test_bids_are_refused_while_a_dependency_is_down_and_taken_again_when_it_returns(stack, consultant_view):
    api = Api(stack.web.url)
    consultant = api.token(CONSULTANT)
    request_id, closes_at = publish_window(api, consultant, seconds=WINDOW_SECONDS)
    watching = consultant_view(stack.web.url, consultant, request_id)
    provider = Provider(api, request_id)
    bid = provider.bid
    assert bid(130000).status_code == 201

    # Redis goes away: bids are refused rather than taken without their broadcast.
    stack.redis.kill()
    assert health_becomes(stack.web.url, 503) == {"status": "unavailable", "database": "ok",
                                                   "message_queue": "down", "personal_data_scan": "ok"}
    assert_refused_as_unavailable(bid(129000))
    time.sleep(1.2)  # past the one second a health answer is remembered: a fresh check refuses too
    assert_refused_as_unavailable(bid(129000))

    # Redis returns on the same port: the same web process serves again, by itself.
    stack.redis.start()
    assert health_becomes(stack.web.url, 200)["message_queue"] == "ok"
    assert provider.price == 130000, "the bid refused during the outage was kept after all"
    taken = bid(128000)
    assert taken.status_code == 201, taken.text
    heard = watching.wait_for_standings(lambda s: s["seq"] >= taken.json()["standings"]["seq"])
    assert [o["price_cents"] for o in heard["offers"]] == [128000], "live delivery did not resume"

    # PostgreSQL goes away: a bid is a 503 as JSON, never a 500, and /healthz says so.
    stack.postgres.stop()
    assert_refused_as_unavailable(bid(127000))
    assert health_becomes(stack.web.url, 503) == {"status": "unavailable", "database": "down",
                                                   "message_queue": "ok", "personal_data_scan": "ok"}
    time.sleep(1.2)
    assert_refused_as_unavailable(bid(127000))

    # PostgreSQL returns: service resumes without restarting anything.
    stack.postgres.start()
    assert health_becomes(stack.web.url, 200)["database"] == "ok"
    assert provider.price == 128000
    taken = bid(127000)
    assert taken.status_code == 201, taken.text
    assert stack.web.alive and stack.scheduler.alive
    assert stack.web.log_text().count("Booting worker") == 1, "the web worker was restarted"
    assert time.time() < closes_at.timestamp(), "the outages outlasted the window; the test proved less"

    # The scheduler, through both outages, closes the window; every acknowledged bid is there.
    eventually(lambda: api.request(consultant, request_id)["status"] == "closed",
               closes_at.timestamp() - time.time() + 10, "the window closed by the scheduler",
               interval=0.25)
    offers = api.call("GET", f"/api/v1/requests/{request_id}/offers", consultant)
    assert offers.status_code == 200, offers.text
    [offer] = offers.json()["offers"]
    assert offer["provider"]["name"] == A_NAME
    assert (offer["price_cents"], offer["revision"]) == (provider.accepted[-1], len(provider.accepted)) == (127000, 3)


def test_a_close_during_a_redis_outage_still_reaches_every_viewer(stack, consultant_view):
    """The scheduler closes on time while Redis is away; the close is published when it returns."""
    api = Api(stack.web.url)
    consultant = api.token(CONSULTANT)
    request_id, closes_at = publish_window(api, consultant, seconds=6)
    watching = consultant_view(stack.web.url, consultant, request_id)
    assert Provider(api, request_id).bid(130000).status_code == 201
    stack.redis.kill()
    eventually(lambda: api.request(consultant, request_id)["status"] == "closed",
               closes_at.timestamp() - time.time() + 10, "the window closed by the scheduler", interval=0.25)
    assert watching.closed == [], "nothing can have travelled while Redis was down"
    stack.redis.start()
    arrived, closed = watching.wait_closed(timeout=10)
    assert closed == {"request_id": request_id, "status": "closed", "seq": closed["seq"]}
    final = watching.wait_for_standings(lambda s: s["status"] == "closed")
    assert [o["price_cents"] for o in final["offers"]] == [130000]
