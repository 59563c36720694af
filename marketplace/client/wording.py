"""Wording shared by the client's and the provider's pages: the countdown text (dates in words
are marketplace.i18n.long_date, a template global). Presentation only; no auction rules here."""


def countdown(seconds: int | None) -> str:
    """The same h:mm:ss / m:ss text ZorgbodLive.formatCountdown shows once the page is live."""
    if seconds is None:
        return "—"
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
