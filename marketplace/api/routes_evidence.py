"""GET /api/v1/evidence: a provider's own evidence for the gemeenten' minimum requirements,
newest first, each with its state today and whether it is the one that counts (the newest for
its requirement). Uploading is done on the admission page."""
from flask import g, jsonify

from ..auction.errors import DomainError, Text
from ..auction.inputs import today_by_the_clock
from ..extensions import db
from ..providers import evidence
from . import bp
from .auth import token_required


@bp.get("/evidence")
@token_required
def list_evidence():
    if not g.actor.is_provider:
        raise DomainError("forbidden", Text("Alleen een aanbieder heeft bewijs bij de minimumeisen."))
    today = today_by_the_clock()
    seen: set[int] = set()
    items = []
    for found in evidence.organisation_evidence(db.session, g.actor.organisation_id):
        current = found.requirement_id not in seen
        seen.add(found.requirement_id)
        items.append({
            "id": found.id,
            "requirement": {"id": found.requirement.id, "code": found.requirement.code,
                            "gemeente_id": found.requirement.gemeente_id},
            "filename": found.filename,
            "content_type": found.content_type,
            "size": found.size,
            "expires_on": found.expires_on.isoformat(),
            "uploaded_at": found.uploaded_at.isoformat(),
            "state": evidence.state_of(found, today),
            "current": current,
        })
    return jsonify({"evidence": items})
