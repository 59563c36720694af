"""A request's states and every question asked of them, in one place.

    draft -> scheduled -> open -> closed -> chosen -> awarded
                               \\-> no_offers        (any but awarded) -> cancelled

Pages, the API, the scheduler and the domain ask these functions rather than comparing status
strings, so that a rule ("a client code only while the request runs") reads the same in every
channel. Pure: no Flask, no database."""
DRAFT = "draft"
SCHEDULED = "scheduled"
OPEN = "open"
CLOSED = "closed"
CHOSEN = "chosen"
AWARDED = "awarded"
NO_OFFERS = "no_offers"
CANCELLED = "cancelled"

ALL = (DRAFT, SCHEDULED, OPEN, CLOSED, CHOSEN, AWARDED, NO_OFFERS, CANCELLED)

_WINDOW_AHEAD_OR_RUNNING = (SCHEDULED, OPEN)
_RUNNING = (SCHEDULED, OPEN, CLOSED, CHOSEN)
_AFTER_CLOSE = (CLOSED, CHOSEN, AWARDED)
_CHOOSING = (CLOSED, CHOSEN)
_NOT_CANCELLABLE = (AWARDED, CANCELLED)


def window_is_live(status: str) -> bool:
    """The bidding window is scheduled or open: the scheduler watches it, pages follow it live
    and a provider's bid form is shown."""
    return status in _WINDOW_AHEAD_OR_RUNNING


def is_running(status: str) -> bool:
    """Published and not yet decided: the standings are followed, and a client code may be made
    (a client sits with the consultant from the first bid to the choice)."""
    return status in _RUNNING


def accepts_client_code(status: str, support_started: bool = False) -> bool:
    """A client code opens the comparison while the request runs, and the survey once the
    awarded support has started (the assignment's state, which the caller reads)."""
    return is_running(status) or (status == AWARDED and support_started)


def offers_comparable(status: str) -> bool:
    """The offers may be read side by side (consultant and client): only after the close."""
    return status in _AFTER_CLOSE


def may_choose(status: str) -> bool:
    """The client (or the consultant on their behalf) may choose or change the choice."""
    return status in _CHOOSING


def may_award(status: str) -> bool:
    return status == CHOSEN


def may_assess(status: str) -> bool:
    """The consultant may score an offer's plan of approach with the client: after the close,
    until the award (the score then informs the choice and the motivation rule)."""
    return status in _CHOOSING


def may_cancel(status: str) -> bool:
    """Anything not yet awarded may be cancelled, a draft included."""
    return status not in _NOT_CANCELLABLE


def may_reopen(status: str) -> bool:
    return status == NO_OFFERS


def needs_motivation(chosen_price_cents: int | None, best_price_cents: int | None) -> bool:
    """An award of an offer that is not the best by price needs a written motivation."""
    if chosen_price_cents is None or best_price_cents is None:
        return False
    return chosen_price_cents > best_price_cents
