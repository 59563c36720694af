"""Form fields that read Dutch input (euros, whole numbers) with messages in the reader's
language, and the helper that puts a DomainError's field messages back onto a form."""
import re

from flask_babel import gettext as _
from wtforms import IntegerField, StringField

from ..auction.errors import DomainError, Text
from ..auction.inputs import parse_euros
from ..auction.money import format_eur
from ..i18n import translate
from ..web.wording import error_message


class EuroField(StringField):
    """An amount typed in euros ("1.234,56", "950"); `cents` holds it as int, or None when empty."""

    cents: int | None = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.cents = None
        text = (self.data or "").strip()
        if not text:
            return
        cents = parse_euros(text)
        if cents is None:
            raise ValueError(_("Dit is geen bedrag. Schrijf het bijvoorbeeld als 1.234,56."))
        if cents <= 0:
            raise ValueError(_("Vul een bedrag groter dan € 0,00 in."))
        self.cents = cents


class WholeNumberField(IntegerField):
    """A whole number; empty is None (the domain decides whether it is required)."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
            return
        try:
            self.data = int(text)
        except ValueError:
            self.data = None
            raise ValueError(_("Vul een heel getal in, zonder punten of komma's.")) from None


_NUMBER = re.compile(r"\b(\d+)\b")


def cents_message(message: str) -> str:
    """The domain states limits of *_cents fields in cents; show them as euros (a Text keeps
    its msgid, with its whole-number values written as euros)."""
    if isinstance(message, Text):
        return Text(message.msgid, **{name: format_eur(value) if isinstance(value, int) else value
                                      for name, value in message.params.items()})
    return _NUMBER.sub(lambda m: format_eur(int(m.group(1))), message)


def apply_domain_error(form, error: DomainError, field_map: dict | None = None,
                       cents_fields: tuple = ()) -> list[str]:
    """Attach each field message of a validation_error to the matching form field, in the
    reader's language. Returns the messages that belong to no field (shown above the form)."""
    field_map = field_map or {}
    fields = error.extra.get("fields") if error.code == "validation_error" else None
    if not fields:
        return [error_message(error)]
    general = []
    for name, message in fields.items():
        if name in cents_fields:
            message = cents_message(message)
        message = translate(message)
        target = field_map.get(name, name)
        field = getattr(form, target, None) if target else None
        if field is not None and hasattr(field, "errors"):
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(message)
        else:
            general.append(message)
    return general
