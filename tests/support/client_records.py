"""The client's record as the client-data tests write it, what of it must never show where it
may not, and who has read it (the client's access log)."""
import sqlalchemy as sa

from config import TestConfig
from marketplace.extensions import db
from marketplace.models import AuditEvent, User

from . import world

SECRETS = ("Truus", "111222333", "Teststraat", "06-11112222", "1948-03-02", "mantelzorg")
CLIENT = {"name": "Truus Testcliënt", "bsn": "111222333", "address": "Teststraat 1, 8232 AA Lelystad",
          "phone": "06-11112222", "date_of_birth": "1948-03-02", "notes": "Dochter regelt de mantelzorg."}
OLD_KEY = TestConfig.CLIENT_DATA_KEYS
NEW_KEY = "iA8seIUwKkqguTznoLKu-GDIr49hW2qAd_jkizKwGBA="


def reads(app, request_id: int) -> list[tuple[str, str]]:
    """The client's access log for a request: (actor, reason) per read, oldest first."""
    with app.app_context():
        return [(e.actor, e.details["reason"]) for e in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.request_id == request_id,
                                        AuditEvent.action == "client_data_read").order_by(AuditEvent.id))]


def user_id(app, who: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == world.email(who)))


def db_dispose(some_app) -> None:
    """Let go of an extra app's connections (one made with other keys)."""
    with some_app.app_context():
        db.session.remove()
        db.engine.dispose()
