"""The gemeenten's beheerders, added to the test world by the tests that need them: one for
Lelystad and one for Dronten, with the world's password; and a starting tariff table."""
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.gemeente.tariffs import seed_tariffs
from marketplace.models import Gemeente, User
from marketplace.providers.accounts import hash_password

from . import world

ADMINS = {"beheer": ("beheer@lelystad.example", "LEL"), "beheer_dronten": ("beheer@dronten.example", "DRO")}


def add_admins(app) -> None:
    """Both beheerders, able to log in with world.PASSWORD."""
    with app.app_context():
        pw = hash_password(world.PASSWORD)
        for email, code in ADMINS.values():
            gemeente_id = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.code == code))
            db.session.add(User(email=email, name=f"Beheerder {code}", password_hash=pw, role="admin",
                                gemeente_id=gemeente_id))
        db.session.commit()


def add_tariffs(app, code: str = "LEL") -> None:
    """The default starting table (marketplace.gemeente.tariffs.DEFAULT_TARIFFS) for one gemeente."""
    with app.app_context():
        seed_tariffs(db.session, db.session.scalar(sa.select(Gemeente.id).where(Gemeente.code == code)))
        db.session.commit()


def api_login(api, who: str) -> None:
    """Give the Api helper a token for a beheerder, as for the world's users."""
    resp = api.client.post("/api/v1/tokens", json={"email": ADMINS[who][0], "password": world.PASSWORD})
    assert resp.status_code == 201 and resp.get_json()["role"] == "admin", resp.get_json()
    api.use_token(who, resp.get_json()["token"])


def page_login(browser, who: str = "beheer") -> None:
    """Log a test browser in through the login form as a beheerder."""
    resp = browser.post("/inloggen", data={"email": ADMINS[who][0], "password": world.PASSWORD})
    assert resp.status_code == 302, resp.get_data(as_text=True)
