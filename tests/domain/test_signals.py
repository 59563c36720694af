"""Each signal worth a look on hand-made requests, with the cases just inside and just outside
its rule: a single offer, an award near the maximum, one provider winning most of a category,
the leading offer withdrawn in the last minutes, identical prices, bidding often without winning."""
from datetime import date, timedelta

import pytest

from marketplace.extensions import db
from marketplace.figures import period, signals
from tests.support.steering_history import History, utc

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def h(ctx):
    return History(db.session)


def found(h, kind=None, category=None):
    scope = period.make_scope(db.session, h.gemeente.id, *MARCH, category)
    return [s for s in signals.find_signals(db.session, scope) if kind is None or s["kind"] == kind]


def day(n, hour=9):
    return utc(2026, 3, n, hour)


@pytest.mark.every_backend
def test_a_single_offer_standing_at_the_close(h):
    one = h.request(day(2), offers=[(1, 90000), (2, 80000, day(3))], winner=0)  # the other was withdrawn
    h.request(day(3), offers=[(1, 90000), (2, 95000)], winner=0)
    h.request(day(4), status="open", offers=[(1, 90000)])                           # still running
    h.request(day(5), status="no_offers")
    assert [(s["request_id"], s["reference"]) for s in found(h, "single_offer")] == [(one.id, one.reference)]


@pytest.mark.every_backend
def test_an_award_at_or_above_95_percent_of_the_maximum(h):
    at = h.request(day(2), offers=[(1, 95000)], winner=0)
    h.request(day(3), offers=[(1, 94999)], winner=0)
    h.request(day(4), offers=[(1, 90000)], winner=0, maximum=None, floor=None)      # no maximum to compare
    hits = found(h, "near_maximum")
    assert [s["request_id"] for s in hits] == [at.id]
    assert hits[0]["detail"] == "Gegund voor 95% van de maximumprijs (€ 950,00 van € 1.000,00)."


@pytest.mark.every_backend
def test_one_provider_winning_more_than_half_of_five_or_more_awards_in_a_category(h):
    for n, org in enumerate([1, 1, 1, 2, 3]):                                      # 3 of 5: more than half
        h.request(day(2 + n), offers=[(org, 90000)], winner=0)
    for n, org in enumerate([2, 2, 1, 3]):                                         # 2 of 4: too few awards
        h.request(day(10 + n), offers=[(org, 50000)], winner=0, category="huishoudelijke_ondersteuning")
    hits = found(h, "dominant_provider")
    assert [(s["organisation_id"], s["category"]) for s in hits] == [(h.org(1), "begeleiding_individueel")]
    assert hits[0]["detail"] == "Zorg Een won 3 van de 5 gunningen in Individuele begeleiding (60%)."


@pytest.mark.every_backend
def test_exactly_half_is_not_most(h):
    for n, org in enumerate([1, 1, 1, 2, 2, 3]):
        h.request(day(2 + n), offers=[(org, 90000)], winner=0)
    assert found(h, "dominant_provider") == []


@pytest.mark.every_backend
def test_the_leading_offer_withdrawn_in_the_last_minutes(h):
    # Each window closes two days after it opens at 09:00, soft close 120 s: "the last minutes"
    # is the last five minutes, or an extension past the published close.
    close = lambda n: day(n) + timedelta(days=2)  # noqa: E731
    late = h.request(day(2), offers=[(1, 90000), (2, 85000, close(2) - timedelta(seconds=90))], winner=0)
    h.request(day(3), offers=[(1, 90000), (2, 85000, close(3) - timedelta(minutes=10))], winner=0)  # early
    h.request(day(4), offers=[(1, 90000), (2, 95000, close(4) - timedelta(seconds=30))], winner=0)   # not leading
    extended = h.request(day(5), offers=[(1, 90000), (2, 80000, close(5) + timedelta(seconds=60))], winner=0)
    long_soft = h.request(day(6), offers=[(1, 90000), (2, 85000, close(6) - timedelta(minutes=8))], winner=0,
                          soft_close=600)                                                          # 10 min soft close
    hits = found(h, "late_withdrawal")
    assert [s["request_id"] for s in hits] == [long_soft.id, extended.id, late.id]
    assert hits[2]["detail"] == "De laagste aanbieding (€ 850,00) werd 1 min. voor de geplande sluiting ingetrokken."
    assert "verlenging" in hits[1]["detail"]


@pytest.mark.every_backend
def test_identical_prices_from_different_providers_on_one_request(h):
    same = h.request(day(2), status="closed", offers=[(1, 70000), (2, 70000), (3, 80000)])
    h.request(day(3), offers=[(1, 70000), (2, 70100)], winner=0)
    h.request(day(4), status="open", offers=[(1, 60000), (2, 60000)])              # the window still runs
    hits = found(h, "identical_prices")
    assert [s["request_id"] for s in hits] == [same.id]
    assert hits[0]["detail"] == "2 aanbieders boden precies hetzelfde bedrag (€ 700,00)."


@pytest.mark.every_backend
def test_a_provider_that_bids_often_and_never_wins(h):
    for n in range(10):                                                            # Zorg Drie: 10 offers, 0 wins
        h.request(day(1 + n), offers=[(1, 80000), (3, 90000)] + ([(4, 95000)] if n < 9 else []), winner=0)
    h.request(day(20), offers=[(2, 80000)], winner=0)
    hits = found(h, "never_wins")
    assert [(s["organisation_id"], s["name"]) for s in hits] == [(h.org(3), "Zorg Drie")]  # Zorg Vier: only 9
    assert hits[0]["detail"] == "Zorg Drie deed 10 aanbiedingen en won er geen."


def test_signals_come_grouped_by_kind_and_stay_within_the_gemeente_and_period(h):
    h.request(day(2), offers=[(1, 99000)], winner=0)                               # single and near the maximum
    h.request(utc(2026, 2, 10, 9), offers=[(1, 99000)], winner=0)                 # February
    History(db.session, "Dronten").request(day(2), offers=[(4, 99000)], winner=0)
    assert [s["kind"] for s in found(h)] == ["single_offer", "near_maximum"]
    assert found(h, category="huishoudelijke_ondersteuning") == []
