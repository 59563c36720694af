"""The provider's HTML pages: what a provider user sees and can do in the browser."""
import re
import uuid

import pytest

from marketplace.extensions import db, socketio
from tests.support.steps import close, logged_in

CLIENT_DATA = ("Truus", "111222333", "Teststraat", "06-11112222")


@pytest.fixture
def browser(app):
    """Factory: a separate browser (cookie jar) logged in through the form as `who`."""
    return lambda who: logged_in(app, who)


@pytest.fixture
def award_to(api):
    """Consultant chooses (on behalf of the client) and awards the bid of `who`."""
    def run(request_id, bid_id, motivation=None):
        chose = api.post(f"/api/v1/requests/{request_id}/choice",
                         {"bid_id": bid_id, "on_behalf_of_client": True}, as_="consulent")
        assert chose.status_code == 200, chose.get_json()
        done = api.post(f"/api/v1/requests/{request_id}/award",
                        {"bid_id": bid_id, "motivation": motivation}, as_="consulent")
        assert done.status_code == 200, done.get_json()
    return run


def page(b, path):
    resp = b.get(path)
    return resp.status_code, resp.get_data(as_text=True)


def bid_form(price, key=None, **extra):
    return {"price": price, "start_date": "2027-02-01", "approach": "Wekelijks huisbezoek.",
            "idempotency_key": key or str(uuid.uuid4()), **extra}


def reference_of(api, request_id):
    return api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()["reference"]


def test_list_shows_only_eligible_requests(open_request, api, browser):
    lelystad = open_request()
    dronten = open_request(as_="consulent_dronten")
    ref_l, ref_d = reference_of(api, lelystad), api.get(
        f"/api/v1/requests/{dronten}", as_="consulent_dronten").get_json()["reference"]

    status, html = page(browser("aanbieder1"), "/aanbieder/aanvragen")
    assert status == 200
    assert ref_l in html and ref_d not in html
    assert "Individuele begeleiding" in html and "823" in html

    status, html = page(browser("aanbieder4"), "/aanbieder/aanvragen")
    assert ref_l in html and ref_d in html

    outsider = browser("aanbieder5")
    status, html = page(outsider, "/aanbieder/aanvragen")
    assert status == 200 and ref_l not in html and ref_d not in html
    assert page(outsider, f"/aanbieder/aanvragen/{lelystad}")[0] == 404
    assert page(browser("aanbieder1"), f"/aanbieder/aanvragen/{dronten}")[0] == 404


def test_list_shows_own_offer_price_only(open_request, bid, browser):
    request_id = open_request()
    assert bid(request_id, "aanbieder1", 123456).status_code == 201
    assert bid(request_id, "aanbieder2", 99900).status_code == 201
    html = page(browser("aanbieder1"), "/aanbieder/aanvragen")[1]
    assert "€ 1.234,56" in html
    assert "€ 999,00" not in html and "Zorg Twee" not in html


def test_pages_need_a_provider(open_request, client, browser):
    request_id = open_request()
    resp = client.get("/aanbieder/aanvragen")
    assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]
    consultant = browser("consulent")
    assert page(consultant, "/aanbieder/aanvragen")[0] == 404
    assert page(consultant, f"/aanbieder/aanvragen/{request_id}")[0] == 404
    assert page(consultant, "/aanbieder/status")[0] == 404


def test_detail_shows_the_anonymised_request_and_live_hooks(open_request, browser):
    request_id = open_request()
    status, html = page(browser("aanbieder1"), f"/aanbieder/aanvragen/{request_id}")
    assert status == 200
    for text in ("Individuele begeleiding", "Administratie en financiën", "midden", "823", "26 weken",
                 "€ 1.500,00", "€ 600,00", "€ 1,00", "Hulp bij administratie en dagstructuur."):
        assert text in html, text
    for text in CLIENT_DATA:
        assert text not in html, text
    assert f'data-request-id="{request_id}"' in html
    assert re.search(r'data-token="[^"]{20,}"', html)
    assert 'role="timer"' in html and 'id="conn-state"' in html
    assert "vendor/socket.io.min.js" in html and "js/live.js" in html and "js/provider-bid.js" in html
    assert re.search(r'name="idempotency_key" type="hidden" value="[0-9a-f-]{36}"', html)
    assert 'aria-live="polite"' in html


def test_ladder_labels_without_other_names(open_request, bid, browser):
    request_id = open_request()
    bid(request_id, "aanbieder2", 100000)
    bid(request_id, "aanbieder1", 110000)
    bid(request_id, "aanbieder3", 90000)
    html = page(browser("aanbieder1"), f"/aanbieder/aanvragen/{request_id}")[1]
    ladder = html[html.index('id="ladder-body"'):html.index("</tbody>", html.index('id="ladder-body"'))]
    assert [m for m in re.findall(r'<th scope="row">([A-Z]+)', ladder)] == ["C", "A", "B"]
    assert '<tr class="mine">' in ladder and "B (u)" in ladder
    assert "€ 900,00" in ladder and "€ 1.000,00" in ladder and "€ 1.100,00" in ladder
    assert "3 van 3" in html  # my rank
    for name in ("Zorg Twee", "Zorg Drie", "Zorg Een"):
        assert name not in html


def test_sealed_shows_only_my_price(open_request, bid, browser):
    request_id = open_request(visibility="sealed")
    bid(request_id, "aanbieder2", 90000)
    bid(request_id, "aanbieder1", 110000)
    html = page(browser("aanbieder1"), f"/aanbieder/aanvragen/{request_id}")[1]
    assert "€ 1.100,00" in html
    assert "€ 900,00" not in html and 'id="ladder"' not in html and 'id="my-rank"' not in html


def test_rank_only_shows_my_rank_not_prices(open_request, bid, browser):
    request_id = open_request(visibility="rank_only")
    bid(request_id, "aanbieder2", 90000)
    bid(request_id, "aanbieder1", 110000)
    html = page(browser("aanbieder1"), f"/aanbieder/aanvragen/{request_id}")[1]
    assert "2 van 2" in html and "€ 1.100,00" in html
    assert "€ 900,00" not in html and 'id="ladder"' not in html


def test_form_bid_then_revision_rules(open_request, browser, api):
    request_id = open_request()
    b = browser("aanbieder1")
    url = f"/aanbieder/aanvragen/{request_id}"

    resp = b.post(url, data=bid_form("1.234,56"))
    assert resp.status_code == 302
    html = b.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Uw aanbieding van € 1.234,56 is ontvangen (versie 1)" in html
    assert "Wekelijks huisbezoek." in html  # prefilled plan for the revision

    resp = b.post(url, data=bid_form("1.234,00", approach=""))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Uw nieuwe prijs moet minstens € 1,00 lager zijn" in html
    assert 'value="1.234,00"' in html  # what the user typed stays

    resp = b.post(url, data=bid_form("1.600,00"))
    assert "hoger dan het maximumtarief" in resp.get_data(as_text=True)
    resp = b.post(url, data=bid_form("500"))
    assert "lager dan de reële ondergrens" in resp.get_data(as_text=True)

    resp = b.post(url, data=bid_form("1.200", approach=""), follow_redirects=True)
    assert "Uw aanbieding van € 1.200,00 is ontvangen (versie 2)" in resp.get_data(as_text=True)
    mine = api.get(f"/api/v1/requests/{request_id}", as_="aanbieder1").get_json()["standings"]
    assert mine["my_price_cents"] == 120000 and mine["my_bid"]["approach"] == "Wekelijks huisbezoek."


def test_form_field_errors_in_dutch(open_request, browser):
    request_id = open_request()
    b = browser("aanbieder1")
    url = f"/aanbieder/aanvragen/{request_id}"
    resp = b.post(url, data=bid_form("veel", approach=""))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Vul een bedrag in euro&#39;s in" in html
    assert 'aria-describedby="price-error"' in html and 'id="price-error"' in html

    resp = b.post(url, data=bid_form("1.000,00", approach="", start_date=""))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Dit veld is verplicht bij een eerste aanbieding." in html
    assert 'id="approach-error"' in html and 'id="start_date-error"' in html


def test_repeated_form_submit_counts_once(open_request, browser, api):
    request_id = open_request()
    b = browser("aanbieder1")
    key = str(uuid.uuid4())
    url = f"/aanbieder/aanvragen/{request_id}"
    assert b.post(url, data=bid_form("1.000,00", key)).status_code == 302
    resp = b.post(url, data=bid_form("1.000,00", key), follow_redirects=True)
    assert "versie 1" in resp.get_data(as_text=True)
    assert api.get(f"/api/v1/requests/{request_id}", as_="aanbieder1").get_json()["standings"]["my_bid"]["revision"] == 1


def test_bid_after_close_is_refused(app, open_request, browser, bid, clock):
    request_id = open_request()
    bid(request_id, "aanbieder2", 100000)
    b = browser("aanbieder1")
    url = f"/aanbieder/aanvragen/{request_id}"
    clock.advance(31 * 60)  # past closes_at, the scheduler has not run yet
    resp = b.post(url, data=bid_form("900,00"))
    assert resp.status_code == 409
    assert "Het bieden is gesloten; dit bod is niet meer aangenomen." in resp.get_data(as_text=True)

    assert close(app, clock, request_id, after_seconds=0).result == "done"
    status, html = page(b, url)
    assert status == 200
    assert "Gesloten" in html and 'id="bid-form"' not in html
    assert "De cliënt en de gemeente kiezen nu samen" in html
    resp = b.post(url, data=bid_form("900,00"))
    assert "Het bieden is gesloten" in resp.get_data(as_text=True)


def test_withdraw(open_request, browser, bid, api):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    b = browser("aanbieder1")
    url = f"/aanbieder/aanvragen/{request_id}/intrekken"

    resp = b.post(url, data={})
    assert resp.status_code == 422
    assert "Vink aan dat u uw aanbieding wilt intrekken." in resp.get_data(as_text=True)

    resp = b.post(url, data={"withdraw-confirm": "y"}, follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "Uw aanbieding is ingetrokken" in html and "ingetrokken" in html
    assert api.get(f"/api/v1/requests/{request_id}", as_="aanbieder1").get_json()["standings"]["my_price_cents"] is None

    resp = b.post(url, data={"withdraw-confirm": "y"})
    assert "geen actieve aanbieding" in resp.get_data(as_text=True)


def test_after_award_winner_sees_client_loser_does_not(app, clock, open_request, bid, browser, award_to):
    request_id = open_request()
    winner = bid(request_id, "aanbieder1", 100000).get_json()["bid"]["id"]
    bid(request_id, "aanbieder2", 95000)
    assert close(app, clock, request_id).result == "done"

    # Closed but not yet awarded: nobody sees client data.
    for who in ("aanbieder1", "aanbieder2"):
        html = page(browser(who), f"/aanbieder/aanvragen/{request_id}")[1]
        for text in CLIENT_DATA:
            assert text not in html

    award_to(request_id, winner, motivation="Start past beter bij de cliënt.")
    html = page(browser("aanbieder1"), f"/aanbieder/aanvragen/{request_id}")[1]
    assert "Gegund aan uw organisatie" in html
    assert "Truus Testcliënt" in html and "Teststraat 1" in html and "06-11112222" in html
    assert "111222333" not in html  # the BSN is for the gemeente only

    html = page(browser("aanbieder2"), f"/aanbieder/aanvragen/{request_id}")[1]
    assert "niet gekozen" in html.lower()
    for text in CLIENT_DATA:
        assert text not in html
    listing = page(browser("aanbieder2"), "/aanbieder/aanvragen")[1]
    assert "Niet gekozen" in listing and "Truus" not in listing


def test_embedded_token_bids_over_the_socket(open_request, browser, app, api):
    request_id = open_request()
    html = page(browser("aanbieder1"), f"/aanbieder/aanvragen/{request_id}")[1]
    token = re.search(r'data-token="([^"]+)"', html).group(1)
    sock = socketio.test_client(app, namespace="/auction", auth={"token": token})
    try:
        assert sock.is_connected("/auction")
        joined = sock.emit("join", {"request_id": request_id}, namespace="/auction", callback=True)
        assert joined["ok"] and joined["standings"]["my_price_cents"] is None
        ack = sock.emit("bid", {"request_id": request_id, "price_cents": 100000, "start_date": "2027-02-01",
                                "approach": "Plan", "idempotency_key": str(uuid.uuid4())},
                        namespace="/auction", callback=True)
        assert ack["ok"] and ack["bid"]["revision"] == 1
        refused = sock.emit("bid", {"request_id": request_id, "price_cents": 99950,
                                    "idempotency_key": str(uuid.uuid4())}, namespace="/auction", callback=True)
        assert not refused["ok"] and "minstens € 1,00 lager" in refused["error"]["message"]
    finally:
        sock.disconnect(namespace="/auction")


def test_status_page_and_application(browser, app):
    html = page(browser("aanbieder1"), "/aanbieder/status")[1]
    assert "Gemeente Lelystad" in html and "Toegelaten" in html and "Individuele begeleiding" in html
    assert 'action="/aanbieder/status/aanmelden/' in html  # Dronten: not yet applied

    b = browser("aanbieder5")
    html = page(b, "/aanbieder/status")[1]
    assert "Toegelaten" not in html
    with app.app_context():
        from marketplace.models import Gemeente, MinimumRequirement
        lelystad = db.session.query(Gemeente).filter_by(name="Lelystad").one()
        req_ids = [r.id for r in db.session.query(MinimumRequirement).filter_by(gemeente_id=lelystad.id)]
        gemeente_id = lelystad.id
    assert f'name="g{gemeente_id}-requirements"' in html and 'type="checkbox"' in html

    resp = b.post(f"/aanbieder/status/aanmelden/{gemeente_id}",
                  data={f"g{gemeente_id}-requirements": [str(i) for i in req_ids[:2]]})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Verklaar dat u aan alle minimumeisen voldoet" in html
    assert f'aria-describedby="g{gemeente_id}-requirements-error"' in html

    resp = b.post(f"/aanbieder/status/aanmelden/{gemeente_id}",
                  data={f"g{gemeente_id}-requirements": [str(i) for i in req_ids]}, follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "Uw aanmelding is verstuurd" in html
    assert "In behandeling" in html and "Wij werken met de meldcode" in html


def test_scheduled_request_shows_a_disabled_form(open_request, browser, clock):
    from datetime import timedelta
    request_id = open_request(opens_at=(clock.now + timedelta(hours=1)).isoformat(),
                              closes_at=(clock.now + timedelta(hours=2)).isoformat())
    b = browser("aanbieder1")
    status, html = page(b, f"/aanbieder/aanvragen/{request_id}")
    assert status == 200 and "Gepland" in html
    assert '<fieldset id="bid-fields" disabled>' in html
    assert "Het bieden begint op" in html and "1:00:00" in html
    resp = b.post(f"/aanbieder/aanvragen/{request_id}", data=bid_form("1.000,00"))
    assert resp.status_code == 409 and "Het bieden is nog niet begonnen." in resp.get_data(as_text=True)


def test_cancelled_request_says_so(open_request, browser, api, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    assert api.post(f"/api/v1/requests/{request_id}/cancel", {"reason": "Cliënt verhuisd"},
                    as_="consulent").status_code == 200
    html = page(browser("aanbieder1"), f"/aanbieder/aanvragen/{request_id}")[1]
    assert "De gemeente heeft deze aanvraag ingetrokken." in html
    assert 'id="bid-form"' not in html and "data-token" not in html
    assert "verhuisd" not in html  # the gemeente's reason may be about the client


def test_list_marks_the_award(app, clock, open_request, bid, browser, award_to):
    request_id = open_request()
    winner = bid(request_id, "aanbieder1", 100000).get_json()["bid"]["id"]
    assert close(app, clock, request_id).result == "done"
    award_to(request_id, winner)
    html = page(browser("aanbieder1"), "/aanbieder/aanvragen")[1]
    assert "Gegund aan u" in html and "Nog geen afgelopen aanvragen" not in html
