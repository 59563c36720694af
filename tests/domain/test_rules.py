"""The auction's rules on their own: window, price bounds and step, soft close and its cap,
ranking ties, labels, money formatting."""
from datetime import datetime, timedelta, timezone

import pytest

from marketplace.auction import rules
from marketplace.auction.errors import DomainError
from marketplace.auction.identifiers import is_eight_digits, is_valid_bsn
from marketplace.auction.inputs import parse_euros
from marketplace.auction.money import format_eur
from marketplace.auction.standings import OfferState, Snapshot, Views, provider_view

T0 = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)


def code_of(fn, *args):
    with pytest.raises(DomainError) as info:
        fn(*args)
    return info.value.code


@pytest.mark.parametrize("status, now, expected", [
    ("scheduled", T0, "window_not_open"),
    ("open", T0 - timedelta(seconds=1), "window_not_open"),
    ("open", T0 + timedelta(minutes=30), "window_closed"),  # closes_at itself is already closed
    ("closed", T0 + timedelta(minutes=5), "window_closed"),
    ("cancelled", T0 + timedelta(minutes=5), "window_closed"),
])
def test_bids_only_count_inside_the_open_window(status, now, expected):
    assert code_of(rules.check_window, status, T0, T0 + timedelta(minutes=30), now) == expected


def test_a_bid_one_microsecond_before_close_counts():
    rules.check_window("open", T0, T0 + timedelta(minutes=30), T0 + timedelta(minutes=30, microseconds=-1))


@pytest.mark.parametrize("price, previous, expected", [
    (150001, None, "price_above_maximum"),
    (59999, None, "price_below_floor"),
    (100000, 100050, "price_not_lower"),   # lower, but by less than the 100-cent step
    (100000, 100000, "price_not_lower"),
    (101000, 100000, "price_not_lower"),
])
def test_prices_outside_the_rules_are_refused(price, previous, expected):
    assert code_of(rules.check_price, price, 60000, 150000, previous, 100) == expected


@pytest.mark.parametrize("price, previous", [(150000, None), (60000, None), (99900, 100000), (60000, 150000)])
def test_prices_inside_the_rules_pass(price, previous):
    rules.check_price(price, 60000, 150000, previous, 100)


def test_refusal_says_in_dutch_how_much_lower_the_price_must_be():
    with pytest.raises(DomainError) as info:
        rules.check_price(100000, None, None, 100050, 100)
    assert "minstens € 1,00 lager" in info.value.message


def test_no_bounds_means_only_the_step_applies():
    rules.check_price(1, None, None, None, 100)


CLOSE = T0 + timedelta(minutes=30)


def soft(now, closes_at=CLOSE, improves=True, soft_s=120, max_ext=600):
    return rules.soft_close_deadline(now, closes_at, CLOSE, soft_s, max_ext, improves)


def test_improving_bid_in_the_last_seconds_extends_to_now_plus_soft_close():
    now = CLOSE - timedelta(seconds=30)
    assert soft(now) == now + timedelta(seconds=120)


def test_bid_before_the_soft_close_period_does_not_extend():
    assert soft(CLOSE - timedelta(seconds=121)) is None


def test_bid_that_does_not_improve_the_best_price_does_not_extend():
    assert soft(CLOSE - timedelta(seconds=10), improves=False) is None


def test_soft_close_zero_switches_it_off():
    assert soft(CLOSE - timedelta(seconds=10), soft_s=0) is None


def test_extension_never_passes_the_original_close_plus_the_cap():
    cap = CLOSE + timedelta(seconds=600)
    now = cap - timedelta(seconds=30)  # already extended to just before the cap
    assert soft(now, closes_at=cap - timedelta(seconds=5)) == cap
    assert soft(cap - timedelta(seconds=1), closes_at=cap) is None


def test_ties_rank_by_who_reached_the_price_first():
    early = rules.rank_key(100000, T0, 9)
    late = rules.rank_key(100000, T0 + timedelta(seconds=1), 1)
    cheaper = rules.rank_key(99900, T0 + timedelta(hours=1), 5)
    assert sorted([late, early, cheaper]) == [cheaper, early, late]


def test_labels_run_a_to_z_then_aa():
    assert [rules.label_for(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


@pytest.mark.parametrize("cents, text", [(123456, "€ 1.234,56"), (100, "€ 1,00"), (5, "€ 0,05"),
                                         (100000000, "€ 1.000.000,00"), (None, "—")])
def test_money_is_written_the_dutch_way(cents, text):
    assert format_eur(cents) == text


@pytest.mark.parametrize("text, cents", [("1.234,56", 123456), ("1234.56", 123456), ("€ 950", 95000),
                                         ("1.234", 123400), ("12,5", 1250), ("abc", None), ("", None),
                                         ("nan", None), ("inf", None), ("1e400", None),
                                         # the English way, on the English pages: never € 1,23
                                         ("1,234.56", 123456), ("1,234", 123400), ("12.5", 1250),
                                         ("1.234.567,89", 123456789), ("1,234,567.89", 123456789),
                                         # not an amount: refused, not guessed
                                         ("1,2345", None), ("1234,567", None), ("1.23.4", None), ("-5", None),
                                         ("1.234,56.7", None)])
def test_amounts_typed_by_people_become_cents(text, cents):
    assert parse_euros(text) == cents


@pytest.mark.parametrize("value, valid", [("111222333", True), ("123456782", True), ("111.222.333", True),
                                          ("123456789", False), ("12345678", False), ("12345672", False),
                                          ("", False)])
def test_bsn_passes_the_elfproef(value, valid):
    assert is_valid_bsn(value) is valid


def test_kvk_and_agb_are_eight_digits():
    assert is_eight_digits("30123456")
    assert not is_eight_digits("3012345")
    assert not is_eight_digits("3012345a")


def test_each_provider_sees_only_its_own_offer_marked_in_the_ladder_whoever_was_rendered_first():
    # The fan-out renders every watcher's view from one Views, sharing the ladder: one
    # provider's "mine" must never show up in another's.
    offers = [OfferState(bid_id=i, organisation_id=100 + i, organisation_name=f"Zorg {i}", label="ABC"[i - 1],
                         price_cents=100_000 - i * 1_000, start_date="2026-12-01", approach="x", revision=1,
                         reached_at="2026-11-23T10:00:00+00:00", status="active", rank=4 - i)
              for i in (1, 2, 3)]
    snap = Snapshot(request_id=7, status="open", visibility="open", opens_at="2026-11-23T09:00:00+00:00",
                    closes_at="2026-11-23T12:00:00+00:00", original_closes_at="2026-11-23T12:00:00+00:00",
                    seq=5, offers=sorted(offers, key=lambda o: o.rank))
    now = datetime(2026, 11, 23, 10, 30, tzinfo=timezone.utc)
    views = Views(snap, now)
    rendered = {org: views.provider(org) for org in (103, 101, 102, 999)}
    for org, view in rendered.items():
        assert view == provider_view(snap, org, now)
        assert [e["mine"] for e in view["ladder"]] == [o.organisation_id == org for o in snap.offers]
    assert rendered[999]["my_rank"] is None and not any(e["mine"] for e in rendered[999]["ladder"])
    assert rendered[101]["my_rank"] == 3 and rendered[101]["my_price_cents"] == 99_000
