"""Publishing refuses a request whose description gives away who the client is: over the API
with the findings, on the consultant's page with each finding marked in place. A finding the
consultant judges not personal, with a reason, lets the request through and is in the audit
trail. Nothing is published unscanned, and a refusal changes nothing."""
import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import AuditEvent, Notification, Request
from marketplace.privacy import DetectorUnavailable, detection
from tests.support.steps import html, login
from tests.support.world import request_payload

LEAKY = "Meneer Jan de Vries (BSN 111222333) woont aan de Kerkstraat 12 en wil hulp bij zijn post."
ZWOLLE = "Begeleiding bij activiteiten in het centrum van Zwolle, twee keer per week."


def draft(api, clock, description: str) -> int:
    resp = api.post("/api/v1/requests", request_payload(clock.now, description=description), as_="consulent")
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def status_and_events(app, request_id):
    with app.app_context():
        status = db.session.get(Request, request_id).status
        actions = [e.action for e in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.request_id == request_id).order_by(AuditEvent.id))]
        notes = db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
            Notification.link == f"/aanbieder/aanvragen/{request_id}"))
    return status, actions, notes


def test_publishing_a_description_with_a_name_bsn_and_street_is_refused_with_the_findings(app, api, clock):
    request_id = draft(api, clock, LEAKY)
    resp = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent")
    assert resp.status_code == 422
    body = resp.get_json()["error"]
    assert body["code"] == "personal_data_detected"
    found = {(f["kind"], f["text"]) for f in body["findings"]}
    assert found == {("person", "Jan de Vries"), ("bsn", "111222333"), ("location", "Kerkstraat 12")}
    for f in body["findings"]:
        assert f["field"] == "description" and LEAKY[f["start"]:f["end"]] == f["text"]
    assert "persoonsgegevens" in body["message"]
    status, actions, notes = status_and_events(app, request_id)
    assert status == "draft" and "request_published" not in actions and notes == 0
    # Providers cannot see a draft: the refusal kept it from them.
    assert api.get(f"/api/v1/requests/{request_id}", as_="aanbieder1").status_code == 404


def test_after_taking_the_personal_data_out_the_request_publishes(app, api, clock):
    request_id = draft(api, clock, LEAKY)
    fixed = api.client.patch(f"/api/v1/requests/{request_id}", json={"description": "Hulp bij het ordenen van post."},
                             headers=api.headers("consulent"))
    assert fixed.status_code == 200 and fixed.get_json()["description"] == "Hulp bij het ordenen van post."
    resp = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent")
    assert resp.status_code == 200 and resp.get_json()["status"] == "open"
    # A published request's text is fixed: what providers read is what was checked.
    later = api.client.patch(f"/api/v1/requests/{request_id}", json={"description": LEAKY},
                             headers=api.headers("consulent"))
    assert later.status_code == 409 and later.get_json()["error"]["code"] == "invalid_state"


def test_a_finding_judged_not_personal_with_a_reason_is_let_through_and_audited(app, api, clock):
    request_id = draft(api, clock, ZWOLLE)
    refused = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent")
    assert [(f["kind"], f["text"]) for f in refused.get_json()["error"]["findings"]] == [("location", "Zwolle")]

    no_reason = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent", json={
        "not_personal": [{"field": "description", "text": "Zwolle", "reason": ""}]})
    assert no_reason.status_code == 422 and no_reason.get_json()["error"]["code"] == "validation_error"
    assert "not_personal.reason" in no_reason.get_json()["error"]["fields"]

    reason = "Zwolle is hier de stad waar de activiteiten zijn, niet het adres van de cliënt."
    resp = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent", json={
        "not_personal": [{"field": "description", "text": "Zwolle", "reason": reason}]})
    assert resp.status_code == 200, resp.get_json()
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "marked_not_personal"))
        assert event.actor.startswith("user:")
        assert event.details == {"field": "description", "kind": "location", "text": "Zwolle", "reason": reason}


def test_a_judgement_covers_only_its_own_finding(api, clock):
    request_id = draft(api, clock, LEAKY)
    resp = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent", json={
        "not_personal": [{"field": "description", "text": "Kerkstraat 12", "reason": "Het kantoor van de wijkteams."}]})
    assert resp.status_code == 422
    assert {f["text"] for f in resp.get_json()["error"]["findings"]} == {"Jan de Vries", "111222333"}


def test_nothing_is_published_unscanned_when_the_scanner_cannot_answer(app, api, clock, monkeypatch):
    def unavailable(_app=None):
        def scan(fields):
            raise DetectorUnavailable("loading")
        return scan
    monkeypatch.setattr(detection, "scanner", unavailable)
    request_id = draft(api, clock, "Hulp bij administratie.")
    resp = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent")
    assert resp.status_code == 503 and resp.get_json()["error"]["code"] == "service_unavailable"
    assert status_and_events(app, request_id)[0] == "draft"


def test_the_consultant_sees_each_finding_marked_in_the_text_and_can_judge_it(app, api, client, clock):
    request_id = draft(api, clock, ZWOLLE)
    login(client)
    resp = client.post(f"/consulent/aanvragen/{request_id}/publiceren")
    page = html(resp)
    assert resp.status_code == 422
    assert "Niet gepubliceerd: de omschrijving bevat persoonsgegevens." in page
    assert 'centrum van <mark id="gevonden-1">Zwolle<span class="visually-hidden"> (adres of plaats, 1)</span></mark>' in page
    assert "Dit is geen persoonsgegeven" in page

    # Ticked without a reason: refused, with the reason asked for at that finding.
    form = {"finding-1-field": "description", "finding-1-text": "Zwolle", "finding-1-not-personal": "1",
            "finding-1-reason": ""}
    resp = client.post(f"/consulent/aanvragen/{request_id}/publiceren", data=form)
    assert resp.status_code == 422
    assert 'aria-describedby="finding-1-error"' in html(resp) and "de reden komt in het logboek" in html(resp)
    assert status_and_events(app, request_id)[0] == "draft"

    form["finding-1-reason"] = "De stad van de activiteiten, niet het adres van de cliënt."
    resp = client.post(f"/consulent/aanvragen/{request_id}/publiceren", data=form)
    assert resp.status_code == 302
    status, actions, _notes = status_and_events(app, request_id)
    assert status == "open" and "marked_not_personal" in actions


def test_the_consultant_corrects_the_description_on_the_page_and_publishes(app, api, client, clock):
    request_id = draft(api, clock, LEAKY)
    login(client)
    page = html(client.post(f"/consulent/aanvragen/{request_id}/publiceren"))
    for text in ("Jan de Vries", "111222333", "Kerkstraat 12"):
        assert f">{text}<span" in page
    saved = client.post(f"/consulent/aanvragen/{request_id}/omschrijving",
                        data={"description": "Hulp bij het ordenen van post, twee keer per week."})
    assert saved.status_code == 302
    resp = client.post(f"/consulent/aanvragen/{request_id}/publiceren", follow_redirects=True)
    assert "De aanvraag is gepubliceerd" in html(resp)


def test_the_findings_are_explained_in_english_on_the_english_page(api, client, clock):
    request_id = draft(api, clock, LEAKY)
    login(client)
    client.set_cookie("taal", "en")
    page = html(client.post(f"/consulent/aanvragen/{request_id}/publiceren"))
    assert "Not published: the description contains personal data." in page
    assert "(name, 1)" in page and "This is not personal data" in page


def test_direct_publish_from_the_new_request_form_keeps_the_draft_and_shows_the_findings(app, client, form_data):
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(publish_now="y", description=LEAKY))
    page = html(resp)
    assert resp.status_code == 422
    assert "is als concept bewaard, maar niet gepubliceerd" in page
    assert '<mark id="gevonden-1">Jan de Vries' in page
    with app.app_context():
        assert db.session.scalars(sa.select(Request)).one().status == "draft"


def test_the_server_log_never_holds_the_text_it_scanned(app, api, clock, caplog):
    caplog.set_level("DEBUG")
    request_id = draft(api, clock, LEAKY)
    api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent")
    assert "Jan de Vries" not in caplog.text and "111222333" not in caplog.text


def test_a_draft_cancelled_after_a_refusal_stays_hidden_from_providers(api, clock):
    """Cancelling a draft is how a consultant may start over; its text was never checked."""
    request_id = draft(api, clock, LEAKY)
    assert api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent").status_code == 422
    assert api.post(f"/api/v1/requests/{request_id}/cancel", {"reason": "Opnieuw beginnen."},
                    as_="consulent").status_code == 200
    assert api.get(f"/api/v1/requests/{request_id}", as_="aanbieder1").status_code == 404
    listed = api.get("/api/v1/requests?status=cancelled", as_="aanbieder1").get_json()["requests"]
    assert request_id not in [r["id"] for r in listed]


def test_changing_a_draft_needs_the_description_and_never_wipes_it_by_omission(api, clock):
    request_id = draft(api, clock, "Hulp bij administratie.")
    resp = api.client.patch(f"/api/v1/requests/{request_id}", json={"region": "824"}, headers=api.headers("consulent"))
    assert resp.status_code == 422 and "description" in resp.get_json()["error"]["fields"]
    assert api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()["description"] == "Hulp bij administratie."


def test_the_same_text_found_twice_is_asked_about_once_and_judged_for_both(app, api, client, clock):
    request_id = draft(api, clock, "Dagbesteding in Zwolle, twee keer per week; vervoer binnen Zwolle is geregeld.")
    login(client)
    page = html(client.post(f"/consulent/aanvragen/{request_id}/publiceren"))
    assert page.count('name="finding-1-text" value="Zwolle"') == 1 and "finding-2-text" not in page
    assert page.count("<mark") == 2 and "staat er 2 keer in" in page
    resp = client.post(f"/consulent/aanvragen/{request_id}/publiceren", data={
        "finding-1-field": "description", "finding-1-text": "Zwolle", "finding-1-not-personal": "1",
        "finding-1-reason": "De stad van de dagbesteding."})
    assert resp.status_code == 302
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "marked_not_personal"))
        assert event.details["occurrences"] == 2


def test_a_scanner_that_cannot_start_says_failing_and_refuses(monkeypatch, tmp_path):
    import subprocess
    import time

    from marketplace.privacy import names

    monkeypatch.setattr(names, "WORKER", tmp_path / "missing_worker.py")  # as if deduce's worker were gone
    broken = names.NameDetector(restart_delay=0.05, stderr=subprocess.DEVNULL)
    broken.start()
    try:
        deadline = time.monotonic() + 20
        while broken.failed_starts < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        monkeypatch.setattr(detection, "_detector", broken)
        assert detection.status() == "failing"
        with pytest.raises(DetectorUnavailable):
            broken.find("Hulp bij administratie.")
    finally:
        broken.stop()
