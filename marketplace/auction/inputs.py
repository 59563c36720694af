"""Turning untrusted input (JSON, form fields, socket payloads) into typed values, with a
Dutch message per field (a Text, so a page can show it in its reader's language). Every
adapter uses these, so a wrong type is refused the same way everywhere."""
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from .errors import Text, validation_error

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Fields:
    """Collects field errors while reading a payload, then raises them all at once."""

    def __init__(self, data):
        self.data = data if isinstance(data, dict) else {}
        self.errors: dict[str, str] = {}
        if not isinstance(data, dict):
            self.errors["body"] = Text("Verwacht een JSON-object.")

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def integer(self, name: str, required: bool = True, minimum: int | None = None,
                maximum: int | None = None, default=None):
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, Text("Dit veld is verplicht."))
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, Text("Moet een geheel getal zijn."))
            return default
        if minimum is not None and value < minimum:
            self.fail(name, Text("Moet minstens %(minimum)s zijn.", minimum=minimum))
        if maximum is not None and value > maximum:
            self.fail(name, Text("Mag hoogstens %(maximum)s zijn.", maximum=maximum))
        return value

    def text(self, name: str, required: bool = True, max_length: int = 4000, default=""):
        value = self.data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(name, Text("Dit veld is verplicht."))
            return default
        if not isinstance(value, str):
            self.fail(name, Text("Moet tekst zijn."))
            return default
        value = value.strip()
        if len(value) > max_length:
            self.fail(name, Text("Mag hoogstens %(max_length)s tekens lang zijn.", max_length=max_length))
        return value

    def choice(self, name: str, options, required: bool = True, default=None):
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, Text("Dit veld is verplicht."))
            return default
        if not isinstance(value, str) or value not in options:
            self.fail(name, Text("Kies een van: %(options)s.", options=", ".join(options)))
            return default
        return value

    def date(self, name: str, required: bool = True):
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, Text("Dit veld is verplicht."))
            return None
        if not isinstance(value, str):
            self.fail(name, Text("Moet een datum zijn (JJJJ-MM-DD)."))
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(name, Text("Moet een datum zijn (JJJJ-MM-DD)."))
            return None

    def moment(self, name: str, required: bool = True):
        """An ISO-8601 moment; without a zone it is read as Amsterdam time."""
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, Text("Dit veld is verplicht."))
            return None
        if isinstance(value, datetime):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                self.fail(name, Text("Moet een tijdstip zijn (ISO-8601)."))
                return None
        else:
            self.fail(name, Text("Moet een tijdstip zijn (ISO-8601)."))
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=AMSTERDAM)
        return parsed.astimezone(timezone.utc)

    def done(self) -> None:
        if self.errors:
            raise validation_error(self.errors)


@dataclass(frozen=True)
class BidInput:
    price_cents: int
    start_date: date | None
    approach: str | None
    idempotency_key: str | None


def parse_bid(data) -> BidInput:
    f = Fields(data)
    price = f.integer("price_cents", minimum=1, maximum=100_000_000)
    start = f.date("start_date", required=False)
    approach = f.text("approach", required=False, default=None)
    key = f.text("idempotency_key", required=False, max_length=128, default=None)
    f.done()
    return BidInput(price_cents=price, start_date=start, approach=approach, idempotency_key=key)


# The ways people write an amount, Dutch first: 1.234,56 / 1234,56 / 1.234 / 1234, and the
# English 1,234.56 / 1234.56. Anything else is refused rather than guessed: "1,234.56" read the
# Dutch way would be € 1,23, and a bid must never be misread.
_AMOUNT = [
    re.compile(r"^(?P<euros>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<cents>\d{1,2}))?$"),  # Dutch
    re.compile(r"^(?P<euros>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?$"),  # English
]


def parse_euros(text: str) -> int | None:
    """'1.234,56', '1234.56', '1,234.56', '€ 950' -> cents; None when it is not an amount.
    A separator before exactly three digits groups thousands ('1.234' and '1,234' are 1234
    euro: neither has a reading with three decimals); at most two decimals."""
    if not isinstance(text, str):
        return None
    cleaned = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    for pattern in _AMOUNT:
        match = pattern.match(cleaned)
        if match:
            euros = int(match["euros"].replace(".", "").replace(",", ""))
            cents = (match["cents"] or "0").ljust(2, "0")
            return euros * 100 + int(cents)
    return None
