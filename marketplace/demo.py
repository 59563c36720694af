"""The demo data of docs/api.md: two gemeenten, five providers, live requests to watch."""
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .auction import lifecycle, support_requests
from .auction.actors import actor_for_user
from .auction.bidding import place_bid
from .auction.inputs import BidInput
from .auction.transactions import server_now
from .models import Approval, Category, Gemeente, Organisation, Request, User
from .privacy import detection
from .providers.accounts import hash_password
from .providers.onboarding import grant, seed_catalogue

PROVIDERS = [
    ("Zorg Samen B.V.", "30123456", "41000001", "Fatima el Amrani"),
    ("Thuishulp Flevoland", "30123457", "41000002", "Jan de Vries"),
    ("Begeleiding Dichtbij", "30123458", "41000003", "Sanne Bakker"),
    ("Polderzorg", "30123459", "41000004", "Ahmed Yilmaz"),
    ("Nieuwe Start Zorg", "30123460", "41000005", "Lisa Jansen"),
]


def is_empty(session: Session) -> bool:
    return session.scalar(sa.select(sa.func.count()).select_from(Gemeente)) == 0


def _gemeente(session: Session, name: str, code: str, consultant_email: str, consultant_name: str):
    gemeente = Gemeente(name=name, code=code)
    session.add(gemeente)
    session.flush()
    seed_catalogue(session, gemeente)
    consultant = User(email=consultant_email, name=consultant_name,
                      password_hash=hash_password("demo-consulent"), role="consultant",
                      gemeente_id=gemeente.id)
    session.add(consultant)
    return gemeente, consultant


def _request(session, consultant, category, opens_at, closes_at, description, client, **extra):
    data = {
        "category": category,
        "result_areas": extra.pop("result_areas", [{"code": "administratie_financien", "complexity": "midden"},
                                                   {"code": "dagstructuur", "complexity": "licht"}]),
        "region": extra.pop("region", "823"),
        "start_date": (date.today() + timedelta(days=21)).isoformat(),
        "duration_weeks": 26,
        "max_price_cents": 150000,
        "floor_price_cents": 60000,
        "description": description,
        "opens_at": opens_at.isoformat(),
        "closes_at": closes_at.isoformat(),
        "client": client,
        **extra,
    }
    actor = actor_for_user(consultant)
    req = support_requests.create_request(session, actor, data)
    support_requests.publish(session, actor, req.id, detection.patterns_only)
    return req


def _bid(session, user, request_id, price_cents, approach):
    place_bid(session, actor_for_user(user), request_id,
              BidInput(price_cents=price_cents, start_date=date.today() + timedelta(days=21),
                       approach=approach, idempotency_key=None))


def load(session: Session) -> dict:
    lelystad, lel_consultant = _gemeente(session, "Lelystad", "LEL", "consulent@lelystad.example",
                                         "Marieke Visser")
    dronten, dro_consultant = _gemeente(session, "Dronten", "DRO", "consulent@dronten.example",
                                        "Pieter Smit")
    providers = []
    for i, (name, kvk, agb, contact) in enumerate(PROVIDERS, start=1):
        org = Organisation(name=name, kvk_number=kvk, agb_code=agb, contact_name=contact,
                           contact_email=f"aanbieder{i}@zorg.example", contact_phone=f"0320-2000{i:02d}",
                           offered_categories=["begeleiding_individueel", "huishoudelijke_ondersteuning"])
        session.add(org)
        session.flush()
        user = User(email=f"aanbieder{i}@zorg.example", name=contact,
                    password_hash=hash_password("demo-aanbieder"), role="provider", organisation_id=org.id)
        session.add(user)
        providers.append((org, user))
    session.flush()
    for org, _ in providers[:4]:
        grant(session, lelystad, org, "begeleiding_individueel")
        grant(session, lelystad, org, "huishoudelijke_ondersteuning")
    grant(session, dronten, providers[3][0], "begeleiding_individueel")
    # aanbieder5 has asked Lelystad for admission; a consultant has not decided yet.
    cat = session.scalar(sa.select(Category).where(Category.gemeente_id == lelystad.id,
                                                   Category.code == "begeleiding_individueel"))
    session.add(Approval(gemeente_id=lelystad.id, organisation_id=providers[4][0].id,
                         category_id=cat.id, status="pending"))
    session.commit()

    now = server_now(session)
    users = [u for _, u in providers]
    open_req = _request(
        session, lel_consultant, "begeleiding_individueel", now - timedelta(minutes=1),
        now + timedelta(minutes=20),
        "Volwassene met schulden en een onregelmatig dagritme. Zoekt hulp bij post en betalingen "
        "en bij het opbouwen van een vaste weekstructuur.",
        {"name": "Johanna de Boer", "bsn": "111222333", "address": "Stationsplein 12, 8232 AB Lelystad",
         "phone": "06-12345678"})
    _bid(session, users[1], open_req.id, 128000, "Vaste begeleider, wekelijks huisbezoek, samen een budgetplan.")
    _bid(session, users[2], open_req.id, 125000, "Twee keer per week kort contact, digitale agenda, doorverwijzing naar schuldhulp.")
    scheduled_req = _request(
        session, lel_consultant, "huishoudelijke_ondersteuning", now + timedelta(minutes=1),
        now + timedelta(minutes=11),
        "Oudere alleenstaande met beperkte mobiliteit. Hulp bij het schoonhouden van de woning.",
        {"name": "Hendrik Mulder", "bsn": "123456782", "address": "Zuiderwagenplein 3, 8224 AD Lelystad",
         "phone": "0320-123456"},
        result_areas=[{"code": "huishoudelijke_hulp", "complexity": "licht"}], soft_close_seconds=60)
    closed_req = _request(
        session, lel_consultant, "begeleiding_individueel", now - timedelta(minutes=30),
        now + timedelta(minutes=30),
        "Jongvolwassene die zelfstandig gaat wonen en hulp zoekt bij administratie en werk.",
        {"name": "Sophie Kok", "bsn": "234567004", "address": "Agorabaan 7, 8224 JR Lelystad",
         "phone": "06-87654321", "date_of_birth": "2006-04-18",
         "notes": "Woont sinds kort zelfstandig; moeder helpt bij afspraken (bellen via de cliënt)."},
        result_areas=[{"code": "werknemersvaardigheden", "complexity": "midden"},
                      {"code": "administratie_financien", "complexity": "licht"}])
    _bid(session, users[0], closed_req.id, 110000, "Coach met ervaring in jongerenwerk; start binnen twee weken.")
    _bid(session, users[1], closed_req.id, 98000, "Groepstraining plus maandelijks individueel gesprek.")
    _bid(session, users[3], closed_req.id, 104000, "Begeleider op de werkplek en thuis, flexibele tijden.")
    # Demo only: end this window now so the consultant can show choice and award at once.
    req = session.get(Request, closed_req.id)
    req.closes_at = req.original_closes_at = server_now(session)
    session.commit()
    lifecycle.close_window(session, closed_req.id)
    dronten_req = _request(
        session, dro_consultant, "begeleiding_individueel", now - timedelta(minutes=1),
        now + timedelta(minutes=25),
        "Volwassene die na een opname weer grip op de dag wil krijgen.",
        {"name": "Karel Dijkstra", "bsn": "100000009", "address": "De Rede 1, 8251 EW Dronten",
         "phone": "0321-111111"}, region="825", visibility="rank_only")
    return {"open": open_req.id, "scheduled": scheduled_req.id, "closed": closed_req.id,
            "dronten": dronten_req.id}


ACCOUNTS = [
    ("Consulent Lelystad", "consulent@lelystad.example", "demo-consulent"),
    ("Consulent Dronten", "consulent@dronten.example", "demo-consulent"),
    *[(f"Aanbieder {i}" + (" (niet toegelaten)" if i == 5 else ""), f"aanbieder{i}@zorg.example",
       "demo-aanbieder") for i in range(1, 6)],
]
