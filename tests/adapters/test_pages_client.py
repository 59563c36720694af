"""The client's HTML pages: the one-time code, the offers side by side, the choice, stopping."""
import pytest

from tests.support.steps import close


@pytest.fixture
def closed_request(app, clock, open_request, bid):
    """A closed request with offers from aanbieder1 (€ 950,00) and aanbieder2 (€ 900,00)."""
    def make():
        request_id = open_request()
        ids = {
            "aanbieder1": bid(request_id, "aanbieder1", 95000).get_json()["bid"]["id"],
            "aanbieder2": bid(request_id, "aanbieder2", 90000,
                              approach="Wij komen twee keer per week.\nWe helpen met post en rekeningen.")
            .get_json()["bid"]["id"],
        }
        close(app, clock, request_id)
        return request_id, ids
    return make


def client_code(api, request_id):
    resp = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent")
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["code"]


def enter_code(browser, code):
    return browser.post("/client/", data={"code": code})


def text(resp):
    return resp.get_data(as_text=True)


def test_start_page_asks_for_the_code(client):
    resp = client.get("/client/")
    assert resp.status_code == 200
    html = text(resp)
    assert "Uw code" in html and 'name="code"' in html and "Verder" in html
    assert "Stoppen" not in html


def test_wrong_code_shows_an_error(client):
    resp = enter_code(client, "ABCD-EFGH")
    assert resp.status_code == 422
    html = text(resp)
    assert "Deze code is onbekend, al gebruikt of verlopen." in html
    assert 'aria-describedby="code-error"' in html
    assert client.get("/client/aanbiedingen").status_code == 302

    resp = enter_code(client, "")
    assert "Vul de code in." in text(resp)


def test_right_code_shows_offers_cheapest_first(app, client, api, closed_request):
    request_id, _ = closed_request()
    code = client_code(api, request_id)
    resp = enter_code(client, code.lower())  # read aloud, typed in small letters: still fine
    assert resp.status_code == 302
    location = resp.headers["Location"]
    assert location.endswith("/client/aanbiedingen")
    with client.session_transaction() as session:
        token = session["client_token"]
    assert token not in location

    html = text(client.get("/client/aanbiedingen"))
    assert "Zorg Een" in html and "Zorg Twee" in html
    assert "€ 950,00" in html and "€ 900,00" in html
    assert html.index("Zorg Twee") < html.index("Zorg Een")  # cheapest first
    assert "maandag 1 februari 2027" in html
    assert "Wij komen twee keer per week." in html
    assert "Ik kies deze aanbieding" in html and "Wat betekent kiezen?" in html
    assert "Stoppen" in html
    assert "Zorg Drie" not in html  # did not bid


def test_choosing_records_the_choice(client, api, closed_request):
    request_id, ids = closed_request()
    enter_code(client, client_code(api, request_id))
    resp = client.post("/client/kies", data={"bid_id": ids["aanbieder1"]})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/client/gekozen")
    html = text(client.get(resp.headers["Location"]))
    assert "U heeft gekozen voor <strong>Zorg Een</strong>" in html
    assert "Uw consulent bevestigt uw keuze." in html and "neemt contact met u op" in html

    offers = api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()
    assert offers["chosen_bid_id"] == ids["aanbieder1"] and offers["status"] == "chosen"

    html = text(client.get("/client/aanbiedingen"))
    assert "Dit is uw keuze" in html
    assert html.count("Ik kies deze aanbieding") == 1  # only the other offer still has a button

    # Changing one's mind before the award is allowed.
    client.post("/client/kies", data={"bid_id": ids["aanbieder2"]})
    offers = api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()
    assert offers["chosen_bid_id"] == ids["aanbieder2"]


def test_a_foreign_bid_is_refused_in_words(client, api, closed_request, open_request, bid):
    request_id, _ = closed_request()
    other = open_request()
    foreign = bid(other, "aanbieder3", 100000).get_json()["bid"]["id"]
    enter_code(client, client_code(api, request_id))
    resp = client.post("/client/kies", data={"bid_id": foreign}, follow_redirects=True)
    assert "Uw keuze is niet opgeslagen." in text(resp)
    assert api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["chosen_bid_id"] is None


def test_used_code_cannot_be_used_twice(app, client, api, closed_request):
    request_id, _ = closed_request()
    code = client_code(api, request_id)
    assert enter_code(client, code).status_code == 302
    other_tablet = app.test_client()
    resp = enter_code(other_tablet, code)
    assert resp.status_code == 422
    assert "Deze code is onbekend, al gebruikt of verlopen." in text(resp)
    assert other_tablet.get("/client/aanbiedingen").status_code == 302


def test_offers_come_later_while_bidding_is_open(client, api, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 95000)
    enter_code(client, client_code(api, request_id))
    resp = client.get("/client/aanbiedingen")
    assert resp.status_code == 200
    html = text(resp)
    assert "De aanbiedingen komen later" in html
    assert "Zorg Een" not in html and "€ 950,00" not in html


def test_stop_clears_the_session(client, api, closed_request):
    request_id, _ = closed_request()
    enter_code(client, client_code(api, request_id))
    assert client.get("/client/aanbiedingen").status_code == 200
    resp = client.post("/client/stoppen", follow_redirects=True)
    assert "U bent gestopt." in text(resp)
    with client.session_transaction() as session:
        assert "client_token" not in session
    resp = client.get("/client/aanbiedingen")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/client/")


def test_without_code_the_offers_page_sends_you_to_start(client):
    resp = client.get("/client/aanbiedingen")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/client/")
    assert client.post("/client/kies", data={"bid_id": 1}).status_code == 302


def test_after_award_says_who_will_help(client, api, closed_request):
    request_id, ids = closed_request()
    enter_code(client, client_code(api, request_id))
    client.post("/client/kies", data={"bid_id": ids["aanbieder2"]})
    resp = api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": ids["aanbieder2"]}, as_="consulent")
    assert resp.status_code == 200, resp.get_json()
    html = text(client.get("/client/aanbiedingen"))
    assert "Zorg Twee gaat u helpen" in html
    assert "Ik kies deze aanbieding" not in html and "Zorg Een" not in html
