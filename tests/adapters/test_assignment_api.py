"""The assignment over JSON (CONTRACT.md "After award"): every operation, who may call it
(everyone else, a beheerder included: 404; no token 401), and the bad input of the issue answered with
the contract's error JSON and nothing changed. The rules themselves are proven in
domain/test_assignment_*.py; here the translation to HTTP. The client's survey:
test_survey_api.py."""
import pytest

from tests.support.assignment_api import (
    ANSWERS,
    LOSER,
    WINNER,
    admin_token,
    advance,
    day,
    error,
    scan_with_patterns_only,
    starting,
    today,
    unchanged,
    url,
)


@pytest.fixture(autouse=True)
def patterns_only(monkeypatch):
    scan_with_patterns_only(monkeypatch)


@pytest.fixture
def admin(app, api):
    return admin_token(app, api)


@pytest.fixture
def started(api, clock, awarded_request):
    return starting(api, clock, awarded_request)


# --- reading ----------------------------------------------------------------------------------

def test_the_consultant_and_the_winner_read_the_assignment_and_nobody_else(api, awarded_request, admin):
    request_id = awarded_request()
    body = api.get(url(request_id), as_="consulent").get_json()
    assert (body["status"], body["provider"]["name"], body["price_cents"]) == ("awarded", "Zorg Twee", 100000)
    assert body["reviews"] == [] and body["complaints"] == [] and body["survey"]["submitted"] is False
    own = api.get(url(request_id), as_=WINNER)
    assert own.status_code == 200 and "follow_up_request_id" not in own.get_json()
    error(api.get(url(request_id)), 401, "unauthorized")
    for who in (LOSER, "aanbieder3", "aanbieder5", "consulent_dronten"):
        error(api.get(url(request_id), as_=who), 404, "not_found")
    error(api.get(url(request_id), as_=admin), 404, "not_found")


def test_before_the_award_there_is_no_assignment(api, open_request):
    request_id = open_request()
    error(api.get(url(request_id), as_="consulent"), 409, "invalid_state")
    error(api.get(url(request_id), as_="aanbieder1"), 404, "not_found")
    error(api.get(url(999999), as_="consulent"), 404, "not_found")


# --- the start --------------------------------------------------------------------------------

def test_the_winner_confirms_the_start_once(app, api, clock, awarded_request):
    request_id = awarded_request()
    resp = api.post(url(request_id, "/start"), {"started_on": today(clock)}, as_=WINNER)
    assert resp.status_code == 200
    body = resp.get_json()
    assert (body["status"], body["started_on"]) == ("started", today(clock))
    assert body["next_review_on"] == day(clock, 7 * 12)
    before = unchanged(app, request_id)
    error(api.post(url(request_id, "/start"), {"started_on": today(clock)}, as_="consulent"), 409, "invalid_state")
    assert unchanged(app, request_id) == before


def test_only_the_winner_or_a_consultant_of_the_gemeente_may_start(app, api, clock, awarded_request, admin):
    request_id = awarded_request()
    body = {"started_on": today(clock)}
    error(api.post(url(request_id, "/start"), body), 401, "unauthorized")
    for who in (LOSER, "aanbieder3", "consulent_dronten"):
        error(api.post(url(request_id, "/start"), body, as_=who), 404, "not_found")
    error(api.post(url(request_id, "/start"), body, as_=admin), 404, "not_found")
    assert api.get(url(request_id), as_="consulent").get_json()["status"] == "awarded"


@pytest.mark.parametrize("body, field", [
    ({"started_on": "YESTERDAY"}, "started_on"),
    ({"started_on": 20270101}, "started_on"),
    ({}, "started_on"),
    ({"started_on": "TODAY", "zrm": {"financien": 9}}, "zrm.financien"),
])
def test_a_start_that_is_no_date_or_with_bad_zrm_is_a_validation_error(app, api, clock, awarded_request, body, field):
    request_id = awarded_request()
    body = {k: today(clock) if v == "TODAY" else v for k, v in body.items()}
    before = unchanged(app, request_id)
    assert field in error(api.post(url(request_id, "/start"), body, as_="consulent"), 422,
                          "validation_error")["fields"]
    assert unchanged(app, request_id) == before


def test_a_start_before_the_award_or_ahead_of_today_is_refused(app, api, clock, awarded_request):
    request_id = awarded_request()
    before = unchanged(app, request_id)
    for started_on in (day(clock, -1), day(clock, 1)):
        fields = error(api.post(url(request_id, "/start"), {"started_on": started_on}, as_=WINNER), 422,
                       "validation_error")["fields"]
        assert set(fields) == {"started_on"}
    assert unchanged(app, request_id) == before


def test_a_body_that_is_not_json_is_a_validation_error(api, awarded_request):
    request_id = awarded_request()
    resp = api.client.post(url(request_id, "/start"), data="{nope", headers={**api.headers(WINNER),
                                                                               "Content-Type": "application/json"})
    error(resp, 422, "validation_error")


# --- reviews and their frequency --------------------------------------------------------------

def test_a_review_is_recorded_and_read_back_with_its_zrm_change(api, clock, awarded_request):
    request_id = awarded_request()
    assert api.post(url(request_id, "/start"), {"started_on": today(clock), "zrm": {"financien": 2}},
                    as_="consulent").status_code == 200
    advance(api, clock, 14)
    resp = api.post(url(request_id, "/reviews"), {
        "reviewed_on": today(clock), "results": [{"code": "administratie_financien", "outcome": "partly"}],
        "zrm": {"financien": 3}, "note": "Post wordt wekelijks geopend."}, as_="consulent")
    assert resp.status_code == 201, resp.get_json()
    review = resp.get_json()["reviews"][-1]
    assert review["results"] == [{"code": "administratie_financien", "outcome": "partly"}]
    assert (review["zrm"], review["zrm_change"]) == ({"financien": 3}, {"financien": 1})
    # The winner sees the outcome, not the note or the scores.
    own = api.get(url(request_id), as_=WINNER).get_json()["reviews"]
    assert own == [{"id": review["id"], "reviewed_on": today(clock), "kind": "review", "results": review["results"]}]


def test_a_review_for_a_result_area_the_request_does_not_have_is_refused(app, api, clock, started):
    request_id = started()
    before = unchanged(app, request_id)
    body = error(api.post(url(request_id, "/reviews"), {
        "reviewed_on": today(clock), "results": [{"code": "administratie_financien", "outcome": "achieved"},
                                                 {"code": "huishoudelijke_hulp", "outcome": "achieved"}]},
        as_="consulent"), 422, "validation_error")
    assert "huishoudelijke_hulp" in body["fields"]["results"]
    assert unchanged(app, request_id) == before


@pytest.mark.parametrize("score", [0, 6, -1, "5", 2.5, None])
def test_zrm_scores_out_of_1_to_5_are_refused(app, api, clock, started, score):
    request_id = started()
    before = unchanged(app, request_id)
    body = {"reviewed_on": today(clock), "results": [{"code": "administratie_financien", "outcome": "achieved"}],
            "zrm": {"financien": score}}
    assert "zrm.financien" in error(api.post(url(request_id, "/reviews"), body, as_="consulent"), 422,
                                    "validation_error")["fields"]
    assert unchanged(app, request_id) == before


def test_a_review_before_the_start_is_refused(app, api, clock, awarded_request):
    request_id = awarded_request()
    before = unchanged(app, request_id)
    body = {"reviewed_on": today(clock), "results": [{"code": "administratie_financien", "outcome": "achieved"}]}
    error(api.post(url(request_id, "/reviews"), body, as_="consulent"), 409, "invalid_state")
    assert unchanged(app, request_id) == before


def test_only_a_consultant_of_the_gemeente_reviews_and_sets_the_frequency(api, clock, started, admin):
    request_id = started()
    review = {"reviewed_on": today(clock), "results": [{"code": "administratie_financien", "outcome": "achieved"}]}
    for who in (WINNER, LOSER, "consulent_dronten"):
        error(api.post(url(request_id, "/reviews"), review, as_=who), 404, "not_found")
        error(api.client.put(url(request_id, "/review-frequency"), json={"review_every_weeks": 4},
                             headers=api.headers(who)), 404, "not_found")
    error(api.post(url(request_id, "/reviews"), review, as_=admin), 404, "not_found")
    error(api.post(url(request_id, "/reviews"), review), 401, "unauthorized")


def test_the_review_frequency(app, api, clock, started):
    request_id = started()
    resp = api.client.put(url(request_id, "/review-frequency"), json={"review_every_weeks": 4},
                          headers=api.headers("consulent"))
    assert resp.status_code == 200
    assert (resp.get_json()["review_every_weeks"], resp.get_json()["next_review_on"]) == (4, day(clock, 28))
    before = unchanged(app, request_id)
    for weeks in (0, 105, "4", None):
        error(api.client.put(url(request_id, "/review-frequency"), json={"review_every_weeks": weeks},
                             headers=api.headers("consulent")), 422, "validation_error")
    assert unchanged(app, request_id) == before


# --- complaints -------------------------------------------------------------------------------

def test_a_complaint_is_registered_and_resolved_once(app, api, clock, started):
    request_id = started()
    resp = api.post(url(request_id, "/complaints"), {"received_on": today(clock), "about": "provider",
                                                     "summary": "Begeleider kwam niet opdagen."}, as_="consulent")
    assert resp.status_code == 201 and resp.get_json()["complaint_number"] == 1
    resolved = api.post(url(request_id, "/complaints/1/resolve"), {"resolved_on": today(clock),
                                                                   "resolution": "Excuses en vaste vervanger."},
                        as_="consulent")
    assert resolved.status_code == 200
    assert resolved.get_json()["complaints"][0]["resolution"] == "Excuses en vaste vervanger."
    # The winner sees that there was a complaint about it and that it was resolved, not the texts.
    assert api.get(url(request_id), as_=WINNER).get_json()["complaints"] == [
        {"number": 1, "received_on": today(clock), "about": "provider", "resolved_on": today(clock)}]
    before = unchanged(app, request_id)
    error(api.post(url(request_id, "/complaints/1/resolve"), {"resolved_on": today(clock), "resolution": "Weer."},
                   as_="consulent"), 409, "invalid_state")
    error(api.post(url(request_id, "/complaints/7/resolve"), {"resolved_on": today(clock), "resolution": "Nee."},
                   as_="consulent"), 404, "not_found")
    error(api.post(url(request_id, "/complaints/99999999999/resolve"), {"resolved_on": today(clock),
                                                                        "resolution": "Nee."}, as_="consulent"),
          404, "not_found")
    assert unchanged(app, request_id) == before


def test_complaints_are_the_consultants_and_bad_ones_are_refused(app, api, clock, started, admin):
    request_id = started()
    good = {"received_on": today(clock), "about": "gemeente", "summary": "Lang gewacht."}
    for who in (WINNER, "consulent_dronten"):
        error(api.post(url(request_id, "/complaints"), good, as_=who), 404, "not_found")
    error(api.post(url(request_id, "/complaints"), good, as_=admin), 404, "not_found")
    before = unchanged(app, request_id)
    for bad, field in (({**good, "about": "buren"}, "about"), ({**good, "summary": ""}, "summary"),
                       ({**good, "received_on": day(clock, -3)}, "received_on"),
                       ({**good, "received_on": day(clock, 3)}, "received_on")):
        assert field in error(api.post(url(request_id, "/complaints"), bad, as_="consulent"), 422,
                              "validation_error")["fields"]
    assert unchanged(app, request_id) == before


# --- the end and switching provider -------------------------------------------------------------

def test_an_end_before_the_start_is_refused(app, api, clock, awarded_request):
    request_id = awarded_request()
    advance(api, clock, 5)
    assert api.post(url(request_id, "/start"), {"started_on": today(clock)}, as_=WINNER).status_code == 200
    before = unchanged(app, request_id)
    body = error(api.post(url(request_id, "/end"), {"ended_on": day(clock, -2), "reason": "moved"},
                          as_="consulent"), 422, "validation_error")
    assert set(body["fields"]) == {"ended_on"}
    error(api.post(url(request_id, "/end"), {"ended_on": today(clock), "reason": "bored"}, as_="consulent"),
          422, "validation_error")
    error(api.post(url(request_id, "/end"), {"ended_on": today(clock), "reason": "moved"}, as_=WINNER),
          404, "not_found")
    assert unchanged(app, request_id) == before


def test_a_switch_on_an_assignment_that_has_not_started_is_refused(app, api, clock, awarded_request):
    request_id = awarded_request()
    before = unchanged(app, request_id)
    error(api.post(url(request_id, "/end"), {"ended_on": today(clock), "reason": "switch_provider"},
                   as_="consulent"), 409, "invalid_state")
    assert unchanged(app, request_id) == before


def test_switching_provider_end_to_end(app, api, clock, bid, awarded_request):
    """Award -> start -> end with switch_provider -> a draft for the same need, which the consultant
    publishes as usual and other providers bid on; the old provider is excluded from it."""
    request_id = awarded_request(result_areas=[{"code": "administratie_financien", "complexity": "midden"},
                                               {"code": "sociaal_netwerk", "complexity": "licht"}],
                                 description="Hulp bij de post en bij het onderhouden van contacten.")
    assert api.post(url(request_id, "/start"), {"started_on": today(clock)}, as_=WINNER).status_code == 200
    advance(api, clock, 8 * 7)
    resp = api.post(url(request_id, "/end"), {"ended_on": today(clock), "reason": "switch_provider",
                                              "note": "Cliënt wil een andere begeleider."}, as_="consulent")
    assert resp.status_code == 200, resp.get_json()
    ended = resp.get_json()
    assert (ended["status"], ended["end_reason"], ended["ended_on"]) == ("ended", "switch_provider", today(clock))
    follow_up = ended["follow_up_request_id"]
    old = api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()
    new = api.get(f"/api/v1/requests/{follow_up}", as_="consulent").get_json()
    assert new["status"] == "draft"
    for same in ("category", "result_areas", "region", "description", "max_price_cents", "floor_price_cents",
                 "visibility"):
        assert new[same] == old[same], same
    assert new["duration_weeks"] == 26 - 8
    # The winner hears the assignment ended; it is not told where the client went.
    assert "follow_up_request_id" not in api.get(url(request_id), as_=WINNER).get_json()
    # The consultant publishes the draft as usual; another provider bids on it.
    published = api.post(f"/api/v1/requests/{follow_up}/publish", as_="consulent")
    assert published.status_code == 200 and published.get_json()["status"] == "open"
    assert bid(follow_up, LOSER, 95000).status_code == 201
    assert api.get(f"/api/v1/requests/{follow_up}", as_=LOSER).status_code == 200


def test_the_provider_switched_away_from_cannot_see_or_bid_on_the_follow_up(app, api, clock, bid, started):
    request_id = started()
    advance(api, clock, 7)
    follow_up = api.post(url(request_id, "/end"), {"ended_on": today(clock), "reason": "switch_provider"},
                         as_="consulent").get_json()["follow_up_request_id"]
    assert api.post(f"/api/v1/requests/{follow_up}/publish", as_="consulent").status_code == 200
    error(api.get(f"/api/v1/requests/{follow_up}", as_=WINNER), 404, "not_found")
    error(bid(follow_up, WINNER, 95000), 404, "not_found")
    listed = [r["id"] for r in api.get("/api/v1/requests", as_=WINNER).get_json()["requests"]]
    assert follow_up not in listed


def test_ending_twice_is_refused(app, api, clock, started):
    request_id = started()
    assert api.post(url(request_id, "/end"), {"ended_on": today(clock), "reason": "result_achieved"},
                    as_="consulent").status_code == 200
    before = unchanged(app, request_id)
    error(api.post(url(request_id, "/end"), {"ended_on": today(clock), "reason": "other"}, as_="consulent"),
          409, "invalid_state")
    assert unchanged(app, request_id) == before


def test_the_openapi_document_describes_the_follow_up(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    expected = {
        "/requests/{id}/assignment": {"get"}, "/requests/{id}/assignment/start": {"post"},
        "/requests/{id}/assignment/reviews": {"post"}, "/requests/{id}/assignment/review-frequency": {"put"},
        "/requests/{id}/assignment/complaints": {"post"},
        "/requests/{id}/assignment/complaints/{number}/resolve": {"post"},
        "/requests/{id}/assignment/end": {"post"}, "/requests/{id}/survey": {"post"},
        "/requests/{id}/assignment/survey": {"post"},
    }
    for path, methods in expected.items():
        assert set(spec["paths"][path]) == methods, path
    answers = spec["components"]["schemas"]["SurveyAnswers"]["properties"]["answers"]
    assert set(answers["required"]) == set(ANSWERS) and answers["additionalProperties"] is False
    assert spec["components"]["schemas"]["Zrm"]["properties"]["financien"] == {"type": "integer", "minimum": 1,
                                                                              "maximum": 5}
