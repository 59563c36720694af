"""After the window, over the API: client code, offers side by side, the client's choice,
the award with its motivation, and who sees the client's contact details."""
import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import AuditEvent
from tests.support.steps import close

pytestmark = pytest.mark.every_backend


@pytest.fixture
def closed_request(app, api, clock, open_request, bid):
    """Three offers: aanbieder2 cheapest (100000), aanbieder1 105000, aanbieder3 110000."""
    request_id = open_request()
    bid(request_id, "aanbieder1", 105000)
    bid(request_id, "aanbieder2", 100000)
    bid(request_id, "aanbieder3", 110000)
    assert close(app, clock, request_id).result == "done"
    return request_id


def bid_ids(api, request_id):
    offers = api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["offers"]
    return {o["provider"]["name"]: o["bid_id"] for o in offers}


def client_login(api, request_id):
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    resp = api.post("/api/v1/tokens", {"client_code": code})
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["role"] == "client" and body["request_id"] == request_id
    api.use_token("client", body["token"])
    return code


def test_the_whole_award_flow(api, closed_request):
    request_id = closed_request
    client_login(api, request_id)
    offers = api.get(f"/api/v1/requests/{request_id}/offers", as_="client").get_json()["offers"]
    assert [(o["provider"]["name"], o["price_cents"]) for o in offers] == [
        ("Zorg Twee", 100000), ("Zorg Een", 105000), ("Zorg Drie", 110000)]
    chosen = offers[1]["bid_id"]  # the client prefers Zorg Een's plan
    assert api.post(f"/api/v1/requests/{request_id}/choice", {"bid_id": chosen}, as_="client").status_code == 200
    refused = api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": chosen}, as_="consulent")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "motivation_required"
    resp = api.post(f"/api/v1/requests/{request_id}/award",
                    {"bid_id": chosen, "motivation": "Vaste begeleider dicht bij huis"}, as_="consulent")
    assert resp.get_json()["status"] == "awarded"

    winner = api.get(f"/api/v1/requests/{request_id}/award", as_="aanbieder1").get_json()
    assert winner["client"] == {"name": "Truus Testcliënt", "address": "Teststraat 1, 8232 AA Lelystad",
                                "phone": "06-11112222"}
    for loser in ("aanbieder2", "aanbieder3"):
        resp = api.get(f"/api/v1/requests/{request_id}/award", as_=loser)
        assert resp.status_code == 404
        assert "Truus" not in resp.get_data(as_text=True)
        view = api.get(f"/api/v1/requests/{request_id}", as_=loser).get_json()["standings"]
        assert view["outcome"] == "not_chosen"
    assert api.get(f"/api/v1/requests/{request_id}", as_="aanbieder1").get_json()["standings"]["outcome"] == "awarded"


def test_awarding_the_cheapest_needs_no_motivation(api, closed_request):
    ids = bid_ids(api, closed_request)
    api.post(f"/api/v1/requests/{closed_request}/choice",
             {"bid_id": ids["Zorg Twee"], "on_behalf_of_client": True}, as_="consulent")
    resp = api.post(f"/api/v1/requests/{closed_request}/award", {"bid_id": ids["Zorg Twee"]}, as_="consulent")
    assert resp.get_json()["status"] == "awarded"


def test_the_consultant_chooses_only_explicitly_on_behalf_of_the_client(api, closed_request):
    ids = bid_ids(api, closed_request)
    resp = api.post(f"/api/v1/requests/{closed_request}/choice", {"bid_id": ids["Zorg Een"]}, as_="consulent")
    assert resp.status_code == 422
    resp = api.post(f"/api/v1/requests/{closed_request}/choice",
                    {"bid_id": ids["Zorg Een"], "on_behalf_of_client": True}, as_="consulent")
    assert resp.get_json() == {"status": "chosen", "chosen_bid_id": ids["Zorg Een"]}


def test_only_the_chosen_offer_can_be_awarded(api, closed_request):
    ids = bid_ids(api, closed_request)
    resp = api.post(f"/api/v1/requests/{closed_request}/award", {"bid_id": ids["Zorg Twee"]}, as_="consulent")
    assert resp.get_json()["error"]["code"] == "invalid_state"  # nothing chosen yet
    api.post(f"/api/v1/requests/{closed_request}/choice",
             {"bid_id": ids["Zorg Een"], "on_behalf_of_client": True}, as_="consulent")
    resp = api.post(f"/api/v1/requests/{closed_request}/award", {"bid_id": ids["Zorg Twee"]}, as_="consulent")
    assert resp.status_code == 409
    assert resp.get_json()["error"]["code"] == "invalid_state"


def test_choice_of_a_bid_from_another_request_is_refused(api, closed_request, open_request, bid):
    other = open_request()
    other_bid = bid(other, "aanbieder1", 100000).get_json()["bid"]["id"]
    resp = api.post(f"/api/v1/requests/{closed_request}/choice",
                    {"bid_id": other_bid, "on_behalf_of_client": True}, as_="consulent")
    assert resp.status_code == 404
    resp = api.post(f"/api/v1/requests/{closed_request}/choice",
                    {"bid_id": "1", "on_behalf_of_client": True}, as_="consulent")
    assert resp.status_code == 422


def test_offers_wait_for_the_close_and_are_hidden_from_providers(api, open_request, bid, closed_request):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    assert api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["error"]["code"] == "invalid_state"
    assert api.get(f"/api/v1/requests/{closed_request}/offers", as_="aanbieder1").status_code == 404


def test_a_client_code_works_once(api, closed_request):
    code = client_login(api, closed_request)
    again = api.post("/api/v1/tokens", {"client_code": code})
    assert again.status_code == 401
    assert again.get_json()["error"]["code"] == "invalid_credentials"


def test_a_new_client_code_replaces_the_old_one(api, closed_request):
    old = api.post(f"/api/v1/requests/{closed_request}/client-code", as_="consulent").get_json()["code"]
    api.post(f"/api/v1/requests/{closed_request}/client-code", as_="consulent")
    assert api.post("/api/v1/tokens", {"client_code": old}).status_code == 401


def test_a_client_token_reaches_only_its_own_request(api, closed_request, open_request):
    other = open_request()
    client_login(api, closed_request)
    assert api.get(f"/api/v1/requests/{other}", as_="client").status_code == 404
    assert api.get(f"/api/v1/requests/{other}/offers", as_="client").status_code == 404
    assert api.post(f"/api/v1/requests/{closed_request}/award", {"bid_id": 1}, as_="client").status_code == 404
    listed = api.get("/api/v1/requests", as_="client").get_json()["requests"]
    assert [r["id"] for r in listed] == [closed_request]


def test_providers_cannot_make_client_codes(api, closed_request):
    assert api.post(f"/api/v1/requests/{closed_request}/client-code", as_="aanbieder1").status_code == 404


def test_no_offers_at_close_then_reopen_with_a_new_window(app, api, clock, open_request):
    request_id = open_request()
    close(app, clock, request_id)
    assert api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()["status"] == "no_offers"
    from datetime import timedelta
    resp = api.post(f"/api/v1/requests/{request_id}/reopen",
                    {"opens_at": clock.now.isoformat(), "closes_at": (clock.now + timedelta(hours=1)).isoformat()},
                    as_="consulent")
    assert resp.get_json()["status"] == "open"
    bad = api.post(f"/api/v1/requests/{request_id}/reopen",
                   {"opens_at": clock.now.isoformat(), "closes_at": clock.now.isoformat()}, as_="consulent")
    assert bad.status_code == 422


def test_reopen_only_after_no_offers(api, closed_request, clock):
    from datetime import timedelta
    resp = api.post(f"/api/v1/requests/{closed_request}/reopen",
                    {"opens_at": clock.now.isoformat(), "closes_at": (clock.now + timedelta(hours=1)).isoformat()},
                    as_="consulent")
    assert resp.get_json()["error"]["code"] == "invalid_state"


def test_state_changes_and_client_data_reads_are_audited(app, api, closed_request):
    ids = bid_ids(api, closed_request)
    api.post(f"/api/v1/requests/{closed_request}/choice",
             {"bid_id": ids["Zorg Twee"], "on_behalf_of_client": True}, as_="consulent")
    api.post(f"/api/v1/requests/{closed_request}/award", {"bid_id": ids["Zorg Twee"]}, as_="consulent")
    api.get(f"/api/v1/requests/{closed_request}/award", as_="aanbieder2")
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.request_id == closed_request).order_by(AuditEvent.id)).all()
    for action in ("request_created", "request_published", "window_opened", "bid_placed", "window_closed",
                   "offer_chosen", "request_awarded", "client_data_read"):
        assert action in actions
