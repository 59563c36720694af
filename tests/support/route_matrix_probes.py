"""How the route × role matrix asks each route (adapters/test_route_matrix.py): the concrete
path, a body or form the allowed caller's call would succeed with, the call itself over HTTP or
Socket.IO as each role, and the answer described as a matrix cell."""
import io
import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

from marketplace.extensions import socketio
from marketplace.ui.formatting import local_input

from .evidence import PDF
from .route_matrix_world import PASSWORD, STATES, USERS, World, bid_body
from .world import request_payload

NS = "/auction"
# The client's six answers (followup.survey.QUESTIONS), on the API and on both survey pages.
ANSWERS = {"tevreden": 4, "past": 5, "zelf": 3, "respect": 5, "afspraken": 4, "beter": 4}
# A catalogue entry and a minimum requirement of Lelystad the beheerder's pages change.
CATALOGUE_CODE = {"/beheer/catalogus/<slug>/<code>": "administratie_financien", "/beheer/eisen/<code>": "meldcode"}


def concrete_path(world: World, route: str, state: str) -> str:
    """Every path parameter as the world has it: the state's request, the eligible provider's
    organisation (approved by Lelystad only) and its VOG, the winner's offer on the request (on a
    draft, which has none: the open request's), complaint 1, Lelystad's consultant."""
    values = {"request_id": world.ids.get(state), "org_id": world.org_ids["eligible"],
              "organisation_id": world.org_ids["eligible"], "approval_id": world.approval_id,
              "gemeente_id": world.gemeente_id, "filename": "favicon.svg", "token": "ongeldig",
              "bid_id": some_bid(world, state, "winner") if "<int:request_id>" in route else None,
              "user_id": world.user_ids["consultant"], "evidence_id": world.evidence_id,
              "requirement_id": world.requirement_id, "number": 1, "slug": "resultaatgebieden",
              "code": CATALOGUE_CODE.get(route)}

    def fill(match):
        value = values[match.group(1)]
        assert value is not None, f"{route}: no value for {match.group(1)} in state {state}"
        return str(value)
    return re.sub(r"<(?:\w+:)?(\w+)>", fill, route)


def some_bid(world: World, state: str, role: str = "loser") -> int:
    """An offer on this request (a draft has none: the open request's, refused on state first)."""
    return world.bids.get((state, role)) or world.bids[("open", role)]


def window(world: World) -> dict:
    now = world.clock.now
    return {"opens_at": now, "closes_at": now + timedelta(hours=2)}


def api_body(world: World, method: str, route: str, state: str, role: str) -> dict | None:
    """A body the allowed caller's call would succeed with (where any state allows it)."""
    if route == "/api/v1/tokens":
        email = USERS.get(role)
        return ({"email": email, "password": PASSWORD} if email
                else {"email": "niemand@zorg.example", "password": "niet-het-wachtwoord"})
    if route == "/api/v1/requests" and method == "POST":
        return request_payload(world.clock.now)
    if route in ("/api/v1/catalogue", "/api/v1/settings") and method == "PUT":
        return own_document(world, route, state, role)
    today = world.today
    others = {
        ("POST", "/api/v1/staff"): {"email": "nieuw@gemeente.example", "name": "Nieuwe Consulent",
                                    "role": "consultant"},
        ("POST", "/api/v1/password-reset"): {"email": "niemand@zorg.example"},
    }
    if (method, route) in others:
        return others[(method, route)]
    tail = route.removeprefix("/api/v1/requests/<int:request_id>")
    followup = {
        "/offers/<int:bid_id>/assessment": {"approach": 4},
        "/assignment/start": {"started_on": today},
        "/assignment/reviews": {"reviewed_on": today,
                                "results": [{"code": "administratie_financien", "outcome": "partly"}]},
        "/assignment/review-frequency": {"review_every_weeks": 4},
        "/assignment/complaints": {"received_on": today, "about": "gemeente", "summary": "Lang gewacht."},
        "/assignment/complaints/<int:number>/resolve": {"resolved_on": today,
                                                        "resolution": "Excuses en vaste vervanger."},
        "/assignment/end": {"ended_on": today, "reason": "moved"},
        "/survey": {"answers": ANSWERS, "on_behalf_of_client": True},
        "/assignment/survey": {"answers": ANSWERS, "on_behalf_of_client": True},
    }
    if method != "GET" and tail in followup:
        return followup[tail]
    bodies = {
        ("PATCH", ""): lambda: {"description": "Hulp bij administratie, dagstructuur en post."},
        ("POST", "/cancel"): lambda: {"reason": "De cliënt is verhuisd."},
        ("POST", "/reopen"): lambda: {key: value.isoformat() for key, value in window(world).items()},
        ("POST", "/bids"): lambda: bid_body(90000),
        ("POST", "/choice"): lambda: {"bid_id": some_bid(world, state), "on_behalf_of_client": True},
        ("POST", "/award"): lambda: {"bid_id": some_bid(world, state, "winner"),
                                     "motivation": "Vaste begeleider dicht bij huis"},
    }
    make = bodies.get((method, tail))
    return make() if make else None


def own_document(world: World, route: str, state: str, role: str) -> dict:
    """The beheerder's own catalogue or settings as GET answers them, to be put back unchanged
    (anyone else is refused whatever the body)."""
    token = world.token(role, state) if role != "anonymous" else None
    if token is None:
        return {}
    resp = world.app.test_client().get(route, headers={"Authorization": f"Bearer {token}"})
    return resp.get_json() if resp.status_code == 200 else {}


# The beheerder's forms, each as it would be saved: a result area renamed, a requirement
# reworded, a new result area and requirement, the tariff table with its floor only (an empty
# cell has no tariff), the settings, a new member.
ADMIN_FORMS = {
    "/beheer/catalogus/<slug>/<code>": {"action": "save", "name": "Administratie en financiën"},
    "/beheer/catalogus/<slug>/nieuw": {"name": "Vervoer naar werk"},
    "/beheer/eisen/<code>": {"action": "save", "text": "Wij werken met de meldcode huiselijk geweld.",
                             "requires_document": "nee", "validity_months": ""},
    "/beheer/eisen/nieuw": {"text": "Wij hebben een privacyverklaring.", "requires_document": "nee"},
    "/beheer/tarieven": {"floor_percent": "40"},
    "/beheer/instellingen": {"client_data_retention_months": "24", "default_visibility": "open",
                             "default_soft_close_seconds": "120", "default_max_extension_seconds": "1800",
                             "client_code_hours": "72"},
    "/beheer/medewerkers": {"email": "nieuw@gemeente.example", "name": "Nieuwe Consulent", "role": "consultant"},
}


def followup_form(world: World, route: str, state: str) -> dict | None:
    """The assignment's forms (consultant, winner, client), each as it would be saved."""
    today = world.today
    answers = {f"answer-{code}": str(score) for code, score in ANSWERS.items()}
    forms = {
        "start": {"started_on": today},
        "evaluaties": {"reviewed_on": today, "outcome-administratie_financien": "partly"},
        "frequentie": {"review_every_weeks": "4"},
        "klachten": {"received_on": today, "about": "gemeente", "summary": "Lang gewacht."},
        "afhandelen": {"resolved_on": today, "resolution": "Excuses en vaste vervanger."},
        "beeindigen": {"ended_on": today, "reason": "moved"},
        "vragenlijst": answers,
        "beoordeling": {f"offer-{some_bid(world, state, 'winner')}-approach": "4"},
    }
    return forms.get(route.rsplit("/", 1)[-1])


def form_data(world: World, method: str, route: str, state: str) -> dict:
    tail = route.rsplit("/", 1)[-1]
    if route in ADMIN_FORMS:
        return dict(ADMIN_FORMS[route])
    if route == "/aanbieder/status/bewijs/<int:requirement_id>":
        prefix = f"r{world.requirement_id}"
        return {f"{prefix}-file": (io.BytesIO(PDF), "vog.pdf"),
                f"{prefix}-expires_on": (world.clock.now + timedelta(days=365)).date().isoformat()}
    if route == "/wachtwoord-vergeten":
        return {"email": "niemand@zorg.example"}
    if "toewijzing" in route or route.endswith(("/beoordeling", "/vragenlijst")):
        return followup_form(world, route, state) or {}
    if route == "/inloggen":
        return {"email": "niemand@zorg.example", "password": "niet-het-wachtwoord"}
    if route == "/taal":
        return {"taal": "en", "next": "/"}
    if route == "/client/":
        return {"code": "AAAA-BBBB"}
    if route == "/client/kies":
        return {"bid_id": str(some_bid(world, state))}
    if route == "/aanbieder/aanvragen/<int:request_id>":
        return {"price": "900,00", "start_date": "2027-02-01", "approach": "Plan van aanpak"}
    forms = {
        "intrekken": {"withdraw-confirm": "y"},
        "omschrijving": {"description": "Hulp bij administratie, dagstructuur en post."},
        "annuleren": {"reason": "De cliënt is verhuisd."},
        "heropenen": {key: local_input(value) for key, value in window(world).items()},
        "keuze": {"bid_id": str(some_bid(world, state))},
        "gunnen": {"bid_id": str(some_bid(world, state, "winner")),
                   "motivation": "Vaste begeleider dicht bij huis"},
    }
    return forms.get(tail, {})


def http_probe(world: World, method: str, route: str, state: str, role: str):
    path = concrete_path(world, route, state)
    if route.startswith("/api/"):
        client = world.app.test_client()
        token = world.token(role, state) if role != "anonymous" else None
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = api_body(world, method, route, state, role)
        kwargs = {"json": body} if body is not None else {}
        return client.open(path, method=method, headers=headers, **kwargs)
    browser = world.page_browser(role, state)
    data = form_data(world, method, route, state) if method == "POST" else None
    return browser.open(path, method=method, data=data)


def socket_probe(world: World, event: str, state: str, role: str) -> tuple[str, str]:
    token = world.token(role, state) if role != "anonymous" else None
    auth = {"token": token} if token else None
    client = socketio.test_client(world.app, namespace=NS, auth=auth)
    try:
        if not client.is_connected(NS):
            return "refused", ""
        if event == "connect":
            return "ok", ""
        payload = {"request_id": world.ids[state if state in STATES else "open"]}
        if event == "*":  # the catch-all: any event the namespace does not have
            event = "bestaat_niet"
        if event == "bid":
            payload.update(bid_body(90000))
        ack = client.emit(event, payload, namespace=NS, callback=True)
        text = json.dumps(ack, ensure_ascii=False)
        if not isinstance(ack, dict):
            return f"no ack ({ack!r})", text
        return ("ok" if ack.get("ok") is True else ack.get("error", {}).get("code", repr(ack))), text
    finally:
        if client.is_connected(NS):
            client.disconnect(NS)


def describe(resp) -> str:
    location = resp.headers.get("Location")
    if resp.status_code == 302 and is_login(location):
        return "login"
    detail = f" → {location}" if location else ""
    if resp.is_json and isinstance(resp.get_json(), dict) and "error" in resp.get_json():
        detail += f" ({resp.get_json()['error'].get('code')})"
    return f"{resp.status_code}{detail}"


def is_login(location: str | None) -> bool:
    if not location:
        return False
    parts = urlsplit(location)
    return parts.path == "/inloggen" and "next=" in parts.query
