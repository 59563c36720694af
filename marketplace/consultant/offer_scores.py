"""Choosing on more than price on the request's page: what the comparison shows beside each
offer (the provider's record, the score and what it is made of) and the assessment of an
offer's plan of approach with the client. The rules are in marketplace.quality."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _

from ..auction import states
from ..auction.errors import DomainError
from ..extensions import db
from ..quality import assessments
from ..quality.comparison import needs_motivation
from ..quality.scoring import CRITERIA, DAYS_TO_ZERO
from ..ui.errors import plain_message
from ..ui.wording import CRITERION_LABELS
from . import bp
from .forms import AssessmentForm
from .guard import consultant_required, current_actor, own_request


def assessment_form(bid_id: int, approach: int | None = None, formdata=None) -> AssessmentForm:
    """One form per offer on the page: its own prefix keeps every field id unique."""
    if formdata is None:
        return AssessmentForm(prefix=f"offer-{bid_id}", formdata=None,
                              approach=str(approach) if approach is not None else None)
    return AssessmentForm(prefix=f"offer-{bid_id}")


def comparison_context(req, offers: list[dict]) -> dict:
    """What the request's page needs to show records, scores, assessments and the motivation
    rule; `offers` as award.list_offers gives them."""
    by_score = bool(req.award_criteria)
    ranked = [o for o in offers if not o["suspended"]]
    return {
        "by_score": by_score,
        "criteria": CRITERIA,
        "criterion_labels": CRITERION_LABELS,
        "days_to_zero": DAYS_TO_ZERO,
        "best_score": max((o["score"] for o in ranked), default=None) if by_score else None,
        # The offers beside the comparison: best score first, or as compared (cheapest first).
        "quality_offers": sorted(ranked, key=lambda o: o["score_rank"]) if by_score else ranked,
        "motivation_needed": needs_motivation(req, offers, req.chosen_bid_id),
        "assessable": states.may_assess(req.status),
        "assessment_forms": {o["bid_id"]: assessment_form(o["bid_id"], o.get("approach_assessment"))
                             for o in offers if not o["suspended"]},
    }


def _back(request_id: int, bid_id: int | None = None):
    return redirect(url_for("consultant.request_detail", request_id=request_id,
                            _anchor=f"offer-quality-{bid_id}" if bid_id else None))


@bp.post("/aanvragen/<int:request_id>/aanbiedingen/<int:bid_id>/beoordeling")
@consultant_required
def assess_offer(request_id: int, bid_id: int):
    own_request(request_id)
    form = assessment_form(bid_id, formdata=True)
    if not form.validate_on_submit():
        return _back(request_id)
    approach = int(form.approach.data) if (form.approach.data or "").isdigit() else form.approach.data
    try:
        assessments.assess(db.session, current_actor(), request_id, bid_id, approach)
    except DomainError as error:
        db.session.rollback()
        flash(plain_message(error), "error")
        return _back(request_id, bid_id)
    flash(_("De beoordeling van het plan van aanpak is opgeslagen."), "success")
    return _back(request_id, bid_id)
