"""The test world: Lelystad with a consultant and four approved providers, Dronten approving
only aanbieder4, aanbieder5 registered but not approved, like the demo data but without
requests, so every test sets its own windows; and the request its consultant writes."""
from datetime import datetime, timedelta

import sqlalchemy as sa

from marketplace.auction.actors import Actor, actor_for_user
from marketplace.models import Gemeente, Organisation, User
from marketplace.providers.accounts import hash_password
from marketplace.providers.onboarding import grant, seed_catalogue

PASSWORD = "test-wachtwoord"
EMAILS = {
    "consulent": "consulent@lelystad.example",
    "consulent_dronten": "consulent@dronten.example",
    **{f"aanbieder{i}": f"aanbieder{i}@zorg.example" for i in range(1, 6)},
}
ORG_NAMES = {1: "Zorg Een", 2: "Zorg Twee", 3: "Zorg Drie", 4: "Zorg Vier", 5: "Zorg Vijf"}


def email(who: str) -> str:
    return EMAILS[who]


def actor(session, who: str) -> Actor:
    """One of the world's users as the domain sees them (as an adapter makes them from a login)."""
    return actor_for_user(session.scalar(sa.select(User).where(User.email == email(who))))


def build(session) -> None:
    pw = hash_password(PASSWORD)
    lelystad = Gemeente(name="Lelystad", code="LEL")
    dronten = Gemeente(name="Dronten", code="DRO")
    session.add_all([lelystad, dronten])
    session.flush()
    seed_catalogue(session, lelystad)
    seed_catalogue(session, dronten)
    session.add(User(email=EMAILS["consulent"], name="Consulent Lelystad", password_hash=pw,
                     role="consultant", gemeente_id=lelystad.id))
    session.add(User(email=EMAILS["consulent_dronten"], name="Consulent Dronten", password_hash=pw,
                     role="consultant", gemeente_id=dronten.id))
    session.flush()
    for i, name in ORG_NAMES.items():
        org = Organisation(name=name, kvk_number=f"3000000{i}", agb_code=f"4100000{i}",
                           contact_name=f"Contact {i}", contact_email=f"aanbieder{i}@zorg.example",
                           contact_phone="0320-000000",
                           offered_categories=["begeleiding_individueel", "huishoudelijke_ondersteuning"])
        session.add(org)
        session.flush()
        session.add(User(email=EMAILS[f"aanbieder{i}"], name=f"Medewerker {i}", password_hash=pw,
                         role="provider", organisation_id=org.id))
        if i <= 4:
            grant(session, lelystad, org, "begeleiding_individueel")
            grant(session, lelystad, org, "huishoudelijke_ondersteuning")
        if i == 4:
            grant(session, dronten, org, "begeleiding_individueel")
    session.commit()



def request_payload(clock_now: datetime, **overrides) -> dict:
    """A request for Lelystad's consultant as the API takes it, its window open from clock_now
    for 30 minutes; `overrides` replace fields whole."""
    body = {
        "category": "begeleiding_individueel",
        "result_areas": [{"code": "administratie_financien", "complexity": "midden"}],
        "region": "823",
        "start_date": (clock_now + timedelta(days=30)).date().isoformat(),
        "duration_weeks": 26,
        "max_price_cents": 150000,
        "floor_price_cents": 60000,
        "description": "Hulp bij administratie en dagstructuur.",
        "opens_at": clock_now.isoformat(),
        "closes_at": (clock_now + timedelta(minutes=30)).isoformat(),
        "visibility": "open",
        "min_step_cents": 100,
        "soft_close_seconds": 120,
        "max_extension_seconds": 1800,
        "client": {"name": "Truus Testcliënt", "bsn": "111222333", "address": "Teststraat 1, 8232 AA Lelystad",
                   "phone": "06-11112222"},
    }
    body.update(overrides)
    return body
