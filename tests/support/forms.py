"""The consultant's new-request form as a person fills it in: times in Amsterdam's local time,
a result area by its field name (area_<id>, per gemeente)."""
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import Gemeente, Request, ResultArea

AMS = ZoneInfo("Europe/Amsterdam")


def local_input(moment) -> str:
    """A moment as a datetime-local field holds it, in Amsterdam."""
    return moment.astimezone(AMS).strftime("%Y-%m-%dT%H:%M")


def area_field(app, code="administratie_financien", gemeente="Lelystad") -> str:
    with app.app_context():
        gid = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.name == gemeente))
        area_id = db.session.scalar(sa.select(ResultArea.id).where(
            ResultArea.gemeente_id == gid, ResultArea.code == code))
        return f"area_{area_id}"


def request_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Request))
