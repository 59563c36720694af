"""The gemeente's staff over JSON (beheerder only): list, invite, deactivate, reactivate, a new
invitation; and asking for a password reset link (anyone, answered the same whatever the address)."""
from flask import g, jsonify, url_for

from ..auction.errors import Text
from ..extensions import db
from ..gemeente import staff
from ..limits import password_reset_per_account, password_reset_per_address
from ..providers import own_account
from . import bp
from .auth import json_body, token_required

RESET_ANSWER = Text("Als dit e-mailadres bij Zorgbod hoort, is er een link naartoe gestuurd om een nieuw "
                    "wachtwoord te kiezen. De link is een uur geldig.")


def _member(user) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role, "status": user.status,
            "invited_at": user.invited_at.isoformat() if user.invited_at else None}


def _invitation_link(raw: str) -> str:
    return url_for("auth.accept_invitation", token=raw, _external=True)


@bp.get("/staff")
@token_required
def list_staff():
    members = staff.staff_list(db.session, g.actor, g.actor.gemeente_id)
    return jsonify({"staff": [_member(user) for user in members]})


@bp.post("/staff")
@token_required
def invite_staff():
    data = json_body()
    user = staff.invite(db.session, g.actor, g.actor.gemeente_id, data.get("email"), data.get("name"),
                        data.get("role"), _invitation_link)
    return jsonify(_member(user)), 201


@bp.delete("/staff/<int:user_id>")
@token_required
def deactivate_staff(user_id: int):
    return jsonify(_member(staff.deactivate(db.session, g.actor, user_id)))


@bp.post("/staff/<int:user_id>/reactivate")
@token_required
def reactivate_staff(user_id: int):
    return jsonify(_member(staff.reactivate(db.session, g.actor, user_id)))


@bp.post("/staff/<int:user_id>/invitation")
@token_required
def resend_invitation(user_id: int):
    return jsonify(_member(staff.resend_invitation(db.session, g.actor, user_id, _invitation_link)))


@bp.post("/password-reset")
@password_reset_per_address
@password_reset_per_account
def password_reset():
    """No token needed: 202 whether or not the address is on Zorgbod."""
    own_account.request_reset(db.session, json_body().get("email"),
                              lambda raw: url_for("auth.reset_password", token=raw, _external=True))
    return jsonify({"status": "accepted", "message": RESET_ANSWER}), 202
