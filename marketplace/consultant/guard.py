"""Access to the consultant pages: logged in, a consultant, and only the own gemeente's
requests. Anyone else gets 404, so the pages do not reveal what exists."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..auction.access import get_visible_request, require_consultant_of
from ..auction.actors import Actor, actor_for_user
from ..extensions import db
from ..models import Request


def consultant_required(view):
    """login_required, then 404 for anyone who is not a gemeente consultant."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_consultant:
            abort(404)
        return view(*args, **kwargs)
    return wrapper


def current_actor() -> Actor:
    return actor_for_user(current_user)


def own_request(request_id: int) -> Request:
    """The request if it belongs to the consultant's gemeente; the domain raises not_found
    (rendered as a 404 page) otherwise."""
    actor = current_actor()
    request = get_visible_request(db.session, actor, request_id)
    require_consultant_of(actor, request)
    return request
