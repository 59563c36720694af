"""The consultant's side of a request's life: create, publish, cancel, reopen, and the
anonymised description every caller may read."""
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..clients import client_data, screening
from ..gemeente import tariffs
from ..models import (
    VISIBILITIES,
    Category,
    ComplexityLevel,
    Gemeente,
    Request,
    RequestResultArea,
    ResultArea,
)
from ..quality import scoring
from . import states
from .access import require_consultant_of
from .actors import Actor
from .bidding import load_bids, load_offers
from .changes import StandingsChanged, WindowScheduled, WindowUnscheduled
from .errors import DomainError, Text, invalid_state, not_found, validation_error
from .identifiers import is_valid_bsn
from .inputs import AMSTERDAM, Fields, start_date_range, window_range
from .money import format_eur
from .offers import Offer
from .records import audit, eligible_organisation_ids, notify, organisation_users
from .standings import build_snapshot
from .transactions import locked_request, on_commit, server_now

PC3 = re.compile(r"^[1-9][0-9]{2}$")


def _catalogue(session: Session, gemeente_id: int):
    """The gemeente's categories, result areas and complexity levels by code, retired ones too:
    a new request may not use those, and is told so by name."""
    cats = {c.code: c for c in session.scalars(sa.select(Category).where(Category.gemeente_id == gemeente_id))}
    areas = {a.code: a for a in session.scalars(sa.select(ResultArea).where(ResultArea.gemeente_id == gemeente_id))}
    levels = {c.code: c for c in session.scalars(
        sa.select(ComplexityLevel).where(ComplexityLevel.gemeente_id == gemeente_id)
        .order_by(ComplexityLevel.position))}
    return cats, areas, levels


def _read_window(f: Fields, now: datetime) -> tuple[datetime | None, datetime | None]:
    """Opening and closing, each within a year of now (further is a typing error, and the
    year 9999 has no room for a soft-close extension); the order is checked first, as the
    more useful message."""
    opens_at = f.moment("opens_at")
    closes_at = f.moment("closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        f.fail("closes_at", Text("De sluitingstijd moet na de openingstijd liggen."))
    bounds = window_range(now)
    return f.within("opens_at", opens_at, bounds), f.within("closes_at", closes_at, bounds)


def create_request(session: Session, actor: Actor, data) -> Request:
    """A draft request plus the client's personal data, sealed, in its own record."""
    if not actor.is_consultant:
        raise DomainError("forbidden", Text("Alleen een consulent kan een aanvraag maken."))
    cats, areas, levels = _catalogue(session, actor.gemeente_id)
    gemeente = session.get(Gemeente, actor.gemeente_id)
    now = server_now(session)
    f = Fields(data)
    category_code = _read_category(f, cats)
    result_areas = _read_result_areas(f, areas, levels)
    region = f.text("region", max_length=3)
    if region and not PC3.match(region):
        f.fail("region", Text("Geef de eerste drie cijfers van de postcode (PC3), bijvoorbeeld 823."))
    start_date = f.date("start_date", between=start_date_range(now.astimezone(AMSTERDAM).date()))
    duration = f.integer("duration_weeks", minimum=1, maximum=520)
    prices = _read_prices(session, f, gemeente.id, result_areas)
    description = f.text("description", required=False, max_length=4000)
    opens_at, closes_at = _read_window(f, now)
    # Left out: the gemeente's own defaults, which its beheerder sets.
    visibility = f.choice("visibility", list(VISIBILITIES), required=False, default=gemeente.default_visibility)
    min_step = f.integer("min_step_cents", required=False, minimum=1, maximum=10_000_000, default=100)
    soft_close = f.integer("soft_close_seconds", required=False, minimum=0, maximum=3600,
                           default=gemeente.default_soft_close_seconds)
    max_ext = f.integer("max_extension_seconds", required=False, minimum=0, maximum=86_400,
                        default=gemeente.default_max_extension_seconds)
    client = _read_client(f)
    award_criteria, criteria_errors = scoring.parse_award_criteria(f.data.get("award_criteria"))
    for name, message in criteria_errors.items():
        f.fail(name, message)
    f.done()

    request = Request(
        gemeente_id=actor.gemeente_id, reference="pending", category_id=cats[category_code].id,
        region=region, start_date=start_date, duration_weeks=duration, max_price_cents=prices.maximum,
        floor_price_cents=prices.floor, max_price_reason=prices.reason, description=description,
        opens_at=opens_at, closes_at=closes_at, original_closes_at=closes_at, visibility=visibility,
        min_step_cents=min_step, soft_close_seconds=soft_close, max_extension_seconds=max_ext,
        status="draft", created_by_id=actor.user_id, award_criteria=award_criteria,
    )
    request.result_areas = [RequestResultArea(code=c, complexity=x) for c, x in result_areas]
    session.add(request)
    session.flush()
    request.reference = f"{gemeente.code}-{request.created_at.year}-{request.id:05d}"
    client_data.store(session, request, client)
    audit(session, actor, "request_created", request, reference=request.reference,
          **({"award_criteria": award_criteria} if award_criteria else {}))
    if prices.reason is not None:
        audit(session, actor, "max_price_above_table", request, max_price_cents=prices.maximum,
              table_price_cents=prices.table_maximum, reason=prices.reason)
    session.commit()
    return request


def _read_category(f: Fields, cats: dict) -> str | None:
    code = f.data.get("category")
    if isinstance(code, str) and code in cats and not cats[code].active:
        f.fail("category", Text("Productcategorie %(code)s is niet meer in gebruik.", code=code))
        return None
    return f.choice("category", sorted(c for c, row in cats.items() if row.active))


def _read_result_areas(f: Fields, areas: dict, levels: dict) -> list[tuple[str, str]]:
    """(code, complexity) per result area; retired areas and levels are refused for a new
    request (existing requests keep theirs)."""
    raw_areas = f.data.get("result_areas")
    active_levels = [code for code, level in levels.items() if level.active]
    result_areas: list[tuple[str, str]] = []
    if not isinstance(raw_areas, list) or not raw_areas:
        f.fail("result_areas", Text("Kies minstens één resultaatgebied met een complexiteit."))
        return result_areas
    for item in raw_areas:
        code = item.get("code") if isinstance(item, dict) else None
        complexity = item.get("complexity") if isinstance(item, dict) else None
        if not isinstance(code, str) or code not in areas:
            f.fail("result_areas", Text("Onbekend resultaatgebied: %(code)s.", code=_shown(code)))
        elif not areas[code].active:
            f.fail("result_areas", Text("Resultaatgebied %(code)s is niet meer in gebruik.", code=code))
        elif isinstance(complexity, str) and complexity in levels and not levels[complexity].active:
            f.fail("result_areas", Text("Complexiteit %(code)s is niet meer in gebruik.", code=complexity))
        elif complexity not in active_levels:
            f.fail("result_areas", Text("Complexiteit moet een van %(levels)s zijn.", levels=", ".join(active_levels)))
        elif code in [c for c, _ in result_areas]:
            f.fail("result_areas", Text("Resultaatgebied %(code)s staat er twee keer in.", code=code))
        else:
            result_areas.append((code, complexity))
    return result_areas


@dataclass(frozen=True)
class Prices:
    maximum: int | None
    floor: int | None
    reason: str | None  # why the maximum lies above the table; None when it does not
    table_maximum: int | None


def _read_prices(session: Session, f: Fields, gemeente_id: int, result_areas: list[tuple[str, str]]) -> Prices:
    """The maximum and floor, from the gemeente's tariff table when left out (docs/api.md):
    the maximum is the sum of the result areas' tariffs, the floor floor_percent of that sum.
    The consultant may lower the maximum; above the table only with a written reason. Without
    a tariff for every result area, the consultant names the maximum."""
    maximum = f.integer("max_price_cents", required=False, minimum=1, maximum=100_000_000)
    floor = f.integer("floor_price_cents", required=False, minimum=1, maximum=100_000_000)
    reason = f.text("max_price_reason", required=False, max_length=2000, default=None)
    table_maximum = table_floor = None
    if "result_areas" not in f.errors:
        table_maximum, table_floor = tariffs.default_prices(session, gemeente_id, result_areas)
    if not f.errors.keys() & {"result_areas", "max_price_cents"}:
        if maximum is None and table_maximum:
            maximum = table_maximum
        elif maximum is None:
            f.fail("max_price_cents", Text("De tarieventabel van de gemeente heeft geen tarief voor elk gekozen "
                                           "resultaatgebied met deze complexiteit: vul zelf een maximumtarief in."))
        elif table_maximum is not None and maximum > table_maximum and not reason:
            f.fail("max_price_cents", Text("Ligt boven de tarieventabel van de gemeente (%(table)s voor deze "
                                           "resultaatgebieden): verlaag het maximumtarief of geef een reden op.",
                                           table=format_eur(table_maximum)))
    if floor is None and table_floor and "floor_price_cents" not in f.errors:
        if maximum is not None and table_floor > maximum:
            f.fail("floor_price_cents", Text("De reële prijs volgens de tarieventabel (%(floor)s) ligt boven het "
                                             "maximumtarief: vul zelf een lagere ondergrens in.",
                                             floor=format_eur(table_floor)))
        floor = table_floor
    elif maximum and floor and floor > maximum:
        f.fail("floor_price_cents", Text("De ondergrens mag niet hoger zijn dan het maximumtarief."))
    above_table = maximum is not None and table_maximum is not None and maximum > table_maximum
    return Prices(maximum, floor, reason if above_table else None, table_maximum)


def _shown(value) -> str:
    """A value the caller sent, quoted back in a message: short, whatever was sent."""
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _read_client(f: Fields) -> dict:
    raw = f.data.get("client")
    if raw is None:
        f.fail("client", Text("Vul de gegevens van de cliënt in (naam verplicht)."))
        return {}
    if not isinstance(raw, dict):
        f.fail("client", Text("Moet een object zijn met name, bsn, address en phone."))
        return {}
    sub = Fields(raw)
    client = {
        "name": sub.text("name", max_length=160),
        "bsn": (sub.text("bsn", required=False, max_length=11) or "").replace(".", "").replace(" ", ""),
        "address": sub.text("address", required=False, max_length=300),
        "phone": sub.text("phone", required=False, max_length=32),
        "date_of_birth": sub.date("date_of_birth", required=False),
        "notes": sub.text("notes", required=False, max_length=4000),
    }
    if client["bsn"] and not is_valid_bsn(client["bsn"]):
        sub.fail("bsn", Text("Dit is geen geldig BSN (9 cijfers, elfproef)."))
    born = client["date_of_birth"]
    if born is not None and not (date(1900, 1, 1) <= born <= datetime.now(AMSTERDAM).date()):
        sub.fail("date_of_birth", Text("Deze geboortedatum kan niet kloppen."))
    for name, message in sub.errors.items():
        f.fail(f"client.{name}", message)
    return client


def publish(session: Session, actor: Actor, request_id: int, scan: "screening.Scanner",
            not_personal: Iterable["screening.NotPersonal"] = ()) -> Request:
    """draft -> scheduled, or straight to open when opens_at has passed; refused while the
    free text holds personal data that the consultant has not judged not personal.

    The scan runs before the lock (deduce may take a moment, and on SQLite the lock is the
    whole database); under the lock the text must still be the text that was scanned."""
    request = session.get(Request, request_id)
    if request is None:
        raise not_found()
    require_consultant_of(actor, request)
    if request.status != "draft":
        raise invalid_state(Text("Alleen een concept kan worden gepubliceerd."))
    scanned = screening.free_text(request)
    session.commit()  # no transaction (nor pooled connection) held while the scanner works
    findings = screening.scan_or_refuse(scan, scanned)
    covered = screening.refuse_findings(findings, not_personal)
    with locked_request(session, request_id) as request:
        require_consultant_of(actor, request)
        if request.status != "draft":
            raise invalid_state(Text("Alleen een concept kan worden gepubliceerd."))
        if screening.free_text(request) != scanned:
            raise invalid_state(Text("De tekst is intussen gewijzigd. Publiceer opnieuw, dan wordt hij opnieuw gecontroleerd."))
        now = server_now(session)
        if request.closes_at <= now:
            raise validation_error({"closes_at": Text("De sluitingstijd moet in de toekomst liggen.")})
        screening.record_judgements(session, actor, request, covered)
        request.published_at = now
        request.original_closes_at = request.closes_at
        audit(session, actor, "request_published", request, at=now)
        _start_window(session, actor, request, now)
        org_ids = eligible_organisation_ids(session, request.gemeente_id, request.category_id, request.id)
        notify(session, organisation_users(session, org_ids), "new_request",
               Text("Nieuwe aanvraag %(reference)s: %(category)s", reference=request.reference,
                    category=request.category.name),
               Text("Er is een nieuwe ondersteuningsvraag waarop uw organisatie kan bieden (regio %(region)s).",
                    region=request.region), f"/aanbieder/aanvragen/{request.id}", gemeente_id=request.gemeente_id)
    return request


def update_draft(session: Session, actor: Actor, request_id: int, data) -> Request:
    """Change a draft's description, e.g. to take out personal data that held up publishing."""
    f = Fields(data)
    # Present, even if empty: a body without it must not wipe the text.
    if f.data.get("description") is None:
        f.fail("description", Text("Geef de nieuwe omschrijving (mag leeg zijn)."))
    description = f.text("description", required=False, max_length=4000)
    f.done()
    with locked_request(session, request_id) as request:
        require_consultant_of(actor, request)
        if request.status != "draft":
            raise invalid_state(Text("Alleen een concept kan worden gewijzigd."))
        if description != request.description:
            request.description = description
            audit(session, actor, "draft_updated", request, fields=["description"])
    return request


def _start_window(session: Session, actor: Actor, request: Request, now: datetime) -> None:
    if request.opens_at <= now:
        request.status = "open"
        audit(session, actor, "window_opened", request, at=now)
    else:
        request.status = "scheduled"
    request.seq += 1  # every status change is a change to the standings
    on_commit(session, WindowScheduled(request.id, request.status, request.opens_at, request.closes_at))
    on_commit(session, StandingsChanged(build_snapshot(request, load_offers(session, request.id)),
                                        "opened" if request.status == "open" else "scheduled"))


def cancel(session: Session, actor: Actor, request_id: int, reason) -> Request:
    f = Fields({"reason": reason})
    reason = f.text("reason", max_length=2000)
    f.done()
    with locked_request(session, request_id) as request:
        require_consultant_of(actor, request)
        if not states.may_cancel(request.status):
            raise invalid_state(Text("Deze aanvraag kan niet meer worden geannuleerd."))
        bids = load_bids(session, request.id)
        request.status = "cancelled"
        request.cancel_reason = reason
        request.cancelled_at = server_now(session)  # the client data's retention period runs from here
        request.seq += 1
        audit(session, actor, "request_cancelled", request, reason=reason)
        notify(session, organisation_users(session, {b.organisation_id for b in bids}), "cancelled",
               Text("Aanvraag %(reference)s is geannuleerd", reference=request.reference),
               Text("De gemeente heeft deze aanvraag ingetrokken."), f"/aanbieder/aanvragen/{request.id}",
               gemeente_id=request.gemeente_id)
        on_commit(session, WindowUnscheduled(request.id))
        on_commit(session, StandingsChanged(build_snapshot(request, [Offer.of(b) for b in bids]), "cancelled"))
    return request


def reopen(session: Session, actor: Actor, request_id: int, data) -> Request:
    """A request that closed without offers gets a new window."""
    f = Fields(data)
    opens_at, closes_at = _read_window(f, server_now(session))
    f.done()
    with locked_request(session, request_id) as request:
        require_consultant_of(actor, request)
        if not states.may_reopen(request.status):
            raise invalid_state(Text("Alleen een aanvraag zonder aanbiedingen kan opnieuw worden opengezet."))
        now = server_now(session)
        if closes_at <= now:
            raise validation_error({"closes_at": Text("De sluitingstijd moet in de toekomst liggen.")})
        request.opens_at, request.closes_at, request.original_closes_at = opens_at, closes_at, closes_at
        request.closed_at = None
        request.closing_soon_sent = False
        audit(session, actor, "request_reopened", request, at=now, opens_at=opens_at.isoformat(),
              closes_at=closes_at.isoformat())
        _start_window(session, actor, request, now)
    return request


def describe(request: Request, areas_by_code: dict[str, str] | None = None) -> dict:
    """The anonymised request as any permitted caller may read it: no client data, ever."""
    areas_by_code = areas_by_code or {}
    return {
        "id": request.id,
        "reference": request.reference,
        "status": request.status,
        "category": {"code": request.category.code, "name": request.category.name},
        "result_areas": [
            {"code": a.code, "name": areas_by_code.get(a.code, a.code), "complexity": a.complexity}
            for a in request.result_areas
        ],
        "region": request.region,
        "start_date": request.start_date.isoformat(),
        "duration_weeks": request.duration_weeks,
        "max_price_cents": request.max_price_cents,
        "floor_price_cents": request.floor_price_cents,
        "description": request.description,
        "opens_at": request.opens_at.isoformat(),
        "closes_at": request.closes_at.isoformat(),
        "visibility": request.visibility,
        "min_step_cents": request.min_step_cents,
        "soft_close_seconds": request.soft_close_seconds,
        "max_extension_seconds": request.max_extension_seconds,
        "award_criteria": request.award_criteria,
    }


def result_area_names(session: Session, gemeente_id: int) -> dict[str, str]:
    return {a.code: a.name for a in session.scalars(
        sa.select(ResultArea).where(ResultArea.gemeente_id == gemeente_id))}
