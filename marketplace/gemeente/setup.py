"""A new gemeente on Zorgbod: its record, the default catalogue and a starting tariff table,
which its beheerder then makes its own."""
import re

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.actors import Actor
from ..auction.errors import Text
from ..auction.inputs import Fields
from ..auction.records import audit
from ..models import Gemeente
from ..providers.onboarding import seed_catalogue
from .tariffs import seed_tariffs

# The prefix of the gemeente's request references (LEL-2026-00012).
GEMEENTE_CODE = re.compile(r"^[A-Z]{2,8}$")


def suggested_code(name: str) -> str:
    letters = "".join(ch for ch in name.upper() if "A" <= ch <= "Z")
    return letters[:3]


def create_gemeente(session: Session, actor: Actor, name, code=None) -> Gemeente:
    """The gemeente with the default catalogue and tariff table; refused (validation_error,
    nothing written) when the name or code is taken or malformed."""
    f = Fields({"name": name, "code": code})
    name = f.text("name", max_length=120)
    code = (f.text("code", required=False, max_length=8) or suggested_code(name or "")).upper()
    if name and not GEMEENTE_CODE.match(code):
        f.fail("code", Text("Een code is 2 tot 8 hoofdletters (A-Z), bijvoorbeeld LEL."))
    if name and session.scalar(sa.select(Gemeente.id).where(sa.func.lower(Gemeente.name) == name.lower())):
        f.fail("name", Text("Er is al een gemeente met deze naam."))
    if code and session.scalar(sa.select(Gemeente.id).where(Gemeente.code == code)):
        f.fail("code", Text("Deze code heeft al een andere gemeente; kies een andere."))
    f.done()
    gemeente = Gemeente(name=name, code=code)
    session.add(gemeente)
    session.flush()
    seed_catalogue(session, gemeente)
    session.flush()
    tariffs = seed_tariffs(session, gemeente.id)
    audit(session, actor, "gemeente_created", gemeente_id=gemeente.id, name=name, code=code, tariffs=tariffs)
    return gemeente
