"""The consultant's page of one request while it runs: live offers rendered server-side, the
countdown to the opening, an extension announced, publish, cancel and reopen, the client's data
behind a button that logs the read, and the audit trail in Dutch."""
from datetime import timedelta

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import AuditEvent, Request
from tests.support.forms import local_input
from tests.support.steps import close, html, login

# --- detail: live, publish, cancel, reopen -----------------------------------------------

def test_detail_while_open_shows_live_offers_server_side(client, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    bid(request_id, "aanbieder2", 95000)
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    assert 'id="live-offers"' in page and f'data-request-id="{request_id}"' in page
    assert 'data-token="' in page and 'data-token=""' not in page
    for script in ("vendor/socket.io.min.js", "js/live.js", "js/consultant-live.js"):
        assert script in page
    assert "Zorg Een" in page and "Zorg Twee" in page
    assert "€ 950,00" in page and "€ 1.000,00" in page
    assert page.index("Zorg Twee") < page.index("Zorg Een")  # cheapest first
    assert "Plan van aanpak" in page and "Plan van aanbieder2" in page
    assert "Administratie en financiën — Midden" in page
    assert "Truus" not in page


def test_scheduled_request_counts_down_to_the_opening(app, client, form_data, clock):
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(
        publish_now="y", opens_at=local_input(clock.now + timedelta(hours=1)),
        closes_at=local_input(clock.now + timedelta(hours=2))))
    page = html(client.get(resp.headers["Location"]))
    assert "is gepland" in page and 'data-status="scheduled"' in page
    assert "Opent over" in page and "Nog geen aanbiedingen." in page


def test_extension_by_a_late_bid_is_announced(client, open_request, bid, clock):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    clock.advance(29 * 60 + 30)
    assert bid(request_id, "aanbieder2", 90000).status_code == 201
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    assert "De sluitingstijd is verlengd tot" in page
    assert 'id="live-extended" class="alert alert-warning" role="status">' in page  # not hidden
    assert "Biedtermijn verlengd na een laat bod" in page


def test_publish_a_draft_from_the_detail_page(app, client, form_data):
    login(client)
    location = client.post("/consulent/aanvragen/nieuw", data=form_data()).headers["Location"]
    request_id = int(location.rsplit("/", 1)[1])
    resp = client.post(f"/consulent/aanvragen/{request_id}/publiceren", follow_redirects=True)
    assert "is gepubliceerd" in html(resp)
    with app.app_context():
        assert db.session.get(Request, request_id).status == "open"
    again = client.post(f"/consulent/aanvragen/{request_id}/publiceren", follow_redirects=True)
    assert again.status_code == 200 and "Alleen een concept kan worden gepubliceerd." in html(again)


def test_cancel_needs_a_reason(app, client, open_request):
    request_id = open_request()
    login(client)
    resp = client.post(f"/consulent/aanvragen/{request_id}/annuleren", data={"reason": "  "})
    assert resp.status_code == 422
    assert "Geef een reden op" in html(resp)
    with app.app_context():
        assert db.session.get(Request, request_id).status == "open"
    resp = client.post(f"/consulent/aanvragen/{request_id}/annuleren",
                       data={"reason": "Cliënt verhuist naar een andere gemeente."}, follow_redirects=True)
    page = html(resp)
    assert "is geannuleerd" in page and "Cliënt verhuist naar een andere gemeente." in page
    assert "Aanvraag geannuleerd" in page  # audit trail in Dutch
    with app.app_context():
        assert db.session.get(Request, request_id).status == "cancelled"


def test_reopen_after_no_offers(app, client, open_request, clock):
    request_id = open_request()
    assert close(app, clock, request_id).result == "done"
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    assert "Geen aanbiedingen" in page and "Opnieuw openzetten" in page
    bad = client.post(f"/consulent/aanvragen/{request_id}/heropenen",
                      data={"opens_at": local_input(clock.now), "closes_at": local_input(clock.now)})
    assert bad.status_code == 422 and "De sluitingstijd moet na de openingstijd liggen." in html(bad)
    resp = client.post(f"/consulent/aanvragen/{request_id}/heropenen", follow_redirects=True, data={
        "opens_at": local_input(clock.now), "closes_at": local_input(clock.now + timedelta(hours=1))})
    assert "nieuwe biedtermijn" in html(resp)
    with app.app_context():
        assert db.session.get(Request, request_id).status == "open"


def test_show_client_button_logs_the_read(app, client, open_request):
    request_id = open_request()
    login(client)
    assert "Truus" not in html(client.get(f"/consulent/aanvragen/{request_id}"))
    resp = client.post(f"/consulent/aanvragen/{request_id}/clientgegevens")
    assert resp.status_code == 200 and "Truus Testcliënt" in html(resp)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "client_data_read")) == 1


def test_audit_trail_is_newest_first_in_dutch(client, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder3", 100000)
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    trail = page.split('id="audit-title"', 1)[1]
    assert trail.index("Aanbieding gedaan") < trail.index("Aanvraag aangemaakt")
    assert "Medewerker 3 (Zorg Drie)" in trail and "prijs: € 1.000,00" in trail
