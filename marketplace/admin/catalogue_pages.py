"""The beheerder's catalogue pages: categories switched on and off and renamed, result areas and
complexity levels added, renamed and retired (/beheer/catalogus); the tariff table with the floor
percentage (/beheer/tarieven); the minimum requirements (/beheer/eisen). Each change goes through
marketplace.gemeente.catalogue like the API's, and a refusal changes nothing."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auction.errors import DomainError
from ..auction.inputs import parse_euros
from ..auction.money import format_eur
from ..extensions import db
from ..gemeente import catalogue
from . import bp
from .editing import Outcome, change_catalogue, code_from, refused, whole_number
from .guard import admin_required, current_actor

# The lists of the catalogue page, by the name in their address.
LISTS = {"categorieen": "categories", "resultaatgebieden": "result_areas", "complexiteit": "complexity_levels"}
# Categories are the ones providers register for (marketplace.providers.onboarding): switched on
# and off and renamed here, not added.
ADDABLE = ("result_areas", "complexity_levels")


def _document() -> dict:
    return catalogue.catalogue_document(db.session, current_actor().gemeente_id)


def _saved(message: str, endpoint: str):
    flash(message, "success")
    return redirect(url_for(endpoint))


# --- catalogue ----------------------------------------------------------------------------

def _catalogue_page(status: int = 200, failed: tuple[str, str] | None = None, outcome: Outcome | None = None,
                    typed: dict | None = None):
    """`failed` is (list, code) of the form that was refused ("new" for the form that adds)."""
    return render_template("admin/catalogue.html", document=_document(), lists=LISTS, addable=ADDABLE,
                           failed=failed, outcome=outcome or Outcome(), typed=typed or {}), status


@bp.get("/catalogus")
@admin_required
def catalogue_page():
    return _catalogue_page()


@bp.post("/catalogus/<slug>/<code>")
@admin_required
def change_entry(slug: str, code: str):
    """Rename (action save), switch off (retire) or on again (activate) one entry."""
    key = LISTS.get(slug)
    action = request.form.get("action")
    entries = catalogue.catalogue_document(db.session, current_actor().gemeente_id).get(key) if key else None
    index = next((i for i, e in enumerate(entries or ()) if e["code"] == code), None)
    if index is None or action not in ("save", "retire", "activate"):
        abort(404)
    name = request.form.get("name", "")

    def change(document):
        entry = document[key][index]
        if action == "save":
            entry["name"] = name
        else:
            entry["active"] = action == "activate"

    outcome = change_catalogue(change, f"{key}[{index}]")
    if not outcome.ok:
        return _catalogue_page(422, (key, code), outcome, {"name": name})
    messages = {"save": _("De naam is opgeslagen."), "retire": _("Uitgezet: niet meer te kiezen voor nieuwe "
                                                                   "aanvragen. Bestaande aanvragen houden het."),
                "activate": _("Weer aangezet: te kiezen voor nieuwe aanvragen.")}
    return _saved(messages[action], "admin.catalogue_page")


@bp.post("/catalogus/<slug>/nieuw")
@admin_required
def add_entry(slug: str):
    key = LISTS.get(slug)
    if key not in ADDABLE:
        abort(404)
    name = request.form.get("name", "")
    code = request.form.get("code", "").strip() or code_from(name)
    index = len(_document()[key])

    def change(document):
        document[key].append({"code": code, "name": name, "active": True})

    outcome = change_catalogue(change, f"{key}[{index}]")
    if not outcome.ok:
        return _catalogue_page(422, (key, "new"), outcome, {"name": name, "code": request.form.get("code", "")})
    return _saved(_("Toegevoegd: %(name)s.", name=name.strip()), "admin.catalogue_page")


# --- tariffs ------------------------------------------------------------------------------

def _tariff_grid(document: dict):
    """Active result areas as rows, active complexity levels as columns, and the table's prices."""
    areas = [a for a in document["result_areas"] if a["active"]]
    levels = [c for c in document["complexity_levels"] if c["active"]]
    prices = {(t["result_area"], t["complexity"]): t["price_cents"] for t in document["tariffs"]}
    return areas, levels, prices


def _cell(area: str, level: str) -> str:
    return f"t-{area}-{level}"


@bp.route("/tarieven", methods=["GET", "POST"])
@admin_required
def tariffs_page():
    document = _document()
    areas, levels, prices = _tariff_grid(document)
    typed = {_cell(a["code"], c["code"]): format_eur(prices[(a["code"], c["code"])]).removeprefix("€ ")
             for a in areas for c in levels if (a["code"], c["code"]) in prices}
    typed["floor_percent"] = str(document["floor_percent"])
    if request.method == "GET":
        return render_template("admin/tariffs.html", areas=areas, levels=levels, typed=typed, cell=_cell,
                               outcome=Outcome()), 200
    typed = {name: request.form.get(name, "") for name in [_cell(a["code"], c["code"]) for a in areas
                                                           for c in levels] + ["floor_percent"]}
    outcome = _save_tariffs(document, areas, levels, typed)
    if outcome.ok:
        return _saved(_("De tarieventabel is opgeslagen."), "admin.tariffs_page")
    return render_template("admin/tariffs.html", areas=areas, levels=levels, typed=typed, cell=_cell,
                           outcome=outcome), 422


def _save_tariffs(document: dict, areas, levels, typed: dict) -> Outcome:
    """The grid as typed: an empty cell has no tariff; amounts in euros, Dutch or English."""
    shown = {(a["code"], c["code"]) for a in areas for c in levels}
    # Tariffs of retired areas or levels are not shown, and stay as they are.
    tariffs = [t for t in document["tariffs"] if (t["result_area"], t["complexity"]) not in shown]
    places, outcome = {}, Outcome(ok=False)
    for area in areas:
        for level in levels:
            name = _cell(area["code"], level["code"])
            text = typed[name].strip()
            if not text:
                continue
            cents = parse_euros(text)
            if cents is None:
                outcome.fields[name] = _("Vul een bedrag in euro in, bijvoorbeeld 1.500,00; niet negatief.")
                continue
            places[f"tariffs[{len(tariffs)}].price_cents"] = name
            tariffs.append({"result_area": area["code"], "complexity": level["code"], "price_cents": cents})
    document["tariffs"] = tariffs
    document["floor_percent"] = whole_number(typed["floor_percent"])
    if outcome.fields:
        return outcome
    actor = current_actor()
    try:
        catalogue.replace_catalogue(db.session, actor, actor.gemeente_id, document)
    except DomainError as error:
        db.session.rollback()
        return refused(error, places={**places, "floor_percent": "floor_percent"})
    return Outcome()


# --- minimum requirements -------------------------------------------------------------------

def _requirements_page(status: int = 200, failed: str | None = None, outcome: Outcome | None = None,
                       typed: dict | None = None):
    return render_template("admin/requirements.html", requirements=_document()["minimum_requirements"],
                           failed=failed, outcome=outcome or Outcome(), typed=typed or {}), status


def _typed_requirement() -> dict:
    return {"text": request.form.get("text", ""), "requires_document": request.form.get("requires_document") == "ja",
            "validity_months": request.form.get("validity_months", ""), "code": request.form.get("code", "")}


@bp.get("/eisen")
@admin_required
def requirements_page():
    return _requirements_page()


@bp.post("/eisen/<code>")
@admin_required
def change_requirement(code: str):
    action = request.form.get("action")
    requirements = _document()["minimum_requirements"]
    index = next((i for i, r in enumerate(requirements) if r["code"] == code), None)
    if index is None or action not in ("save", "retire", "activate"):
        abort(404)
    typed = _typed_requirement()

    def change(document):
        entry = document["minimum_requirements"][index]
        if action == "save":
            entry.update(text=typed["text"], requires_document=typed["requires_document"],
                         validity_months=whole_number(typed["validity_months"]))
        else:
            entry["active"] = action == "activate"

    outcome = change_catalogue(change, f"minimum_requirements[{index}]")
    if not outcome.ok:
        return _requirements_page(422, code, outcome, typed)
    messages = {"save": _("De minimumeis is opgeslagen."),
                "retire": _("De minimumeis geldt niet meer voor nieuwe aanmeldingen."),
                "activate": _("De minimumeis geldt weer.")}
    return _saved(messages[action], "admin.requirements_page")


@bp.post("/eisen/nieuw")
@admin_required
def add_requirement():
    typed = _typed_requirement()
    code = typed["code"].strip() or code_from(typed["text"])
    index = len(_document()["minimum_requirements"])

    def change(document):
        document["minimum_requirements"].append({
            "code": code, "text": typed["text"], "requires_document": typed["requires_document"],
            "validity_months": whole_number(typed["validity_months"]), "active": True})

    outcome = change_catalogue(change, f"minimum_requirements[{index}]")
    if not outcome.ok:
        return _requirements_page(422, "new", outcome, typed)
    return _saved(_("De minimumeis is toegevoegd."), "admin.requirements_page")

