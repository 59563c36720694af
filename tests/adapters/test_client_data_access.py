"""Who may open the client's identity, and the record of every opening: the gemeente's
consultants and, after award, the winner (name, address and phone only), nobody else by any
route; each read in the client's access log with who, when and why; and the AVG article 15
inzage as JSON and as a page."""
import pytest

from marketplace.clients import retention
from tests.support.client_records import CLIENT, SECRETS, reads, user_id
from tests.support.steps import html, logged_in

# --- who may read ------------------------------------------------------------------------------

def test_the_winner_reads_name_address_and_phone_only_and_that_is_logged(app, api, awarded_request):
    request_id = awarded_request()
    body = api.get(f"/api/v1/requests/{request_id}/award", as_="aanbieder2").get_json()
    assert body["client"] == {"name": "Truus Testcliënt", "address": "Teststraat 1, 8232 AA Lelystad",
                              "phone": "06-11112222"}
    assert (f"user:{user_id(app, 'aanbieder2')}", "award view") in reads(app, request_id)
    page = html(logged_in(app, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}"))
    assert "Truus Testcliënt" in page and "111222333" not in page and "mantelzorg" not in page
    assert reads(app, request_id)[-1] == (f"user:{user_id(app, 'aanbieder2')}", "award page")


@pytest.mark.parametrize("who", ["aanbieder1", "aanbieder3", "aanbieder5", "consulent_dronten"])
def test_nobody_else_reads_the_client_by_any_route(app, api, awarded_request, who):
    request_id = awarded_request()
    before = reads(app, request_id)
    resp = api.get(f"/api/v1/requests/{request_id}/award", as_=who)
    assert resp.status_code == 404
    browser = logged_in(app, who)
    pages = [browser.get(f"/aanbieder/aanvragen/{request_id}"), browser.get(f"/consulent/aanvragen/{request_id}"),
             browser.post(f"/consulent/aanvragen/{request_id}/clientgegevens"),
             browser.get(f"/consulent/aanvragen/{request_id}/clientgegevens/logboek"),
             browser.get(f"/consulent/aanvragen/{request_id}/inzage"),
             browser.get(f"/consulent/aanvragen/{request_id}/inzage.json")]
    for text in [html(resp)] + [html(p) for p in pages]:
        for secret in SECRETS:
            assert secret not in text
    assert all(p.status_code in (404, 302) for p in pages[1:])
    assert reads(app, request_id) == before


def test_a_client_token_and_the_would_be_winner_before_award_get_404(app, api, chosen_request):
    request_id, _chosen = chosen_request()
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    api.use_token("client", api.post("/api/v1/tokens", {"client_code": code}).get_json()["token"])
    for who in ("client", "aanbieder2"):  # aanbieder2's offer is chosen, not yet awarded
        resp = api.get(f"/api/v1/requests/{request_id}/award", as_=who)
        assert resp.status_code == 404
        assert "Truus" not in html(resp)
    assert "Truus" not in html(logged_in(app, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}"))
    assert reads(app, request_id) == []


# --- the access log ----------------------------------------------------------------------------

def test_every_read_is_in_the_access_log_with_who_when_and_why(app, api, awarded_request, clock):
    request_id = awarded_request()
    consultant = logged_in(app)
    consultant.get(f"/consulent/aanvragen/{request_id}")  # awarded: the page shows the data
    api.get(f"/api/v1/requests/{request_id}/award", as_="aanbieder2")
    logged_in(app, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}")
    consultant.get(f"/consulent/aanvragen/{request_id}/inzage.json")
    lel, zorg_twee = f"user:{user_id(app, 'consulent')}", f"user:{user_id(app, 'aanbieder2')}"
    assert reads(app, request_id) == [(lel, "consultant request page"), (zorg_twee, "award view"),
                                      (zorg_twee, "award page"), (lel, "export")]

    page = consultant.get(f"/consulent/aanvragen/{request_id}/clientgegevens/logboek")
    log_page = html(page)
    assert page.status_code == 200
    assert "Wie heeft de cliëntgegevens ingezien?" in log_page
    assert "Consulent Lelystad" in log_page and "Consulent, Lelystad" in log_page
    assert "Medewerker 2" in log_page and "Medewerker zorgaanbieder, Zorg Twee" in log_page
    for reason in ("Aanvraagpagina van de consulent", "Gunning opgevraagd via de API",
                   "Gunningspagina van de aanbieder", "Inzage (AVG artikel 15) gemaakt"):
        assert reason in log_page
    assert clock.now.astimezone(retention.AMSTERDAM).strftime("%d-%m-%Y %H:%M") in log_page
    assert "Naam, Adres, Telefoon" in log_page  # what the winner saw
    assert reads(app, request_id)[-1] == (lel, "export")  # looking at the log opened nothing

    english = html(logged_in(app, language="en").get(f"/consulent/aanvragen/{request_id}/clientgegevens/logboek"))
    assert "Who has viewed the client's data?" in english and "Provider staff, Zorg Twee" in english


def test_the_request_page_links_to_the_log_and_the_inzage(app, new_request):
    request_id = new_request()
    page = html(logged_in(app).get(f"/consulent/aanvragen/{request_id}"))
    assert f"/consulent/aanvragen/{request_id}/clientgegevens/logboek" in page
    assert f"/consulent/aanvragen/{request_id}/inzage" in page
    assert "Truus" not in page  # still behind the button
    assert "Wordt gewist na" in page


# --- the inzage (AVG article 15) ---------------------------------------------------------------

def test_the_inzage_as_json_holds_everything_about_the_client(app, awarded_request):
    request_id = awarded_request()
    resp = logged_in(app).get(f"/consulent/aanvragen/{request_id}/inzage.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert resp.headers["Content-Disposition"].startswith("attachment; filename=\"inzage-LEL-")
    assert resp.headers["Cache-Control"] == "no-store"
    doc = resp.get_json()
    assert doc["client"] == CLIENT
    assert doc["inzage"]["legal_basis"] == "AVG artikel 15" and doc["inzage"]["gemeente"] == "Lelystad"
    (req,) = doc["requests"]
    assert req["id"] == request_id and req["status"] == "awarded"
    assert req["awarded_offer"]["provider"]["name"] == "Zorg Twee" and req["awarded_offer"]["price_cents"] == 100000
    assert req["chosen_offer"] == req["awarded_offer"]
    assert doc["erasure"]["erased_at"] is None and doc["erasure"]["retention_months"] == 24
    assert [(e["reason"], e["name"], e["organisation"]) for e in doc["access_log"]] == [
        ("export", "Consulent Lelystad", "Lelystad")]
    assert "Truus" not in resp.request.url


def test_the_inzage_page_is_readable_in_dutch_and_english(app, awarded_request):
    request_id = awarded_request()
    page = logged_in(app).get(f"/consulent/aanvragen/{request_id}/inzage")
    text = html(page)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Inzage in persoonsgegevens (AVG artikel 15)" in text
    assert "Truus Testcliënt" in text and "111222333" in text and "2 maart 1948" in text
    assert "Zorg Twee" in text and "€ 1.000,00" in text and "Inzage (AVG artikel 15) gemaakt" in text
    assert 'print-plain">' in text  # app.css prints it without the site's header and footer
    english = html(logged_in(app, language="en").get(f"/consulent/aanvragen/{request_id}/inzage"))
    assert "Access to personal data (GDPR article 15)" in english and "Date of birth" in english
    assert reads(app, request_id)[-2:] == [(f"user:{user_id(app, 'consulent')}", "export")] * 2
