"""A request's auction state at one seq (a Snapshot) and the view each caller may see of it.

A snapshot holds every offer with its provider's name, so it never leaves the server;
only the views do, and a provider's view carries no other provider's name or id."""
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .offers import Offer
from .rules import rank_key


@dataclass
class OfferState:
    """An Offer frozen into a snapshot with its rank: plain JSON values, because a snapshot
    crosses processes and every watcher's view is rendered from it."""
    bid_id: int
    organisation_id: int
    organisation_name: str
    label: str
    price_cents: int
    start_date: str
    approach: str
    revision: int
    reached_at: str  # ISO-8601 UTC
    status: str  # active | withdrawn
    rank: int | None = None
    # Its organisation's approval was suspended after it bid: out of the ranking, never chosen
    # or awarded, still withdrawable (models.bids.offer_suspended).
    suspended: bool = False

    @property
    def ranked(self) -> bool:
        return self.status == "active" and not self.suspended


@dataclass
class Snapshot:
    request_id: int
    status: str
    visibility: str
    opens_at: str
    closes_at: str
    original_closes_at: str
    seq: int
    awarded_bid_id: int | None = None
    offers: list[OfferState] = field(default_factory=list)

    @property
    def active(self) -> list[OfferState]:
        """The ranked offers, best first: active and not suspended."""
        return [o for o in self.offers if o.ranked]

    @property
    def suspended(self) -> list[OfferState]:
        return [o for o in self.offers if o.status == "active" and o.suspended]

    @property
    def withdrawn(self) -> list[OfferState]:
        return [o for o in self.offers if o.status == "withdrawn"]

    def to_dict(self) -> dict:
        # Every value is already plain, so a shallow copy will do: asdict()'s recursive deep
        # copy would be wasted work on a dict made on every bid.
        return {**self.__dict__, "offers": [dict(o.__dict__) for o in self.offers]}

    @classmethod
    def from_dict(cls, data: dict) -> "Snapshot":
        offers = [OfferState(**o) for o in data.get("offers", [])]
        return cls(**{**data, "offers": offers})


def build_snapshot(request, bids: Sequence[Offer]) -> Snapshot:
    """Rank the offers and freeze the state; called under the request's lock."""
    active = sorted(
        (b for b in bids if b.ranked),
        key=lambda b: rank_key(b.price_cents, b.price_reached_at, b.id),
    )
    ranks = {b.id: i + 1 for i, b in enumerate(active)}
    offers = [
        OfferState(
            bid_id=b.id,
            organisation_id=b.organisation_id,
            organisation_name=b.organisation_name,
            label=b.label,
            price_cents=b.price_cents,
            start_date=b.start_date.isoformat(),
            approach=b.approach,
            revision=b.revision,
            reached_at=b.price_reached_at.isoformat(),
            status=b.status,
            rank=ranks.get(b.id),
            suspended=bool(b.suspended),
        )
        for b in sorted(bids, key=lambda b: (ranks.get(b.id, 10**9), b.id))
    ]
    return Snapshot(
        request_id=request.id,
        status=request.status,
        visibility=request.visibility,
        opens_at=request.opens_at.isoformat(),
        closes_at=request.closes_at.isoformat(),
        original_closes_at=request.original_closes_at.isoformat(),
        seq=request.seq,
        awarded_bid_id=request.awarded_bid_id,
        offers=offers,
    )


@dataclass(frozen=True)
class Disclosure:
    """What a provider may learn about the other offers on a request."""
    rank: bool  # its own rank, and that it changed (e.g. that it lost first place)
    prices: bool  # the other offers' prices, each under an anonymous label; never a name


_DISCLOSURES = {
    "open": Disclosure(rank=True, prices=True),
    "rank_only": Disclosure(rank=True, prices=False),
    "sealed": Disclosure(rank=False, prices=False),
}


def provider_disclosure(visibility: str) -> Disclosure:
    """The one rule of what a provider may know about other offers under a request's visibility
    mode. Every channel a provider has goes through it: its standings (Views.provider, so the
    API, sockets, its bid and withdrawal acks and its pages) and its notices and their e-mails
    (records.rank_lost_notice). `sealed`: nothing, not even that it was outbid; `rank_only`:
    its rank and that it changed, never a price; `open`: prices too, never names. An unknown
    mode discloses nothing."""
    return _DISCLOSURES.get(visibility, _DISCLOSURES["sealed"])


def _common(snap: Snapshot, now: datetime) -> dict:
    return {
        "request_id": snap.request_id,
        "status": snap.status,
        "opens_at": snap.opens_at,
        "closes_at": snap.closes_at,
        "original_closes_at": snap.original_closes_at,
        "extended": snap.closes_at != snap.original_closes_at,
        "server_time": now.isoformat(),
        "bidder_count": len(snap.active),
        "seq": snap.seq,
        "visibility": snap.visibility,
    }


class Views:
    """Each caller's view of one snapshot, rendered from parts they share: the fan-out renders
    one view per watcher on every bid, and a provider's differs from the next only in its own
    offer. Views may share those parts, so they are for encoding, never for changing."""

    def __init__(self, snap: Snapshot, now: datetime):
        self.snap = snap
        self.common = _common(snap, now)
        self.active = snap.active
        self._ladder: list[dict] | None = None
        # Looked up once per provider: scanning the offers for each of them would make the
        # fan-out quadratic in the number of bidders.
        self.by_organisation = {o.organisation_id: o for o in snap.offers}
        self.active_index = {o.organisation_id: i for i, o in enumerate(self.active)}

    def provider(self, organisation_id: int) -> dict:
        snap = self.snap
        view = dict(self.common)
        mine = self.by_organisation.get(organisation_id)
        active_mine = mine if mine and mine.status == "active" else None
        view["my_price_cents"] = active_mine.price_cents if active_mine else None
        view["my_bid"] = (
            {
                "price_cents": mine.price_cents,
                "start_date": mine.start_date,
                "approach": mine.approach,
                "revision": mine.revision,
                "status": mine.status,
                "suspended": mine.suspended,
            }
            if mine
            else None
        )
        disclosure = provider_disclosure(snap.visibility)
        if disclosure.rank:
            view["my_rank"] = active_mine.rank if active_mine else None
        if disclosure.prices:
            view["best_price_cents"] = self.active[0].price_cents if self.active else None
            view["ladder"] = self._ladder_for(organisation_id)
        if snap.status == "awarded" and mine:
            view["outcome"] = "awarded" if mine.bid_id == snap.awarded_bid_id else "not_chosen"
        return view

    def _ladder_for(self, organisation_id: int) -> list[dict]:
        if self._ladder is None:
            self._ladder = [{"label": o.label, "price_cents": o.price_cents, "rank": o.rank, "mine": False}
                            for o in self.active]
        ladder = self._ladder
        i = self.active_index.get(organisation_id)
        if i is not None:
            ladder = list(ladder)
            ladder[i] = {**ladder[i], "mine": True}
        return ladder

    def consultant(self) -> dict:
        """Every current offer (ranked ones first, then suspended ones, marked and unranked),
        and the withdrawn offers: the consultant watches the whole auction, withdrawals too."""
        view = dict(self.common)
        view["offers"] = [_consultant_offer(o) for o in self.active + self.snap.suspended]
        view["withdrawn"] = [_consultant_offer(o) for o in self.snap.withdrawn]
        view["best_price_cents"] = self.active[0].price_cents if self.active else None
        return view

    def client(self) -> dict:
        """A client compares offers on the offers page after close; live they see only the basics."""
        return dict(self.common)

    def of(self, viewer) -> dict:
        """viewer is an Actor: the one place that decides which view a caller gets."""
        if viewer.kind == "consultant":
            return self.consultant()
        if viewer.kind == "provider":
            return self.provider(viewer.organisation_id)
        return self.client()


def _consultant_offer(o: OfferState) -> dict:
    return {
        "bid_id": o.bid_id,
        "provider": {"id": o.organisation_id, "name": o.organisation_name},
        "price_cents": o.price_cents,
        "rank": o.rank,
        "start_date": o.start_date,
        "approach": o.approach,
        "revision": o.revision,
        "suspended": o.suspended,
    }


def provider_view(snap: Snapshot, organisation_id: int, now: datetime) -> dict:
    return Views(snap, now).provider(organisation_id)


def consultant_view(snap: Snapshot, now: datetime) -> dict:
    return Views(snap, now).consultant()


def view_for(snap: Snapshot, viewer, now: datetime) -> dict:
    return Views(snap, now).of(viewer)
