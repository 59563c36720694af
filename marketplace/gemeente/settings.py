"""The settings a gemeente's beheerder owns: how long client data is kept, the defaults of a new
request (visibility, soft close, its cap) and how long a client code stays valid."""
from sqlalchemy.orm import Session

from ..auction.actors import Actor
from ..auction.errors import Text
from ..auction.inputs import Fields
from ..auction.records import audit
from ..models import VISIBILITIES, Gemeente
from .access import require_admin_of

# name -> (minimum, maximum) for the whole numbers; default_visibility is one of VISIBILITIES.
# Retention goes to 240 months as the command line allows (flask client-data retention).
RANGES = {
    "client_data_retention_months": (1, 240),
    "default_soft_close_seconds": (0, 3600),
    "default_max_extension_seconds": (0, 86_400),
    "client_code_hours": (1, 720),
}
NAMES = ("client_data_retention_months", "default_visibility", "default_soft_close_seconds",
         "default_max_extension_seconds", "client_code_hours")


def settings_document(gemeente: Gemeente) -> dict:
    return {"name": gemeente.name, "code": gemeente.code, **{name: getattr(gemeente, name) for name in NAMES}}


def read_settings(session: Session, actor: Actor, gemeente_id: int) -> dict:
    require_admin_of(actor, gemeente_id)
    return settings_document(session.get(Gemeente, gemeente_id))


def check_settings(data) -> dict:
    """The settings present in `data`, checked (a setting left out keeps its value); all the
    problems at once as a validation_error."""
    f = Fields(data)
    checked = {}
    for name, (minimum, maximum) in RANGES.items():
        if f.has(name):
            value = f.data[name]
            # Whole numbers only: 1.5 hours is not what the field means.
            if type(value) is not int:
                f.fail(name, Text("Moet een geheel getal zijn."))
            else:
                checked[name] = f.integer(name, minimum=minimum, maximum=maximum)
    if f.has("default_visibility"):
        checked["default_visibility"] = f.choice("default_visibility", list(VISIBILITIES))
    f.done()
    return checked


def update_settings(session: Session, actor: Actor, gemeente_id: int, data) -> dict:
    """PUT /api/v1/settings; every setting that changes is audited with its old value."""
    require_admin_of(actor, gemeente_id)
    checked = check_settings(data)
    gemeente = session.get(Gemeente, gemeente_id)
    for name, value in checked.items():
        previous = getattr(gemeente, name)
        if previous != value:
            setattr(gemeente, name, value)
            audit(session, actor, "setting_changed", gemeente_id=gemeente_id, setting=name, previous=previous,
                  value=value)
    session.commit()
    return settings_document(gemeente)
