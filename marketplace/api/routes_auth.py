"""POST /api/v1/tokens: a token for a consultant or provider (e-mail and password) or for a
client (one-time client code); DELETE revokes the caller's own token."""
from flask import current_app, jsonify, request

from ..auction.award import redeem_client_code
from ..auction.errors import DomainError
from ..extensions import db
from ..limits import login_per_account, login_per_address
from ..providers.accounts import authenticate, issue_token, revoke_token
from . import bp
from .auth import json_body


@bp.post("/tokens")
@login_per_address
@login_per_account
def create_token():
    data = json_body()
    if "client_code" in data:
        code = data["client_code"]
        if not isinstance(code, str):
            raise DomainError("validation_error", "client_code moet tekst zijn.",
                              fields={"client_code": "Moet tekst zijn."})
        request_id = redeem_client_code(db.session, code)
        raw, _ = issue_token(db.session, "client", current_app.config["CLIENT_CODE_HOURS"],
                             request_id=request_id)
        return jsonify({"token": raw, "role": "client", "request_id": request_id}), 201
    user = authenticate(db.session, data.get("email"), data.get("password"))
    role = user.role  # consultant | admin | provider
    raw, token = issue_token(db.session, role, current_app.config["API_TOKEN_HOURS"], user=user)
    return jsonify({"token": raw, "role": role, "expires_at": token.expires_at.isoformat()}), 201


@bp.delete("/tokens/current")
def delete_token():
    header = request.headers.get("Authorization", "")
    raw = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not revoke_token(db.session, raw):
        raise DomainError("unauthorized", "Dit token is onbekend of al ingetrokken.")
    return jsonify({"revoked": True})
