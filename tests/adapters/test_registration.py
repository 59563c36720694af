"""Provider self-registration (issue 17, points 4 and 9): the form answers the same whether or not
an e-mail address, KvK number or AGB code is already on Zorgbod, only the e-mailed link completes
a registration, and registering is rate-limited per address."""
import re

import pytest
import sqlalchemy as sa

from config import TestConfig
from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import EmailOutbox, Organisation, User
from tests.support import world


def form(**overrides):
    data = {"name": "Zorg Nieuw", "kvk_number": "87654321", "agb_code": "98765432", "contact_name": "Nina Nieuw",
            "email": "nina@nieuw.example", "phone": "0320-123456", "password": "een-goed-wachtwoord",
            "categories": ["begeleiding_individueel"]}
    data.update(overrides)
    return data


def taken_values(app):
    with app.app_context():
        org = db.session.scalar(sa.select(Organisation).order_by(Organisation.id))
        return {"email": world.email("aanbieder1"), "kvk_number": org.kvk_number, "agb_code": org.agb_code}


def outbox(app, address):
    with app.app_context():
        return db.session.scalars(sa.select(EmailOutbox.body).where(EmailOutbox.to_address == address)
                                  .order_by(EmailOutbox.id)).all()


def strip_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*', "", html)


@pytest.mark.parametrize("field", ["email", "kvk_number", "agb_code"])
def test_the_answer_does_not_reveal_a_taken_identifier(app, field):
    fresh, taken = app.test_client(), app.test_client()
    new = fresh.post("/registreren", data=form(email="a@nieuw.example"))
    other = {"email": "b@nieuw.example", "kvk_number": "11112222", "agb_code": "22223333"}
    old = taken.post("/registreren", data=form(**{**other, field: taken_values(app)[field]}))
    assert new.status_code == old.status_code == 302
    assert new.headers["Location"] == old.headers["Location"] == "/registreren/verstuurd"
    assert strip_tokens(fresh.get("/registreren/verstuurd").get_data(as_text=True)) == \
        strip_tokens(taken.get("/registreren/verstuurd").get_data(as_text=True))
    for client in (fresh, taken):  # nobody is logged in by the form itself
        assert client.get("/aanbieder/status").status_code == 302


def test_the_e_mailed_link_completes_the_registration(app):
    browser = app.test_client()
    browser.post("/registreren", data=form())
    [body] = outbox(app, "nina@nieuw.example")
    link = re.search(r"http://localhost(/registreren/bevestigen/\S+)", body).group(1)
    assert "een-goed-wachtwoord" not in body

    assert browser.get(link).status_code == 200  # a mail scanner opening the link registers nothing
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == "nina@nieuw.example")) is None
    resp = browser.post(link)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/aanbieder/status")
    assert browser.get("/aanbieder/status").status_code == 200
    again = app.test_client().post(link)  # once only
    assert again.status_code == 302 and "/inloggen" in again.headers["Location"]
    login = app.test_client().post("/inloggen", data={"email": "nina@nieuw.example",
                                                      "password": "een-goed-wachtwoord"})
    assert login.status_code == 302


def test_a_taken_address_gets_an_e_mail_instead_of_an_account(app):
    address = world.email("aanbieder1")
    app.test_client().post("/registreren", data=form(email=address))
    [body] = outbox(app, address)
    assert "al een account" in body and "bevestigen" not in body


def test_a_forged_or_expired_link_registers_nothing(app, clock, monkeypatch):
    browser = app.test_client()
    assert browser.post("/registreren/bevestigen/abc.def.ghi").status_code == 400
    browser.post("/registreren", data=form())
    [body] = outbox(app, "nina@nieuw.example")
    link = re.search(r"http://localhost(/registreren/bevestigen/\S+)", body).group(1)
    import itsdangerous.timed
    real = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() + 25 * 3600)
    assert browser.post(link).status_code == 400


def test_form_mistakes_are_still_shown_per_field(client):
    page = client.post("/registreren", data=form(kvk_number="123", password="kort"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "8 cijfers" in html and "minstens 10 tekens" in html


@pytest.mark.parametrize("password, problem", [("een-goed-wacht\x07woord", "stuurtekens"),
                                               ("x" * 201, "hoogstens 200 tekens"),
                                               ("  kort  ", "minstens 10 tekens")])
def test_the_password_meets_the_one_password_rule(client, password, problem):
    page = client.post("/registreren", data=form(password=password))
    assert page.status_code == 200 and problem in page.get_data(as_text=True)


def test_the_password_is_kept_as_typed(app):
    """Spaces around it are part of it, as they are when logging in."""
    browser = app.test_client()
    browser.post("/registreren", data=form(password="  een-goed-wachtwoord "))
    [body] = outbox(app, "nina@nieuw.example")
    assert browser.post(re.search(r"http://localhost(/registreren/bevestigen/\S+)", body).group(1)).status_code == 302
    for typed, status in (("een-goed-wachtwoord", 200), ("  een-goed-wachtwoord ", 302)):
        login = app.test_client().post("/inloggen", data={"email": "nina@nieuw.example", "password": typed})
        assert login.status_code == status


def test_registration_is_rate_limited_per_address(db_path):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}", REGISTER_RATE_LIMIT="3 per hour"))
    client = app.test_client()
    codes = [client.post("/registreren", data=form(email=f"n{i}@nieuw.example")).status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]
