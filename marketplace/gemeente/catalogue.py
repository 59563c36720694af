"""A gemeente's catalogue as one document, read whole and replaced whole: its categories,
result areas, complexity levels and minimum requirements, its tariff table and its floor
percentage (the shape of GET/PUT /api/v1/catalogue).

Replacing checks the whole document before anything is written, so bad input changes nothing.
An entry the document leaves out is retired (active false), never deleted: requests, approvals
and evidence point at it, and an existing request keeps showing what it was made with."""
import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.actors import Actor
from ..auction.errors import Text
from ..auction.inputs import Fields
from ..auction.records import audit
from ..models import Category, ComplexityLevel, Gemeente, MinimumRequirement, ResultArea, Tariff
from .access import require_admin_of

CODE = re.compile(r"^[a-z0-9_]+$")
MAX_ENTRIES = 200  # per list: far beyond any gemeente's catalogue, short of a denial of service
MAX_TARIFF_CENTS = 100_000_000  # the largest maximum price a request may have
MAX_VALIDITY_MONTHS = 120


@dataclass(frozen=True)
class Kind:
    """One list of the catalogue: its key in the document, its model, its text column and
    that column's length, the longest code its column holds, and what else an entry carries."""
    key: str
    model: type
    text: str
    text_max: int
    code_max: int
    extra: tuple[str, ...] = ()


CATEGORIES = Kind("categories", Category, "name", 120, 64)
RESULT_AREAS = Kind("result_areas", ResultArea, "name", 160, 64)
COMPLEXITY_LEVELS = Kind("complexity_levels", ComplexityLevel, "name", 64, 32)
REQUIREMENTS = Kind("minimum_requirements", MinimumRequirement, "text", 300, 64,
                    ("requires_document", "validity_months"))
KINDS = (CATEGORIES, RESULT_AREAS, COMPLEXITY_LEVELS, REQUIREMENTS)
# Without one of these active, no new request can be made.
KEEP_ONE_ACTIVE = {
    "categories": Text("Er moet minstens één productcategorie aan blijven staan."),
    "result_areas": Text("Er moet minstens één resultaatgebied in gebruik blijven."),
    "complexity_levels": Text("Er moet minstens één complexiteitsniveau in gebruik blijven."),
}


def _rows(session: Session, kind: Kind, gemeente_id: int) -> list:
    model = kind.model
    order = (model.position, model.id) if model is ComplexityLevel else (model.id,)
    return list(session.scalars(sa.select(model).where(model.gemeente_id == gemeente_id).order_by(*order)))


def _entry(kind: Kind, row) -> dict:
    entry = {"code": row.code, kind.text: row.text if kind is REQUIREMENTS else row.name}
    for name in kind.extra:
        entry[name] = getattr(row, name)
    entry["active"] = row.active
    return entry


def catalogue_document(session: Session, gemeente_id: int) -> dict:
    """The catalogue as GET /api/v1/catalogue answers it (retired entries included, marked
    active false); complexity levels in their order, the rest in the order they were added."""
    document = {kind.key: [_entry(kind, row) for row in _rows(session, kind, gemeente_id)] for kind in KINDS}
    rows = session.execute(
        sa.select(ResultArea.code, ComplexityLevel.code, Tariff.price_cents)
        .join(ResultArea, Tariff.result_area_id == ResultArea.id)
        .join(ComplexityLevel, Tariff.complexity_id == ComplexityLevel.id)
        .where(Tariff.gemeente_id == gemeente_id)
        .order_by(ResultArea.id, ComplexityLevel.position, ComplexityLevel.id))
    document["tariffs"] = [{"result_area": area, "complexity": level, "price_cents": price}
                           for area, level, price in rows]
    document["floor_percent"] = session.scalar(sa.select(Gemeente.floor_percent).where(Gemeente.id == gemeente_id))
    return document


def read_catalogue(session: Session, actor: Actor, gemeente_id: int) -> dict:
    require_admin_of(actor, gemeente_id)
    return catalogue_document(session, gemeente_id)


# --- reading a document -------------------------------------------------------------------

def _boolean(sub: Fields, name: str, default: bool) -> bool:
    value = sub.data.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        sub.fail(name, Text("Moet true of false zijn."))
        return default
    return value


def _read_list(f: Fields, key: str) -> list | None:
    raw = f.data.get(key)
    if not isinstance(raw, list):
        f.fail(key, Text("Geef een lijst (die leeg mag zijn)."))
        return None
    if len(raw) > MAX_ENTRIES:
        f.fail(key, Text("Hoogstens %(maximum)s regels.", maximum=MAX_ENTRIES))
        return None
    return raw


def _read_entries(f: Fields, kind: Kind) -> list[dict] | None:
    """The kind's entries, each {"code", text, ..., "active"}; None when any is wrong."""
    raw = _read_list(f, kind.key)
    if raw is None:
        return None
    entries, seen, failed = [], set(), False
    for index, item in enumerate(raw):
        where = f"{kind.key}[{index}]"
        if not isinstance(item, dict):
            f.fail(where, Text("Moet een object zijn."))
            failed = True
            continue
        sub = Fields(item)
        code = sub.text("code", max_length=kind.code_max)
        if code and "code" not in sub.errors:
            if not CODE.match(code):
                sub.fail("code", Text("Een code bestaat uit kleine letters, cijfers en _, zonder spaties."))
            elif code in seen:
                sub.fail("code", Text("Code %(code)s staat er twee keer in.", code=code))
            seen.add(code)
        entry = {"code": code, kind.text: sub.text(kind.text, max_length=kind.text_max),
                 "active": _boolean(sub, "active", True)}
        if kind is REQUIREMENTS:
            entry["requires_document"] = _boolean(sub, "requires_document", False)
            entry["validity_months"] = sub.integer("validity_months", required=False, minimum=1,
                                                   maximum=MAX_VALIDITY_MONTHS)
        for name, message in sub.errors.items():
            f.fail(f"{where}.{name}", message)
        failed = failed or bool(sub.errors)
        entries.append(entry)
    return None if failed else entries


def _read_tariffs(f: Fields, areas: list[dict] | None, levels: list[dict] | None) -> list[dict] | None:
    raw = _read_list(f, "tariffs")
    if raw is None:
        return None
    area_codes = {a["code"] for a in areas or ()}
    level_codes = {c["code"] for c in levels or ()}
    tariffs, seen, failed = [], set(), False
    for index, item in enumerate(raw):
        where = f"tariffs[{index}]"
        if not isinstance(item, dict):
            f.fail(where, Text("Moet een object zijn met result_area, complexity en price_cents."))
            failed = True
            continue
        area, level, price = item.get("result_area"), item.get("complexity"), item.get("price_cents")
        errors = {}
        # Only checked against lists that could be read: else every tariff would repeat their error.
        if areas is not None and (not isinstance(area, str) or area not in area_codes):
            errors["result_area"] = Text("Dit resultaatgebied staat niet in de catalogus.")
        if levels is not None and (not isinstance(level, str) or level not in level_codes):
            errors["complexity"] = Text("Dit complexiteitsniveau staat niet in de catalogus.")
        # A whole number of cents, and nothing that only looks like one: 12.5, 1200.0, "1200" or true.
        if type(price) is not int:
            errors["price_cents"] = Text("Moet een heel aantal centen zijn (een geheel getal).")
        elif price < 0:
            errors["price_cents"] = Text("Een tarief kan niet negatief zijn.")
        elif price > MAX_TARIFF_CENTS:
            errors["price_cents"] = Text("Mag hoogstens %(maximum)s zijn.", maximum=MAX_TARIFF_CENTS)
        if not errors and (area, level) in seen:
            errors["result_area"] = Text("Voor %(area)s met complexiteit %(level)s staat er al een tarief.",
                                         area=area, level=level)
        seen.add((area, level))
        for name, message in errors.items():
            f.fail(f"{where}.{name}", message)
        failed = failed or bool(errors)
        tariffs.append({"result_area": area, "complexity": level, "price_cents": price})
    return None if failed else tariffs


def _read_floor_percent(f: Fields) -> int | None:
    value = f.data.get("floor_percent")
    if type(value) is not int or not 0 <= value <= 100:
        f.fail("floor_percent", Text("Moet een geheel getal van 0 tot en met 100 zijn."))
        return None
    return value


def read_document(document) -> dict:
    """The whole document checked; every problem at once as a validation_error whose fields
    name the place ("tariffs[3].price_cents"), before anything is written."""
    f = Fields(document)
    checked = {kind.key: _read_entries(f, kind) for kind in KINDS}
    checked["tariffs"] = _read_tariffs(f, checked["result_areas"], checked["complexity_levels"])
    checked["floor_percent"] = _read_floor_percent(f)
    for key, message in KEEP_ONE_ACTIVE.items():
        if checked[key] is not None and not any(entry["active"] for entry in checked[key]):
            f.fail(key, message)
    f.done()
    return checked


# --- writing it ---------------------------------------------------------------------------

def replace_catalogue(session: Session, actor: Actor, gemeente_id: int, document) -> dict:
    """PUT /api/v1/catalogue: the gemeente's catalogue becomes `document` (the shape
    catalogue_document returns); every change is audited. Returns the document as stored."""
    require_admin_of(actor, gemeente_id)
    checked = read_document(document)
    # One replacement at a time per gemeente (PostgreSQL; SQLite writes one at a time anyway).
    gemeente = session.scalar(sa.select(Gemeente).where(Gemeente.id == gemeente_id).with_for_update())
    changes: list[tuple[str, dict]] = []
    for kind in KINDS:
        changes += _replace_entries(session, kind, gemeente_id, checked[kind.key])
    session.flush()
    changes += _replace_tariffs(session, gemeente_id, checked["tariffs"])
    if gemeente.floor_percent != checked["floor_percent"]:
        changes.append(("floor_percent_changed", {"previous": gemeente.floor_percent,
                                                  "floor_percent": checked["floor_percent"]}))
        gemeente.floor_percent = checked["floor_percent"]
    for action, details in changes:
        audit(session, actor, action, gemeente_id=gemeente_id, **details)
    session.commit()
    return catalogue_document(session, gemeente_id)


def _replace_entries(session: Session, kind: Kind, gemeente_id: int, entries: list[dict]) -> list[tuple[str, dict]]:
    changes = []
    existing = {row.code: row for row in _rows(session, kind, gemeente_id)}
    attributes = ("text" if kind is REQUIREMENTS else "name", *kind.extra, "active")
    for position, entry in enumerate(entries):
        values = {attr: entry[kind.text if attr in ("name", "text") else attr] for attr in attributes}
        if kind is COMPLEXITY_LEVELS:
            values["position"] = position
        row = existing.pop(entry["code"], None)
        if row is None:
            session.add(kind.model(gemeente_id=gemeente_id, code=entry["code"], **values))
            changes.append(("catalogue_entry_added", {"list": kind.key, "code": entry["code"],
                                                      **{k: v for k, v in values.items() if k != "position"}}))
            continue
        changed = {}
        for attr, value in values.items():
            if getattr(row, attr) != value:
                changed[attr] = [getattr(row, attr), value]
                setattr(row, attr, value)
        if changed:
            changes.append(("catalogue_entry_changed", {"list": kind.key, "code": row.code, "changes": changed}))
    for row in existing.values():  # left out: retired, never deleted
        if row.active:
            row.active = False
            changes.append(("catalogue_entry_changed", {"list": kind.key, "code": row.code,
                                                        "changes": {"active": [True, False]}}))
    return changes


def _replace_tariffs(session: Session, gemeente_id: int, tariffs: list[dict]) -> list[tuple[str, dict]]:
    areas = {a.code: a.id for a in _rows(session, RESULT_AREAS, gemeente_id)}
    levels = {c.code: c.id for c in _rows(session, COMPLEXITY_LEVELS, gemeente_id)}
    area_codes = {v: k for k, v in areas.items()}
    level_codes = {v: k for k, v in levels.items()}
    existing = {(t.result_area_id, t.complexity_id): t for t in session.scalars(
        sa.select(Tariff).where(Tariff.gemeente_id == gemeente_id))}
    changes = []
    for tariff in tariffs:
        key = (areas[tariff["result_area"]], levels[tariff["complexity"]])
        row = existing.pop(key, None)
        price = tariff["price_cents"]
        if row is None:
            session.add(Tariff(gemeente_id=gemeente_id, result_area_id=key[0], complexity_id=key[1], price_cents=price))
        elif row.price_cents == price:
            continue
        changes.append(("tariff_changed", {"result_area": tariff["result_area"], "complexity": tariff["complexity"],
                                           "previous_cents": row.price_cents if row else None, "price_cents": price}))
        if row is not None:
            row.price_cents = price
    for (area_id, level_id), row in existing.items():  # a tariff is no catalogue entry: nothing points at it
        changes.append(("tariff_changed", {"result_area": area_codes[area_id], "complexity": level_codes[level_id],
                                           "previous_cents": row.price_cents, "price_cents": None}))
        session.delete(row)
    return changes
