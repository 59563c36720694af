"""A provider's record (marketplace/quality/record.py): each figure on hand-made facts with
answers worked out by hand, then the same from rows in the database, per gemeente, for any
number of providers in a fixed number of queries, and who may read it."""
from datetime import date, timedelta

import pytest

from marketplace.auction.actors import Actor
from marketplace.auction.errors import DomainError
from marketplace.extensions import db
from marketplace.quality import record
from marketplace.quality.record import AssignmentFacts, SurveyFacts, compute_record
from tests.support import world
from tests.support.history import add_assignment, ids
from tests.support.steps import statements_run

TODAY = date(2027, 6, 1)
D = date.fromisoformat

# Six assignments of one provider, worked out by hand below.
SIX = [
    AssignmentFacts(D("2027-01-04"), D("2027-01-11"), D("2027-01-11"), "ended"),    # 7 days, on time
    AssignmentFacts(D("2027-01-10"), D("2027-01-20"), D("2027-01-25"), "started"),  # 15 days, 5 late
    AssignmentFacts(D("2027-02-01"), D("2027-02-05"), D("2027-02-04"), "started"),  # 3 days, early
    AssignmentFacts(D("2027-05-01"), D("2027-05-15"), None, "awarded"),  # offered date passed: due, not on time
    AssignmentFacts(D("2027-05-25"), D("2027-06-10"), None, "awarded"),  # not yet due
    AssignmentFacts(D("2027-03-01"), D("2027-03-05"), None, "ended"),    # ended before it started: not due
]
OUTCOMES = {"achieved": 3, "partly": 2, "not_achieved": 1}


def six() -> dict:
    return compute_record(SIX, OUTCOMES, SurveyFacts.of([4.5, 3.0]), complaints=2, today=TODAY)


def test_assignments_count_the_started_ones_ended_the_ended_ones_awarded_all():
    r = six()
    assert (r["assignments"], r["ended"], r["awarded"]) == (3, 1, 6)


def test_median_days_from_award_to_start_over_the_started_ones():
    assert six()["median_days_to_start"] == 7  # median of 7, 15 and 3


def test_on_time_is_out_of_the_assignments_that_are_due():
    r = six()
    # due: the three started and the one whose offered date passed without a start; on time: 2
    assert r["started_on_time"] == {"on_time": 2, "due": 4}
    assert r["started_on_time_rate"] == 0.5


def test_the_offered_day_itself_is_not_yet_late():
    facts = [AssignmentFacts(D("2027-05-20"), TODAY)]
    assert compute_record(facts, {}, SurveyFacts(), 0, TODAY)["started_on_time"] == {"on_time": 0, "due": 0}
    assert compute_record(facts, {}, SurveyFacts(), 0, TODAY + timedelta(days=1))["started_on_time"] == {
        "on_time": 0, "due": 1}


def test_results_count_partly_as_half():
    assert six()["results"] == {"reviews": 6, "achieved_rate": 0.667}  # (3 + 2 x 0.5) / 6


def test_satisfaction_is_the_mean_of_the_surveys_with_their_number():
    assert six()["satisfaction"] == {"responses": 2, "mean": 3.75}


def test_complaints_per_100_assignments_awarded():
    r = six()
    assert (r["complaints"], r["complaints_per_100"]) == (2, 33.3)  # 100 x 2 / 6


def test_new_provider_below_five_started_assignments():
    assert six()["new_provider"] is True
    five = [AssignmentFacts(D("2027-01-01"), D("2027-01-05"), D("2027-01-01") + timedelta(days=d), "started")
            for d in (2, 4, 6, 8, 10)]
    r = compute_record(five, {}, SurveyFacts(), 0, TODAY)
    assert r["new_provider"] is False and r["assignments"] == 5
    assert r["median_days_to_start"] == 6
    assert r["started_on_time"] == {"on_time": 2, "due": 5}  # started on the 3rd and 5th of January


def test_an_even_number_of_starts_has_a_median_between_the_middle_two():
    facts = [AssignmentFacts(D("2027-01-01"), D("2027-01-05"), D("2027-01-03")),
             AssignmentFacts(D("2027-01-01"), D("2027-01-05"), D("2027-01-06"))]
    assert compute_record(facts, {}, SurveyFacts(), 0, TODAY)["median_days_to_start"] == 3.5


def test_without_any_assignment_every_figure_is_null():
    assert compute_record([], {}, SurveyFacts(), 0, TODAY) == {
        "assignments": 0, "ended": 0, "awarded": 0, "median_days_to_start": None, "started_on_time_rate": None,
        "started_on_time": {"on_time": 0, "due": 0}, "results": {"reviews": 0, "achieved_rate": None},
        "satisfaction": {"responses": 0, "mean": None}, "complaints": 0, "complaints_per_100": None,
        "new_provider": True}


# --- from the database --------------------------------------------------------------------------

@pytest.fixture
def history(ctx, clock):
    """Zorg Een: three assignments in Lelystad; Zorg Twee: one; Zorg Vier: one in Lelystad and
    one in Dronten (which must not count in Lelystad)."""
    s = db.session
    lelystad, een = ids(s, "Lelystad", "Zorg Een")
    _, twee = ids(s, "Lelystad", "Zorg Twee")
    dronten, vier = ids(s, "Dronten", "Zorg Vier")
    add_assignment(s, lelystad, een, awarded_on=D("2026-01-05"), offered=D("2026-01-12"), started_on=D("2026-01-12"),
                   ended_on=D("2026-06-01"), outcomes=("achieved", "achieved"), survey_mean=5.0,
                   complaints=("gemeente",))
    add_assignment(s, lelystad, een, awarded_on=D("2026-02-02"), offered=D("2026-02-09"), started_on=D("2026-02-13"),
                   outcomes=("partly", "not_achieved"), survey_mean=4.0, complaints=("provider",))
    add_assignment(s, lelystad, een, awarded_on=D("2026-03-02"), offered=D("2026-03-09"), started_on=D("2026-03-03"))
    add_assignment(s, lelystad, twee, awarded_on=D("2026-03-02"), offered=D("2026-03-09"))
    add_assignment(s, lelystad, vier, awarded_on=D("2026-03-02"), offered=D("2026-03-04"), started_on=D("2026-03-04"),
                   survey_mean=2.0)
    add_assignment(s, dronten, vier, awarded_on=D("2026-03-02"), offered=D("2026-03-09"), started_on=D("2026-04-09"),
                   outcomes=("not_achieved",), survey_mean=1.0, complaints=("provider", "provider"))
    s.commit()
    return {"lelystad": lelystad, "dronten": dronten, "een": een, "twee": twee, "vier": vier}


@pytest.mark.every_backend
def test_the_record_from_rows_matches_the_hand_worked_figures(history):
    r = record.provider_record(db.session, history["lelystad"], history["een"], today=D("2026-07-01"))
    assert r == {
        "assignments": 3, "ended": 1, "awarded": 3,
        "median_days_to_start": 7,  # 7, 11 and 1 days
        "started_on_time_rate": 0.667, "started_on_time": {"on_time": 2, "due": 3},
        "results": {"reviews": 4, "achieved_rate": 0.625},  # (2 + 0.5) / 4
        "satisfaction": {"responses": 2, "mean": 4.5},
        "complaints": 1, "complaints_per_100": 33.3,  # the complaint about the gemeente does not count
        "new_provider": True}


@pytest.mark.every_backend
def test_each_gemeente_sees_only_its_own_assignments(history):
    here = record.provider_record(db.session, history["lelystad"], history["vier"], today=D("2026-07-01"))
    there = record.provider_record(db.session, history["dronten"], history["vier"], today=D("2026-07-01"))
    assert (here["assignments"], here["satisfaction"], here["complaints"]) == (1, {"responses": 1, "mean": 2.0}, 0)
    assert (there["assignments"], there["median_days_to_start"], there["complaints_per_100"]) == (1, 38, 200.0)


@pytest.mark.every_backend
def test_records_for_many_providers_take_four_queries(app, history):
    wanted = [history["een"], history["twee"], history["vier"], history["een"]]
    with statements_run(app) as statements:
        records = record.records_for(db.session, history["lelystad"], wanted, today=D("2026-07-01"))
    assert len([s for s in statements if s.startswith("SELECT")]) == 4
    assert sorted(records) == sorted({history["een"], history["twee"], history["vier"]})
    assert records[history["twee"]]["started_on_time"] == {"on_time": 0, "due": 1}  # overdue, not started
    assert record.records_for(db.session, history["lelystad"], []) == {}


@pytest.mark.parametrize("who, organisation, allowed", [
    ("consulent", "Zorg Een", True),
    ("consulent", "Zorg Vijf", False),         # registered, never approved
    ("consulent_dronten", "Zorg Vier", True),
    ("consulent_dronten", "Zorg Een", False),  # approved by Lelystad only
    ("aanbieder1", "Zorg Een", False),         # its own record is not read here
])
def test_only_a_consultant_of_a_gemeente_that_approved_the_organisation_reads_its_record(
        ctx, who, organisation, allowed):
    _, organisation_id = ids(db.session, "Lelystad", organisation)
    actor = world.actor(db.session, who)
    if allowed:
        assert record.record_for_consultant(db.session, actor, organisation_id)["new_provider"] is True
    else:
        with pytest.raises(DomainError) as error:
            record.record_for_consultant(db.session, actor, organisation_id)
        assert error.value.code == "not_found"


def test_a_beheerder_and_an_unknown_organisation_get_not_found(ctx):
    lelystad, een = ids(db.session, "Lelystad", "Zorg Een")
    for actor, organisation_id in ((Actor(kind="admin", user_id=1, gemeente_id=lelystad), een),
                                   (world.actor(db.session, "consulent"), 999_999)):
        with pytest.raises(DomainError) as error:
            record.record_for_consultant(db.session, actor, organisation_id)
        assert error.value.code == "not_found"
