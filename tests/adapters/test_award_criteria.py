"""Award criteria through the API and the pages: a request carries its weights (and bad weights
create nothing), the comparison scores every offer with its provider's record, and the award
needs a motivation when the chosen offer is not first by score, even when it is the cheapest.

The scored request: maximum € 1.500, floor € 600, weights price 50 and record 50.
  Zorg Een  € 1.050: price 50 -> 25 points; record (five starts on time, satisfaction 5.0) 100 -> 50; total 75.0
  Zorg Twee € 690:   price 90 -> 45 points; new provider 50 -> 25;                              total 70.0
  Zorg Drie € 1.000: price 55.6 -> 27.8;   new provider 50 -> 25;                             total 52.8
Zorg Twee is the cheapest and second by score."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import Request
from tests.support.forms import request_count
from tests.support.history import add_assignment, ids
from tests.support.steps import close, html, logged_in
from tests.support.world import request_payload

WEIGHTS = {"price": 50, "start_date": 0, "approach": 0, "record": 50}


@pytest.fixture
def een_has_a_record(app, clock):
    """Five assignments of Zorg Een in Lelystad, each started on the offered day, each with a
    survey mean of 5.0: not new, and the best record there is."""
    today = clock.now.date()
    with app.app_context():
        lelystad, een = ids(db.session, "Lelystad", "Zorg Een")
        for n in range(5):
            awarded = today - timedelta(days=200 - 20 * n)
            add_assignment(db.session, lelystad, een, awarded_on=awarded, offered=awarded + timedelta(days=7),
                           started_on=awarded + timedelta(days=7), survey_mean=5.0)
        db.session.commit()


@pytest.fixture
def scored(app, api, clock, open_request, bid, een_has_a_record):
    """The scored request of this module's docstring, closed; returns (request id, {name: bid id})."""
    request_id = open_request(award_criteria=WEIGHTS)
    bids = {name: bid(request_id, who, price).get_json()["bid"]["id"]
            for name, who, price in (("Zorg Een", "aanbieder1", 105000), ("Zorg Twee", "aanbieder2", 69000),
                                     ("Zorg Drie", "aanbieder3", 100000))}
    assert close(app, clock, request_id).result == "done"
    return request_id, bids


def offers_by_name(api, request_id, who="consulent") -> dict:
    resp = api.get(f"/api/v1/requests/{request_id}/offers", as_=who)
    assert resp.status_code == 200, resp.get_json()
    return {o["provider"]["name"]: o for o in resp.get_json()["offers"]}


def choose(api, request_id, bid_id):
    resp = api.post(f"/api/v1/requests/{request_id}/choice", {"bid_id": bid_id, "on_behalf_of_client": True},
                    as_="consulent")
    assert resp.status_code == 200, resp.get_json()


def status_of(app, request_id) -> tuple:
    with app.app_context():
        request = db.session.get(Request, request_id)
        return request.status, request.awarded_bid_id, request.award_motivation


# --- the request's weights ----------------------------------------------------------------

def test_a_request_keeps_its_award_criteria_with_every_criterion(api, new_request):
    request_id = new_request(award_criteria={"price": 70, "approach": 30})
    body = api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()
    assert body["award_criteria"] == {"price": 70, "start_date": 0, "approach": 30, "record": 0}
    assert api.get(f"/api/v1/requests/{new_request()}", as_="consulent").get_json()["award_criteria"] is None


@pytest.mark.parametrize("criteria, field", [
    ({"price": 60, "start_date": 10, "approach": 20}, "award_criteria"),  # 90
    ({"price": 60, "start_date": 10, "approach": 20, "record": 20}, "award_criteria"),  # 110
    ({"price": 100, "kwaliteit": 0}, "award_criteria.kwaliteit"),
    ({"price": 99.5, "record": 0.5}, "award_criteria.price"),
    ({"price": "100"}, "award_criteria.price"),
    ("price", "award_criteria"),
])
def test_weights_that_do_not_sum_to_100_create_nothing(app, api, clock, criteria, field):
    before = request_count(app)
    resp = api.post("/api/v1/requests", request_payload(clock.now, award_criteria=criteria), as_="consulent")
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"]
    assert request_count(app) == before


# --- the comparison -----------------------------------------------------------------------

def test_the_comparison_scores_every_offer_and_says_what_the_score_is_made_of(api, scored):
    request_id, _bids = scored
    offers = offers_by_name(api, request_id)
    assert {name: (o["score"], o["score_rank"]) for name, o in offers.items()} == {
        "Zorg Een": (75.0, 1), "Zorg Twee": (70.0, 2), "Zorg Drie": (52.8, 3)}
    een = offers["Zorg Een"]["score_detail"]
    assert een["complete"] and een["parts"]["price"] == {"weight": 50, "score": 50.0, "points": 25.0}
    assert een["parts"]["record"] == {"weight": 50, "score": 100.0, "points": 50.0}
    assert offers["Zorg Een"]["record"]["assignments"] == 5 and not offers["Zorg Een"]["record"]["new_provider"]
    assert offers["Zorg Twee"]["record"]["new_provider"] is True
    # The client's comparison carries the same record and score.
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    api.use_token("client", api.post("/api/v1/tokens", {"client_code": code}).get_json()["token"])
    seen = offers_by_name(api, request_id, who="client")
    assert {n: (o["score"], o["record"]) for n, o in seen.items()} == {
        n: (o["score"], o["record"]) for n, o in offers.items()}


def test_an_approach_not_yet_assessed_makes_the_score_provisional(api, clock, app, open_request, bid):
    request_id = open_request(award_criteria={"price": 80, "approach": 20})
    bid_id = bid(request_id, "aanbieder1", 105000).get_json()["bid"]["id"]
    close(app, clock, request_id)
    offer = offers_by_name(api, request_id)["Zorg Een"]
    assert (offer["score"], offer["score_detail"]["complete"], offer["score_detail"]["missing"]) == (
        50.0, False, ["approach"])  # 0.8 x 50 + 0.2 x 50
    assert api.post(f"/api/v1/requests/{request_id}/offers/{bid_id}/assessment", {"approach": 5},
                    as_="consulent").status_code == 200
    offer = offers_by_name(api, request_id)["Zorg Een"]
    assert (offer["score"], offer["score_detail"]["complete"]) == (60.0, True)  # 40 + 0.2 x 100


# --- the award's motivation rule ----------------------------------------------------------

def test_awarding_the_second_best_score_needs_a_motivation_even_when_it_is_the_cheapest(app, api, scored):
    request_id, bids = scored
    choose(api, request_id, bids["Zorg Twee"])
    before = status_of(app, request_id)
    refused = api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": bids["Zorg Twee"]}, as_="consulent")
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["code"] == "motivation_required" and "niet de eerste op score" in error["message"]
    assert (error["score"], error["best_score"], error["lowest_price_cents"]) == (70.0, 75.0, 69000)
    assert status_of(app, request_id) == before == ("chosen", None, None)
    resp = api.post(f"/api/v1/requests/{request_id}/award",
                    {"bid_id": bids["Zorg Twee"], "motivation": "De cliënt wil deze begeleider."}, as_="consulent")
    assert resp.status_code == 200 and resp.get_json()["status"] == "awarded"
    assert status_of(app, request_id) == ("awarded", bids["Zorg Twee"], "De cliënt wil deze begeleider.")


def test_awarding_the_best_score_needs_no_motivation_though_it_is_not_the_cheapest(app, api, scored):
    request_id, bids = scored
    choose(api, request_id, bids["Zorg Een"])
    resp = api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": bids["Zorg Een"]}, as_="consulent")
    assert resp.status_code == 200
    assert status_of(app, request_id) == ("awarded", bids["Zorg Een"], None)


def test_without_criteria_the_rule_stays_by_price(app, api, clock, open_request, bid, een_has_a_record):
    request_id = open_request()
    een = bid(request_id, "aanbieder1", 105000).get_json()["bid"]["id"]
    bid(request_id, "aanbieder2", 69000)
    close(app, clock, request_id)
    choose(api, request_id, een)
    refused = api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": een}, as_="consulent")
    assert refused.status_code == 422
    assert refused.get_json()["error"] == {
        "code": "motivation_required", "lowest_price_cents": 69000,
        "message": "Deze aanbieding is niet de goedkoopste: schrijf op waarom ze toch de beste keuze is."}


# --- the pages ----------------------------------------------------------------------------

def test_the_new_request_form_takes_weights(app, form_data):
    browser = logged_in(app)
    resp = browser.post("/consulent/aanvragen/nieuw", data=form_data(
        weight_price="60", weight_start_date="10", weight_approach="20", weight_record="10"))
    assert resp.status_code == 302
    request_id = int(resp.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        assert db.session.get(Request, request_id).award_criteria == {
            "price": 60, "start_date": 10, "approach": 20, "record": 10}
    page = html(browser.get(f"/consulent/aanvragen/{request_id}"))
    assert "prijs 60, startdatum 10, plan van aanpak 20, ervaring in de gemeente 10" in page


def test_the_new_request_form_without_weights_is_price_only(app, form_data):
    browser = logged_in(app)
    resp = browser.post("/consulent/aanvragen/nieuw", data=form_data())
    with app.app_context():
        assert db.session.get(Request, int(resp.headers["Location"].rsplit("/", 1)[1])).award_criteria is None


@pytest.mark.parametrize("weights, message", [
    ({"weight_price": "60", "weight_record": "30"}, "De gewichten moeten samen 100 zijn; nu is het 90."),
    ({"weight_price": "150", "weight_record": "-50"}, "Moet een geheel getal van 0 tot en met 100 zijn."),
    ({"weight_price": "zestig"}, "Vul een heel getal in, zonder punten of komma&#39;s."),
])
def test_bad_weights_on_the_form_are_said_in_dutch_and_create_nothing(app, form_data, weights, message):
    browser = logged_in(app)
    before = request_count(app)
    resp = browser.post("/consulent/aanvragen/nieuw", data=form_data(**weights))
    assert resp.status_code == 422 and message in html(resp)
    assert request_count(app) == before


def test_the_consultants_comparison_shows_records_scores_and_the_formula(app, scored):
    request_id, _bids = scored
    page = html(logged_in(app).get(f"/consulent/aanvragen/{request_id}"))
    assert "Ervaring en score per aanbieding" in page and "Zo wordt de score berekend" in page
    assert "Score: 75,0 van 100" in page and "Score: 52,8 van 100" in page
    assert "5,0 uit 5 antwoorden (schaal 1 tot 5)" in page        # a rate with its count
    assert "100%: 5 van de 5 keer" in page                       # started on time
    assert "Nieuwe aanbieder" in page
    # Best score first beside the comparison.
    assert page.index('id="offer-quality-title-') < page.index("Zorg Een</h3>") < page.index("Zorg Twee</h3>")


def test_the_consultant_assesses_on_the_page(app, scored):
    request_id, bids = scored
    browser = logged_in(app)
    field = f"offer-{bids['Zorg Drie']}-approach"
    assert f'name="{field}"' in html(browser.get(f"/consulent/aanvragen/{request_id}"))
    resp = browser.post(f"/consulent/aanvragen/{request_id}/aanbiedingen/{bids['Zorg Drie']}/beoordeling",
                        data={field: "4"}, follow_redirects=True)
    assert "De beoordeling van het plan van aanpak is opgeslagen." in html(resp)
    assert "Beoordeeld met de cliënt: 4 van 5." in html(resp)
    resp = browser.post(f"/consulent/aanvragen/{request_id}/aanbiedingen/{bids['Zorg Drie']}/beoordeling",
                        data={field: "9"}, follow_redirects=True)
    assert "Geef een geheel getal van 1 (zwak) tot en met 5 (sterk)." in html(resp)


def test_an_assessment_on_the_page_before_the_close_is_refused_in_words(app, open_request, bid):
    request_id = open_request(award_criteria=WEIGHTS)
    bid_id = bid(request_id, "aanbieder1", 105000).get_json()["bid"]["id"]
    resp = logged_in(app).post(f"/consulent/aanvragen/{request_id}/aanbiedingen/{bid_id}/beoordeling",
                               data={f"offer-{bid_id}-approach": "4"}, follow_redirects=True)
    assert "nadat het bieden is gesloten en vóór de gunning" in html(resp)


def test_on_the_page_the_second_best_score_is_awarded_only_with_a_motivation(app, api, scored):
    request_id, bids = scored
    choose(api, request_id, bids["Zorg Twee"])
    browser = logged_in(app)
    page = html(browser.get(f"/consulent/aanvragen/{request_id}"))
    assert "niet de hoogste score" in page and "de hoogste is 75,0" in page
    resp = browser.post(f"/consulent/aanvragen/{request_id}/gunnen", data={"bid_id": bids["Zorg Twee"]})
    assert resp.status_code == 422 and "niet de eerste op score" in html(resp)
    assert status_of(app, request_id)[0] == "chosen"
    resp = browser.post(f"/consulent/aanvragen/{request_id}/gunnen",
                        data={"bid_id": bids["Zorg Twee"], "motivation": "Kan eerder beginnen en past bij de cliënt."})
    assert resp.status_code == 302
    assert status_of(app, request_id)[:2] == ("awarded", bids["Zorg Twee"])


def test_the_clients_comparison_shows_each_record_in_plain_words(app, api, scored):
    request_id, _bids = scored
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    browser = app.test_client()
    assert browser.post("/client/", data={"code": code}).status_code == 302
    page = html(browser.get("/client/aanbiedingen"))
    assert "Gestart op de afgesproken datum: 5 van de 5 keer" in page
    assert "Hoe tevreden cliënten zijn: gemiddeld 5,0 van de 5 (5 cliënten gaven antwoord)" in page
    assert page.count("Nieuwe aanbieder: nog geen ervaringen in deze gemeente.") == 2
    # Figures only: nothing of another client's request or assignment.
    with app.app_context():
        others = db.session.scalars(sa.select(Request.reference).where(Request.reference.like("HIST-%"))).all()
    assert others and not any(reference in page for reference in others)
    assert not re.search(r"Eerdere ondersteuning", page)
