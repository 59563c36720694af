"""The demo data's year of history (marketplace/demo_history.py): every steering figure and plot
has something to show, the providers' records differ as the README says, the audit trail still
verifies, and two loads on the same day give the same history."""
import sqlalchemy as sa

from config import TestConfig
from marketplace import create_app
from marketplace.auction.inputs import today_by_the_clock
from marketplace.extensions import db
from marketplace.figures import period
from marketplace.figures.figures import figures_for
from marketplace.models import Gemeente, Organisation, Request
from marketplace.quality.record import records_for


def demo_app(tmp_path, name="demo.db"):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / name}"))
    with app.app_context():
        from flask_migrate import upgrade
        upgrade(directory="migrations")
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return app


def lelystad_figures() -> dict:
    lelystad = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.name == "Lelystad"))
    return figures_for(db.session, period.read_scope(db.session, lelystad, {}, today_by_the_clock()))


def test_every_figure_and_plot_has_something_to_show(tmp_path):
    app = demo_app(tmp_path)
    with app.app_context():
        f = lelystad_figures()
    assert all(month["published"] > 0 for month in f["by_month"]), f["by_month"]
    assert f["requests"]["awarded"] > 50 and f["requests"]["no_offers"] > 0 and f["requests"]["cancelled"] > 0
    assert f["offers_per_request"]["mean"] > 1 and 0 < f["single_offer_share"] < 0.5
    assert 0.5 < f["price_vs_max"]["median_ratio"] < 1 and f["savings_cents"] > 0
    assert f["days_publish_to_award"]["median"] > 0 and f["hhi"] > 0
    assert [e["name"] for e in f["entrants"]] == ["Begeleiding Dichtbij"]
    assert len(f["market_shares"]) == 3 and len(f["outcomes_by_provider"]) == 3
    o = f["outcomes"]
    assert o["started"] and o["ended"] and o["review_results"] and o["survey_responses"] and o["complaints"]
    assert {s["kind"] for s in f["signals"]} == {"single_offer", "near_maximum", "dominant_provider",
                                                "late_withdrawal", "identical_prices", "never_wins"}


def test_the_records_differ_as_the_readme_says(tmp_path):
    app = demo_app(tmp_path)
    with app.app_context():
        names = dict(db.session.execute(sa.select(Organisation.name, Organisation.id)).all())
        lelystad = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.name == "Lelystad"))
        records = records_for(db.session, lelystad, names.values())
    reliable, late = records[names["Zorg Samen B.V."]], records[names["Thuishulp Flevoland"]]
    assert not reliable["new_provider"] and not late["new_provider"]
    assert reliable["started_on_time_rate"] > late["started_on_time_rate"]
    assert reliable["satisfaction"]["mean"] > late["satisfaction"]["mean"]
    assert reliable["median_days_to_start"] < late["median_days_to_start"]
    assert records[names["Polderzorg"]]["new_provider"] and records[names["Polderzorg"]]["assignments"] == 0


def test_the_audit_trail_verifies_and_the_history_is_the_same_each_time(tmp_path):
    first = demo_app(tmp_path, "one.db")
    result = first.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    second = demo_app(tmp_path, "two.db")
    summaries = []
    for app in (first, second):
        with app.app_context():
            f = lelystad_figures()
            summaries.append((f["requests"], f["savings_cents"], f["hhi"], f["outcomes"]))
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Request)
                                     .where(Request.audit_head.is_(None), Request.status != "draft")) == 0
    assert summaries[0] == summaries[1]
