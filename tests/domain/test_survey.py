"""The client's survey, called on the domain (marketplace.followup.survey): the six fixed
questions of DOMAIN.md, answered once after the start on a scale of 1 to 5 by the request's
client or by the consultant on their behalf (marked as such); a comment with personal data is
refused with the findings, and every refusal stores nothing."""
import pytest
import sqlalchemy as sa

from marketplace.auction.actors import Actor
from marketplace.auction.errors import DomainError
from marketplace.extensions import db
from marketplace.followup import assignments, survey
from marketplace.models import SurveyResponse
from marketplace.privacy import DetectorUnavailable, detection
from tests.support import world
from tests.support.followup import WINNER, assignment, award_in_domain, event, footprint, today

pytestmark = pytest.mark.every_backend

ALL_FOURS = {code: 4 for code in survey.CODES}


@pytest.fixture
def awarded(ctx, clock, published, offer):
    return award_in_domain(clock, published, offer)


@pytest.fixture
def started(awarded, clock):
    assignments.start(db.session, world.actor(db.session, WINNER), awarded, today(clock).isoformat())
    return awarded


def client_of(request_id: int) -> Actor:
    return Actor(kind="client", request_id=request_id)


def refused(call) -> DomainError:
    with pytest.raises(DomainError) as error:
        call()
    db.session.rollback()
    return error.value


def stored(request_id: int) -> SurveyResponse | None:
    return db.session.scalar(sa.select(SurveyResponse).where(
        SurveyResponse.assignment_id == assignment(request_id).id))


def never_called(_fields):
    raise AssertionError("an empty comment is not scanned")


def test_the_questions_are_domain_mds_six_in_its_words():
    assert [(q.code, str(q.text)) for q in survey.QUESTIONS] == [
        ("tevreden", "Ik ben tevreden over de hulp die ik krijg."),
        ("past", "De hulp past bij wat ik nodig heb."),
        ("zelf", "Door de hulp kan ik meer zelf."),
        ("respect", "Ik word met respect behandeld."),
        ("afspraken", "Afspraken worden nagekomen."),
        ("beter", "Door de hulp gaat het beter met mij."),
    ]
    assert all(q.english for q in survey.QUESTIONS)
    assert [c.value for c in survey.SCALE] == [1, 2, 3, 4, 5]
    assert str(survey.SCALE[0].text) == "Helemaal mee oneens" and str(survey.SCALE[-1].text) == "Helemaal mee eens"


def test_the_client_answers_once_after_the_start(started, clock):
    answers = {"tevreden": 5, "past": 4, "zelf": 3, "respect": 5, "afspraken": 4, "beter": 3}
    survey.submit(db.session, client_of(started), started, answers, " Fijne begeleider. ", False, detection.patterns_only)
    response = stored(started)
    assert (response.answers, response.comment, response.on_behalf_of_client) == (answers, "Fijne begeleider.", False)
    assert response.mean_score == pytest.approx(4.0) and response.submitted_at == clock.now
    submitted = event(started, "survey_submitted")
    assert (submitted.actor, submitted.details) == ("client", {"on_behalf_of_client": False, "comment": True})
    before = footprint(started)
    error = refused(lambda: survey.submit(db.session, client_of(started), started, ALL_FOURS, "", False, never_called))
    assert error.code == "invalid_state"
    assert footprint(started) == before


def test_the_consultant_answers_on_the_clients_behalf_marked_as_such(started):
    consultant = world.actor(db.session, "consulent")
    error = refused(lambda: survey.submit(db.session, consultant, started, ALL_FOURS, "", False, never_called))
    assert error.code == "validation_error" and "on_behalf_of_client" in error.extra["fields"]
    survey.submit(db.session, consultant, started, ALL_FOURS, "", True, never_called)
    assert stored(started).on_behalf_of_client is True
    assert event(started, "survey_submitted").actor == consultant.audit_name


def test_before_the_start_there_is_no_survey(awarded):
    before = footprint(awarded)
    assert refused(lambda: survey.submit(db.session, client_of(awarded), awarded, ALL_FOURS, "", False,
                                         never_called)).code == "invalid_state"
    assert footprint(awarded) == before
    assert not survey.opens_for_client(db.session, awarded)


def test_after_the_end_the_client_may_still_answer(started, clock):
    assignments.end(db.session, world.actor(db.session, "consulent"), started, today(clock).isoformat(),
                    "result_achieved")
    assert survey.opens_for_client(db.session, started)
    survey.submit(db.session, client_of(started), started, ALL_FOURS, "", False, never_called)
    assert stored(started) is not None


def test_nobody_else_answers(started):
    lelystad = world.actor(db.session, "consulent").gemeente_id
    for actor, code in ((client_of(started + 1000), "not_found"),
                        (world.actor(db.session, WINNER), "not_found"),
                        (world.actor(db.session, "consulent_dronten"), "not_found"),
                        (Actor(kind="admin", gemeente_id=lelystad), "not_found")):
        assert refused(lambda actor=actor: survey.submit(db.session, actor, started, ALL_FOURS, "", True,
                                                         never_called)).code == code
    assert stored(started) is None


@pytest.mark.parametrize("answers, field", [
    ({**ALL_FOURS, "tevreden": 0}, "answers.tevreden"),
    ({**ALL_FOURS, "beter": 6}, "answers.beter"),
    ({**ALL_FOURS, "past": "4"}, "answers.past"),
    ({**ALL_FOURS, "zelf": 4.5}, "answers.zelf"),
    ({**ALL_FOURS, "respect": True}, "answers.respect"),
    ({k: v for k, v in ALL_FOURS.items() if k != "afspraken"}, "answers.afspraken"),
    ({**ALL_FOURS, "blij": 5}, "answers"),
    ([4, 4, 4, 4, 4, 4], "answers"),
    (None, "answers"),
])
def test_answers_that_are_not_one_to_five_for_every_question_are_refused(started, answers, field):
    before = footprint(started)
    error = refused(lambda: survey.submit(db.session, client_of(started), started, answers, "", False, never_called))
    assert error.code == "validation_error" and field in error.extra["fields"]
    assert footprint(started) == before


def test_whole_numbers_written_as_json_floats_count(started):
    survey.submit(db.session, client_of(started), started, {**ALL_FOURS, "tevreden": 5.0}, None, False, never_called)
    assert stored(started).answers["tevreden"] == 5


def test_a_comment_with_personal_data_is_refused_with_the_findings_and_nothing_is_stored(started):
    comment = "Bel mij op 06-12345678 als de begeleider weer niet komt."
    before = footprint(started)
    error = refused(lambda: survey.submit(db.session, client_of(started), started, ALL_FOURS, comment, False,
                                          detection.patterns_only))
    assert error.code == "personal_data_detected"
    assert [(f["field"], f["kind"], f["text"]) for f in error.extra["findings"]] == [
        ("comment", "phone", "06-12345678")]
    assert "06-12345678" in error.message and "niets opgeslagen" in error.message
    assert footprint(started) == before
    survey.submit(db.session, client_of(started), started, ALL_FOURS, "Bel mij als de begeleider niet komt.",
                  False, detection.patterns_only)
    assert stored(started).comment == "Bel mij als de begeleider niet komt."


def test_a_scanner_that_cannot_answer_stores_nothing(started):
    def unavailable(_fields):
        raise DetectorUnavailable("loading")
    before = footprint(started)
    error = refused(lambda: survey.submit(db.session, client_of(started), started, ALL_FOURS, "Prima.", False,
                                          unavailable))
    assert error.code == "service_unavailable"
    assert footprint(started) == before


def test_a_comment_too_long_or_with_control_characters_is_refused(started):
    for comment in ("x" * 2001, "Goed\x00"):
        error = refused(lambda comment=comment: survey.submit(db.session, client_of(started), started, ALL_FOURS,
                                                              comment, False, never_called))
        assert error.code == "validation_error" and "comment" in error.extra["fields"]
    assert stored(started) is None
