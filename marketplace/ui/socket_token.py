"""The bearer token a logged-in page hands to its Socket.IO connection.

The socket authenticates with a token like every API client (docs/api.md); a page gets one
for its user, kept in the signed session so page views do not pile up tokens."""

from flask import current_app, session

from ..extensions import db
from ..providers.accounts import actor_for_token, issue_token

KEY = "socket_token"


def socket_token_for(user) -> str:
    raw = session.get(KEY)
    actor = actor_for_token(db.session, raw) if raw else None
    if actor is not None and actor.user_id == user.id:
        return raw
    role = "consultant" if user.is_consultant else "provider"
    raw, _ = issue_token(db.session, role, current_app.config["API_TOKEN_HOURS"], user=user)
    session[KEY] = raw
    return raw
