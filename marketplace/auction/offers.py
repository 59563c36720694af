"""An offer as the domain reasons about it: the one shape the ranking, the snapshot and the
acks are built from.

A `models.Bid` is how an offer is stored; `Offer.of(bid)` reads one into this shape, and
`bidding.load_offers` reads a request's offers straight into it in one query. The snapshot
freezes offers into `standings.OfferState`, their form on the wire (plain JSON values, ranked),
built only from Offers by `standings.build_snapshot`."""
from dataclasses import dataclass
from datetime import date, datetime


@dataclass
class Offer:
    id: int
    organisation_id: int
    organisation_name: str
    label: str
    price_cents: int
    start_date: date
    approach: str
    revision: int
    status: str  # active | withdrawn
    price_reached_at: datetime
    # Its organisation's approval was suspended after it bid (models.bids.offer_suspended).
    suspended: bool = False

    @classmethod
    def of(cls, bid, organisation_name: str | None = None, suspended: bool | None = None) -> "Offer":
        """The offer a stored Bid holds. Its organisation's name and its suspension are read from
        the database unless the caller already knows them."""
        return cls(bid.id, bid.organisation_id,
                   organisation_name if organisation_name is not None else bid.organisation.name,
                   bid.label, bid.price_cents, bid.start_date, bid.approach, bid.revision, bid.status,
                   bid.price_reached_at, bool(bid.suspended) if suspended is None else suspended)

    @property
    def ranked(self) -> bool:
        """Counts in the ranking: active, and its organisation still approved. A suspended offer
        stays out of the ranking everyone sees: it can never win, so ranking it would tell the
        others they lose to an offer that cannot be awarded, and hide the best price that can."""
        return is_ranked(self)


def is_ranked(offer) -> bool:
    """The ranking rule, for an Offer or a stored Bid: active and not suspended."""
    return offer.status == "active" and not offer.suspended
