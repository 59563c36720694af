"""What the page shows of the figures: each plot's data (drawn by static/js/steering.js from a
JSON data block) with the same numbers as a table for screen readers, the signals grouped by
kind with a link to what they concern, and the category filter's choices."""
from datetime import date

import sqlalchemy as sa
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..i18n import language, translate
from ..models import Category
from ..ui.formatting import eur
from ..ui.wording import status_label

# The order of the stacked bars, settled first; each status keeps its colour on every page.
STATUS_COLOURS = {"awarded": "#0b6e4f", "chosen": "#6d28d9", "closed": "#b45309", "open": "#1d4ed8",
                  "scheduled": "#64748b", "no_offers": "#b91c1c", "cancelled": "#374151"}
PALETTE = ["#2a0f5e", "#0b6e4f", "#b45309", "#1d4ed8", "#b91c1c", "#6d28d9", "#374151"]
SIGNAL_LABELS = {
    "single_offer": _l("Eén aanbieding"),
    "near_maximum": _l("Gegund tegen (bijna) de maximumprijs"),
    "dominant_provider": _l("Eén aanbieder wint de meeste gunningen"),
    "late_withdrawal": _l("Laagste aanbieding laat ingetrokken"),
    "identical_prices": _l("Gelijke prijzen van verschillende aanbieders"),
    "never_wins": _l("Biedt vaak, wint nooit"),
}
SIGNALS_SHOWN = 25


def categories(gemeente_id: int) -> list[tuple[str, str]]:
    rows = db.session.execute(sa.select(Category.code, Category.name).where(Category.gemeente_id == gemeente_id)
                              .order_by(Category.name)).all()
    return [(code, translate(name)) for code, name in rows]


def month_label(key: str) -> str:
    year, month = key.split("-")
    return format_date(date(int(year), int(month), 1), "MMM y", locale=language())


def number(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0", locale=language())


def percent(fraction) -> str:
    return "—" if fraction is None else format_percent(fraction, format="#,##0.#%", locale=language())


def _cell(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "money":
        return eur(round(value * 100))
    if unit == "percent":
        return percent(value / 100)
    return number(value, 0 if unit == "count" else 1)


def _chart(chart_id: str, title: str, kind: str, unit: str, labels: list, series: list, x_title: str,
           y_title: str, **options) -> dict:
    table = {"head": [x_title, *[s["label"] for s in series]],
             "rows": [[label, *[_cell(s["data"][i], unit) for s in series]] for i, label in enumerate(labels)]}
    return {"id": chart_id, "title": title, "kind": kind, "unit": unit, "labels": labels, "series": series,
            "x": x_title, "y": y_title, "table": table, **options}


def _series(label, data, colour) -> dict:
    return {"label": str(label), "data": data, "colour": colour}


def _pct(fraction):
    return None if fraction is None else round(100 * fraction, 1)


def _euros(cents):
    return None if cents is None else round(cents / 100, 2)


def charts(data: dict) -> list[dict]:
    months = data["by_month"]
    labels = [month_label(m["month"]) for m in months]
    shown = [s for s in STATUS_COLOURS if any(m["requests"].get(s) for m in months)]
    providers = data["outcomes_by_provider"]
    return [
        _chart("requests-by-month", _("Aanvragen per maand van publicatie, naar status"), "bar", "count", labels,
               [_series(status_label(s), [m["requests"].get(s, 0) for m in months], STATUS_COLOURS[s])
                for s in shown], _("Maand"), _("Aanvragen"), stacked=True),
        _chart("offers", _("Aanbiedingen per aanvraag (aanvragen waarvan het bieden gesloten is)"), "bar", "count",
               [d["offers"] for d in data["offers_per_request"]["distribution"]],
               [_series(_("Aanvragen"), [d["requests"] for d in data["offers_per_request"]["distribution"]],
                        PALETTE[0])], _("Aantal aanbiedingen"), _("Aanvragen")),
        _chart("prices", _("Gegunde prijs tegenover maximum en bodem, per maand (gemiddeld per vier weken)"),
               "line", "money", labels,
               [_series(_("Maximumprijs"), [_euros(m["mean_max_cents"]) for m in months], PALETTE[4]),
                _series(_("Gegunde prijs"), [_euros(m["mean_price_cents"]) for m in months], PALETTE[0]),
                _series(_("Bodemprijs"), [_euros(m["mean_floor_cents"]) for m in months], PALETTE[1])],
               _("Maand"), _("Bedrag")),
        _chart("days-to-award", _("Dagen van publicatie tot gunning, per maand (mediaan)"), "bar", "days", labels,
               [_series(_("Dagen (mediaan)"), [m["median_days_to_award"] for m in months], PALETTE[3])],
               _("Maand"), _("Dagen")),
        _chart("market-shares", _("Marktaandelen: aandeel van elke aanbieder in de gunningen"), "bar", "percent",
               [s["name"] for s in data["market_shares"]],
               [_series(_("Aandeel in de gunningen"), [_pct(s["share"]) for s in data["market_shares"]],
                        PALETTE[0])], _("Aanbieder"), _("Aandeel"), horizontal=True),
        _chart("outcomes", _("Uitkomsten per aanbieder"), "bar", "percent", [p["name"] for p in providers],
               [_series(_("Resultaten behaald"), [_pct(p["achieved_rate"]) for p in providers], PALETTE[1]),
                _series(_("Op of voor de afgesproken datum gestart"),
                        [_pct(p["started_on_time_rate"]) for p in providers], PALETTE[3])],
               _("Aanbieder"), _("Aandeel")),
    ]


def plot_data(chart_list: list[dict]) -> dict:
    """What the script needs to draw, without the tables."""
    return {c["id"]: {k: v for k, v in c.items() if k not in ("table", "title")} for c in chart_list}


def signal_groups(signals: list[dict], links: bool) -> list[dict]:
    """The signals per kind, each with the page it concerns: a consultant's request page or the
    provider's admission page. A beheerder opens neither, so sees the names without links."""
    groups = []
    for kind, label in SIGNAL_LABELS.items():
        found = [s for s in signals if s["kind"] == kind]
        if not found:
            continue
        items = []
        for signal in found[:SIGNALS_SHOWN]:
            if "request_id" in signal:
                href = url_for("consultant.request_detail", request_id=signal["request_id"]) if links else None
                name = signal["reference"]
            else:
                href = url_for("consultant.provider_detail", org_id=signal["organisation_id"]) if links else None
                name = signal["name"]
            items.append({"href": href, "name": name, "detail": translate(signal["detail"])})
        groups.append({"kind": kind, "label": str(label), "items": items, "more": len(found) - len(items)})
    return groups
