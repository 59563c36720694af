"""The client's survey over JSON (CONTRACT.md "After award"): answered once by the client with a
code made after the start, or by the consultant on the client's behalf, marked as such; nobody
else answers; bad answers and a comment with personal data refused with nothing changed. The
rules themselves: domain/test_survey.py."""
import pytest

from tests.support.assignment_api import (
    ANSWERS,
    LOSER,
    WINNER,
    admin_token,
    client_token,
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


# --- the client's survey ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/survey", "/assignment/survey"])
def test_the_client_answers_the_survey_once_with_a_code_made_after_the_start(app, api, started, path):
    request_id = started()
    client = client_token(api, request_id)
    resp = api.post(f"/api/v1/requests/{request_id}{path}", {"answers": ANSWERS, "comment": "Heel fijn."},
                    as_=client)
    assert resp.status_code == 201, resp.get_json()
    assert (resp.get_json()["answers"], resp.get_json()["on_behalf_of_client"]) == (ANSWERS, False)
    survey = api.get(url(request_id), as_="consulent").get_json()["survey"]
    assert (survey["submitted"], survey["comment"], survey["on_behalf_of_client"]) == (True, "Heel fijn.", False)
    # The winner learns only that it was answered.
    assert api.get(url(request_id), as_=WINNER).get_json()["survey"] == {"open": True, "submitted": True}
    before = unchanged(app, request_id)
    error(api.post(f"/api/v1/requests/{request_id}{path}", {"answers": ANSWERS}, as_=client), 409, "invalid_state")
    assert unchanged(app, request_id) == before


def test_a_client_code_after_award_waits_for_the_start(api, clock, awarded_request):
    request_id = awarded_request()
    error(api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent"), 409, "invalid_state")
    assert api.post(url(request_id, "/start"), {"started_on": today(clock)}, as_=WINNER).status_code == 200
    assert api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").status_code == 201


def test_a_client_token_from_before_the_start_cannot_answer_yet(api, clock, chosen_request):
    request_id, chosen = chosen_request()
    client = client_token(api, request_id)
    assert api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": chosen}, as_="consulent").status_code == 200
    error(api.post(f"/api/v1/requests/{request_id}/survey", {"answers": ANSWERS}, as_=client), 409, "invalid_state")


def test_nobody_else_answers_the_survey(api, started, admin):
    request_id = started()
    other = started()
    client_of_other = client_token(api, other, "client2")
    body = {"answers": ANSWERS, "on_behalf_of_client": True}
    error(api.post(f"/api/v1/requests/{request_id}/survey", body), 401, "unauthorized")
    error(api.post(f"/api/v1/requests/{request_id}/survey", body, as_=client_of_other), 404, "not_found")
    for who in (WINNER, LOSER, "consulent_dronten"):
        error(api.post(f"/api/v1/requests/{request_id}/survey", body, as_=who), 404, "not_found")
    error(api.post(f"/api/v1/requests/{request_id}/survey", body, as_=admin), 404, "not_found")
    assert api.get(url(request_id), as_="consulent").get_json()["survey"]["submitted"] is False


def test_the_consultant_answers_on_the_clients_behalf_marked_as_such(api, started):
    request_id = started()
    fields = error(api.post(f"/api/v1/requests/{request_id}/survey", {"answers": ANSWERS}, as_="consulent"),
                   422, "validation_error")["fields"]
    assert set(fields) == {"on_behalf_of_client"}
    resp = api.post(f"/api/v1/requests/{request_id}/survey", {"answers": ANSWERS, "on_behalf_of_client": True},
                    as_="consulent")
    assert resp.status_code == 201 and resp.get_json()["on_behalf_of_client"] is True


@pytest.mark.parametrize("answers, field", [
    ({**ANSWERS, "tevreden": 0}, "answers.tevreden"), ({**ANSWERS, "beter": 6}, "answers.beter"),
    ({**ANSWERS, "past": "5"}, "answers.past"), ({k: v for k, v in ANSWERS.items() if k != "zelf"}, "answers.zelf"),
    ({**ANSWERS, "extra": 3}, "answers"), ("alles goed", "answers"),
])
def test_answers_that_are_not_one_to_five_for_each_question_are_refused(app, api, started, answers, field):
    request_id = started()
    client = client_token(api, request_id)
    before = unchanged(app, request_id)
    assert field in error(api.post(f"/api/v1/requests/{request_id}/survey", {"answers": answers}, as_=client), 422,
                          "validation_error")["fields"]
    assert unchanged(app, request_id) == before


def test_a_comment_with_personal_data_is_refused_with_the_findings(app, api, started):
    request_id = started()
    client = client_token(api, request_id)
    before = unchanged(app, request_id)
    body = error(api.post(f"/api/v1/requests/{request_id}/survey",
                          {"answers": ANSWERS, "comment": "Mail mij op truus@example.nl als er iets is."},
                          as_=client), 422, "personal_data_detected")
    assert [(f["field"], f["kind"], f["text"]) for f in body["findings"]] == [("comment", "email", "truus@example.nl")]
    assert unchanged(app, request_id) == before
