"""The provider's assignments: the list with its own figures per gemeente, one assignment's course
(the start to confirm, the reviews' outcomes, complaints about it), and confirming the start.
Never the client's survey answers or comment: marketplace.followup.views decides what it reads."""
import re

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auction.actors import actor_for_user
from ..auction.errors import DomainError
from ..extensions import db
from ..followup import assignments, states
from ..followup.views import SATISFACTION_SHOWN_FROM, assignment_view, provider_assignments, provider_figures
from ..ui.errors import error_message, field_messages, plain_message
from . import bp

DUTCH_DAY = re.compile(r"^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$")


def _day(value: str | None) -> str | None:
    """The date picker's 2027-02-01, or 01-02-2027 typed where there is no picker."""
    match = DUTCH_DAY.match(value or "")
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return (value or "").strip() or None


@bp.get("/toewijzingen")
def assignments_list():
    organisation_id = current_user.organisation_id
    return render_template("provider/assignments.html", rows=provider_assignments(db.session, organisation_id),
                           figures=provider_figures(db.session, organisation_id), states=states,
                           shown_from=SATISFACTION_SHOWN_FROM)


def _render(request_id: int, status: int = 200, error: DomainError | None = None):
    view = assignment_view(db.session, actor_for_user(current_user), request_id)
    messages = field_messages(error) if error is not None else {}
    return render_template("provider/assignment.html", a=view, states=states, errors=messages,
                           general_error=error_message(error) if error is not None and not messages else None,
                           values=request.form if error is not None else {}), status


@bp.get("/toewijzingen/<int:request_id>")
def assignment(request_id: int):
    return _render(request_id)


@bp.post("/toewijzingen/<int:request_id>/start")
def assignment_start(request_id: int):
    actor = actor_for_user(current_user)
    assignment_view(db.session, actor, request_id)  # 404 before anything for whoever did not win it
    try:
        assignments.start(db.session, actor, request_id, _day(request.form.get("started_on")))
    except DomainError as error:
        db.session.rollback()
        if error.code == "validation_error":
            return _render(request_id, 422, error)
        flash(plain_message(error), "error")
        return redirect(url_for("provider.assignment", request_id=request_id))
    flash(_("De start is vastgelegd. Dank u wel."), "success")
    return redirect(url_for("provider.assignment", request_id=request_id))
