"""After the window, on the consultant's page: the client code shown once, the choice on the
client's behalf, and the award, which needs a motivation unless the cheapest offer wins."""
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import AuditEvent, Request
from tests.support.steps import close, html, login

# --- client code, choice, award ----------------------------------------------------------

def test_client_code_is_shown_once_and_works(client, api, open_request):
    request_id = open_request()
    login(client)
    resp = client.post(f"/consulent/aanvragen/{request_id}/clientcode")
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    page = html(resp)
    assert "Cliëntcode:" in page and "/client" in page and "geldig tot" in page
    code = page.split("Cliëntcode: ", 1)[1].split("<", 1)[0].strip()
    assert len(code) == 9 and code[4] == "-"
    assert code not in html(client.get(f"/consulent/aanvragen/{request_id}"))
    token = api.client.post("/api/v1/tokens", json={"client_code": code})
    assert token.status_code == 201 and token.get_json()["request_id"] == request_id


def test_client_code_refused_for_a_draft(client, form_data):
    login(client)
    location = client.post("/consulent/aanvragen/nieuw", data=form_data()).headers["Location"]
    request_id = int(location.rsplit("/", 1)[1])
    resp = client.post(f"/consulent/aanvragen/{request_id}/clientcode", follow_redirects=True)
    assert resp.status_code == 200 and "alleen worden gemaakt voor een lopende aanvraag" in html(resp)


def test_choose_on_behalf_then_award_needs_motivation_for_non_cheapest(app, client, open_request, bid, clock):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    expensive = bid(request_id, "aanbieder2", 120000).get_json()["bid"]["id"]
    assert close(app, clock, request_id).result == "done"
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    assert "Aanbiedingen vergelijken" in page and "Kies namens de cliënt" in page
    assert "Truus" not in page

    resp = client.post(f"/consulent/aanvragen/{request_id}/keuze", data={"bid_id": expensive},
                       follow_redirects=True)
    page = html(resp)
    assert "keuze van de cliënt is vastgelegd" in page
    assert "niet de goedkoopste" in page and "Een motivering is daarom verplicht" in page

    resp = client.post(f"/consulent/aanvragen/{request_id}/gunnen", data={"bid_id": expensive, "motivation": ""})
    assert resp.status_code == 422
    page = html(resp)
    assert "Deze aanbieding is niet de goedkoopste: schrijf op waarom" in page
    assert 'id="motivation-error"' in page and 'aria-describedby="motivation-error"' in page
    with app.app_context():
        assert db.session.get(Request, request_id).status == "chosen"

    resp = client.post(f"/consulent/aanvragen/{request_id}/gunnen", follow_redirects=True,
                       data={"bid_id": expensive, "motivation": "Start eerder en kent de cliënt al."})
    page = html(resp)
    assert "De aanvraag is gegund" in page
    assert "Zorg Twee" in page and "€ 1.200,00" in page and "Start eerder en kent de cliënt al." in page
    assert "Truus Testcliënt" in page and "111222333" in page  # client details after award
    assert "Cliëntgegevens ingezien" in page and "Gegund" in page
    with app.app_context():
        req = db.session.get(Request, request_id)
        assert req.status == "awarded" and req.awarded_bid_id == expensive
        reads = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "client_data_read")).all()
        assert reads and reads[0].details["reason"] == "consultant request page"


def test_award_of_the_cheapest_needs_no_motivation(app, client, open_request, bid, clock):
    request_id = open_request()
    cheap = bid(request_id, "aanbieder1", 90000).get_json()["bid"]["id"]
    bid(request_id, "aanbieder2", 120000)
    assert close(app, clock, request_id).result == "done"
    login(client)
    client.post(f"/consulent/aanvragen/{request_id}/keuze", data={"bid_id": cheap})
    assert "Dit is de laagste prijs" in html(client.get(f"/consulent/aanvragen/{request_id}"))
    resp = client.post(f"/consulent/aanvragen/{request_id}/gunnen", data={"bid_id": cheap, "motivation": ""})
    assert resp.status_code == 302
    with app.app_context():
        assert db.session.get(Request, request_id).status == "awarded"


def test_choice_of_a_foreign_bid_is_refused_with_a_message(client, open_request, bid, clock, app):
    request_id = open_request()
    bid(request_id, "aanbieder1", 90000)
    other = open_request()
    foreign = bid(other, "aanbieder2", 90000).get_json()["bid"]["id"]
    assert close(app, clock, request_id).result == "done"
    login(client)
    resp = client.post(f"/consulent/aanvragen/{request_id}/keuze", data={"bid_id": foreign},
                       follow_redirects=True)
    assert resp.status_code == 200 and "hoort niet bij deze aanvraag" in html(resp)
