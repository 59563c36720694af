"""The choice and the award, called on the domain as the API and the pages call them (award):
only the chosen offer, only after the close, and an offer that is not the lowest only with a
written motivation; an award is recorded in the audit trail with the prices it was made
between, and a refusal changes nothing."""
import pytest
import sqlalchemy as sa

from marketplace.auction import award, lifecycle
from marketplace.auction.errors import DomainError
from marketplace.extensions import db
from marketplace.models import AuditEvent, Notification, Request
from tests.support import world

pytestmark = pytest.mark.every_backend

LOWEST, HIGHER = 100000, 120000


@pytest.fixture
def consultant(ctx):
    return world.actor(db.session, "consulent")


@pytest.fixture
def closed(published, offer, clock):
    """A closed request with aanbieder1's lowest offer and aanbieder2's higher one; returns
    (request id, {who: bid id})."""
    request_id = published()
    bids = {who: offer(request_id, who, price).body["bid"]["id"]
            for who, price in (("aanbieder1", LOWEST), ("aanbieder2", HIGHER))}
    clock.advance(3600)
    assert lifecycle.close_window(db.session, request_id).result == "done"
    return request_id, bids


def chosen(consultant, closed, who):
    request_id, bids = closed
    award.record_choice(db.session, consultant, request_id, bids[who], on_behalf=True)
    return request_id, bids[who]


def state(request_id) -> tuple:
    """What an award changes: the request's status, winner, motivation and seq, its audit rows
    and every notice."""
    request = db.session.get(Request, request_id)
    db.session.refresh(request)
    actions = tuple(db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.request_id == request_id)
                                       .order_by(AuditEvent.id)))
    notices = db.session.scalar(sa.select(sa.func.count()).select_from(Notification))
    db.session.commit()
    return request.status, request.awarded_bid_id, request.award_motivation, request.seq, actions, notices


def refused(call) -> DomainError:
    with pytest.raises(DomainError) as error:
        call()
    return error.value


@pytest.mark.parametrize("motivation", [None, "", "   "])
def test_awarding_an_offer_that_is_not_the_lowest_without_a_motivation_is_refused_and_changes_nothing(
        consultant, closed, motivation):
    request_id, bid_id = chosen(consultant, closed, "aanbieder2")
    before = state(request_id)
    error = refused(lambda: award.award(db.session, consultant, request_id, bid_id, motivation))
    assert error.code == "motivation_required" and error.extra == {"lowest_price_cents": LOWEST}
    assert state(request_id) == before
    assert before[0] == "chosen" and before[1] is None


def test_awarding_an_offer_that_is_not_the_lowest_with_a_motivation_is_awarded_and_audited(
        consultant, closed, clock):
    request_id, bid_id = chosen(consultant, closed, "aanbieder2")
    request = award.award(db.session, consultant, request_id, bid_id, "  Start eerder en kent de cliënt al. ")
    assert (request.status, request.awarded_bid_id, request.awarded_at) == ("awarded", bid_id, clock.now)
    assert request.award_motivation == "Start eerder en kent de cliënt al."
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.request_id == request_id, AuditEvent.action == "request_awarded")).one()
    assert event.actor == consultant.audit_name
    assert event.details == {"bid_id": bid_id, "price_cents": HIGHER, "lowest_price_cents": LOWEST,
                             "motivation": "Start eerder en kent de cliënt al."}


def test_awarding_the_lowest_offer_needs_no_motivation(consultant, closed):
    request_id, bid_id = chosen(consultant, closed, "aanbieder1")
    request = award.award(db.session, consultant, request_id, bid_id, None)
    assert (request.status, request.award_motivation) == ("awarded", None)


def test_only_the_chosen_offer_can_be_awarded(consultant, closed):
    request_id, _chosen = chosen(consultant, closed, "aanbieder2")
    before = state(request_id)
    error = refused(lambda: award.award(db.session, consultant, request_id, closed[1]["aanbieder1"], "Goedkoper."))
    assert error.code == "invalid_state" and state(request_id) == before


def test_nothing_is_awarded_before_a_choice(consultant, closed):
    request_id, bids = closed
    error = refused(lambda: award.award(db.session, consultant, request_id, bids["aanbieder1"], None))
    assert error.code == "invalid_state"
    assert state(request_id)[0] == "closed"


def test_no_choice_while_the_window_is_open(consultant, published, offer):
    request_id = published()
    bid_id = offer(request_id, "aanbieder1", LOWEST).body["bid"]["id"]
    error = refused(lambda: award.record_choice(db.session, consultant, request_id, bid_id, on_behalf=True))
    assert error.code == "invalid_state" and state(request_id)[0] == "open"


@pytest.mark.parametrize("who", ["aanbieder1", "consulent_dronten"])
def test_only_the_gemeentes_consultant_awards(consultant, closed, who):
    request_id, bid_id = chosen(consultant, closed, "aanbieder1")
    before = state(request_id)
    error = refused(lambda: award.award(db.session, world.actor(db.session, who), request_id, bid_id, None))
    assert error.code == "not_found" and state(request_id) == before
