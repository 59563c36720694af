"""Over the API: a provider's record (GET /api/v1/providers/<id>/record), the record beside
every offer in the comparison, and the consultant's assessment of an offer's plan of approach
(POST /api/v1/requests/<id>/offers/<bid_id>/assessment) with who may call them, and bad
input that changes nothing."""
from datetime import date

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import AuditEvent, OfferAssessment
from tests.support import admin
from tests.support.history import add_assignment, ids
from tests.support.steps import close

pytestmark = pytest.mark.every_backend

D = date.fromisoformat
CONTRACT_KEYS = {"assignments", "ended", "median_days_to_start", "started_on_time_rate", "results", "satisfaction",
                 "complaints_per_100", "new_provider"}


@pytest.fixture
def history(app):
    """Zorg Een in Lelystad: two started assignments (one on time, one four days late), two
    surveys (5 and 4), three review results (achieved, partly, not achieved), one complaint
    about it and one about the gemeente."""
    with app.app_context():
        lelystad, een = ids(db.session, "Lelystad", "Zorg Een")
        add_assignment(db.session, lelystad, een, awarded_on=D("2026-01-05"), offered=D("2026-01-12"),
                       started_on=D("2026-01-12"), outcomes=("achieved", "partly"), survey_mean=5.0,
                       complaints=("provider",))
        add_assignment(db.session, lelystad, een, awarded_on=D("2026-02-02"), offered=D("2026-02-09"),
                       started_on=D("2026-02-13"), outcomes=("not_achieved",), survey_mean=4.0,
                       complaints=("gemeente",))
        db.session.commit()
        return een


def organisation(app, name: str) -> int:
    with app.app_context():
        return ids(db.session, "Lelystad", name)[1]


def test_the_consultant_reads_a_providers_record_in_the_contracts_shape(api, history):
    resp = api.get(f"/api/v1/providers/{history}/record", as_="consulent")
    assert resp.status_code == 200
    body = resp.get_json()
    assert CONTRACT_KEYS <= set(body)
    assert body["assignments"] == 2 and body["ended"] == 0 and body["new_provider"] is True
    assert body["median_days_to_start"] == 9  # 7 and 11 days
    assert (body["started_on_time_rate"], body["started_on_time"]) == (0.5, {"on_time": 1, "due": 2})
    assert body["results"] == {"reviews": 3, "achieved_rate": 0.5}  # (1 + 0.5 + 0) / 3
    assert body["satisfaction"] == {"responses": 2, "mean": 4.5}
    assert (body["complaints"], body["complaints_per_100"]) == (1, 50.0)


def test_a_provider_without_assignments_has_nulls_and_is_new(app, api):
    body = api.get(f"/api/v1/providers/{organisation(app, 'Zorg Drie')}/record", as_="consulent").get_json()
    assert (body["assignments"], body["median_days_to_start"], body["started_on_time_rate"],
            body["satisfaction"], body["complaints_per_100"], body["new_provider"]) == (
        0, None, None, {"responses": 0, "mean": None}, None, True)


@pytest.mark.parametrize("who, name, status", [
    ("consulent", "Zorg Vier", 200),
    ("consulent_dronten", "Zorg Vier", 200),   # Dronten approved Zorg Vier
    ("consulent_dronten", "Zorg Een", 404),    # ... and not Zorg Een
    ("consulent", "Zorg Vijf", 404),           # never approved by anyone
    ("aanbieder1", "Zorg Een", 404),           # providers, its own organisation too
    ("aanbieder2", "Zorg Een", 404),
    (None, "Zorg Een", 401),
])
def test_only_a_consultant_of_a_gemeente_that_approved_the_organisation_reads_the_record(
        app, api, who, name, status):
    resp = api.get(f"/api/v1/providers/{organisation(app, name)}/record", as_=who)
    assert resp.status_code == status
    if status != 200:
        assert resp.get_json()["error"]["code"] == ("unauthorized" if status == 401 else "not_found")


def test_a_beheerder_and_a_client_get_404_for_a_record(app, api, open_request):
    admin.add_admins(app)
    admin.api_login(api, "beheer")
    assert api.get(f"/api/v1/providers/{organisation(app, 'Zorg Een')}/record", as_="beheer").status_code == 404
    request_id = open_request()
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    api.use_token("client", api.post("/api/v1/tokens", {"client_code": code}).get_json()["token"])
    assert api.get(f"/api/v1/providers/{organisation(app, 'Zorg Een')}/record", as_="client").status_code == 404


@pytest.mark.parametrize("organisation_id", [999_999, 2**31 - 1, 2**40])
def test_an_unknown_organisation_is_404(api, organisation_id):
    assert api.get(f"/api/v1/providers/{organisation_id}/record", as_="consulent").status_code == 404


# --- the comparison and the assessment ------------------------------------------------------------

@pytest.fixture
def two_offers(api, open_request, bid):
    """An open request with offers from Zorg Een and Zorg Twee; returns (request id, {name: bid id})."""
    request_id = open_request()
    bids = {name: bid(request_id, who, price).get_json()["bid"]["id"]
            for name, who, price in (("Zorg Een", "aanbieder1", 105000), ("Zorg Twee", "aanbieder2", 100000))}
    return request_id, bids


def assessment_state(app, request_id):
    with app.app_context():
        rows = db.session.execute(sa.select(OfferAssessment.bid_id, OfferAssessment.approach)
                                  .where(OfferAssessment.request_id == request_id)).all()
        events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                   .where(AuditEvent.request_id == request_id))
        return sorted(rows), events


def assess(api, request_id, bid_id, body, who="consulent"):
    return api.post(f"/api/v1/requests/{request_id}/offers/{bid_id}/assessment", body, as_=who)


def test_each_offer_in_the_comparison_carries_its_providers_record(app, api, clock, history, two_offers):
    request_id, bids = two_offers
    close(app, clock, request_id)
    offers = {o["provider"]["name"]: o for o in
              api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["offers"]}
    assert offers["Zorg Een"]["record"]["satisfaction"] == {"responses": 2, "mean": 4.5}
    assert offers["Zorg Twee"]["record"]["new_provider"] is True
    assert all("score" not in o and o["approach_assessment"] is None for o in offers.values())  # price only


def test_the_consultant_assesses_an_offers_approach_after_the_close_and_again(app, api, clock, two_offers):
    request_id, bids = two_offers
    close(app, clock, request_id)
    resp = assess(api, request_id, bids["Zorg Een"], {"approach": 4})
    assert resp.status_code == 200
    assert resp.get_json() == {"request_id": request_id, "bid_id": bids["Zorg Een"], "approach": 4}
    assert assess(api, request_id, bids["Zorg Een"], {"approach": 2.0}).status_code == 200
    assert assessment_state(app, request_id)[0] == [(bids["Zorg Een"], 2)]
    offers = {o["bid_id"]: o for o in
              api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["offers"]}
    assert (offers[bids["Zorg Een"]]["approach_assessment"], offers[bids["Zorg Twee"]]["approach_assessment"]) == (
        2, None)
    with app.app_context():
        details = [e.details for e in db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "offer_assessed").order_by(AuditEvent.id))]
    assert details == [{"bid_id": bids["Zorg Een"], "approach": 4, "previous_approach": None},
                       {"bid_id": bids["Zorg Een"], "approach": 2, "previous_approach": 4}]


def test_an_assessment_before_the_close_is_invalid_state_and_changes_nothing(app, api, two_offers):
    request_id, bids = two_offers
    before = assessment_state(app, request_id)
    resp = assess(api, request_id, bids["Zorg Een"], {"approach": 4})
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "invalid_state"
    assert assessment_state(app, request_id) == before


def test_an_assessment_after_the_award_is_invalid_state(app, api, clock, two_offers):
    request_id, bids = two_offers
    close(app, clock, request_id)
    api.post(f"/api/v1/requests/{request_id}/choice", {"bid_id": bids["Zorg Twee"], "on_behalf_of_client": True},
             as_="consulent")
    assert api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": bids["Zorg Twee"]},
                    as_="consulent").status_code == 200
    before = assessment_state(app, request_id)
    resp = assess(api, request_id, bids["Zorg Een"], {"approach": 4})
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "invalid_state"
    assert assessment_state(app, request_id) == before


def test_another_requests_offer_is_404_and_changes_nothing(app, api, clock, open_request, bid, two_offers):
    request_id, bids = two_offers
    other = open_request()
    other_bid = bid(other, "aanbieder3", 100000).get_json()["bid"]["id"]
    close(app, clock, request_id)
    before = assessment_state(app, request_id)
    for bid_id in (other_bid, 999_999):
        resp = assess(api, request_id, bid_id, {"approach": 3})
        assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"
    assert assessment_state(app, request_id) == before


@pytest.mark.parametrize("body", [{}, {"approach": 0}, {"approach": 6}, {"approach": "3"}, {"approach": 3.5},
                                  {"approach": True}, {"approach": None}, {"approach": [3]}])
def test_an_approach_outside_1_to_5_is_a_validation_error(app, api, clock, two_offers, body):
    request_id, bids = two_offers
    close(app, clock, request_id)
    before = assessment_state(app, request_id)
    resp = assess(api, request_id, bids["Zorg Een"], body)
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "validation_error" and "approach" in resp.get_json()["error"]["fields"]
    assert assessment_state(app, request_id) == before


@pytest.mark.parametrize("who, status", [("aanbieder1", 404), ("aanbieder3", 404), ("consulent_dronten", 404),
                                         ("beheer", 404), (None, 401)])
def test_only_the_gemeentes_consultant_assesses(app, api, clock, two_offers, who, status):
    request_id, bids = two_offers
    close(app, clock, request_id)
    if who == "beheer":
        admin.add_admins(app)
        admin.api_login(api, "beheer")
    before = assessment_state(app, request_id)
    assert assess(api, request_id, bids["Zorg Een"], {"approach": 5}, who=who).status_code == status
    assert assessment_state(app, request_id) == before


def test_the_client_cannot_assess(app, api, clock, two_offers):
    request_id, bids = two_offers
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    api.use_token("client", api.post("/api/v1/tokens", {"client_code": code}).get_json()["token"])
    close(app, clock, request_id)
    assert assess(api, request_id, bids["Zorg Een"], {"approach": 5}, who="client").status_code == 404
