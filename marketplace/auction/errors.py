"""Domain errors: a code from docs/api.md, an HTTP status, and a message in plain Dutch.

The domain raises them; each adapter renders them in its own form (JSON, form message,
socket ack)."""

STATUS_BY_CODE = {
    "invalid_credentials": 401,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "validation_error": 422,
    "window_not_open": 409,
    "window_closed": 409,
    "price_above_maximum": 422,
    "price_below_floor": 422,
    "price_not_lower": 422,
    "invalid_state": 409,
    "motivation_required": 422,
    "personal_data_detected": 422,
    "rate_limited": 429,
    "offer_withdrawn": 409,
    "payload_too_large": 413,
    "service_unavailable": 503,
}


class Text(str):
    """A sentence in Dutch that remembers its catalogue entry: `msgid` with %(name)s
    placeholders and the values that fill them. It is the Dutch text wherever a str is
    expected (the API, logs, tests); a page can show it in the reader's language instead."""

    msgid: str
    params: dict

    def __new__(cls, msgid: str, **params):
        text = super().__new__(cls, msgid % params if params else msgid)
        text.msgid = msgid
        text.params = params
        return text


class DomainError(Exception):
    def __init__(self, code: str, message: str, **extra):
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra

    @property
    def status(self) -> int:
        return STATUS_BY_CODE.get(self.code, 400)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, **self.extra}


def not_found(what: str | None = None) -> DomainError:
    return DomainError("not_found", what or Text("Dit bestaat niet of u heeft er geen toegang toe."))


def field_summary(fields: dict[str, str]) -> str:
    """'name: message; name: message', as the API writes it."""
    return "; ".join(f"{name}: {msg}" for name, msg in fields.items())


def validation_error(fields: dict[str, str]) -> DomainError:
    """The fields' messages (each a Text where the domain wrote it) and a summary sentence; a
    page shows the summary in its reader's language by translating each field message."""
    return DomainError("validation_error", Text("Controleer de invoer. %(summary)s", summary=field_summary(fields)),
                       fields=fields)


def invalid_state(message: str) -> DomainError:
    return DomainError("invalid_state", message)


def database_unavailable() -> DomainError:
    """The database could not be reached: the transaction was rolled back, so nothing changed.
    Every channel (API, socket ack, page) renders this one error in its own form."""
    return DomainError("service_unavailable",
                       Text("Zorgbod is even niet bereikbaar. Er is niets veranderd; probeer het zo opnieuw."))
