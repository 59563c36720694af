"""The demo data a newcomer logs in with, the CLI around it, and that the migrations match
the models."""
import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from marketplace import create_app
from marketplace.extensions import db


def make_app(tmp_path):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'demo.db'}"))
    with app.app_context():
        upgrade(directory="migrations")
    return app


def token(client, email, password):
    resp = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert resp.status_code == 201, email
    return {"Authorization": f"Bearer {resp.get_json()['token']}"}


def test_demo_data_gives_the_contracts_accounts_and_a_live_auction(tmp_path):
    app = make_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    lelystad = token(client, "consulent@lelystad.example", "demo-consulent")
    statuses = sorted(r["status"] for r in client.get("/api/v1/requests", headers=lelystad).get_json()["requests"])
    # The tour's three, and behind them the year of decided history (test_demo_history.py).
    assert [s for s in statuses if s not in ("awarded", "no_offers", "cancelled")] == ["closed", "open", "scheduled"]
    for i in range(1, 5):
        seen = client.get("/api/v1/requests", headers=token(client, f"aanbieder{i}@zorg.example",
                                                            "demo-aanbieder")).get_json()["requests"]
        assert "open" in [r["status"] for r in seen]
    aanbieder5 = token(client, "aanbieder5@zorg.example", "demo-aanbieder")
    assert client.get("/api/v1/requests", headers=aanbieder5).get_json()["requests"] == []
    dronten = token(client, "consulent@dronten.example", "demo-consulent")
    dronten_requests = client.get("/api/v1/requests", headers=dronten).get_json()["requests"]
    assert [r["reference"][:3] for r in dronten_requests] == ["DRO"]
    aanbieder4 = token(client, "aanbieder4@zorg.example", "demo-aanbieder")
    seen = {r["reference"][:3] for r in client.get("/api/v1/requests", headers=aanbieder4).get_json()["requests"]}
    assert seen == {"LEL", "DRO"}


def test_demo_data_loads_only_into_an_empty_database(tmp_path):
    app = make_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data", "--if-empty"]).exit_code == 0
    again = runner.invoke(args=["demo-data", "--if-empty"])
    assert again.exit_code == 0 and "not loaded again" in again.output
    assert runner.invoke(args=["demo-data"]).exit_code != 0
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM gemeenten")) == 2


def test_demo_accounts_are_printed(tmp_path):
    output = make_app(tmp_path).test_cli_runner().invoke(args=["demo-accounts"]).output
    for email in ("consulent@lelystad.example", "aanbieder5@zorg.example"):
        assert email in output


def test_migrations_match_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from marketplace.models import Base
    app = make_app(tmp_path)
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
