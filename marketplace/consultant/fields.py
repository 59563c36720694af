"""Form fields that read Dutch input (euros, whole numbers) with messages in the reader's
language. A DomainError goes back onto a form through marketplace.ui.errors.apply_domain_error."""
from flask_babel import gettext as _
from wtforms import IntegerField, StringField

from ..auction.inputs import parse_euros


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
