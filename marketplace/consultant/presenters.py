"""Words for what the consultant pages show, in the reader's language (Dutch msgids): audit
actions and details, approval statuses, visibility modes, time left. Presentation only, no rules."""
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..auction.money import format_eur
from ..web.routes import local, status_label
from . import bp

VISIBILITY_LABELS = {
    "open": _l("Open: aanbieders zien alle prijzen (zonder namen)"),
    "rank_only": _l("Alleen plaats: aanbieders zien hun eigen plaats"),
    "sealed": _l("Gesloten: aanbieders zien alleen hun eigen aanbieding"),
}
APPROVAL_LABELS = {"pending": _l("Wacht op beoordeling"), "approved": _l("Toegelaten"), "suspended": _l("Geschorst")}
AUDIT_ACTIONS = {
    "request_created": _l("Aanvraag aangemaakt"),
    "request_published": _l("Aanvraag gepubliceerd"),
    "window_opened": _l("Bieden geopend"),
    "bid_placed": _l("Aanbieding gedaan"),
    "bid_revised": _l("Aanbieding aangepast"),
    "bid_withdrawn": _l("Aanbieding ingetrokken"),
    "window_extended": _l("Biedtermijn verlengd na een laat bod"),
    "window_closed": _l("Bieden gesloten"),
    "client_code_created": _l("Cliëntcode gemaakt"),
    "client_code_redeemed": _l("Cliëntcode gebruikt door de cliënt"),
    "offer_chosen": _l("Aanbieding gekozen"),
    "request_awarded": _l("Gegund"),
    "client_data_read": _l("Cliëntgegevens ingezien"),
    "client_data_erased": _l("Cliëntgegevens gewist"),
    "request_cancelled": _l("Aanvraag geannuleerd"),
    "request_reopened": _l("Opnieuw opengezet"),
}
SYSTEM_ACTORS = {"scheduler": _l("Zorgbod (planner)"), "system": _l("Zorgbod"), "client": _l("Cliënt")}
DETAIL_LABELS = {
    "reference": _l("kenmerk"), "status": _l("status"), "expires_at": _l("geldig tot"),
    "bid_id": _l("aanbieding"), "on_behalf_of_client": _l("namens de cliënt"), "price_cents": _l("prijs"),
    "lowest_price_cents": _l("laagste prijs"),
    "motivation": _l("motivering"), "reason": _l("reden"), "label": _l("letter"), "revision": _l("versie"),
    "previous_closes_at": _l("sloot eerst op"), "closes_at": _l("sluit op"), "opens_at": _l("opent op"),
    "offers": _l("aanbiedingen"), "lateness_ms": _l("vertraging (ms)"), "category": _l("categorie"),
    "fields": _l("gegevens"), "retention_months": _l("bewaartermijn (maanden)"),
    "period_ended_on": _l("termijn liep vanaf"), "client_codes_removed": _l("cliëntcodes verwijderd"),
    "client_tokens_removed": _l("cliënttoegang ingetrokken"),
    "client_tokens_revoked": _l("cliënttoegang ingetrokken"),
    "withdrawn_bid_id": _l("na intrekking van aanbieding"),
}
# Why the client's data was opened or erased (the access log stores these codes).
REASON_LABELS = {
    "consultant request page": _l("Aanvraagpagina van de consulent"),
    "award view": _l("Gunning opgevraagd via de API"),
    "award page": _l("Gunningspagina van de aanbieder"),
    "export": _l("Inzage (AVG artikel 15) gemaakt"),
    "retention": _l("Bewaartermijn verstreken"),
}
ROLE_LABELS = {"consultant": _l("Consulent"), "admin": _l("Functioneel beheerder"),
               "provider": _l("Medewerker zorgaanbieder")}
CLIENT_FIELD_LABELS = {"name": _l("Naam"), "bsn": _l("BSN"), "address": _l("Adres"), "phone": _l("Telefoon"),
                       "date_of_birth": _l("Geboortedatum"), "notes": _l("Notities")}


def reason_label(reason: str | None) -> str:
    return str(REASON_LABELS.get(reason, reason or "—"))


def role_label(role: str | None) -> str:
    return str(ROLE_LABELS.get(role, role or ""))


def client_fields_label(fields) -> str:
    return ", ".join(str(CLIENT_FIELD_LABELS.get(f, f)) for f in fields or ()) or "—"


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
        return _("sluit nu")
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return ngettext("nog %(num)s dag en %(hours)s uur", "nog %(num)s dagen en %(hours)s uur", days, hours=hours)
    if hours:
        return _("nog %(hours)s uur en %(minutes)s min", hours=hours, minutes=minutes)
    if minutes:
        return _("nog %(minutes)s min", minutes=minutes)
    return _("nog minder dan een minuut")


def seconds_label(seconds: int | None) -> str:
    if not seconds:
        return _("uit")
    minutes, rest = divmod(seconds, 60)
    if minutes and not rest:
        return ngettext("%(num)s minuut", "%(num)s minuten", minutes)
    return _("%(seconds)s seconden", seconds=seconds)


def actor_label(actor: str, names: dict[str, str]) -> str:
    return names.get(actor) or str(SYSTEM_ACTORS.get(actor) or actor)


def detail_items(details: dict | None, bid_names: dict[int, str]) -> list[tuple[str, str]]:
    items = []
    details = details or {}
    read = "fields" in details  # a read of client data: the actor column already says who
    for key, value in details.items():
        if value is None or key == "at" or (read and key in ("role", "organisation_id")):
            continue
        if key == "fields":
            shown = client_fields_label(value)
        elif key == "reason" and value in REASON_LABELS:
            shown = reason_label(value)
        elif key.endswith("_cents") and isinstance(value, int):
            shown = format_eur(value)
        elif key.endswith("_at") and isinstance(value, str):
            shown = local(value)
        elif key.endswith("_on") and isinstance(value, str):
            shown = nl_date(value)
        elif key == "bid_id":
            shown = bid_names.get(value, f"#{value}")
        elif key == "status":
            shown = status_label(value)
        elif isinstance(value, bool):
            shown = _("ja") if value else _("nee")
        else:
            shown = str(value)
        items.append((str(DETAIL_LABELS.get(key, key)), shown))
    return items


@bp.context_processor
def consultant_helpers():
    return {
        "nl_date": nl_date, "time_left": time_left, "seconds_label": seconds_label,
        "visibility_label": lambda v: str(VISIBILITY_LABELS.get(v, v)),
        "approval_label": lambda s: str(APPROVAL_LABELS.get(s, s)),
        "audit_action": lambda a: str(AUDIT_ACTIONS.get(a, a.replace("_", " "))),
        "actor_label": actor_label, "detail_items": detail_items,
        "reason_label": reason_label, "role_label": role_label, "client_fields_label": client_fields_label,
    }
