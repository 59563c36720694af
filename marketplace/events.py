"""Socket.IO handlers on /auction: authenticate, join a request's room, bid. Thin: the
domain decides, these translate."""
from flask import request as http_request
from flask_socketio import ConnectionRefusedError, join_room
from sqlalchemy.exc import SQLAlchemyError

from .accounts import actor_for_token
from .auction.access import get_visible_request
from .auction.bidding import current_snapshot, place_bid
from .auction.errors import DomainError, Text, validation_error
from .auction.inputs import parse_bid
from .auction.standings import view_for
from .auction.transactions import server_now
from .bid_turns import bid_turn
from .extensions import db, socketio
from .i18n import DEFAULT, language
from .live import NAMESPACE, in_order, room_for, watchers
from .web.wording import error_message, field_messages

_actors: dict[str, object] = {}


def _actor():
    actor = _actors.get(http_request.sid)
    if actor is None:
        raise DomainError("unauthorized", Text("Niet ingelogd."))
    return actor


def _request_id(data) -> int:
    value = data.get("request_id") if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int):
        raise validation_error({"request_id": Text("Moet het nummer van een aanvraag zijn.")})
    return value


def _failure(error: DomainError) -> dict:
    """The contract's error; in English when the page that opened the socket is English (its
    language cookie came with the handshake). API clients send no cookie: Dutch, as before."""
    db.session.rollback()
    body = error.to_dict()
    if language() != DEFAULT:
        body["message"] = error_message(error)
        if "fields" in body:
            body["fields"] = field_messages(error)
    return {"ok": False, "error": body}


def _guarded(handler):
    """Every refusal is an ack with the contract's error, never an exception on the socket."""
    def wrapper(data=None):
        try:
            return handler(data)
        except DomainError as error:
            return _failure(error)
        except SQLAlchemyError:
            return _failure(DomainError("service_unavailable",
                                        Text("De database is even niet bereikbaar; uw bod is niet verwerkt.")))
    wrapper.__name__ = handler.__name__
    wrapper.__doc__ = handler.__doc__
    return wrapper


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """Accept only a valid token; the socket acts as that user from here on."""
    token = auth.get("token") if isinstance(auth, dict) else None
    try:
        actor = actor_for_token(db.session, token)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        raise ConnectionRefusedError("service_unavailable")
    if actor is None:
        raise ConnectionRefusedError("unauthorized")
    _actors[http_request.sid] = actor


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_args):
    """Forget the socket."""
    _actors.pop(http_request.sid, None)
    watchers.forget(http_request.sid)


@socketio.on("join", namespace=NAMESPACE)
@_guarded
def on_join(data):
    """Watch a request; the ack carries the full current standings."""
    actor = _actor()
    request_id = _request_id(data)
    request = get_visible_request(db.session, actor, request_id)
    # Watch before reading, so no change can fall between the read and the first broadcast.
    watchers.watch(request_id, http_request.sid, actor)
    join_room(room_for(request_id))
    snapshot = current_snapshot(db.session, request)
    in_order.start_at(request_id, snapshot.seq)
    view = view_for(snapshot, actor, server_now(db.session))
    db.session.commit()
    return {"ok": True, "standings": view}


@socketio.on("bid", namespace=NAMESPACE)
@_guarded
def on_bid(data):
    """Place or revise an offer; acked with the same body as the REST call."""
    actor = _actor()
    with bid_turn():  # what arrived on this worker's sockets goes first
        result = place_bid(db.session, actor, _request_id(data), parse_bid(data))
    return {"ok": True, **result.body}
