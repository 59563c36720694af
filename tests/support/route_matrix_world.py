"""The world the route × role matrix (adapters/test_route_matrix.py) probes: one app on one SQLite file
per module, with a request in each state the matrix knows (draft, open, closed, awarded, and
started: awarded and its support begun), a logged-in browser and an API token per role, and a
snapshot of the database that is put back after every probe that may change something, so the
probes cannot depend on their order.

Lelystad asks for a document with one minimum requirement (the VOG), and every provider it
approved has uploaded a valid one: eligibility is then what it was without it, and `elig`'s
upload is the evidence the evidence routes are asked about. Each assignment (awarded, started)
has one open complaint, number 1."""
import shutil
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask

from config import TestConfig
from marketplace import create_app
from marketplace.auction import lifecycle
from marketplace.auction.actors import actor_for_user
from marketplace.auction.inputs import today_by_the_clock
from marketplace.extensions import db
from marketplace.models import Approval, Category, Gemeente, Organisation, User
from marketplace.providers import evidence
from marketplace.providers.accounts import hash_password
from marketplace.providers.onboarding import decide, grant

from . import world
from .accounts import ensure_admin
from .evidence import PDF, require_document
from .world import request_payload

PASSWORD = world.PASSWORD
STATES = ("draft", "open", "closed", "awarded", "started")
AWARDED = ("awarded", "started")  # the states with an assignment

# Two providers the shared test world lacks, so both ways of being ineligible are present.
EXTRA_PROVIDERS = {
    # Approved by Lelystad, but only for a category the matrix's requests are not in.
    "aanbieder6": ("Zorg Zes", [("LEL", "huishoudelijke_ondersteuning")]),
    # Approved for the requests' category, but only by another gemeente.
    "aanbieder7": ("Zorg Zeven", [("DRO", "begeleiding_individueel")]),
}

# Who plays each role (the matrix's columns). winner/loser have offers on the open, closed,
# awarded and started requests; on the last two aanbieder1 won and aanbieder2 lost.
USERS = {
    "consultant": "consulent@lelystad.example",
    "consultant_other": "consulent@dronten.example",
    "eligible": "aanbieder3@zorg.example",      # approved, no offer anywhere
    "inel_category": "aanbieder6@zorg.example",
    "inel_gemeente": "aanbieder7@zorg.example",
    "unapproved": "aanbieder5@zorg.example",    # registered, approved for nothing
    "winner": "aanbieder1@zorg.example",
    "loser": "aanbieder2@zorg.example",
    # Has an offer on the same requests; Lelystad then suspended it for the
    # category (issue 17, point 5): it keeps seeing its requests, may withdraw, may not bid.
    "suspended": "aanbieder4@zorg.example",
    # The gemeenten's beheerders: not consultants, so never a request or a client's data.
    "admin": "beheer@lelystad.example",
    "admin2": "beheer@dronten.example",
}
# The providers Lelystad approved (for some category): each has the document it asks for.
WITH_EVIDENCE = ("eligible", "inel_category", "winner", "loser", "suspended")
CLIENT_ROLES = ("client", "client_other")
# The client chooses the winner's dearer offer, with a motivation.
PRICES = {"winner": 105000, "loser": 100000, "suspended": 110000}


@dataclass
class World:
    app: Flask
    clock: object
    path: object
    snapshot: object = None
    ids: dict = field(default_factory=dict)          # state -> request id (and "other")
    tokens: dict = field(default_factory=dict)       # role -> API bearer token
    client_tokens: dict = field(default_factory=dict)  # request id -> its client's token
    browsers: dict = field(default_factory=dict)     # role -> logged-in page browser
    bids: dict = field(default_factory=dict)         # (state, role) -> bid id
    org_ids: dict = field(default_factory=dict)      # role -> organisation id
    user_ids: dict = field(default_factory=dict)     # role -> user id
    gemeente_id: int = 0
    approval_id: int = 0
    requirement_id: int = 0                          # Lelystad's VOG, which asks for a document
    evidence_id: int = 0                             # elig's VOG

    # --- building -----------------------------------------------------------------------
    def build(self):
        with self.app.app_context():
            self._add_providers()
            ensure_admin(db.session, "beheer")
            ensure_admin(db.session, "beheer_dronten")
            self._read_ids()
            self._evidence()
        api = self.app.test_client()
        for role, email in USERS.items():
            resp = api.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
            assert resp.status_code == 201, resp.get_json()
            self.tokens[role] = resp.get_json()["token"]

        # Closed, awarded and started first: their windows are closed by moving the clock, and
        # the open request and the draft are made after that, at the new time.
        codes = {}
        after_close = ("closed", *AWARDED)
        for state in after_close:
            request_id = self._published()
            self.ids[state] = request_id
            self._offers(state, request_id)
            codes[state] = self._client_code(request_id)
        self.clock.advance(3600)
        with self.app.app_context():
            for state in after_close:
                assert lifecycle.close_window(db.session, self.ids[state]).result == "done"
        for state in after_close:
            self._redeem(self.ids[state], codes[state])
        for state in AWARDED:
            self._award(state)
        # The consultant confirms one start; each assignment gets complaint 1, left open, which
        # is the complaint the routes that resolve one are asked about.
        self._followup("started", "/start", {"started_on": self.today})
        for state in AWARDED:
            self._followup(state, "/complaints", {"received_on": self.today, "about": "provider",
                                                  "summary": "Begeleider kwam niet opdagen."}, 201)

        self.ids["open"] = self._published()
        self._offers("open", self.ids["open"])
        self._redeem(self.ids["open"], self._client_code(self.ids["open"]))
        self.ids["other"] = self._published()
        self._redeem(self.ids["other"], self._client_code(self.ids["other"]))
        self.ids["draft"] = self._create()
        with self.app.app_context():
            self._suspend("suspended")

        for role, email in USERS.items():
            browser = self.app.test_client()
            resp = browser.post("/inloggen", data={"email": email, "password": PASSWORD})
            assert resp.status_code == 302, resp.get_data(as_text=True)
            self.browsers[role] = browser
        self.take_snapshot()

    @property
    def today(self) -> str:
        """Today in Amsterdam by the world's clock, as the follow-up's dates are written."""
        with self.app.app_context():
            return today_by_the_clock().isoformat()

    def _award(self, state):
        request_id, winner_bid = self.ids[state], self.bids[(state, "winner")]
        resp = self._api("post", f"/api/v1/requests/{request_id}/choice", self.client_tokens[request_id],
                         json={"bid_id": winner_bid})
        assert resp.status_code == 200, resp.get_json()
        resp = self._api("post", f"/api/v1/requests/{request_id}/award", self.tokens["consultant"],
                         json={"bid_id": winner_bid, "motivation": "Vaste begeleider dicht bij huis"})
        assert resp.status_code == 200, resp.get_json()

    def _followup(self, state, tail, body, status=200):
        resp = self._api("post", f"/api/v1/requests/{self.ids[state]}/assignment{tail}", self.tokens["consultant"],
                         json=body)
        assert resp.status_code == status, resp.get_json()

    def _evidence(self):
        requirement = require_document(db.session, "Lelystad", "vog")
        self.requirement_id = requirement.id
        today = today_by_the_clock()
        for role in WITH_EVIDENCE:
            user = db.session.get(User, self.user_ids[role])
            stored = evidence.upload(db.session, actor_for_user(user), user.organisation_id, requirement.id,
                                     "vog.pdf", PDF, today + timedelta(days=365), today)
            if role == "eligible":
                self.evidence_id = stored.id

    def _add_providers(self):
        gemeenten = {g.code: g for g in db.session.scalars(sa.select(Gemeente))}
        pw = hash_password(PASSWORD)
        for i, (who, (name, grants)) in enumerate(EXTRA_PROVIDERS.items(), start=6):
            org = Organisation(name=name, kvk_number=f"3100000{i}", agb_code=f"4200000{i}",
                               contact_name=f"Contact {i}", contact_email=f"{who}@zorg.example",
                               contact_phone="0320-000000",
                               offered_categories=["begeleiding_individueel", "huishoudelijke_ondersteuning"])
            db.session.add(org)
            db.session.flush()
            db.session.add(User(email=f"{who}@zorg.example", name=f"Medewerker {i}", password_hash=pw,
                                role="provider", organisation_id=org.id))
            for code, category in grants:
                grant(db.session, gemeenten[code], org, category)
        db.session.commit()

    def _suspend(self, role):
        consultant = db.session.scalar(sa.select(User).where(User.email == USERS["consultant"]))
        approval_id = db.session.scalar(sa.select(Approval.id).join(Approval.category).where(
            Approval.gemeente_id == self.gemeente_id, Approval.organisation_id == self.org_ids[role],
            Category.code == "begeleiding_individueel"))
        decide(db.session, actor_for_user(consultant), approval_id, "suspended", "Klachten over de zorg")

    def _read_ids(self):
        for role, email in USERS.items():
            user = db.session.scalar(sa.select(User).where(User.email == email))
            self.user_ids[role] = user.id
            if user.organisation_id:
                self.org_ids[role] = user.organisation_id
        lelystad = db.session.scalar(sa.select(Gemeente).where(Gemeente.code == "LEL"))
        self.gemeente_id = lelystad.id
        self.approval_id = db.session.scalar(sa.select(Approval.id).where(
            Approval.gemeente_id == lelystad.id, Approval.organisation_id == self.org_ids["eligible"]))

    def _api(self, method, path, token, **kw):
        client = self.app.test_client()
        return getattr(client, method)(path, headers={"Authorization": f"Bearer {token}"}, **kw)

    def _create(self) -> int:
        resp = self._api("post", "/api/v1/requests", self.tokens["consultant"],
                         json=request_payload(self.clock.now))
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()["id"]

    def _published(self) -> int:
        request_id = self._create()
        resp = self._api("post", f"/api/v1/requests/{request_id}/publish", self.tokens["consultant"])
        assert resp.status_code == 200 and resp.get_json()["status"] == "open", resp.get_json()
        return request_id

    def _offers(self, state, request_id):
        for role, price in PRICES.items():
            resp = self._api("post", f"/api/v1/requests/{request_id}/bids", self.tokens[role],
                             json=bid_body(price))
            assert resp.status_code == 201, resp.get_json()
            self.bids[(state, role)] = resp.get_json()["bid"]["id"]

    def _client_code(self, request_id) -> str:
        resp = self._api("post", f"/api/v1/requests/{request_id}/client-code", self.tokens["consultant"])
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()["code"]

    def _redeem(self, request_id, code):
        """Through the client's own page, as a client would; the page's token serves the API too."""
        browser = self.app.test_client()
        resp = browser.post("/client/", data={"code": code})
        assert resp.status_code == 302, resp.get_data(as_text=True)
        with browser.session_transaction() as session:
            self.client_tokens[request_id] = session["client_token"]

    # --- the snapshot -------------------------------------------------------------------
    def release(self):
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def take_snapshot(self):
        self.release()
        self.snapshot = self.path.with_name("snapshot.db")
        shutil.copy(self.path, self.snapshot)

    def restore(self):
        self.release()
        source, target = sqlite3.connect(self.snapshot), sqlite3.connect(self.path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()

    # --- who is who in a state ----------------------------------------------------------
    def client_token(self, role, state) -> str | None:
        """The client role holds the token of the state's request (the open one for routes
        without a request); client_other that of another request, open, of the same gemeente."""
        if role == "client_other":
            return self.client_tokens[self.ids["other"]]
        return self.client_tokens.get(self.ids[state if state in STATES else "open"])

    def token(self, role, state) -> str | None:
        if role in CLIENT_ROLES:
            return self.client_token(role, state)
        return self.tokens.get(role)

    def page_browser(self, role, state):
        """A browser of its own for this probe, carrying the role's session (a copy, so that a
        logout or a stop in one probe does not log the role out of the next)."""
        browser = self.app.test_client()
        if role in CLIENT_ROLES:
            with browser.session_transaction() as session:
                session["client_token"] = self.client_token(role, state)
        elif role != "anonymous":
            cookie = self.browsers[role].get_cookie(self.app.config["SESSION_COOKIE_NAME"])
            browser.set_cookie(cookie.key, cookie.value)
        return browser


def bid_body(price_cents: int) -> dict:
    return {"price_cents": price_cents, "start_date": "2027-02-01", "approach": "Plan van aanpak",
            "idempotency_key": str(uuid.uuid4())}


def make_world(template_db, directory, clock) -> World:
    path = directory / "zorgbod.db"
    shutil.copy(template_db, path)
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    built = World(app=app, clock=clock, path=path)
    built.build()
    return built
