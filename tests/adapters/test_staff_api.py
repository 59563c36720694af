"""The staff API (CONTRACT.md, "Running the gemeente"): only the gemeente's beheerder lists,
invites, deactivates and reactivates; deactivation stops the person's API token, socket and page
session at once; bad input is the contract's error JSON and changes nothing."""
import pytest
import sqlalchemy as sa

from marketplace.extensions import db, socketio
from marketplace.models import AuditEvent, EmailOutbox, User
from tests.support import world
from tests.support.accounts import PASSWORD, add_admins, admin_email, link_path, mails, user_id
from tests.support.steps import logged_in

pytestmark = pytest.mark.every_backend

NS = "/auction"
NEW = "nieuw@lelystad.example"


@pytest.fixture
def admins(app, api):
    """Beheerders for Lelystad ("beheer") and Dronten ("beheer_dronten"), with API tokens."""
    add_admins(app, "beheer", "beheer_dronten")
    for who in ("beheer", "beheer_dronten"):
        resp = api.client.post("/api/v1/tokens", json={"email": admin_email(who), "password": PASSWORD})
        assert resp.status_code == 201 and resp.get_json()["role"] == "admin", resp.get_json()
        api.use_token(who, resp.get_json()["token"])
    return api


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                     for model in (User, EmailOutbox, AuditEvent))


def invite(api, as_="beheer", **body):
    return api.post("/api/v1/staff", {"email": NEW, "name": "Nieuwe Consulent", "role": "consultant", **body},
                    as_=as_)


def error(resp, status, code):
    assert resp.status_code == status, resp.get_json()
    body = resp.get_json()["error"]
    assert body["code"] == code and body["message"]
    return body


def test_the_beheerder_lists_the_gemeentes_staff_only(admins):
    resp = admins.get("/api/v1/staff", as_="beheer")
    assert resp.status_code == 200
    staff = {m["email"]: m for m in resp.get_json()["staff"]}
    assert set(staff) == {admin_email("beheer"), world.email("consulent")}
    assert staff[world.email("consulent")]["role"] == "consultant"
    assert staff[admin_email("beheer")]["status"] == "active"


def test_an_invitation_answers_201_and_e_mails_a_one_time_link(app, admins):
    resp = invite(admins)
    assert resp.status_code == 201
    body = resp.get_json()
    assert {k: body[k] for k in ("email", "name", "role", "status")} == {
        "email": NEW, "name": "Nieuwe Consulent", "role": "consultant", "status": "invited"}
    assert body["id"] == user_id(app, NEW)
    [mail] = mails(app, NEW, "invitation")
    assert link_path(mail.body, "/uitnodiging/")
    listed = admins.get("/api/v1/staff", as_="beheer").get_json()["staff"]
    assert {"email": NEW, "status": "invited"}.items() <= next(m for m in listed if m["email"] == NEW).items()


def test_a_beheerder_can_be_invited_too(admins):
    assert invite(admins, role="admin").get_json()["role"] == "admin"


ROUTES = [("get", "/api/v1/staff"), ("post", "/api/v1/staff"), ("delete", "/api/v1/staff/{id}"),
          ("post", "/api/v1/staff/{id}/reactivate"), ("post", "/api/v1/staff/{id}/invitation")]


def call(api, method, path, as_):
    return getattr(api.client, method)(path, json={"email": NEW, "name": "X", "role": "consultant"},
                                       headers=api.headers(as_))


@pytest.mark.parametrize("method, path", ROUTES)
@pytest.mark.parametrize("who", ["consulent", "aanbieder1", "client"])
def test_consultants_providers_and_clients_are_forbidden(app, admins, open_request, method, path, who):
    if who == "client":
        request_id = open_request()
        code = admins.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
        admins.use_token("client", admins.client.post("/api/v1/tokens", json={"client_code": code})
                         .get_json()["token"])
    before = counts(app)
    resp = call(admins, method, path.format(id=user_id(app, world.email("consulent"))), who)
    error(resp, 403, "forbidden")
    assert counts(app) == before


@pytest.mark.parametrize("method, path", ROUTES)
def test_without_a_token_it_is_unauthorized(app, admins, method, path):
    resp = call(admins, method, path.format(id=user_id(app, world.email("consulent"))), None)
    error(resp, 401, "unauthorized")


@pytest.mark.parametrize("method, path", ROUTES[2:])
def test_another_gemeentes_beheerder_finds_no_such_member(app, admins, method, path):
    before = counts(app)
    resp = call(admins, method, path.format(id=user_id(app, world.email("consulent"))), "beheer_dronten")
    error(resp, 404, "not_found")
    assert counts(app) == before


@pytest.mark.parametrize("method, path", ROUTES[2:])
def test_an_unknown_or_huge_id_is_not_found(admins, method, path):
    for staff_id in (999999, 2**31, 2**70):
        assert call(admins, method, path.format(id=staff_id), "beheer").status_code == 404


@pytest.mark.parametrize("body, field", [
    ({"email": world.email("consulent")}, "email"),
    ({"email": world.email("aanbieder2")}, "email"),
    ({"email": "BEHEER@lelystad.example"}, "email"),
    ({"email": "geen adres"}, "email"),
    ({"email": ["a@b.nl"]}, "email"),
    ({"role": "provider"}, "role"),
    ({"role": "beheerder"}, "role"),
    ({"role": None}, "role"),
    ({"name": ""}, "name"),
    ({"name": 12}, "name"),
    ({"name": "Nieuw\x00"}, "name"),
])
def test_bad_invitations_are_refused_and_change_nothing(app, admins, body, field):
    before = counts(app)
    found = error(invite(admins, **body), 422, "validation_error")
    assert field in found["fields"]
    assert counts(app) == before


def test_an_address_in_use_gets_a_dutch_message(admins):
    found = error(invite(admins, email=world.email("consulent")), 422, "validation_error")
    assert found["fields"] == {"email": "Er is al een account met dit e-mailadres."}


def test_a_body_that_is_not_json_is_refused(admins):
    resp = admins.client.post("/api/v1/staff", data="{", content_type="application/json",
                              headers=admins.headers("beheer"))
    error(resp, 422, "validation_error")


def test_deactivation_stops_the_api_token_the_socket_and_the_page_at_once(app, admins, open_request):
    request_id = open_request()
    token = admins.token("consulent")
    socket = socketio.test_client(app, namespace=NS, auth={"token": token})
    assert socket.emit("join", {"request_id": request_id}, namespace=NS, callback=True)["ok"] is True
    browser = logged_in(app, "consulent")
    assert browser.get("/consulent/aanvragen").status_code == 200
    assert admins.get("/api/v1/requests", as_="consulent").status_code == 200

    resp = admins.delete(f"/api/v1/staff/{user_id(app, world.email('consulent'))}", as_="beheer")
    assert resp.status_code == 200 and resp.get_json()["status"] == "inactive"

    error(admins.get("/api/v1/requests", as_="consulent"), 401, "unauthorized")
    ack = socket.emit("join", {"request_id": request_id}, namespace=NS, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "unauthorized"
    assert not socket.is_connected(NS)
    assert not socketio.test_client(app, namespace=NS, auth={"token": token}).is_connected(NS)
    page = browser.get("/consulent/aanvragen")
    assert page.status_code == 302 and "/inloggen" in page.headers["Location"]
    error(admins.client.post("/api/v1/tokens", json={"email": world.email("consulent"), "password": PASSWORD}),
          401, "invalid_credentials")
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "staff_deactivated"


def test_deactivating_twice_is_an_invalid_state(app, admins):
    staff_id = user_id(app, world.email("consulent"))
    assert admins.delete(f"/api/v1/staff/{staff_id}", as_="beheer").status_code == 200
    error(admins.delete(f"/api/v1/staff/{staff_id}", as_="beheer"), 409, "invalid_state")


def test_the_last_beheerder_cannot_deactivate_themselves(app, admins):
    before = counts(app)
    found = error(admins.delete(f"/api/v1/staff/{user_id(app, admin_email())}", as_="beheer"), 409,
                  "invalid_state")
    assert "laatste actieve functioneel beheerder" in found["message"]
    assert counts(app) == before
    assert admins.get("/api/v1/staff", as_="beheer").status_code == 200  # still in


def test_reactivation_lets_the_person_log_in_again_with_a_new_token(app, admins):
    old = admins.token("consulent")
    staff_id = user_id(app, world.email("consulent"))
    admins.delete(f"/api/v1/staff/{staff_id}", as_="beheer")
    resp = admins.post(f"/api/v1/staff/{staff_id}/reactivate", as_="beheer")
    assert resp.status_code == 200 and resp.get_json()["status"] == "active"
    assert admins.client.get("/api/v1/requests", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    admins.tokens.pop("consulent")
    assert admins.get("/api/v1/requests", as_="consulent").status_code == 200
    error(admins.post(f"/api/v1/staff/{staff_id}/reactivate", as_="beheer"), 409, "invalid_state")


def test_a_new_invitation_replaces_the_old_link(app, admins):
    staff_id = invite(admins).get_json()["id"]
    resp = admins.post(f"/api/v1/staff/{staff_id}/invitation", as_="beheer")
    assert resp.status_code == 200 and resp.get_json()["status"] == "invited"
    first, second = mails(app, NEW, "invitation")
    assert link_path(first.body, "/uitnodiging/") != link_path(second.body, "/uitnodiging/")
    assert app.test_client().get(link_path(first.body, "/uitnodiging/")).status_code == 400
    assert app.test_client().get(link_path(second.body, "/uitnodiging/")).status_code == 200
    error(admins.post(f"/api/v1/staff/{user_id(app, world.email('consulent'))}/invitation", as_="beheer"), 409,
          "invalid_state")


def test_the_openapi_document_describes_the_staff_api(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths["/staff"]) == {"get", "post"}
    assert "delete" in paths["/staff/{id}"] and "post" in paths["/staff/{id}/reactivate"]
    assert "202" in paths["/password-reset"]["post"]["responses"]
