"""The auction's rules as pure functions: window, price, soft close, ranking, labels.

Nothing here touches a database or the web; bidding.py and lifecycle.py apply these under
the request's lock."""
from datetime import datetime, timedelta

from .errors import DomainError, Text
from .money import format_eur


def check_window(status: str, opens_at: datetime, closes_at: datetime, now: datetime) -> None:
    """A bid counts only while the window is open by the server's clock."""
    if status == "open" and opens_at <= now < closes_at:
        return
    if status in ("draft", "scheduled") or (status == "open" and now < opens_at):
        raise DomainError("window_not_open", Text("Het bieden is nog niet begonnen."))
    raise DomainError("window_closed", Text("Het bieden is gesloten; dit bod is niet meer aangenomen."))


def check_price(
    price_cents: int,
    floor_cents: int | None,
    max_cents: int | None,
    previous_cents: int | None,
    min_step_cents: int,
) -> None:
    if max_cents is not None and price_cents > max_cents:
        raise DomainError(
            "price_above_maximum",
            Text("Uw prijs is hoger dan het maximumtarief van %(amount)s.", amount=format_eur(max_cents)),
            max_price_cents=max_cents,
        )
    if floor_cents is not None and price_cents < floor_cents:
        raise DomainError(
            "price_below_floor",
            Text("Uw prijs is lager dan de reële ondergrens van %(amount)s.", amount=format_eur(floor_cents)),
            floor_price_cents=floor_cents,
        )
    if previous_cents is not None and price_cents > previous_cents - min_step_cents:
        raise DomainError(
            "price_not_lower",
            Text("Uw nieuwe prijs moet minstens %(step)s lager zijn dan uw vorige prijs van %(previous)s.",
                 step=format_eur(min_step_cents), previous=format_eur(previous_cents)),
            previous_price_cents=previous_cents,
            min_step_cents=min_step_cents,
        )


def soft_close_deadline(
    now: datetime,
    closes_at: datetime,
    original_closes_at: datetime,
    soft_close_seconds: int,
    max_extension_seconds: int,
    improves_best: bool,
) -> datetime | None:
    """The new closes_at when this bid extends the window, else None.

    Only a bid that improves the best price inside the last soft_close_seconds extends,
    and never past original_closes_at + max_extension_seconds: bidders cannot keep an
    auction open forever.
    """
    if not improves_best or soft_close_seconds <= 0:
        return None
    window = timedelta(seconds=soft_close_seconds)
    if closes_at - now > window:
        return None
    cap = original_closes_at + timedelta(seconds=max_extension_seconds)
    proposed = min(now + window, cap)
    return proposed if proposed > closes_at else None


def rank_key(price_cents: int, reached_at: datetime, bid_id: int) -> tuple:
    """Lowest price first; on equal prices, whoever reached that price first."""
    return (price_cents, reached_at, bid_id)


def label_for(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: stable per provider within one request."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label
