"""Fixtures the page and API tests share: the consultant's new-request form as a person fills
it in, and requests carrying the client's full record at each step after the window (a draft,
chosen, awarded)."""
from datetime import timedelta

import pytest

from tests.support.client_records import CLIENT
from tests.support.forms import area_field, local_input
from tests.support.steps import close
from tests.support.world import request_payload


@pytest.fixture
def form_data(app, clock):
    """Factory: the new-request form as a consultant would fill it in."""
    area = area_field(app)

    def make(**overrides):
        data = {
            "category": "begeleiding_individueel",
            area: "midden",
            "region": "823",
            "start_date": (clock.now + timedelta(days=30)).date().isoformat(),
            "duration_weeks": "26",
            "max_price": "1.500,00",
            "floor_price": "600",
            "description": "Hulp bij administratie en dagstructuur.",
            "opens_at": local_input(clock.now),
            "closes_at": local_input(clock.now + timedelta(minutes=30)),
            "visibility": "open",
            "min_step": "1,00",
            "soft_close_seconds": "120",
            "max_extension_seconds": "1800",
            "client_name": "Truus Formulier",
            "client_bsn": "111222333",
            "client_address": "Teststraat 1, 8232 AA Lelystad",
            "client_phone": "06-11112222",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}
    return make


@pytest.fixture
def new_request(api, clock):
    """Factory: a draft request with the full client record; returns its id."""
    def make(as_="consulent", client=None, **overrides):
        body = request_payload(clock.now, client=client or dict(CLIENT), **overrides)
        resp = api.post("/api/v1/requests", body, as_=as_)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()["id"]
    return make


@pytest.fixture
def chosen_request(app, api, clock, open_request, bid):
    """Closed with two offers; the client chose Zorg Twee's (aanbieder2), not yet awarded."""
    def make(**overrides):
        request_id = open_request(client=dict(CLIENT), **overrides)
        bid(request_id, "aanbieder1", 105000)
        chosen = bid(request_id, "aanbieder2", 100000).get_json()["bid"]["id"]
        assert close(app, clock, request_id).result == "done"
        assert api.post(f"/api/v1/requests/{request_id}/choice", {"bid_id": chosen, "on_behalf_of_client": True},
                        as_="consulent").status_code == 200
        return request_id, chosen
    return make


@pytest.fixture
def awarded_request(api, chosen_request):
    """Awarded to Zorg Twee (aanbieder2); aanbieder1 lost."""
    def make(**overrides):
        request_id, chosen = chosen_request(**overrides)
        assert api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": chosen},
                        as_="consulent").status_code == 200
        return request_id
    return make
