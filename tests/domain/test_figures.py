"""The steering figures on a hand-made March in Lelystad, each worked out by hand: requests by
status, offers per request, price against maximum and floor, days to award, new entrants, the
market's concentration and the outcome measures (the same as each provider's record)."""
from datetime import date, timedelta

import pytest

from marketplace.auction.errors import DomainError
from marketplace.extensions import db
from marketplace.figures import figures, period
from marketplace.figures.sql import median, median_of_counts
from marketplace.quality.record import records_for
from tests.support.steering_history import History, utc

D = date.fromisoformat
TODAY = D("2026-04-15")


@pytest.fixture
def march(ctx):
    """Eight requests published in March (Amsterdam), one in February, one on 1 April just after
    midnight, a draft, and one of Dronten's; four awards with their assignments."""
    h = History(db.session)
    made = {
        "r1": h.request(utc(2026, 3, 2, 9), offers=[(1, 90000), (2, 95000)], winner=0, award_days=4),
        "r2": h.request(utc(2026, 3, 3, 9), offers=[(2, 80000), (1, 85000), (3, 99000)], winner=0, award_days=6),
        "r3": h.request(utc(2026, 3, 4, 9), offers=[(1, 97000)], winner=0, award_days=8,
                        category="huishoudelijke_ondersteuning"),
        "r4": h.request(utc(2026, 3, 5, 9), status="no_offers"),
        "r5": h.request(utc(2026, 3, 6, 9), offers=[(1, 70000), (2, 65000, utc(2026, 3, 8, 8, 59))], winner=0,
                        award_days=2),
        "r6": h.request(utc(2026, 3, 20, 9), status="open", offers=[(1, 100000)]),
        "r7": h.request(utc(2026, 3, 21, 9), status="cancelled"),
        # 23:30 UTC on 28 February is half past midnight on 1 March in Amsterdam.
        "r10": h.request(utc(2026, 2, 28, 23, 30), status="closed", offers=[(3, 60000), (4, 60000)]),
        "r8": h.request(utc(2026, 2, 20, 9), offers=[(1, 50000)], winner=0),
        # 22:30 UTC on 31 March is half past midnight on 1 April in Amsterdam (summer time).
        "r9": h.request(utc(2026, 3, 31, 22, 30), status="no_offers", offers=[]),
        "draft": h.request(None, status="draft"),
    }
    History(db.session, "Dronten").request(utc(2026, 3, 10, 9), offers=[(4, 10000)], winner=0)
    a1 = h.assignment(made["r1"], D("2026-03-10"), D("2026-03-20"), started=D("2026-03-18"))
    h.review(a1, D("2026-04-01"), "achieved", "partly")
    h.survey(a1, 4.0)
    h.complaint(a1, "provider")
    a2 = h.assignment(made["r2"], D("2026-03-12"), D("2026-03-20"), started=D("2026-03-30"))
    h.review(a2, D("2026-04-02"), "not_achieved", "achieved")
    h.survey(a2, 3.0)
    h.complaint(a2, "gemeente")
    h.assignment(made["r3"], D("2026-03-15"), D("2026-03-25"))  # due, not started: not on time
    h.assignment(made["r5"], D("2026-03-20"), D("2026-04-30"))  # not due yet
    made["history"] = h
    return made


def march_figures(**scope):
    lelystad = History(db.session).gemeente.id
    chosen = period.make_scope(db.session, lelystad, scope.pop("date_from", D("2026-03-01")),
                               scope.pop("date_to", D("2026-03-31")), scope.pop("category", None))
    return figures.figures_for(db.session, chosen, today=TODAY)


@pytest.mark.every_backend
def test_requests_count_by_status_in_the_period_of_their_publication(march):
    assert march_figures()["requests"] == {"scheduled": 0, "open": 1, "closed": 1, "chosen": 0, "awarded": 4,
                                           "no_offers": 1, "cancelled": 1}


@pytest.mark.every_backend
def test_offers_per_request_over_closed_windows_without_withdrawn_offers(march):
    f = march_figures()
    # r1 2, r2 3, r3 1, r4 0, r5 1 (one withdrawn), r10 2; r6 is still open.
    assert f["offers_per_request"]["mean"] == 1.5 and f["offers_per_request"]["median"] == 1.5
    assert f["offers_per_request"]["requests"] == 6
    assert [d["requests"] for d in f["offers_per_request"]["distribution"]] == [1, 2, 2, 1, 0, 0]
    assert f["single_offer_share"] == round(2 / 6, 4)


@pytest.mark.every_backend
def test_awarded_price_against_maximum_and_floor_and_what_stayed_below_the_maximum(march):
    f = march_figures()
    assert f["price_vs_max"] == {"median_ratio": 0.85, "median_floor_ratio": 0.4, "awarded": 4}  # .7 .8 .9 .97
    assert f["savings_cents"] == 10000 + 20000 + 3000 + 30000
    assert f["days_publish_to_award"] == {"median": 5.0, "awarded": 4}  # 2, 4, 6, 8 days


@pytest.mark.every_backend
def test_market_shares_and_the_hhi_count_awards(march):
    f = march_figures()
    assert [(s["name"], s["awards"], s["share"], s["value_cents"]) for s in f["market_shares"]] == [
        ("Zorg Een", 3, 0.75, 90000 + 97000 + 70000), ("Zorg Twee", 1, 0.25, 80000)]
    assert f["hhi"] == 75 ** 2 + 25 ** 2


@pytest.mark.every_backend
def test_new_entrants_made_their_first_offer_here_in_the_period(march):
    f = march_figures()
    assert f["new_entrants"] == 3  # Zorg Een offered in February already
    assert [e["name"] for e in f["entrants"]] == ["Zorg Drie", "Zorg Twee", "Zorg Vier"]
    household = march_figures(category="huishoudelijke_ondersteuning")
    assert [e["name"] for e in household["entrants"]] == ["Zorg Een"]  # its first offer in this category
    assert household["requests"]["awarded"] == 1 and household["hhi"] == 10_000


@pytest.mark.every_backend
def test_outcome_measures_over_the_assignments_in_the_period(march):
    o = march_figures()["outcomes"]
    assert o == {
        "assignments": 4, "started": 2, "ended": 0,
        "median_days_to_start": 13.0,                      # 8 and 18 days
        "started_on_time_rate": 0.333, "started_on_time": {"on_time": 1, "due": 3},
        "review_results": 4, "achieved_rate": 0.625,       # (1 + 0.5 + 0 + 1) / 4
        "survey_responses": 2, "satisfaction_mean": 3.5,
        "complaints": 1, "complaints_about_gemeente": 1, "complaints_per_100": 25.0,
    }


@pytest.mark.every_backend
def test_each_providers_outcomes_are_its_record(march):
    by_provider = {p["organisation_id"]: p for p in march_figures()["outcomes_by_provider"]}
    records = records_for(db.session, march["history"].gemeente.id, by_provider, today=TODAY)
    assert len(by_provider) == 2
    for org, mine in by_provider.items():
        theirs = records[org]
        assert (mine["started"], mine["ended"], mine["assignments"]) == (theirs["assignments"], theirs["ended"],
                                                                         theirs["awarded"])
        assert mine["median_days_to_start"] == theirs["median_days_to_start"]
        assert mine["started_on_time_rate"] == theirs["started_on_time_rate"]
        assert mine["started_on_time"] == theirs["started_on_time"]
        assert mine["achieved_rate"] == theirs["results"]["achieved_rate"]
        assert mine["satisfaction_mean"] == theirs["satisfaction"]["mean"]
        assert mine["complaints_per_100"] == theirs["complaints_per_100"]


@pytest.mark.every_backend
def test_the_monthly_series_follow_amsterdams_calendar(march):
    f = march_figures(date_from=D("2026-02-15"), date_to=D("2026-04-10"))
    months = f["by_month"]
    assert [m["month"] for m in months] == ["2026-02", "2026-03", "2026-04"]
    assert [m["published"] for m in months] == [1, 8, 1]
    assert [m["awarded"] for m in months] == [1, 4, 0]
    assert [m["median_days_to_award"] for m in months] == [5.0, 5.0, None]
    assert months[1]["single_offer_share"] == round(2 / 6, 4)
    assert months[1]["mean_max_cents"] == 100000 and months[1]["savings_cents"] == 63000


def test_an_empty_period_has_no_figures_rather_than_zeros(march):
    f = march_figures(date_from=D("2025-01-01"), date_to=D("2025-01-31"))
    assert f["offers_per_request"]["mean"] is None and f["single_offer_share"] is None
    assert f["hhi"] is None and f["price_vs_max"]["median_ratio"] is None and f["savings_cents"] == 0
    assert f["outcomes"]["achieved_rate"] is None and f["outcomes"]["complaints_per_100"] is None
    assert f["signals"] == []


def test_the_contracts_call_gives_the_contracts_keys(march):
    f = figures.steering_figures(db.session, march["history"].gemeente.id, D("2026-03-01"), D("2026-03-31"))
    for key in ("requests", "offers_per_request", "single_offer_share", "price_vs_max", "savings_cents",
                "days_publish_to_award", "new_entrants", "hhi", "outcomes", "signals"):
        assert key in f
    assert set(f["outcomes"]) >= {"median_days_to_start", "achieved_rate", "satisfaction_mean", "complaints_per_100"}


@pytest.mark.parametrize("awards, expected", [([], None), ([7], 10_000), ([1, 1, 1, 1], 2500), ([3, 1], 6250),
                                              ([1, 1, 1], 3333)])
def test_hhi_is_the_sum_of_squared_percentage_shares(awards, expected):
    assert figures.hhi(awards) == expected


@pytest.mark.parametrize("counts, expected", [({}, None), ({3: 1}, 3), ({0: 1, 1: 2, 2: 2, 3: 1}, 1.5),
                                              ({1: 5, 9: 1}, 1), ({2: 2, 4: 2}, 3)])
def test_the_median_from_a_distribution(counts, expected):
    assert median_of_counts(counts) == expected
    expanded = [value for value, n in counts.items() for _ in range(n)]
    assert median(expanded) == expected


@pytest.mark.parametrize("args, field", [
    ({"from": "2026-04-01", "to": "2026-03-01"}, "to"),
    ({"from": "1999-12-31"}, "from"),
    ({"from": "2026-13-01"}, "from"),
    ({"to": "morgen"}, "to"),
    ({"category": "bestaat_niet"}, "category"),
    ({"category": "x" * 65}, "category"),
    ({"from": "2010-01-01", "to": "2026-01-01"}, "from"),
])
def test_a_bad_scope_is_a_validation_error_naming_the_field(ctx, args, field):
    with pytest.raises(DomainError) as error:
        period.read_scope(db.session, History(db.session).gemeente.id, args, TODAY)
    assert error.value.code == "validation_error" and field in error.value.extra["fields"]


def test_the_default_period_is_the_last_twelve_calendar_months(ctx):
    lelystad = History(db.session).gemeente.id
    scope = period.read_scope(db.session, lelystad, {}, TODAY)
    assert (scope.date_from, scope.date_to, scope.category_id) == (D("2025-05-01"), TODAY, None)
    assert len(scope.months) == 12
    ending = period.read_scope(db.session, lelystad, {"to": "2025-12-31", "category": ""}, TODAY)
    assert (ending.date_from, ending.date_to) == (D("2025-01-01"), D("2025-12-31"))
    assert period.midnight(D("2026-07-01")) == utc(2026, 6, 30, 22)
    assert scope.ends_at - scope.starts_at > timedelta(days=349)


@pytest.mark.parametrize("kind", ["consultant", "admin"])
def test_the_gemeentes_staff_see_their_own_gemeentes_figures(kind):
    from marketplace.auction.actors import Actor
    assert figures.staff_gemeente(Actor(kind=kind, user_id=1, gemeente_id=7)) == 7


@pytest.mark.parametrize("kind", ["provider", "client"])
def test_providers_and_clients_are_refused(kind):
    from marketplace.auction.actors import Actor
    with pytest.raises(DomainError) as error:
        figures.staff_gemeente(Actor(kind=kind, user_id=1, organisation_id=3, request_id=4))
    assert error.value.code == "forbidden"
