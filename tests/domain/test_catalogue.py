"""The beheerder's catalogue, replaced whole: names edited, result areas and complexity levels
added, what is left out retired (never deleted, and an existing request keeps showing it), the
tariff table and floor percentage set; every change audited; any bad input refused with the field
named and nothing changed. And the gemeente's settings, and a new gemeente from scratch."""
import copy

import pytest
import sqlalchemy as sa

from marketplace.auction import support_requests
from marketplace.auction.actors import SYSTEM, actor_for_user
from marketplace.auction.errors import DomainError
from marketplace.extensions import db
from marketplace.gemeente import catalogue, settings, setup
from marketplace.models import AuditEvent, Category, Gemeente, ResultArea, Tariff, User
from tests.support import world
from tests.support.world import request_payload


def make_admin(gemeente_code: str, email: str):
    gemeente = db.session.scalar(sa.select(Gemeente).where(Gemeente.code == gemeente_code))
    user = User(email=email, name=f"Beheer {gemeente.name}", password_hash="x", role="admin", gemeente_id=gemeente.id)
    db.session.add(user)
    db.session.commit()
    return actor_for_user(user)


@pytest.fixture
def admin(ctx):
    return make_admin("LEL", "beheer@lelystad.example")


@pytest.fixture
def document(admin):
    return catalogue.read_catalogue(db.session, admin, admin.gemeente_id)


def audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


def replace(admin, document):
    return catalogue.replace_catalogue(db.session, admin, admin.gemeente_id, document)


def test_the_document_holds_the_seeded_catalogue(document):
    assert [c["code"] for c in document["complexity_levels"]] == ["licht", "midden", "zwaar"]
    assert {"code": "begeleiding_individueel", "name": "Individuele begeleiding", "active": True} in document["categories"]
    assert document["minimum_requirements"][0] == {
        "code": "klachtenregeling", "text": document["minimum_requirements"][0]["text"], "requires_document": False,
        "validity_months": None, "active": True}
    assert (document["tariffs"], document["floor_percent"]) == ([], 40)


def test_the_document_as_read_replaces_nothing(admin, document):
    before = audit_count()
    assert replace(admin, copy.deepcopy(document)) == document
    assert audit_count() == before


def test_names_areas_levels_tariffs_and_floor_are_changed_and_audited(admin, document):
    doc = copy.deepcopy(document)
    doc["categories"][0]["name"] = "Hulp bij het huishouden"
    doc["categories"][2]["active"] = False
    doc["result_areas"].append({"code": "mantelzorg_ontlasten", "name": "Ontlasten van de mantelzorger"})
    doc["complexity_levels"].insert(0, {"code": "zeer_licht", "name": "Zeer licht", "active": True})
    doc["minimum_requirements"].append({"code": "verzekering", "text": "Wij zijn verzekerd voor beroepsaansprakelijkheid.",
                                        "requires_document": True, "validity_months": 12})
    doc["tariffs"] = [{"result_area": "mantelzorg_ontlasten", "complexity": "zeer_licht", "price_cents": 30_000},
                      {"result_area": "administratie_financien", "complexity": "midden", "price_cents": 0}]
    doc["floor_percent"] = 35
    stored = replace(admin, doc)
    assert stored["categories"][0]["name"] == "Hulp bij het huishouden"
    assert stored["categories"][2]["active"] is False
    assert stored["result_areas"][-1] == {"code": "mantelzorg_ontlasten", "name": "Ontlasten van de mantelzorger",
                                          "active": True}
    assert [c["code"] for c in stored["complexity_levels"]] == ["zeer_licht", "licht", "midden", "zwaar"]
    assert stored["minimum_requirements"][-1]["requires_document"] is True
    assert stored["minimum_requirements"][-1]["validity_months"] == 12
    assert stored["tariffs"] == doc["tariffs"][::-1]  # in the order of the result areas
    assert stored["floor_percent"] == 35
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.gemeente_id == admin.gemeente_id)).all()
    assert actions.count("catalogue_entry_added") == 3
    assert actions.count("catalogue_entry_changed") >= 2 + 3  # two category edits, three levels moved down
    assert actions.count("tariff_changed") == 2 and actions.count("floor_percent_changed") == 1
    renamed = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "catalogue_entry_changed"))
    assert renamed.details == {"list": "categories", "code": doc["categories"][0]["code"],
                               "changes": {"name": [document["categories"][0]["name"], "Hulp bij het huishouden"]}}

    doc["tariffs"] = doc["tariffs"][:1]
    assert len(replace(admin, doc)["tariffs"]) == 1  # a tariff left out is gone: nothing points at one
    removed = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "tariff_changed")
                                .order_by(AuditEvent.id.desc()))
    assert removed.details["price_cents"] is None and removed.details["previous_cents"] == 0


def test_what_is_left_out_is_retired_never_deleted_and_a_request_keeps_showing_it(admin, document, clock):
    consultant = world.actor(db.session, "consulent")
    request = support_requests.create_request(db.session, consultant, request_payload(clock.now))
    doc = copy.deepcopy(document)
    doc["result_areas"] = [a for a in doc["result_areas"] if a["code"] != "administratie_financien"]
    doc["complexity_levels"] = [c for c in doc["complexity_levels"] if c["code"] != "midden"]
    stored = replace(admin, doc)
    retired = next(a for a in stored["result_areas"] if a["code"] == "administratie_financien")
    assert retired["active"] is False and len(stored["result_areas"]) == len(document["result_areas"])
    described = support_requests.describe(db.session.get(type(request), request.id),
                                           support_requests.result_area_names(db.session, admin.gemeente_id))
    assert described["result_areas"] == [{"code": "administratie_financien", "name": "Administratie en financiën",
                                          "complexity": "midden"}]
    with pytest.raises(DomainError) as caught:
        support_requests.create_request(db.session, consultant, request_payload(clock.now))
    assert "niet meer in gebruik" in caught.value.extra["fields"]["result_areas"]
    db.session.rollback()
    retired["active"] = True  # listed again: back in use
    assert next(a for a in replace(admin, stored)["result_areas"] if a["code"] == "administratie_financien")["active"]


def test_a_retired_category_is_refused_for_a_new_request(admin, document, clock):
    doc = copy.deepcopy(document)
    next(c for c in doc["categories"] if c["code"] == "begeleiding_individueel")["active"] = False
    replace(admin, doc)
    with pytest.raises(DomainError) as caught:
        support_requests.create_request(db.session, world.actor(db.session, "consulent"), request_payload(clock.now))
    assert "niet meer in gebruik" in caught.value.extra["fields"]["category"]


def tariff(price):
    return [{"result_area": "administratie_financien", "complexity": "midden", "price_cents": price}]


def duplicate_area(doc):
    doc["result_areas"].append({"code": "dagstructuur", "name": "Nog eens dagstructuur"})


def all_categories_off(doc):
    for c in doc["categories"]:
        c["active"] = False


BAD = [
    ("negative tariff", lambda d: d.update(tariffs=tariff(-1)), "tariffs[0].price_cents"),
    ("fractional cents", lambda d: d.update(tariffs=tariff(1234.5)), "tariffs[0].price_cents"),
    ("cents as a float", lambda d: d.update(tariffs=tariff(1200.0)), "tariffs[0].price_cents"),
    ("cents as text", lambda d: d.update(tariffs=tariff("1200")), "tariffs[0].price_cents"),
    ("cents as a boolean", lambda d: d.update(tariffs=tariff(True)), "tariffs[0].price_cents"),
    ("tariff past the cap", lambda d: d.update(tariffs=tariff(100_000_001)), "tariffs[0].price_cents"),
    ("tariff for an unknown area", lambda d: d.update(tariffs=[{"result_area": "onbekend", "complexity": "licht",
                                                               "price_cents": 1}]), "tariffs[0].result_area"),
    ("the same tariff twice", lambda d: d.update(tariffs=tariff(1) + tariff(2)), "tariffs[1].result_area"),
    ("floor below 0", lambda d: d.update(floor_percent=-1), "floor_percent"),
    ("floor above 100", lambda d: d.update(floor_percent=101), "floor_percent"),
    ("floor not whole", lambda d: d.update(floor_percent=40.5), "floor_percent"),
    ("floor missing", lambda d: d.pop("floor_percent"), "floor_percent"),
    ("duplicate result area code", duplicate_area, "result_areas[9].code"),
    ("last active category retired", all_categories_off, "categories"),
    ("every category left out", lambda d: d.update(categories=[]), "categories"),
    ("code with capitals", lambda d: d["result_areas"].append({"code": "Nieuw", "name": "x"}), "result_areas[9].code"),
    ("code too long", lambda d: d["complexity_levels"].append({"code": "z" * 33, "name": "x"}),
     "complexity_levels[3].code"),
    ("name missing", lambda d: d["categories"][0].update(name="  "), "categories[0].name"),
    ("name too long", lambda d: d["result_areas"][0].update(name="x" * 161), "result_areas[0].name"),
    ("active not a boolean", lambda d: d["categories"][0].update(active="ja"), "categories[0].active"),
    ("validity not whole", lambda d: d["minimum_requirements"][0].update(validity_months=0), "minimum_requirements[0].validity_months"),
    ("a list that is no list", lambda d: d.update(result_areas={"code": "x"}), "result_areas"),
    ("an entry that is no object", lambda d: d["categories"].append("thuiszorg"), "categories[5]"),
]


@pytest.mark.parametrize("change,field", [(c, f) for _, c, f in BAD], ids=[name for name, _, _ in BAD])
def test_bad_input_is_refused_with_its_field_and_changes_nothing(admin, document, change, field):
    doc = copy.deepcopy(document)
    doc["result_areas"][0]["name"] = "Iets anders"  # a good change alongside, which must not be made either
    change(doc)
    before = audit_count()
    with pytest.raises(DomainError) as caught:
        replace(admin, doc)
    db.session.rollback()
    assert caught.value.code == "validation_error"
    assert field in caught.value.extra["fields"], caught.value.extra["fields"]
    assert catalogue.catalogue_document(db.session, admin.gemeente_id) == document
    assert audit_count() == before


def test_not_a_document_at_all(admin, document):
    with pytest.raises(DomainError) as caught:
        replace(admin, ["categories"])
    assert caught.value.code == "validation_error" and "body" in caught.value.extra["fields"]


def test_only_the_gemeentes_own_beheerder(admin, document):
    consultant = world.actor(db.session, "consulent")
    with pytest.raises(DomainError) as caught:
        catalogue.read_catalogue(db.session, consultant, consultant.gemeente_id)
    assert caught.value.code == "forbidden"
    provider = world.actor(db.session, "aanbieder1")
    with pytest.raises(DomainError) as caught:
        catalogue.replace_catalogue(db.session, provider, admin.gemeente_id, document)
    assert caught.value.code == "forbidden"
    dronten_admin = make_admin("DRO", "beheer@dronten.example")
    for call in (lambda: catalogue.read_catalogue(db.session, dronten_admin, admin.gemeente_id),
                 lambda: catalogue.replace_catalogue(db.session, dronten_admin, admin.gemeente_id, document),
                 lambda: settings.read_settings(db.session, dronten_admin, admin.gemeente_id)):
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.code == "not_found"


def test_settings_are_read_changed_and_audited(admin):
    assert settings.read_settings(db.session, admin, admin.gemeente_id) == {
        "name": "Lelystad", "code": "LEL", "client_data_retention_months": 24, "default_visibility": "open",
        "default_soft_close_seconds": 120, "default_max_extension_seconds": 1800, "client_code_hours": 72}
    changed = settings.update_settings(db.session, admin, admin.gemeente_id,
                                       {"default_visibility": "rank_only", "client_code_hours": 48,
                                        "default_soft_close_seconds": 120})
    assert (changed["default_visibility"], changed["client_code_hours"]) == ("rank_only", 48)
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "setting_changed")).all()
    assert sorted((e.details["setting"], e.details["previous"], e.details["value"]) for e in events) == [
        ("client_code_hours", 72, 48), ("default_visibility", "open", "rank_only")]


@pytest.mark.parametrize("body,field", [
    ({"client_data_retention_months": 0}, "client_data_retention_months"),
    ({"client_data_retention_months": 241}, "client_data_retention_months"),
    ({"default_visibility": "secret"}, "default_visibility"),
    ({"default_soft_close_seconds": 3601}, "default_soft_close_seconds"),
    ({"default_max_extension_seconds": -1}, "default_max_extension_seconds"),
    ({"client_code_hours": 0}, "client_code_hours"),
    ({"client_code_hours": 721}, "client_code_hours"),
    ({"client_code_hours": 1.5}, "client_code_hours"),
    ({"client_code_hours": "48"}, "client_code_hours"),
])
def test_bad_settings_change_nothing(admin, body, field):
    before = settings.read_settings(db.session, admin, admin.gemeente_id)
    with pytest.raises(DomainError) as caught:
        settings.update_settings(db.session, admin, admin.gemeente_id, {**body, "client_code_hours": 12}
                                 if field != "client_code_hours" else body)
    db.session.rollback()
    assert caught.value.code == "validation_error" and field in caught.value.extra["fields"]
    assert settings.read_settings(db.session, admin, admin.gemeente_id) == before


def test_a_new_gemeente_starts_with_the_default_catalogue_and_a_tariff_table(ctx):
    gemeente = setup.create_gemeente(db.session, SYSTEM, "Noordoostpolder")
    db.session.commit()
    assert gemeente.code == "NOO"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Category)
                             .where(Category.gemeente_id == gemeente.id)) == 5
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tariff)
                             .where(Tariff.gemeente_id == gemeente.id)) == 27
    assert db.session.scalar(sa.select(ResultArea.name).where(ResultArea.gemeente_id == gemeente.id,
                                                              ResultArea.code == "dagstructuur"))
    for name, code, field in (("Lelystad", None, "name"), ("Almere", "LEL", "code"), ("Urk", "u1", "code"),
                              ("  ", None, "name")):
        with pytest.raises(DomainError) as caught:
            setup.create_gemeente(db.session, SYSTEM, name, code)
        assert field in caught.value.extra["fields"], (name, code)
