"""The demo data of docs/api.md: two gemeenten, five providers, live requests to watch."""
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .auction import lifecycle, support_requests
from .auction.actors import actor_for_user
from .auction.bidding import place_bid
from .auction.errors import Text
from .auction.inputs import AMSTERDAM, BidInput, today_by_the_clock
from .auction.transactions import server_now
from .clients import client_data
from .demo_history import Profile, Provider, add_history
from .gemeente.tariffs import seed_tariffs
from .models import Approval, Category, Gemeente, MinimumRequirement, Organisation, Request, User
from .privacy import detection
from .providers import evidence
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


def _gemeente(session: Session, name: str, code: str, consultant_email: str, consultant_name: str,
              tariff_percent: int = 100):
    gemeente = Gemeente(name=name, code=code)
    session.add(gemeente)
    session.flush()
    seed_catalogue(session, gemeente)
    session.flush()
    # Each gemeente prices its own bouwstenen: Dronten's table is a little below Lelystad's.
    seed_tariffs(session, gemeente.id, tariff_percent)
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
        # No maximum or floor: they come from the gemeente's tariff table, as in a consultant's form.
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


# Lelystad asks for one document: the liability insurance's policy schedule, counting 12 months.
# Providers 1-4 uploaded theirs, so their approvals count (aanbieder3's runs out within the month:
# the expiry job warns it); aanbieder5, still waiting for admission, has uploaded nothing.
INSURANCE = Text("Wij hebben een aansprakelijkheidsverzekering voor ons bedrijf en onze beroepsuitoefening "
                 "(bewijs: het polisblad).")


def _demo_pdf(line: str) -> bytes:
    """A one-page PDF saying `line` (ASCII), with a correct cross-reference table, so that a
    browser opens it like a real policy schedule."""
    text = line.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii", "replace")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def _insurance(session: Session, gemeente: Gemeente, providers: list) -> None:
    requirement = MinimumRequirement(gemeente_id=gemeente.id, code="verzekering", text=INSURANCE,
                                     requires_document=True, validity_months=12)
    session.add(requirement)
    session.commit()
    today = today_by_the_clock()
    for i, (org, user) in enumerate(providers[:4], start=1):
        evidence.upload(session, actor_for_user(user), org.id, requirement.id, f"polisblad-{org.kvk_number}.pdf",
                        _demo_pdf(f"Polisblad aansprakelijkheidsverzekering - {org.name}"),
                        today + timedelta(days=20) if i == 3 else None, today)


def load(session: Session) -> dict:
    lelystad, lel_consultant = _gemeente(session, "Lelystad", "LEL", "consulent@lelystad.example",
                                         "Marieke Visser")
    dronten, dro_consultant = _gemeente(session, "Dronten", "DRO", "consulent@dronten.example",
                                        "Pieter Smit", tariff_percent=95)
    session.add(User(email="beheer@lelystad.example", name="Anouk Meijer", password_hash=hash_password("demo-beheer"),
                     role="admin", gemeente_id=lelystad.id))
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
    _insurance(session, lelystad, providers)

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
                      {"code": "administratie_financien", "complexity": "licht"}],
        # Price weighed against the start, the plan and each provider's record: the comparison
        # shows scores, and the cheapest offer is not first by score.
        award_criteria={"price": 50, "start_date": 10, "approach": 20, "record": 20})
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
    _history(session, lelystad, lel_consultant, providers, now)
    return {"open": open_req.id, "scheduled": scheduled_req.id, "closed": closed_req.id,
            "dronten": dronten_req.id}


# Lelystad's past (demo_history.py), so that Stuurinformatie shows a year of figures and the
# comparison on the closed request shows real records: Zorg Samen reliable, Thuishulp Flevoland
# cheap but often late, Begeleiding Dichtbij new these last months, Polderzorg bidding high and
# never chosen (a provider without a record, and a signal).
HISTORY_PROFILES = [
    Profile(bid_chance=0.8, price=(0.74, 0.90), delay=(-3, 2), achieved=0.7, satisfaction=4.4, complaints=0.03),
    Profile(bid_chance=0.85, price=(0.68, 0.86), delay=(-2, 30), achieved=0.45, satisfaction=3.3, complaints=0.15),
    Profile(bid_chance=0.6, price=(0.70, 0.88), delay=(0, 6), achieved=0.6, satisfaction=4.0, complaints=0.05,
            since_days=160),
    Profile(bid_chance=0.12, price=(0.90, 0.98), delay=(0, 0), achieved=0.5, satisfaction=3.5, complaints=0.1,
            wins=False),
]


def _history(session: Session, gemeente: Gemeente, consultant: User, providers: list, now) -> None:
    add_history(session, gemeente, consultant.id,
                [Provider(org.id, user.id, profile) for (org, user), profile in zip(providers, HISTORY_PROFILES)],
                count=140, today=now.astimezone(AMSTERDAM).date(), now=now, days=425,
                sealer=client_data.key_ring().seal)
    session.commit()


ACCOUNTS = [
    ("Consulent Lelystad", "consulent@lelystad.example", "demo-consulent"),
    ("Beheerder Lelystad", "beheer@lelystad.example", "demo-beheer"),
    ("Consulent Dronten", "consulent@dronten.example", "demo-consulent"),
    *[(f"Aanbieder {i}" + (" (niet toegelaten)" if i == 5 else ""), f"aanbieder{i}@zorg.example",
       "demo-aanbieder") for i in range(1, 6)],
]
