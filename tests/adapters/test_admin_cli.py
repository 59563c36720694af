"""A gemeente set up from the command line with its first beheerder (invited by e-mail), and the
demo's beheerder and tariff tables."""
import re

import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import Category, EmailOutbox, Gemeente, Request, Tariff, User


def count(model, **where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).filter_by(**where))


def test_create_gemeente_sets_up_the_catalogue_tariffs_and_invites_its_beheerder(app, runner):
    result = runner.invoke(args=["create-gemeente", "Noordoostpolder", "--admin", "Beheer@NOP.example",
                                 "--code", "nop"])
    assert result.exit_code == 0, result.output
    assert "Noordoostpolder (NOP)" in result.output
    with app.app_context():
        gemeente = db.session.scalar(sa.select(Gemeente).where(Gemeente.name == "Noordoostpolder"))
        assert gemeente.code == "NOP"
        assert count(Category, gemeente_id=gemeente.id) == 5 and count(Tariff, gemeente_id=gemeente.id) == 27
        admin = db.session.scalar(sa.select(User).where(User.email == "beheer@nop.example"))
        assert (admin.role, admin.gemeente_id, admin.status) == ("admin", gemeente.id, "invited")
        mail = db.session.scalar(sa.select(EmailOutbox).where(EmailOutbox.to_address == "beheer@nop.example"))
        assert mail.template == "invitation" and mail.gemeente_id == gemeente.id
        link = result.output.strip().split()[-1]
        assert link.startswith("http") and link in mail.body


def test_create_gemeente_refuses_a_taken_address_name_or_code_and_sets_up_nothing(app, runner):
    for args, problem in ((["Urk", "--admin", "consulent@lelystad.example"], "e-mailadres"),
                          (["Lelystad", "--admin", "nieuw@lelystad.example"], "naam"),
                          (["Almere", "--admin", "beheer@almere.example", "--code", "LEL"], "code"),
                          (["Urk", "--admin", "geen-adres"], "e-mailadres")):
        result = runner.invoke(args=["create-gemeente", *args])
        assert result.exit_code != 0 and problem in result.output, (args, result.output)
    with app.app_context():
        assert count(Gemeente) == 2 and count(User, role="admin") == 0


def test_the_demo_has_a_beheerder_and_tariff_tables_that_price_its_requests(tmp_path):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'demo.db'}"))
    with app.app_context():
        upgrade(directory="migrations")
    runner = app.test_cli_runner()
    loaded = runner.invoke(args=["demo-data"])
    assert loaded.exit_code == 0, loaded.output
    live = [int(n) for n in re.findall(r"\d+", loaded.output.split("Demo data loaded:")[1])[:4]]
    assert "beheer@lelystad.example" in runner.invoke(args=["demo-accounts"]).output
    client = app.test_client()
    token = client.post("/api/v1/tokens", json={"email": "beheer@lelystad.example", "password": "demo-beheer"})
    assert token.status_code == 201 and token.get_json()["role"] == "admin"
    document = client.get("/api/v1/catalogue", headers={"Authorization": f"Bearer {token.get_json()['token']}"})
    assert len(document.get_json()["tariffs"]) == 27
    with app.app_context():
        lelystad, dronten = (db.session.scalar(sa.select(Gemeente.id).where(Gemeente.code == c)) for c in ("LEL", "DRO"))
        assert count(Tariff, gemeente_id=dronten) == 27
        requests = {r.id: r for r in db.session.scalars(sa.select(Request).where(Request.id.in_(live)))}
        open_lelystad, dronten_request = requests[live[0]], requests[live[3]]
        # administratie_financien midden + dagstructuur licht, in Lelystad's table and at 95% in Dronten's
        assert (open_lelystad.max_price_cents, open_lelystad.floor_price_cents) == (225_000, 90_000)
        assert dronten_request.max_price_cents == 142_500 + 71_200
        assert all(r.max_price_reason is None and r.floor_price_cents == r.max_price_cents * 40 // 100
                   for r in requests.values())
