"""Dutch first, English second: every page is Dutch until the reader switches; the switch is
remembered; English pages show the server's refusals in English, with money still written the
Dutch way; API and socket clients keep the contract's Dutch messages."""
import uuid

from marketplace.extensions import socketio
from marketplace.ui.formatting import long_date
from tests.support.steps import logged_in

NS = "/auction"


def test_pages_are_dutch_whatever_the_browser_asks_for(client):
    html = client.get("/inloggen", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="nl"' in html
    assert "Wachtwoord" in html


def test_the_switch_remembers_english_and_returns_to_the_same_page(client):
    resp = client.post("/taal", data={"taal": "en", "next": "/inloggen"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/inloggen")
    html = client.get("/inloggen").get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "Password" in html and "Wachtwoord" not in html
    client.post("/taal", data={"taal": "nl", "next": "/inloggen"})
    assert "Wachtwoord" in client.get("/inloggen").get_data(as_text=True)


def test_the_switch_only_returns_to_our_own_pages(client):
    for target in ("//evil.example/", "https://evil.example/"):
        resp = client.post("/taal", data={"taal": "en", "next": target})
        assert resp.headers["Location"] in ("/", "http://localhost/")


def test_an_unknown_language_changes_nothing(client):
    client.post("/taal", data={"taal": "fr", "next": "/inloggen"})
    assert '<html lang="nl"' in client.get("/inloggen").get_data(as_text=True)


def test_a_refused_revision_is_explained_in_english_with_dutch_money(app, open_request, bid):
    request_id = open_request()
    assert bid(request_id, "aanbieder1", 120000).status_code == 201
    b = logged_in(app, "aanbieder1", "en")
    resp = b.post(f"/aanbieder/aanvragen/{request_id}",
                  data={"price": "1.199,50", "idempotency_key": str(uuid.uuid4())})
    html = resp.get_data(as_text=True)
    assert "Your new price must be at least € 1,00 lower than your previous price of € 1.200,00." in html
    assert "Uw nieuwe prijs" not in html


def test_dates_are_written_in_words_in_the_readers_language(app):
    with app.test_request_context(headers={"Cookie": "taal=en"}):
        assert long_date("2027-02-01") == "Monday 1 February 2027"
    with app.test_request_context():
        assert long_date("2027-02-01") == "maandag 1 februari 2027"


def test_a_socket_refusal_is_english_for_an_english_page_and_dutch_for_api_clients(app, api, open_request, bid):
    request_id = open_request()
    assert bid(request_id, "aanbieder1", 120000).status_code == 201
    body = {"request_id": request_id, "price_cents": 119950, "idempotency_key": str(uuid.uuid4())}
    english = socketio.test_client(app, namespace=NS, auth={"token": api.token("aanbieder1")},
                                   headers={"Cookie": "taal=en"})
    plain = socketio.test_client(app, namespace=NS, auth={"token": api.token("aanbieder1")})
    answer_en = english.emit("bid", body, namespace=NS, callback=True)
    answer_nl = plain.emit("bid", {**body, "idempotency_key": str(uuid.uuid4())}, namespace=NS, callback=True)
    assert answer_en["error"]["code"] == answer_nl["error"]["code"] == "price_not_lower"
    assert answer_en["error"]["message"].startswith("Your new price must be at least € 1,00 lower")
    assert answer_nl["error"]["message"].startswith("Uw nieuwe prijs moet minstens € 1,00 lager")


def test_words_the_live_page_script_shows_follow_the_reader_not_the_first_reader(app, open_request):
    request_id = open_request()
    dutch, english = logged_in(app, "aanbieder1"), logged_in(app, "aanbieder2", "en")
    assert '"open": "Open voor aanbiedingen"' in dutch.get(f"/aanbieder/aanvragen/{request_id}").get_data(as_text=True)
    html = english.get(f"/aanbieder/aanvragen/{request_id}").get_data(as_text=True)
    assert '"open": "Open for offers"' in html


def test_the_inbox_speaks_the_readers_language(app, open_request, bid):
    request_id = open_request()
    assert bid(request_id, "aanbieder1", 120000).status_code == 201
    assert bid(request_id, "aanbieder2", 110000).status_code == 201  # aanbieder1 is outbid
    english = logged_in(app, "aanbieder1", "en").get("/inbox").get_data(as_text=True)
    assert "You have been outbid on" in english and "overboden" not in english
    assert "€ 1.100,00" in english
    dutch = logged_in(app, "aanbieder1").get("/inbox").get_data(as_text=True)
    assert "U bent overboden op" in dutch


def test_an_error_page_never_shows_the_frameworks_english_to_a_dutch_reader(client):
    html = client.post("/").get_data(as_text=True)  # 405: the home page takes no form
    assert "Deze pagina kan zo niet worden gebruikt" in html
    assert "The method is not allowed" not in html


def test_the_english_catalogue_translates_every_entry_with_the_same_placeholders():
    import re
    from pathlib import Path

    from babel.messages.pofile import read_po
    po = Path(__file__).resolve().parents[2] / "marketplace/translations/en/LC_MESSAGES/messages.po"
    catalogue = read_po(po.open("rb"))
    names = re.compile(r"%\((\w+)\)s|\{(\w+)\}")
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = set(names.findall(ids[-1])) - {("num", "")}
        for string in strings:
            if not wanted <= set(names.findall(string)):
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert not problems, "\n".join(problems)
