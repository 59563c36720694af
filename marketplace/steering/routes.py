"""The Stuurinformatie page (filters, figures, plots with their tables, signals) and its CSV."""
from functools import wraps
from itertools import chain

from flask import Response, abort, render_template, request, stream_with_context
from flask_login import current_user, login_required

from ..auction.actors import actor_for_user
from ..auction.errors import DomainError
from ..auction.inputs import today_by_the_clock
from ..extensions import db
from ..figures import export
from ..figures.figures import figures_for, staff_gemeente
from ..figures.period import default_period, read_scope
from ..i18n import translate
from . import bp
from .charts import categories, charts, number, percent, plot_data, signal_groups


def staff_required(view):
    """login_required, then 404 for anyone who is not a consultant or beheerder of a gemeente."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not (current_user.is_consultant or current_user.is_admin) or current_user.gemeente_id is None:
            abort(404)
        return view(*args, **kwargs)
    return wrapper


@bp.context_processor
def _helpers() -> dict:
    return {"number": number, "percent": percent}


def _gemeente_id() -> int:
    return staff_gemeente(actor_for_user(current_user))


@bp.get("/")
@staff_required
def figures():
    gemeente_id = _gemeente_id()
    today = today_by_the_clock()
    try:
        scope = read_scope(db.session, gemeente_id, request.args, today)
    except DomainError as error:
        fields = {name: translate(message) for name, message in (error.extra.get("fields") or {}).items()}
        date_from, date_to = default_period(today)
        return render_template("steering/figures.html", figures=None, errors=fields, args=request.args,
                               categories=categories(gemeente_id), default_from=date_from,
                               default_to=date_to), 422
    data = figures_for(db.session, scope)
    chart_list = charts(data)
    return render_template("steering/figures.html", figures=data, errors={}, args=request.args, scope=scope,
                           categories=categories(gemeente_id), charts=chart_list, plot=plot_data(chart_list),
                           signals=signal_groups(data["signals"], current_user.is_consultant),
                           default_from=scope.date_from, default_to=scope.date_to)


@bp.get("/stuurinformatie.csv")
@staff_required
def figures_csv():
    try:
        scope = read_scope(db.session, _gemeente_id(), request.args, today_by_the_clock())
    except DomainError:
        abort(422)
    chunks = export.csv_chunks(db.session, scope)
    first = next(chunks)
    name = f"stuurinformatie-{scope.date_from}-{scope.date_to}.csv"
    return Response(stream_with_context(chain([first], chunks)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
