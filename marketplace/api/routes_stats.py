"""The steering figures over JSON and CSV for the gemeente's own analysts: GET /stats and
GET /stats.csv (?from=&to=&category=), for the consultants and beheerders of the gemeente."""
from itertools import chain

from flask import Response, g, jsonify, request, stream_with_context

from ..auction.inputs import today_by_the_clock
from ..extensions import db
from ..figures import export
from ..figures.figures import figures_for, staff_gemeente
from ..figures.period import read_scope
from . import bp
from .auth import token_required


def _scope():
    return read_scope(db.session, staff_gemeente(g.actor), request.args, today_by_the_clock())


@bp.get("/stats")
@token_required
def stats():
    return jsonify(figures_for(db.session, _scope()))


@bp.get("/stats.csv")
@token_required
def stats_csv():
    scope = _scope()
    chunks = export.csv_chunks(db.session, scope)
    # The first piece is read here, so that a failing query is still answered as an error.
    first = next(chunks)
    name = f"stuurinformatie-{scope.date_from}-{scope.date_to}.csv"
    return Response(stream_with_context(chain([first], chunks)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
