"""Access to the beheerder's pages: logged in and the beheerder of a gemeente; anyone else
gets 404, so the pages do not reveal what exists."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..auction.actors import Actor, actor_for_user


def admin_required(view):
    """login_required, then 404 for anyone who is not a beheerder."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(404)
        return view(*args, **kwargs)
    return wrapper


def current_actor() -> Actor:
    return actor_for_user(current_user)
