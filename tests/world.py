"""The test world: Lelystad with a consultant and four approved providers, Dronten approving
only aanbieder4, aanbieder5 registered but not approved, like the demo data but without
requests, so every test sets its own windows."""
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


def logged_in(app, who: str = "consulent", language: str | None = None):
    """A test browser logged in on the pages as one of the world's users, in a language."""
    browser = app.test_client()
    if language:
        browser.set_cookie("taal", language)
    resp = browser.post("/inloggen", data={"email": email(who), "password": PASSWORD})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    return browser
