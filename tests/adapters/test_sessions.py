"""Sessions end when they should (issue 17, point 7): logging out revokes the page's socket
token for the API, for open sockets and for new ones; a socket checks its token on every
event; a deactivated user's page session and sockets end at their next request or event."""
import re
import uuid

import pytest
import sqlalchemy as sa

from marketplace.extensions import db, socketio
from marketplace.models import User
from tests.support import world
from tests.support.steps import logged_in, login

pytestmark = pytest.mark.every_backend

NS = "/auction"


def page_token(browser, request_id) -> str:
    html = browser.get(f"/aanbieder/aanvragen/{request_id}").get_data(as_text=True)
    return re.search(r'data-token="([^"]+)"', html).group(1)


def connect(app, token):
    return socketio.test_client(app, namespace=NS, auth={"token": token})


def socket_bid(socket, request_id, price):
    return socket.emit("bid", {"request_id": request_id, "price_cents": price, "start_date": "2027-02-01",
                               "approach": "Plan", "idempotency_key": str(uuid.uuid4())},
                       namespace=NS, callback=True)


def deactivate(app, who):
    with app.app_context():
        db.session.execute(sa.update(User).where(User.email == world.email(who)).values(active=False))
        db.session.commit()


def test_logging_out_revokes_the_pages_socket_token(app, open_request):
    request_id = open_request()
    browser = logged_in(app, "aanbieder1")
    token = page_token(browser, request_id)
    socket = connect(app, token)
    assert socket.emit("join", {"request_id": request_id}, namespace=NS, callback=True)["ok"] is True
    headers = {"Authorization": f"Bearer {token}"}
    assert browser.get("/api/v1/requests", headers=headers).status_code == 200

    assert browser.post("/uitloggen").status_code == 302

    assert app.test_client().get("/api/v1/requests", headers=headers).status_code == 401
    ack = socket_bid(socket, request_id, 120000)
    assert ack["ok"] is False and ack["error"]["code"] == "unauthorized"
    assert not socket.is_connected(NS)
    assert not connect(app, token).is_connected(NS)


def test_a_new_login_gets_a_new_socket_token(app, open_request):
    request_id = open_request()
    browser = logged_in(app, "aanbieder1")
    old = page_token(browser, request_id)
    browser.post("/uitloggen")
    login(browser, "aanbieder1")
    new = page_token(browser, request_id)
    assert new != old and connect(app, new).is_connected(NS)


def test_an_open_socket_of_a_deactivated_user_ends_at_its_next_event(app, api, open_request):
    request_id = open_request()
    socket = connect(app, api.token("aanbieder1"))
    assert socket.emit("join", {"request_id": request_id}, namespace=NS, callback=True)["ok"] is True
    deactivate(app, "aanbieder1")
    ack = socket.emit("join", {"request_id": request_id}, namespace=NS, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "unauthorized"
    assert not socket.is_connected(NS)


def test_an_open_socket_ends_when_its_token_expires(app, api, open_request, clock):
    request_id = open_request()
    socket = connect(app, api.token("aanbieder1"))
    assert socket_bid(socket, request_id, 120000)["ok"] is True
    clock.advance(13 * 3600)
    ack = socket_bid(socket, request_id, 110000)
    assert ack["error"]["code"] == "unauthorized" and not socket.is_connected(NS)


def test_an_open_socket_ends_when_its_token_is_revoked(app, api, open_request):
    open_request()
    token = api.token("aanbieder1")
    socket = connect(app, token)
    assert api.delete("/api/v1/tokens/current", as_="aanbieder1").status_code == 200
    ack = socket.emit("anything", {"x": 1}, namespace=NS, callback=True)
    assert ack["error"]["code"] == "unauthorized" and not socket.is_connected(NS)


def test_a_deactivated_users_page_session_ends_at_the_next_request(app):
    browser = logged_in(app, "consulent")
    assert browser.get("/consulent/aanvragen").status_code == 200
    deactivate(app, "consulent")
    resp = browser.get("/consulent/aanvragen")
    assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]
