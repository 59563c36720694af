"""What the live bidding page shows, gathered from the domain: the anonymised request, the
standings this organisation may see, and after award the outcome. No client data unless
award.award_view hands it to the winner."""
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ..auction import award, bidding, standings, states, support_requests
from ..auction.actors import Actor
from ..auction.errors import DomainError
from ..auction.money import format_eur
from ..auction.transactions import server_now
from ..clients import client_data
from ..i18n import translate
from ..models import Request
from ..ui.formatting import countdown, seconds_until

VISIBILITY_NOTES = {
    "open": _l("U ziet uw eigen prijs en plaats, de beste prijs en alle prijzen. Andere aanbieders "
               "staan er anoniem in, als A, B, C…"),
    "rank_only": _l("U ziet uw eigen prijs en uw plaats, niet de prijzen van anderen."),
    "sealed": _l("Gesloten inschrijving: u ziet alleen uw eigen prijs."),
}
_DECIDING = _l("Het bieden is gesloten. De cliënt en de gemeente kiezen nu samen een aanbieding. "
               "U krijgt bericht over de uitkomst.")
OUTCOME_TEXT = {
    "closed": _DECIDING,
    "chosen": _DECIDING,
    "no_offers": _l("Het bieden is gesloten zonder aanbiedingen. De gemeente kan de aanvraag opnieuw openzetten."),
    "cancelled": _l("De gemeente heeft deze aanvraag ingetrokken. Er wordt niet meer geboden."),
}


def seconds_between(now: datetime, moment: str) -> int:
    return max(0, seconds_until(moment, now))


def detail_context(session: Session, actor: Actor, request: Request) -> dict:
    names = support_requests.result_area_names(session, request.gemeente_id)
    described = support_requests.describe(request, names)
    now = server_now(session)
    view = standings.provider_view(bidding.current_snapshot(session, request), actor.organisation_id, now)
    status = view["status"]
    seconds_left = seconds_between(now, view["closes_at"]) if status == "open" else None
    seconds_to_open = seconds_between(now, view["opens_at"]) if status == "scheduled" else None
    my_bid = view.get("my_bid")
    won = None
    if view.get("outcome") == "awarded":
        try:
            won = award.award_view(session, actor, request.id, reason="award page")  # a logged read
        except client_data.ClientDataUnreadable as error:
            session.rollback()  # the award stands; only the contact details cannot be shown now
            won = {"bid": my_bid, "awarded_at": request.awarded_at.isoformat(), "client": {},
                   "client_error": translate(error.message)}
        except DomainError:
            won = None
    return {
        "req": described,
        "view": view,
        "status": status,
        "my_bid": my_bid,
        "has_active_bid": bool(my_bid and my_bid["status"] == "active"),
        "seconds_left": seconds_left,
        "countdown_text": countdown(seconds_left) if seconds_left is not None else "—",
        "opens_in_text": countdown(seconds_to_open) if seconds_to_open is not None else None,
        "show_form": states.window_is_live(status),
        "can_bid": status == "open" and bool(seconds_left),
        "live": states.is_running(status),
        "visibility_note": str(VISIBILITY_NOTES.get(view["visibility"], "")),
        "outcome_text": str(OUTCOME_TEXT[status]) if status in OUTCOME_TEXT else None,
        "outcome": view.get("outcome"),
        "won": won,
    }


def received_message(bid: dict) -> str:
    return _("Uw aanbieding van %(amount)s is ontvangen (versie %(revision)s).", amount=format_eur(bid["price_cents"]),
             revision=bid["revision"])
