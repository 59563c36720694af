"""Socket.IO handlers on /auction: authenticate, join a request's room, bid. Thin: the
domain decides, these translate."""
import logging

from flask import request as http_request
from flask_socketio import ConnectionRefusedError, disconnect, join_room
from sqlalchemy.exc import SQLAlchemyError

from ..auction.access import get_visible_request
from ..auction.bidding import current_snapshot
from ..auction.errors import DomainError, Text, database_unavailable, not_found, validation_error
from ..auction.inputs import MAX_ID, parse_bid
from ..auction.standings import view_for
from ..auction.transactions import server_now
from ..extensions import db, socketio
from ..i18n import DEFAULT, language
from ..providers.accounts import token_actor, token_holds
from ..ui.errors import error_message, field_messages
from .bid_turns import place_in_turn
from .live import NAMESPACE, in_order, room_for, watchers

log = logging.getLogger(__name__)
_actors: dict[str, object] = {}
# The id of the token each socket connected with: checked again before every event, so a
# logout, a revocation, an expiry or a deactivated user ends the socket at its next event.
_tokens: dict[str, int] = {}


class SessionEnded(DomainError):
    """The socket's token no longer holds: the ack says so and the socket is disconnected."""

    def __init__(self):
        super().__init__("unauthorized", Text("Uw sessie is beëindigd. Log opnieuw in."))


def _actor():
    sid = http_request.sid
    actor, token_id = _actors.get(sid), _tokens.get(sid)
    if actor is None or token_id is None or not token_holds(db.session, token_id):
        _actors.pop(sid, None)
        _tokens.pop(sid, None)
        raise SessionEnded()
    return actor


def _request_id(data) -> int:
    value = data.get("request_id") if isinstance(data, dict) else None
    # An id past the database's integer range names no request (and the database would refuse
    # the query). The packet decoder (orjson) reads an integer past 64 bits as a float: still
    # such a number, not a wrong type.
    if isinstance(value, float) and value.is_integer() and abs(value) > MAX_ID:
        raise not_found()
    if isinstance(value, bool) or not isinstance(value, int):
        raise validation_error({"request_id": Text("Moet het nummer van een aanvraag zijn.")})
    if not 0 < value <= MAX_ID:
        raise not_found()
    return value


def _failure(error: DomainError) -> dict:
    """The contract's error; in English when the page that opened the socket is English (its
    language cookie came with the handshake). API clients send no cookie: Dutch."""
    db.session.rollback()
    body = error.to_dict()
    if language() != DEFAULT:
        body["message"] = error_message(error)
        if "fields" in body:
            body["fields"] = field_messages(error)
    return {"ok": False, "error": body}


def _internal_failure() -> dict:
    try:
        return _failure(DomainError("internal_error", Text(
            "Er ging iets mis bij het verwerken. Ververs de pagina om te zien wat er is vastgelegd.")))
    except Exception:  # even the rollback failed: still an ack, in plain Dutch
        log.exception("socket error ack failed")
        return {"ok": False, "error": {"code": "internal_error", "message": "Er ging iets mis bij het verwerken."}}


def _guarded(handler):
    """Every refusal is an ack with the contract's error, never an exception on the socket: an
    exception there leaves the caller without an answer (a bid it cannot know the fate of)."""
    def wrapper(*args):
        try:
            return handler(*args)
        except SessionEnded as error:
            ack = _failure(error)
            disconnect()
            return ack
        except DomainError as error:
            return _failure(error)
        except SQLAlchemyError:
            return _failure(database_unavailable())
        except Exception:
            log.exception("socket event %s failed", handler.__name__)
            return _internal_failure()
    wrapper.__name__ = handler.__name__
    wrapper.__doc__ = handler.__doc__
    return wrapper


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """Accept only a valid token; the socket acts as that user from here on."""
    token = auth.get("token") if isinstance(auth, dict) else None
    try:
        found = token_actor(db.session, token)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        raise ConnectionRefusedError("service_unavailable")
    if found is None:
        raise ConnectionRefusedError("unauthorized")
    _actors[http_request.sid], _tokens[http_request.sid] = found


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_args):
    """Forget the socket."""
    _actors.pop(http_request.sid, None)
    _tokens.pop(http_request.sid, None)
    watchers.forget(http_request.sid)


@socketio.on("join", namespace=NAMESPACE)
@_guarded
def on_join(data=None):
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
def on_bid(data=None):
    """Place or revise an offer; acked with the same body as the REST call."""
    actor = _actor()
    result = place_in_turn(db.session, actor, _request_id(data), parse_bid(data))
    return {"ok": True, **result.body}


@socketio.on("*", namespace=NAMESPACE)
@_guarded
def on_unknown(_event=None, *_args):
    """An event this namespace does not have: still the token check, and an ack that says so."""
    _actor()
    raise not_found(Text("Dit bericht kent Zorgbod niet."))
