"""What each caller reads of an assignment, at the domain: the consultant everything, the winner
its own course, anyone else not_found; the ZRM change measured from the start; a provider's own
figures per gemeente."""
import pytest

from marketplace.auction.actors import Actor
from marketplace.extensions import db
from marketplace.followup import assignments, complaints, survey
from marketplace.followup.views import assignment_view, provider_figures
from marketplace.privacy import detection
from tests.support import world
from tests.support.assignment_steps import TWO_AREAS, refused, review_body
from tests.support.followup import (
    LOSER,
    WINNER,
    days,
    today,
)

pytestmark = pytest.mark.every_backend


def test_the_consultant_reads_everything_and_the_winner_its_own_course(started, consultant, clock):
    request_id = started()
    clock.advance(days(7))
    assignments.add_review(db.session, consultant, request_id, **review_body(today(clock)),
                           zrm={"financien": 4}, note="Notitie van de consulent.")
    complaints.register(db.session, consultant, request_id, today(clock).isoformat(), "gemeente", "Over de gemeente.")
    complaints.register(db.session, consultant, request_id, today(clock).isoformat(), "provider", "Over de aanbieder.")
    full = assignment_view(db.session, consultant, request_id)
    assert full["status"] == "started" and full["provider"]["name"] == "Zorg Een"
    assert full["reviews"][0]["note"] == "Notitie van de consulent." and full["reviews"][0]["zrm"] == {"financien": 4}
    assert [c["summary"] for c in full["complaints"]] == ["Over de gemeente.", "Over de aanbieder."]
    assert full["survey"] == {"open": True, "submitted": False}
    own = assignment_view(db.session, world.actor(db.session, WINNER), request_id)
    assert own["reviews"] == [{"id": full["reviews"][0]["id"], "reviewed_on": today(clock).isoformat(),
                               "kind": "review", "results": full["reviews"][0]["results"]}]
    assert own["complaints"] == [{"number": 2, "received_on": today(clock).isoformat(), "about": "provider",
                                  "resolved_on": None}]
    assert "end_note" not in own and "follow_up_request_id" not in own
    for actor in (world.actor(db.session, LOSER), world.actor(db.session, "consulent_dronten"),
                  Actor(kind="client", request_id=request_id),
                  Actor(kind="admin", gemeente_id=consultant.gemeente_id)):
        assert refused(lambda actor=actor: assignment_view(db.session, actor, request_id)).code == "not_found"


def test_the_zrm_change_is_measured_from_the_start(awarded, consultant, clock):
    request_id = awarded(result_areas=TWO_AREAS)
    assignments.start(db.session, consultant, request_id, today(clock).isoformat(), {"financien": 2, "huisvesting": 3})
    clock.advance(days(60))
    assignments.add_review(db.session, consultant, request_id, **review_body(today(clock)),
                           zrm={"financien": 4, "huisvesting": 3, "justitie": 5})
    reviews = assignment_view(db.session, consultant, request_id)["reviews"]
    assert [r["kind"] for r in reviews] == ["start", "review"]
    assert reviews[1]["zrm_change"] == {"financien": 2, "huisvesting": 0}


def test_the_consultant_asking_before_the_award_is_told_there_is_no_assignment_yet(published, consultant):
    request_id = published()
    assert refused(lambda: assignment_view(db.session, consultant, request_id)).code == "invalid_state"


# --- the provider's own figures --------------------------------------------------------------

def test_a_providers_own_figures_are_counts_per_gemeente(awarded, consultant, clock):
    winner = world.actor(db.session, WINNER)
    a, b, c, d = (awarded(result_areas=TWO_AREAS) for _ in range(4))
    for request_id in (a, b):
        assignments.start(db.session, winner, request_id, today(clock).isoformat())
    assignments.add_review(db.session, consultant, a, **review_body(today(clock)))
    complaints.register(db.session, consultant, a, today(clock).isoformat(), "provider", "Te laat.")
    complaints.register(db.session, consultant, a, today(clock).isoformat(), "gemeente", "Beschikking te laat.")
    assignments.end(db.session, consultant, b, today(clock).isoformat(), "result_achieved")
    clock.advance(days(70))  # past the offered start of 1 February 2027: a late start
    assignments.start(db.session, winner, c, today(clock).isoformat())
    for request_id, score in ((a, 5), (b, 4)):
        survey.submit(db.session, consultant, request_id, {code: score for code in survey.CODES}, "", True,
                      detection.patterns_only)
    [figures] = provider_figures(db.session, winner.organisation_id)
    assert (figures.gemeente, figures.assignments, figures.awaiting_start, figures.started, figures.ended) == (
        "Lelystad", 4, 1, 2, 1)
    assert (figures.started_on_time, figures.ever_started) == (2, 3)
    assert figures.outcomes == {"achieved": 1, "partly": 1, "not_achieved": 0} and figures.reviewed_results == 2
    assert figures.complaints == 1
    assert (figures.survey_answers, figures.satisfaction_mean) == (2, None)  # too few to show a mean
    survey.submit(db.session, consultant, c, {code: 3 for code in survey.CODES}, "", True, detection.patterns_only)
    [figures] = provider_figures(db.session, winner.organisation_id)
    assert (figures.survey_answers, figures.satisfaction_mean) == (3, 4.0)
    assert provider_figures(db.session, world.actor(db.session, LOSER).organisation_id) == []
    assert d  # awarded only: counted as awaiting its start above
