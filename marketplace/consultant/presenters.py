"""Dutch words for what the consultant pages show: audit actions and details, approval
statuses, visibility modes, time left. Presentation only, no rules."""
from datetime import date, datetime

from ..auction.money import format_eur
from ..web.routes import local, status_label
from . import bp

VISIBILITY_LABELS = {
    "open": "Open: aanbieders zien alle prijzen (zonder namen)",
    "rank_only": "Alleen plaats: aanbieders zien hun eigen plaats",
    "sealed": "Gesloten: aanbieders zien alleen hun eigen aanbieding",
}
APPROVAL_LABELS = {"pending": "Wacht op beoordeling", "approved": "Toegelaten", "suspended": "Geschorst"}
AUDIT_ACTIONS = {
    "request_created": "Aanvraag aangemaakt",
    "request_published": "Aanvraag gepubliceerd",
    "window_opened": "Bieden geopend",
    "bid_placed": "Aanbieding gedaan",
    "bid_revised": "Aanbieding aangepast",
    "bid_withdrawn": "Aanbieding ingetrokken",
    "window_extended": "Biedtermijn verlengd na een laat bod",
    "window_closed": "Bieden gesloten",
    "client_code_created": "Cliëntcode gemaakt",
    "client_code_redeemed": "Cliëntcode gebruikt door de cliënt",
    "offer_chosen": "Aanbieding gekozen",
    "request_awarded": "Gegund",
    "client_data_read": "Cliëntgegevens ingezien",
    "request_cancelled": "Aanvraag geannuleerd",
    "request_reopened": "Opnieuw opengezet",
}
SYSTEM_ACTORS = {"scheduler": "Zorgbod (planner)", "system": "Zorgbod", "client": "Cliënt"}
DETAIL_LABELS = {
    "reference": "kenmerk", "status": "status", "expires_at": "geldig tot", "bid_id": "aanbieding",
    "on_behalf_of_client": "namens de cliënt", "price_cents": "prijs", "lowest_price_cents": "laagste prijs",
    "motivation": "motivering", "reason": "reden", "label": "letter", "revision": "versie",
    "previous_closes_at": "sloot eerst op", "closes_at": "sluit op", "opens_at": "opent op",
    "offers": "aanbiedingen", "lateness_ms": "vertraging (ms)", "category": "categorie",
}


def nl_date(value) -> str:
    if not value:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d-%m-%Y")


def time_left(closes_at: datetime | None, now: datetime) -> str:
    if closes_at is None:
        return "—"
    seconds = int((closes_at - now).total_seconds())
    if seconds <= 0:
        return "sluit nu"
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"nog {days} {'dag' if days == 1 else 'dagen'} en {hours} uur"
    if hours:
        return f"nog {hours} uur en {minutes} min"
    if minutes:
        return f"nog {minutes} min"
    return "nog minder dan een minuut"


def seconds_label(seconds: int | None) -> str:
    if not seconds:
        return "uit"
    minutes, rest = divmod(seconds, 60)
    if minutes and not rest:
        return f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"
    return f"{seconds} seconden"


def actor_label(actor: str, names: dict[str, str]) -> str:
    return names.get(actor) or SYSTEM_ACTORS.get(actor) or actor


def detail_items(details: dict | None, bid_names: dict[int, str]) -> list[tuple[str, str]]:
    items = []
    for key, value in (details or {}).items():
        if value is None or key == "at":
            continue
        if key.endswith("_cents") and isinstance(value, int):
            shown = format_eur(value)
        elif key.endswith("_at") and isinstance(value, str):
            shown = local(value)
        elif key == "bid_id":
            shown = bid_names.get(value, f"#{value}")
        elif key == "status":
            shown = status_label(value)
        elif isinstance(value, bool):
            shown = "ja" if value else "nee"
        else:
            shown = str(value)
        items.append((DETAIL_LABELS.get(key, key), shown))
    return items


@bp.context_processor
def consultant_helpers():
    return {
        "nl_date": nl_date, "time_left": time_left, "seconds_label": seconds_label,
        "visibility_label": lambda v: VISIBILITY_LABELS.get(v, v),
        "approval_label": lambda s: APPROVAL_LABELS.get(s, s),
        "audit_action": lambda a: AUDIT_ACTIONS.get(a, a.replace("_", " ")),
        "actor_label": actor_label, "detail_items": detail_items,
    }
