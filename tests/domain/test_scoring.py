"""The award criteria's score, on the worked examples of README.md ("Award criteria") and of
marketplace/quality/scoring.py, computed by hand: each criterion, the total, the ranking, the
motivation rule, and the weights a request may carry."""
from datetime import date, datetime, timedelta

import pytest

from marketplace.auction.errors import DomainError
from marketplace.quality import scoring
from marketplace.quality.scoring import OfferFacts, Ranked

WEIGHTS = {"price": 60, "start_date": 10, "approach": 20, "record": 10}
WISHED = date(2027, 3, 1)


def record(mean=None, achieved=None, on_time=None, new=False) -> dict:
    return {"new_provider": new, "satisfaction": {"responses": 2, "mean": mean},
            "results": {"reviews": 8, "achieved_rate": achieved}, "started_on_time_rate": on_time}


def facts(price_cents, start, approach=None, rec=None, floor=60000, maximum=150000) -> OfferFacts:
    return OfferFacts(price_cents=price_cents, start_date=start, floor_cents=floor, maximum_cents=maximum,
                      wished_start=WISHED, approach=approach, record=rec)


# The three offers of the worked example: maximum € 1.500, floor € 600, wished start 1 March.
A = facts(90000, date(2027, 3, 1), approach=3, rec=record(mean=4.5, achieved=0.75, on_time=0.9))
B = facts(105000, date(2027, 3, 8), approach=5, rec=record(new=True))
C = facts(60000, date(2027, 3, 29), approach=1, rec=record(mean=2.0, achieved=None, on_time=0.5))


def parts(score) -> dict:
    return {name: (p["score"], p["points"]) for name, p in score.as_dict()["parts"].items()}


def test_worked_example_a_an_experienced_provider_in_the_middle_of_the_price_range():
    score = scoring.score_offer(WEIGHTS, A)
    # price (1500 - 900) / (1500 - 600) = 66.7; on the wished day 100; approach 3 = 50;
    # record (87.5 + 75 + 90) / 3 = 84.2; total 40 + 10 + 10 + 8.4 = 68.4
    assert parts(score) == {"price": (66.7, 40.0), "start_date": (100.0, 10.0), "approach": (50.0, 10.0),
                            "record": (84.2, 8.4)}
    assert score.total == 68.4 and score.complete


def test_worked_example_b_a_new_provider_scores_the_middle_for_its_record():
    score = scoring.score_offer(WEIGHTS, B)
    # price 450 / 900 = 50; a week late 100 - 100 x 7 / 28 = 75; approach 5 = 100; new: 50
    assert parts(score) == {"price": (50.0, 30.0), "start_date": (75.0, 7.5), "approach": (100.0, 20.0),
                            "record": (50.0, 5.0)}
    assert score.total == 62.5


def test_worked_example_c_the_cheapest_late_starter_with_a_weak_record():
    score = scoring.score_offer(WEIGHTS, C)
    # at the floor 100; four weeks late 0; approach 1 = 0; record (25 + 50) / 2 = 37.5 (no
    # reviews: left out of the mean); total 60 + 0 + 0 + 3.75 = 63.75, half up to 63.8
    assert parts(score) == {"price": (100.0, 60.0), "start_date": (0.0, 0.0), "approach": (0.0, 0.0),
                            "record": (37.5, 3.8)}
    assert score.total == 63.8


def test_worked_example_ranking_best_score_first_and_the_cheapest_is_not_first():
    totals = {name: scoring.score_offer(WEIGHTS, f).total for name, f in (("A", A), ("B", B), ("C", C))}
    places = scoring.rank(Ranked(i, totals[name], f.price_cents)
                          for i, (name, f) in enumerate((("A", A), ("B", B), ("C", C))))
    assert places == {0: 1, 2: 2, 1: 3}  # A, then C, then B
    offers = [{"bid_id": i, "price_cents": f.price_cents, "score": totals[n], "suspended": False}
              for i, (n, f) in enumerate((("A", A), ("B", B), ("C", C)))]
    assert [scoring.needs_motivation(offers, i, by_score=True) for i in range(3)] == [False, True, True]
    # Without award criteria the same offers are judged by price: only C, the cheapest, needs none.
    assert [scoring.needs_motivation(offers, i, by_score=False) for i in range(3)] == [True, True, False]


def test_worked_example_d_no_floor_measures_from_zero_and_price_only_weights():
    score = scoring.score_offer({"price": 100}, facts(90000, WISHED, floor=None))
    assert score.total == 40.0  # (1500 - 900) / 1500 x 100
    assert scoring.price_score(90000, None, 90000) == 0.0


def test_an_approach_not_yet_assessed_counts_the_middle_and_marks_the_score_incomplete():
    score = scoring.score_offer(WEIGHTS, facts(90000, WISHED, approach=None, rec=record(new=True)))
    assert parts(score)["approach"] == (50.0, 10.0)
    assert (score.complete, score.missing) == (False, ("approach",))
    assert score.total == 40.0 + 10.0 + 10.0 + 5.0
    # Without weight on the approach, nothing is missing.
    assert scoring.score_offer({"price": 100}, facts(90000, WISHED)).complete


@pytest.mark.parametrize("price, expected", [(60000, 100.0), (150000, 0.0), (105000, 50.0),
                                             (50000, 100.0), (160000, 0.0)])
def test_the_price_score_is_linear_between_floor_and_maximum_and_clamped(price, expected):
    assert scoring.price_score(price, 60000, 150000) == expected


def test_a_spread_of_nothing_scores_every_price_full():
    assert scoring.price_score(100000, 100000, 100000) == 100.0


@pytest.mark.parametrize("days_late, expected", [(-3, 100.0), (0, 100.0), (7, 75.0), (14, 50.0), (28, 0.0),
                                                 (60, 0.0)])
def test_the_start_date_loses_a_28th_per_day_after_the_wished_start(days_late, expected):
    assert scoring.start_score(WISHED + timedelta(days=days_late), WISHED) == expected


@pytest.mark.parametrize("assessment, expected", [(1, 0.0), (2, 25.0), (3, 50.0), (4, 75.0), (5, 100.0),
                                                  (None, None)])
def test_the_approach_scale(assessment, expected):
    assert scoring.approach_score(assessment) == expected


def test_the_record_averages_what_is_known_and_gives_the_unknown_the_middle():
    assert scoring.record_score(record(mean=5.0, achieved=0.5, on_time=1.0)) == (100 + 50 + 100) / 3
    assert scoring.record_score(record(mean=1.0)) == 0.0
    assert scoring.record_score(record()) == 50.0           # started, but nothing measured yet
    assert scoring.record_score(record(mean=1.0, new=True)) == 50.0  # new: never ranked down
    assert scoring.record_score(None) == 50.0


def test_equal_scores_rank_by_price_then_by_who_reached_it_first():
    t = datetime(2027, 1, 1, 12)
    places = scoring.rank([Ranked(1, 70.0, 100000, t), Ranked(2, 70.0, 90000, t + timedelta(seconds=5)),
                           Ranked(3, 70.0, 90000, t), Ranked(4, 71.0, 120000, t)])
    assert places == {4: 1, 3: 2, 2: 3, 1: 4}


def test_an_offer_that_ties_with_the_first_needs_no_motivation_and_suspended_offers_do_not_count():
    offers = [{"bid_id": 1, "price_cents": 100000, "score": 70.0, "suspended": False},
              {"bid_id": 2, "price_cents": 120000, "score": 70.0, "suspended": False},
              {"bid_id": 3, "price_cents": 90000, "score": 90.0, "suspended": True}]
    assert not scoring.needs_motivation(offers, 2, by_score=True)
    assert scoring.needs_motivation(offers, 2, by_score=False)  # by price, 1 is cheaper
    assert not scoring.needs_motivation(offers, 1, by_score=False)


def test_totals_round_half_up_to_one_decimal():
    assert [scoring.one_decimal(v) for v in (63.75, 0.25, 68.41666, 99.95)] == [63.8, 0.3, 68.4, 100.0]


@pytest.mark.parametrize("value", [WEIGHTS, {"price": 100}, {"price": 50.0, "record": 50},
                                   {"price": 0, "start_date": 0, "approach": 0, "record": 100}])
def test_weights_that_sum_to_100_are_kept_with_every_criterion(value):
    weights = scoring.validate_award_criteria(value)
    assert set(weights) == set(scoring.CRITERIA) and sum(weights.values()) == 100
    assert scoring.validate_award_criteria(None) is None


@pytest.mark.parametrize("value, fields", [
    ({"price": 60, "record": 30}, {"award_criteria": "De gewichten moeten samen 100 zijn; nu is het 90."}),
    ({}, {"award_criteria": "De gewichten moeten samen 100 zijn; nu is het 0."}),
    ({"price": 100, "kwaliteit": 0}, {"award_criteria.kwaliteit": "Onbekend criterium; kies uit price, "
                                                                  "start_date, approach en record."}),
    ({"price": 60.5, "record": 39.5}, {"award_criteria.price": "Moet een geheel getal van 0 tot en met 100 zijn.",
                                        "award_criteria.record": "Moet een geheel getal van 0 tot en met 100 zijn."}),
    ({"price": 120, "record": -20}, {"award_criteria.price": "Moet een geheel getal van 0 tot en met 100 zijn.",
                                     "award_criteria.record": "Moet een geheel getal van 0 tot en met 100 zijn."}),
    ({"price": True, "record": "99"}, {"award_criteria.price": "Moet een geheel getal van 0 tot en met 100 zijn.",
                                       "award_criteria.record": "Moet een geheel getal van 0 tot en met 100 zijn."}),
    ([60, 40], {"award_criteria": "Moet een object zijn met gewichten voor price, start_date, approach en record."}),
])
def test_weights_that_are_not_whole_numbers_summing_to_100_are_refused_per_field(value, fields):
    with pytest.raises(DomainError) as error:
        scoring.validate_award_criteria(value)
    assert error.value.code == "validation_error" and error.value.extra["fields"] == fields
