"""Turning untrusted input (JSON, form fields, socket payloads) into typed values, with a
Dutch message per field (a Text, so a page can show it in its reader's language). Every
adapter uses these, so a wrong type is refused the same way everywhere."""
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from .errors import Text, validation_error

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Control characters have no place in what a person typed: PostgreSQL refuses NUL in text (a
# 503 for the caller, a lost bid), and the rest can hide text on a page or in a log line. Tab,
# newline and carriage return stay allowed (multi-line text). Lone surrogates cannot be stored
# as UTF-8 at all.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# The largest id the database can hold (PostgreSQL INTEGER); a larger number is no record.
MAX_ID = 2**31 - 1

# How far from today a date may lie: a window within a year of now, a start within five
# years. Anything further is a typing error, and 9999-12-31 plus a duration overflows.
WINDOW_YEARS = 1
START_YEARS = 5


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def years_from(day, years: int):
    """The same calendar day `years` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def start_date_range(today: date) -> tuple[date, date]:
    return years_from(today, -START_YEARS), years_from(today, START_YEARS)


def window_range(now: datetime) -> tuple[datetime, datetime]:
    return years_from(now, -WINDOW_YEARS), years_from(now, WINDOW_YEARS)


def today_by_the_clock() -> date:
    """Today in Amsterdam by the server's clock (transactions.clock, which tests move)."""
    from . import transactions
    return transactions.clock().astimezone(AMSTERDAM).date()


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
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON has one kind of number: 26.0 is the whole number 26
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
        if has_control_characters(value):
            self.fail(name, Text("Mag geen stuurtekens bevatten (zoals NUL)."))
            return default
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

    def date(self, name: str, required: bool = True, between: tuple[date, date] | None = None):
        """A date (JJJJ-MM-DD); with `between`, refused outside that range (both ends included)."""
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, Text("Dit veld is verplicht."))
            return None
        if not isinstance(value, str):
            self.fail(name, Text("Moet een datum zijn (JJJJ-MM-DD)."))
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(name, Text("Moet een datum zijn (JJJJ-MM-DD)."))
            return None
        return self.within(name, parsed, between)

    def moment(self, name: str, required: bool = True, between: tuple[datetime, datetime] | None = None):
        """An ISO-8601 moment; without a zone it is read as Amsterdam time. With `between`,
        refused outside that range (both ends included)."""
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
        try:
            moment = parsed.astimezone(timezone.utc)
        except OverflowError:  # 0001-01-01 east of UTC, 9999-12-31 west of it: no UTC moment
            self.fail(name, Text("Dit tijdstip ligt te ver in het verleden of de toekomst."))
            return None
        return self.within(name, moment, between)

    def within(self, name: str, value, between):
        """value when it lies in `between` (both ends included, None = no bounds), else None
        and a message naming the range."""
        if value is not None and between and not between[0] <= value <= between[1]:
            self.fail(name, Text("Moet tussen %(earliest)s en %(latest)s liggen.",
                                 earliest=_day(between[0]), latest=_day(between[1])))
            return None
        return value

    def done(self) -> None:
        if self.errors:
            raise validation_error(self.errors)


@dataclass(frozen=True)
class BidInput:
    price_cents: int
    start_date: date | None
    approach: str | None
    idempotency_key: str | None


def _day(moment) -> str:
    """A range end as people read it (Amsterdam's date)."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(AMSTERDAM).date()
    return moment.strftime("%d-%m-%Y")


def parse_bid(data, today: date | None = None) -> BidInput:
    f = Fields(data)
    price = f.integer("price_cents", minimum=1, maximum=100_000_000)
    start = f.date("start_date", required=False, between=start_date_range(today or today_by_the_clock()))
    approach = f.text("approach", required=False, max_length=4000, default=None)
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
