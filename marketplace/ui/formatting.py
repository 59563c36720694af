"""How amounts, moments, days and time left read on every page, in the reader's language.

Moments are shown on Amsterdam's clock (`local`); a day is read by one parser and written
short (`nl_date`) or in words (`long_date`); time left is one count of seconds written as a
clock (`countdown`, as the live script shows it) or in words (`time_left`)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask_babel import gettext as _
from flask_babel import ngettext

from ..auction.money import format_eur
from ..i18n import language

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MOMENT = "%d-%m-%Y %H:%M"
INPUT_MOMENT = "%Y-%m-%dT%H:%M"  # <input type=datetime-local>: wall-clock time without a zone


def eur(cents) -> str:
    return format_eur(cents)


def local(moment: datetime | str | None, fmt: str = MOMENT) -> str:
    """A moment (or its ISO text) on Amsterdam's clock."""
    if moment is None:
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(AMSTERDAM).strftime(fmt)


def local_input(moment: datetime | None) -> str:
    """For <input type=datetime-local>: Amsterdam wall-clock time without a zone."""
    return local(moment, INPUT_MOMENT) if moment else ""


def nl_date(value) -> str:
    """A day as 01-02-2027."""
    if not value:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d-%m-%Y")


def long_date(value) -> str:
    """'2027-02-01' or a date -> 'maandag 1 februari 2027' / 'Monday 1 February 2027'."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = (value.astimezone(AMSTERDAM) if value.tzinfo else value).date()
    return format_date(value, "EEEE d MMMM y", locale=language())


def seconds_until(moment: datetime | str, now: datetime) -> int:
    """Whole seconds from `now` to `moment` (its ISO text too); negative once it has passed."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return int((moment - now).total_seconds())


def countdown(seconds: int | None) -> str:
    """The same h:mm:ss / m:ss text ZorgbodLive.formatCountdown shows once the page is live."""
    if seconds is None:
        return "—"
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def time_left(closes_at: datetime | None, now: datetime) -> str:
    """The time until `closes_at` in words: "nog 2 dagen en 3 uur", "nog 5 min"."""
    if closes_at is None:
        return "—"
    seconds = seconds_until(closes_at, now)
    if seconds <= 0:
        return _("sluit nu")
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return ngettext("nog %(num)s dag en %(hours)s uur", "nog %(num)s dagen en %(hours)s uur", days, hours=hours)
    if hours:
        return _("nog %(hours)s uur en %(minutes)s min", hours=hours, minutes=minutes)
    if minutes:
        return _("nog %(minutes)s min", minutes=minutes)
    return _("nog minder dan een minuut")


def seconds_label(seconds: int | None) -> str:
    """A length of time set on a request (the soft-close step): "uit", "2 minuten", "90 seconden"."""
    if not seconds:
        return _("uit")
    minutes, rest = divmod(seconds, 60)
    if minutes and not rest:
        return ngettext("%(num)s minuut", "%(num)s minuten", minutes)
    return _("%(seconds)s seconden", seconds=seconds)
