"""The building blocks of the OpenAPI document: strict types for text, numbers, ids, days and
moments as the server enforces them (marketplace/api/openapi.py assembles the document)."""

from ..auction.inputs import MAX_ID
from ..auction.states import ALL as STATUSES
from ..models import VISIBILITIES

# Text may hold tab, newline and carriage return, never another control character
# (marketplace.auction.inputs.CONTROL_CHARACTERS).
_NO_CONTROL = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
# Required text must hold something besides white space (the server strips it first).
_FILLED = ("^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*"
           "[^\\s\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]"
           "[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$")
MAX_CENTS = 100_000_000


def text(max_length: int, required: bool = False, **extra) -> dict:
    """A free-text field: refused with control characters or over max_length characters."""
    return {"type": "string", "maxLength": max_length, "pattern": _FILLED if required else _NO_CONTROL,
            **({"minLength": 1} if required else {}), **extra}


def integer(minimum: int, maximum: int, **extra) -> dict:
    return {"type": "integer", "minimum": minimum, "maximum": maximum, **extra}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, required=(), additional: bool = True, **extra) -> dict:
    return {"type": "object", "properties": properties, "required": list(required),
            "additionalProperties": additional, **extra}


MOMENT = {"type": "string", "format": "date-time"}
DAY = {"type": "string", "format": "date"}
ID = integer(1, MAX_ID)
STATUS = {"type": "string", "enum": list(STATUSES)}
CENTS = integer(1, MAX_CENTS)
COUNT = {"type": "integer", "minimum": 0}
RATE = {"type": "number", "minimum": 0, "maximum": 1}

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized, invalid_credentials",
    403: "forbidden",
    404: "not_found",
    409: "invalid_state, window_not_open, window_closed, offer_withdrawn",
    413: "payload_too_large (a body over 64 KiB)",
    422: "validation_error (with fields), price_above_maximum, price_below_floor, price_not_lower, "
         "motivation_required, personal_data_detected (with findings)",
    429: "rate_limited (with retry_after)",
    503: "service_unavailable: the database (or, when publishing, the personal-data scan) is "
         "briefly unavailable; nothing was changed",
}



def catalogue_entry(code_max: int, text_name: str, text_max: int, **extra) -> dict:
    return obj({
        "code": {"type": "string", "pattern": "^[a-z0-9_]+$", "minLength": 1, "maxLength": code_max},
        text_name: text(text_max, required=True),
        **extra,
        "active": {"type": "boolean", "default": True, "description": "False: retired (not offered for new "
                                                                        "requests; existing ones keep it)."},
    }, required=["code", text_name])


SETTINGS_FIELDS = {
    "client_data_retention_months": integer(1, 240),
    "default_visibility": {"type": "string", "enum": list(VISIBILITIES)},
    "default_soft_close_seconds": integer(0, 3600),
    "default_max_extension_seconds": integer(0, 86_400),
    "client_code_hours": integer(1, 720),
}

# An e-mail address as accounts take it (marketplace.providers.own_account.read_email): one @, a
# dot in the domain, no white space or control characters inside; surrounding white space is
# stripped.
_ADDRESS_PART = "[^@\\s\\u0000-\\u001f\\u007f-\\u009f]+"
EMAIL = {"type": "string", "maxLength": 254,
         "pattern": f"^\\s*{_ADDRESS_PART}@{_ADDRESS_PART}\\.{_ADDRESS_PART}\\s*$"}
STAFF_ROLES = ("consultant", "admin")
