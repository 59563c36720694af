"""What the beheerder's catalogue pages share: one change to the catalogue made the way the API
makes it (the whole document replaced, so the same checks and the same audit), and a refusal
put back where the beheerder typed.

Every form posts a csrf_token (checked by CSRFProtect for every page POST)."""
import re
import unicodedata
from dataclasses import dataclass, field

from ..auction.errors import DomainError
from ..extensions import db
from ..gemeente import catalogue
from ..i18n import translate
from ..ui.errors import error_message
from .guard import current_actor


@dataclass
class Outcome:
    """A change that was made (ok), or the messages that refused it: by form field, and those
    that belong to no field (shown above the form)."""
    ok: bool = True
    fields: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


def change_catalogue(change, place: str | None = None) -> Outcome:
    """Apply `change(document)` to the gemeente's catalogue document and store it whole.
    `place` is where the changed entry sits in the document ("result_areas[9]"): a refusal of
    one of its fields is put on the form's field of that name, anything else above the form."""
    actor = current_actor()
    document = catalogue.catalogue_document(db.session, actor.gemeente_id)
    change(document)
    try:
        catalogue.replace_catalogue(db.session, actor, actor.gemeente_id, document)
    except DomainError as error:
        db.session.rollback()
        return refused(error, place)
    return Outcome()


def refused(error: DomainError, place: str | None = None, places: dict[str, str] | None = None) -> Outcome:
    """The error's messages in the reader's language: those of `place`'s fields by field name,
    those named in `places` (document field -> form field) under that name, the rest general."""
    outcome = Outcome(ok=False)
    fields = error.extra.get("fields") if error.code == "validation_error" else None
    if not fields:
        outcome.general.append(error_message(error))
        return outcome
    for name, message in fields.items():
        target = (places or {}).get(name)
        if target is None and place and name.startswith(place + "."):
            target = name[len(place) + 1:]
        if target:
            outcome.fields.setdefault(target, translate(message))
        else:
            outcome.general.append(translate(message))
    return outcome


def code_from(name: str) -> str:
    """A code for a name the beheerder typed without one: 'Zorg & Welzijn' -> 'zorg_welzijn'."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:32]


def whole_number(text: str | None):
    """A whole number typed into a form ("12"), None when left empty, or the text itself when it
    is not one (the domain refuses that with its own message)."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if re.fullmatch(r"-?\d{1,9}", text) else text
