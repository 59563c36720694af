"""The provider's forms (Flask-WTF, CSRF-protected): the bid, the withdrawal and the
application for admission. They only turn form text into the domain's inputs; whether a
bid counts is decided by marketplace.auction.bidding."""
import uuid
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..auction.errors import DomainError
from ..auction.inputs import BidInput, parse_bid, parse_euros
from ..i18n import translate

# Field names in domain errors -> the form field that shows them, and its name on the page.
BID_FIELDS = {"price_cents": "price", "start_date": "start_date", "approach": "approach"}
FIELD_NAMES = {"price_cents": _l("Prijs"), "start_date": _l("Startdatum"), "approach": _l("Plan van aanpak"),
               "idempotency_key": _l("Formulier")}


def new_key() -> str:
    return str(uuid.uuid4())


class BidForm(FlaskForm):
    price = StringField(_l("Uw prijs per 4 weken (in euro's)"),
                        validators=[DataRequired(_l("Vul uw prijs in. Vul een bedrag in euro's in, bijvoorbeeld "
                                                    "1.234,56."))])
    start_date = DateField(_l("Wanneer kunt u beginnen?"), validators=[Optional()],
                           format=["%Y-%m-%d", "%d-%m-%Y"],
                           invalid_value_message=_l("Vul een geldige datum in, bijvoorbeeld 01-02-2027."))
    approach = TextAreaField(_l("Plan van aanpak"),
                             validators=[Optional(), Length(max=4000, message=_l("Gebruik hoogstens 4000 tekens."))])
    idempotency_key = HiddenField()
    submit = SubmitField(_l("Aanbieding versturen"))

    price_cents: int | None = None

    def validate_price(self, field):
        cents = parse_euros(field.data or "")
        if cents is None or cents <= 0:
            raise ValidationError(_("Vul een bedrag in euro's in, bijvoorbeeld 1.234,56."))
        self.price_cents = cents

    def to_input(self) -> BidInput:
        """Through the same parser as the API and the socket, so the same limits apply."""
        if not self.idempotency_key.data:
            self.idempotency_key.data = new_key()
        return parse_bid({
            "price_cents": self.price_cents,
            "start_date": self.start_date.data.isoformat() if self.start_date.data else None,
            "approach": self.approach.data,
            "idempotency_key": self.idempotency_key.data,
        })

    def prefill(self, my_bid: dict | None) -> None:
        """A fresh form: the current start date and plan, so a revision only needs a price."""
        start = (my_bid or {}).get("start_date")
        self.start_date.data = date.fromisoformat(start) if start else None
        self.approach.data = (my_bid or {}).get("approach") or ""
        self.idempotency_key.data = new_key()

    def show_refusal(self, error: DomainError) -> str:
        """Put the domain's field messages on the fields; return the message for the page (all in
        the reader's language)."""
        fields = error.extra.get("fields") or {}
        if not fields:
            return translate(error.message)
        parts = []
        for name, message in fields.items():
            message = translate(message)
            target = getattr(self, BID_FIELDS.get(name, ""), None)
            if target is not None:
                target.errors = list(target.errors or []) + [message]
            parts.append(f"{FIELD_NAMES.get(name, name)}: {message}")
        return _("Uw aanbieding is niet verwerkt. Controleer de invoer. %(details)s", details=" ".join(parts))


class WithdrawForm(FlaskForm):
    confirm = BooleanField(_l("Ja, ik trek mijn aanbieding in"),
                           validators=[DataRequired(_l("Vink aan dat u uw aanbieding wilt intrekken."))])
    submit = SubmitField(_l("Aanbieding intrekken"))


class ApplyForm(FlaskForm):
    """One gemeente's minimum requirements as checkboxes; build with prefix=f"g{gemeente_id}"."""
    requirements = SelectMultipleField(_l("Minimumeisen"), coerce=str, validate_choice=False,
                                       option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
    submit = SubmitField(_l("Toelating aanvragen"))

    def set_requirements(self, requirements) -> None:
        """The gemeente's own requirement texts (those it kept from the defaults are in the catalogue)."""
        self.requirements.choices = [SelectChoice(str(r.id), translate(r.text)) for r in requirements]


class EvidenceForm(FlaskForm):
    """Evidence for one minimum requirement; build with prefix=f"r{requirement_id}". Whether the
    file is a PDF, PNG or JPEG, small enough and not expired is marketplace.providers.evidence's
    to say (by its content, not its name)."""
    file = FileField(_l("Bestand"), validators=[FileRequired(_l("Kies een bestand (PDF, PNG of JPEG, hoogstens 5 MB)."))])
    expires_on = DateField(_l("Geldig tot en met"), validators=[Optional()], format=["%Y-%m-%d", "%d-%m-%Y"],
                           invalid_value_message=_l("Vul een geldige datum in, bijvoorbeeld 31-12-2026."))
    submit = SubmitField(_l("Bewijs uploaden"))
