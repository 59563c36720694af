"""A small reference model of one request's auction, written from CONTRACT.md ("Bids",
"Standings", "Integrity rules and their errors") and not from the code: what a bid, a
withdrawal or the close must do, and what each provider may see. test_auction_model.py drives
the real domain and this model side by side and compares them after every step.

Times are the server clock's; every operation runs at an instant of its own (the test moves the
clock before each one), so "who reached that price first" is the order of the operations."""
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from marketplace.auction.money import format_eur

VISIBILITIES = ("open", "rank_only", "sealed")


@dataclass
class Offer:
    provider: int
    label: str
    price_cents: int
    reached_at: datetime
    revision: int
    start_date: str
    approach: str
    status: str = "active"  # active | withdrawn
    bid_id: int | None = None  # learnt from the first answer; the model does not draw ids
    withdrawn_in: int | None = None  # the window it was withdrawn in
    windows: dict[int, int] = field(default_factory=dict)  # revision -> the window it was made in


@dataclass
class Outcome:
    """What the model expects of one call: an answer, or one of the error codes that apply (more
    than one only where the contract leaves their order open)."""
    errors: frozenset = frozenset()
    replay: dict | None = None  # the first answer, returned again
    extended: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Auction:
    request_id: int
    visibility: str
    opens_at: datetime
    closes_at: datetime
    floor_cents: int | None
    max_cents: int | None
    step_cents: int
    soft_close_seconds: int
    max_extension_seconds: int
    seq: int
    status: str = "open"
    original_closes_at: datetime | None = None
    offers: dict[int, Offer] = field(default_factory=dict)
    labels_given: int = 0
    answers: dict[tuple[int, str], dict] = field(default_factory=dict)  # (provider, key) -> first answer
    prices_ever: dict[int, set] = field(default_factory=dict)  # provider -> every price it offered
    window: int = 0  # 0 for the first window, one more for each reopen
    audited: Counter = field(default_factory=Counter)  # the audit trail's auction events, by action

    def __post_init__(self):
        if self.original_closes_at is None:
            self.original_closes_at = self.closes_at

    # --- ranking -------------------------------------------------------------------------
    def ranking(self) -> list[Offer]:
        """Active offers: lowest price first; on equal prices, whoever reached it first."""
        return sorted((o for o in self.offers.values() if o.status == "active"),
                      key=lambda o: (o.price_cents, o.reached_at))

    def ranks(self) -> dict[int, int]:
        return {o.provider: i + 1 for i, o in enumerate(self.ranking())}

    def best(self) -> Offer | None:
        ranking = self.ranking()
        return ranking[0] if ranking else None

    @property
    def cap(self) -> datetime:
        return self.original_closes_at + timedelta(seconds=self.max_extension_seconds)

    def is_open(self, now: datetime) -> bool:
        return self.status == "open" and self.opens_at <= now < self.closes_at

    def _extend(self, now: datetime) -> bool:
        """A change that improves (or, by withdrawal, worsens) the best price inside the last
        soft_close_seconds moves closes_at to now + soft_close_seconds, never past the cap."""
        if self.soft_close_seconds <= 0:
            return False
        window = timedelta(seconds=self.soft_close_seconds)
        if self.closes_at - now > window:
            return False
        proposed = min(now + window, self.cap)
        if proposed <= self.closes_at:
            return False
        self.closes_at = proposed
        self.audited["window_extended"] += 1
        return True

    # --- operations ----------------------------------------------------------------------
    def bid(self, provider: int, price: int, start_date: str | None, approach: str | None,
            key: str | None, now: datetime) -> Outcome:
        if key is not None and (provider, key) in self.answers:
            return Outcome(replay=self.answers[(provider, key)])
        if not self.is_open(now):
            return Outcome(errors=frozenset({"window_closed"}))
        mine = self.offers.get(provider)
        # A withdrawal is final for the window; which of two refusals comes first (the
        # withdrawal or a bad price) the contract does not say.
        withdrawn = mine is not None and mine.status == "withdrawn" and mine.withdrawn_in == self.window
        price_error = None
        if self.max_cents is not None and price > self.max_cents:
            price_error = "price_above_maximum"
        elif self.floor_cents is not None and price < self.floor_cents:
            price_error = "price_below_floor"
        elif mine is not None and mine.status == "active" and price > mine.price_cents - self.step_cents:
            price_error = "price_not_lower"
        if withdrawn:
            return Outcome(errors=frozenset({"offer_withdrawn"} | ({price_error} if price_error else set())))
        if price_error:
            return Outcome(errors=frozenset({price_error}))
        if mine is None and (start_date is None or not approach):
            return Outcome(errors=frozenset({"validation_error"}))

        best_before = self.best()
        improves = best_before is None or price < best_before.price_cents
        self.audited["bid_revised" if mine is not None and mine.status == "active" else "bid_placed"] += 1
        if mine is None:
            label = _label(self.labels_given)
            self.labels_given += 1
            mine = self.offers[provider] = Offer(provider, label, price, now, 1, start_date, approach)
        else:
            # A revision, or a provider that withdrew in an earlier window coming back under
            # its old label.
            mine.price_cents = price
            mine.reached_at = now
            mine.revision += 1
            mine.status = "active"
            mine.withdrawn_in = None
            if start_date is not None:
                mine.start_date = start_date
            if approach:
                mine.approach = approach
        mine.windows[mine.revision] = self.window
        self.prices_ever.setdefault(provider, set()).add(price)
        self.seq += 1
        extended = improves and self._extend(now)
        return Outcome(extended=extended)

    def withdraw(self, provider: int, now: datetime) -> Outcome:
        if not self.is_open(now):
            return Outcome(errors=frozenset({"window_closed"}))
        mine = self.offers.get(provider)
        if mine is None or mine.status != "active":
            return Outcome(errors=frozenset({"not_found"}))
        best_before = self.best()
        mine.status = "withdrawn"
        mine.withdrawn_in = self.window
        self.audited["bid_withdrawn"] += 1
        best_after = self.best()
        self.seq += 1
        # Pulling the best offer in the last seconds must leave the others time to react: the
        # best price rose (to the next offer's, or to none at all).
        raises_best = best_before is mine and (best_after is None or best_after.price_cents > mine.price_cents)
        extended = raises_best and self._extend(now)
        return Outcome(extended=extended)

    def close(self, now: datetime) -> str:
        if self.status != "open":
            return "nothing"
        if now < self.closes_at:
            return "not_yet"
        self.status = "closed" if self.ranking() else "no_offers"
        self.audited["window_closed"] += 1
        self.seq += 1
        return "done"

    def reopen(self, opens_at: datetime, closes_at: datetime) -> None:
        """A request that closed without offers gets a new window; a withdrawal in the last
        window does not hold in this one."""
        self.opens_at, self.closes_at, self.original_closes_at = opens_at, closes_at, closes_at
        self.status = "open"
        self.seq += 1
        self.window += 1

    def same_window(self, bid_id: int, revision: int, earlier: int) -> bool:
        """Whether two revisions of an offer were made in one window (the step rule binds
        them), or a window apart (a new window starts the offer afresh)."""
        offer = next(o for o in self.offers.values() if o.bid_id == bid_id)
        return offer.windows.get(revision) == offer.windows.get(earlier)

    def remember(self, provider: int, key: str | None, body: dict) -> None:
        if key is not None:
            self.answers[(provider, key)] = body

    # --- what a provider may see ---------------------------------------------------------
    def provider_view(self, provider: int, now: datetime) -> dict:
        ranking = self.ranking()
        mine = self.offers.get(provider)
        active_mine = mine if mine is not None and mine.status == "active" else None
        view = {
            "request_id": self.request_id,
            "status": self.status,
            "opens_at": self.opens_at.isoformat(),
            "closes_at": self.closes_at.isoformat(),
            "original_closes_at": self.original_closes_at.isoformat(),
            "extended": self.closes_at != self.original_closes_at,
            "server_time": now.isoformat(),
            "bidder_count": len(ranking),
            "seq": self.seq,
            "visibility": self.visibility,
            "my_price_cents": active_mine.price_cents if active_mine else None,
            "my_bid": None if mine is None else {
                "price_cents": mine.price_cents, "start_date": mine.start_date, "approach": mine.approach,
                "revision": mine.revision, "status": mine.status, "suspended": False},
        }
        if self.visibility in ("open", "rank_only"):
            view["my_rank"] = self.ranks().get(provider) if active_mine else None
        if self.visibility == "open":
            view["best_price_cents"] = ranking[0].price_cents if ranking else None
            view["ladder"] = [{"label": o.label, "price_cents": o.price_cents, "rank": i + 1,
                               "mine": o.provider == provider} for i, o in enumerate(ranking)]
        return view

    def withdrawn(self) -> list[tuple[int, int]]:
        """The withdrawn offers, as (provider, last price): the consultant watches those too."""
        return sorted((o.provider, o.price_cents) for o in self.offers.values() if o.status == "withdrawn")

    def bid_body(self, provider: int) -> dict:
        """The "bid" part of an answer, less its id (the database draws it)."""
        o = self.offers[provider]
        return {"request_id": self.request_id, "price_cents": o.price_cents, "revision": o.revision,
                "start_date": o.start_date, "approach": o.approach, "status": o.status, "label": o.label}

    def secret_prices(self, provider: int) -> set[int]:
        """Prices this provider has no right to read in a sealed or rank_only request: every
        price another provider offered that it did not offer itself."""
        own = self.prices_ever.get(provider, set())
        return {p for q, prices in self.prices_ever.items() if q != provider for p in prices} - own


def _label(index: int) -> str:
    label, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


_AMOUNT = re.compile(r"€\s?(\d{1,3}(?:\.\d{3})*|\d+),(\d{2})")


def amounts_in(text: str) -> set[int]:
    """Every euro amount written the Dutch way (as format_eur writes it), in cents."""
    return {int(euros.replace(".", "")) * 100 + int(cents) for euros, cents in _AMOUNT.findall(text)}


def price_leaks(text: str, secret: set[int]) -> set[int]:
    """Which of these prices the text gives away, as an amount or as a bare number of cents."""
    found = amounts_in(text) & secret
    found |= {p for p in secret if re.search(rf"(?<!\d){p}(?!\d)", text) or format_eur(p) in text}
    return found
