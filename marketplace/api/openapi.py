"""GET /api/v1/openapi.json: the contract of docs/api.md as OpenAPI 3.1.

As strict as the server, so that a client generated from it sends what the server accepts and
the fuzzer (tests/test_api_fuzz.py) can tell a wrong answer from a right one: every request
field with the type, range, length and choices the server enforces; every success answer with
its schema; every error status an operation can answer, with the contract's error JSON.
Unknown JSON fields are ignored (the contract), so request objects allow more properties;
answers allow more properties too, so that adding a field to an answer is not a break."""
from flask import jsonify

from ..auction.inputs import MAX_ID
from ..auction.states import ALL as STATUSES
from ..clients.screening import FREE_TEXT_FIELDS
from ..models import VISIBILITIES
from ..providers.onboarding import DEFAULT_CATEGORIES, DEFAULT_COMPLEXITY, DEFAULT_RESULT_AREAS
from . import bp

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

SCHEMAS = {
    "Error": obj({"error": obj({
        "code": {"type": "string", "pattern": "^[a-z_]+$"},
        "message": {"type": "string", "minLength": 1},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        "retry_after": {"type": "number", "minimum": 0},
    }, required=["code", "message"])}, required=["error"]),

    # --- requests (bodies) -----------------------------------------------------------------
    "TokenRequest": {
        "description": "E-mail and password (consultant, provider), or a one-time client code. "
                       "With client_code present the rest is not read.",
        "anyOf": [
            obj({"email": text(320, required=True), "password": {"type": "string", "minLength": 1,
                                                                    "pattern": _NO_CONTROL}},
                required=["email", "password"]),
            obj({"client_code": text(64, required=True)}, required=["client_code"]),
        ]},
    "ResultAreaChoice": obj({
        "code": {"type": "string", "enum": [code for code, _ in DEFAULT_RESULT_AREAS],
                 "description": "A result area of the gemeente's catalogue (the default catalogue's codes)."},
        "complexity": {"type": "string", "enum": [code for code, _ in DEFAULT_COMPLEXITY]},
    }, required=["code", "complexity"]),
    "Client": obj({
        "name": text(160, required=True),
        "bsn": {**text(11), "description": "Nine digits passing the elfproef; dots and spaces are ignored."},
        "address": text(300),
        "phone": text(32),
        "date_of_birth": {**DAY, "description": "From 1900-01-01 to today."},
        "notes": text(4000),
    }, required=["name"], description="Personal data: sealed (encrypted) apart from the request; the "
                                      "winner gets name, address and phone after award."),
    "NewRequest": obj({
        "category": {"type": "string", "enum": [code for code, _ in DEFAULT_CATEGORIES],
                     "description": "A category of the gemeente's catalogue (the default catalogue's codes)."},
        "result_areas": {"type": "array", "minItems": 1, "maxItems": len(DEFAULT_RESULT_AREAS),
                         "items": ref("ResultAreaChoice"),
                         "description": "Each result area at most once."},
        "region": {"type": "string", "pattern": "^[1-9][0-9]{2}$", "description": "PC3: the first three "
                                                                                  "digits of the postcode."},
        "start_date": {**DAY, "description": "Within five years of today."},
        "duration_weeks": integer(1, 520),
        "max_price_cents": CENTS,
        "floor_price_cents": {**CENTS, "description": "Not above max_price_cents."},
        "description": text(4000),
        "opens_at": {**MOMENT, "description": "Within a year of now; may be past (publishing then opens "
                                              "at once). Without a zone: Amsterdam time."},
        "closes_at": {**MOMENT, "description": "Later than opens_at, within a year of now, and in the "
                                               "future when published."},
        "visibility": {"type": "string", "enum": list(VISIBILITIES), "default": "open"},
        "min_step_cents": integer(1, 10_000_000, default=100),
        "soft_close_seconds": integer(0, 3600, default=120),
        "max_extension_seconds": integer(0, 86_400, default=1800),
        "client": ref("Client"),
    }, required=["category", "result_areas", "region", "start_date", "duration_weeks", "opens_at",
                 "closes_at", "client"]),
    "DraftUpdate": obj({"description": {**text(4000), "description": "The new text; may be empty."}},
                       required=["description"]),
    "NotPersonal": obj({
        "field": {"type": "string", "enum": list(FREE_TEXT_FIELDS)},
        "text": text(200, required=True),
        "reason": text(500, required=True),
    }, required=["field", "text", "reason"]),
    "Publish": obj({"not_personal": {"type": "array", "items": ref("NotPersonal"),
                                     "description": "Findings the consultant judged not personal data."}}),
    "Bid": obj({
        "price_cents": CENTS,
        "start_date": {**DAY, "description": "Within five years of today; required for the first offer."},
        "approach": {**text(4000), "description": "Required (not blank) for the first offer."},
        "idempotency_key": text(128, required=True),
    }, required=["price_cents"]),
    "Reason": obj({"reason": text(2000, required=True)}, required=["reason"]),
    "Window": obj({"opens_at": MOMENT, "closes_at": MOMENT}, required=["opens_at", "closes_at"],
                  description="Both within a year of now; closes_at later than opens_at and in the future."),
    "Choice": obj({"bid_id": ID, "on_behalf_of_client": {
        "type": "boolean", "description": "Required (true) when a consultant chooses for the client."}},
        required=["bid_id"]),
    "Award": obj({"bid_id": ID, "motivation": {
        **text(4000), "description": "Required when the offer is not the lowest price."}},
        required=["bid_id"]),

    # --- answers ---------------------------------------------------------------------------
    "Token": obj({
        "token": {"type": "string", "minLength": 1},
        "role": {"type": "string", "enum": ["consultant", "provider", "client"]},
        "expires_at": MOMENT,
        "request_id": ID,
    }, required=["token", "role"]),
    "Revoked": obj({"revoked": {"const": True}}, required=["revoked"]),
    "Created": obj({"id": ID, "reference": {"type": "string"}, "status": {"const": "draft"}},
                   required=["id", "reference", "status"]),
    "Status": obj({"status": STATUS}, required=["status"]),
    "Request": obj({
        "id": ID,
        "reference": {"type": "string"},
        "status": STATUS,
        "category": obj({"code": {"type": "string"}, "name": {"type": "string"}}, required=["code", "name"]),
        "result_areas": {"type": "array", "items": obj({
            "code": {"type": "string"}, "name": {"type": "string"}, "complexity": {"type": "string"}},
            required=["code", "name", "complexity"])},
        "region": {"type": "string"},
        "start_date": DAY,
        "duration_weeks": {"type": "integer", "minimum": 1},
        "max_price_cents": nullable({"type": "integer"}),
        "floor_price_cents": nullable({"type": "integer"}),
        "description": nullable({"type": "string"}),
        "opens_at": MOMENT,
        "closes_at": MOMENT,
        "visibility": {"type": "string", "enum": list(VISIBILITIES)},
        "min_step_cents": {"type": "integer"},
        "soft_close_seconds": {"type": "integer"},
        "max_extension_seconds": {"type": "integer"},
        "server_time": MOMENT,
    }, required=["id", "reference", "status", "category", "result_areas", "region", "start_date",
                 "duration_weeks", "opens_at", "closes_at", "visibility", "server_time"],
        description="The anonymised request: never any client data."),
    "RequestWithStandings": {"allOf": [ref("Request"), obj({"standings": ref("Standings")},
                                                           required=["standings"])]},
    "RequestList": obj({"requests": {"type": "array", "items": ref("Request")}}, required=["requests"]),
    "LadderEntry": obj({"label": {"type": "string"}, "price_cents": {"type": "integer"},
                        "rank": nullable({"type": "integer"}), "mine": {"type": "boolean"}},
                       required=["label", "price_cents"]),
    "LiveOffer": obj({
        "bid_id": ID, "provider": obj({"id": ID, "name": {"type": "string"}}, required=["id", "name"]),
        "price_cents": {"type": "integer"}, "rank": nullable({"type": "integer"}), "start_date": DAY,
        "approach": nullable({"type": "string"}), "revision": {"type": "integer"},
        "suspended": {"type": "boolean", "description": "The gemeente suspended this provider: the offer "
                                                        "is out of the ranking and cannot be chosen."},
    }, required=["bid_id", "provider", "price_cents"]),
    "Standings": obj({
        "request_id": ID,
        "status": STATUS,
        "closes_at": MOMENT,
        "server_time": MOMENT,
        "bidder_count": {"type": "integer", "minimum": 0},
        "seq": {"type": "integer", "minimum": 0},
        "my_price_cents": nullable({"type": "integer"}),
        "my_rank": nullable({"type": "integer"}),
        "best_price_cents": nullable({"type": "integer"}),
        "ladder": {"type": "array", "items": ref("LadderEntry")},
        "my_bid": nullable(obj({
            "price_cents": {"type": "integer"}, "start_date": DAY, "approach": nullable({"type": "string"}),
            "revision": {"type": "integer"}, "status": {"type": "string", "enum": ["active", "withdrawn"]},
            "suspended": {"type": "boolean"}})),
        "offers": {"type": "array", "items": ref("LiveOffer")},
        "withdrawn": {"type": "array", "items": ref("LiveOffer"),
                      "description": "Consultant only: the offers withdrawn in this window."},
    }, required=["request_id", "status", "closes_at", "server_time", "bidder_count", "seq"],
        description="As this caller may see them (docs/api.md, Standings)."),
    "BidAnswer": obj({
        "bid": obj({"id": ID, "price_cents": {"type": "integer"}, "revision": {"type": "integer"}},
                   required=["id", "price_cents", "revision"]),
        "standings": ref("Standings"),
    }, required=["bid", "standings"]),
    "Reopened": obj({"status": STATUS, "opens_at": MOMENT, "closes_at": MOMENT},
                    required=["status", "opens_at", "closes_at"]),
    "ClientCode": obj({"code": {"type": "string", "pattern": "^[A-Z0-9]{4}-[A-Z0-9]{4}$"},
                       "expires_at": MOMENT}, required=["code", "expires_at"]),
    "Offer": obj({
        "bid_id": ID,
        "provider": obj({"id": ID, "name": {"type": "string"}}, required=["name"]),
        "price_cents": {"type": "integer"},
        "price": {"type": "string"},
        "start_date": DAY,
        "approach": nullable({"type": "string"}),
        "revision": {"type": "integer"},
        "rank": nullable({"type": "integer"}),
        "suspended": {"type": "boolean", "description": "The gemeente suspended this provider: the offer "
                                                        "cannot be chosen or awarded."},
    }, required=["bid_id", "provider", "price_cents", "start_date", "approach"]),
    "Offers": obj({"request_id": ID, "status": STATUS, "chosen_bid_id": nullable(ID),
                   "offers": {"type": "array", "items": ref("Offer")}}, required=["offers"]),
    "Chosen": obj({"status": {"const": "chosen"}, "chosen_bid_id": ID}, required=["status", "chosen_bid_id"]),
    "Awarded": obj({"status": {"const": "awarded"}, "bid_id": ID}, required=["status"]),
    "AwardView": obj({
        "request_id": ID, "reference": {"type": "string"}, "status": {"const": "awarded"},
        "awarded_at": MOMENT, "motivation": nullable({"type": "string"}), "bid": ref("Offer"),
        "client": nullable(obj({"name": nullable({"type": "string"}), "address": nullable({"type": "string"}),
                                "phone": nullable({"type": "string"})})),
    }, required=["request_id", "status", "bid"]),
    "OpenApi": obj({"openapi": {"type": "string"}, "paths": {"type": "object"}}, required=["openapi", "paths"]),
}

ID_PARAMETER = {"name": "id", "in": "path", "required": True, "description": "The request's id.",
                "schema": ID}
STATUS_FILTER = {"name": "status", "in": "query", "required": False, "schema": STATUS,
                 "description": "Only requests with this status."}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema_name)}}}


def op(summary: str, ok: tuple[int, str], errors: tuple[int, ...], body: str | None = None,
       tag: str = "requests", with_id: bool = True, body_required: bool = True, public: bool = False,
       **extra) -> dict:
    """One operation: its success answer, every error status it can give, its body."""
    status, schema = ok
    responses = {str(status): _json(schema, "OK")}
    codes = set(errors) | {503}
    if not public:
        codes.add(401)
    if body:
        codes |= {413, 422}
    for code in sorted(codes):
        responses[str(code)] = _json("Error", ERROR_CODES[code])
    operation = {"summary": summary, "tags": [tag], "responses": responses, **extra}
    if with_id:
        operation["parameters"] = [ID_PARAMETER]
    if body:
        operation["requestBody"] = {"required": body_required,
                                    "content": {"application/json": {"schema": ref(body)}}}
    if public:
        operation["security"] = []
    return operation


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Zorgbod API", "version": "1.0.0",
             "description": "Wmo-ondersteuning inkopen per cliënt (docs/api.md). Every error is "
                            "{\"error\": {\"code\", \"message\", ...}}. Unknown JSON fields are ignored; text "
                            "anywhere in a body may not hold control characters (tab, newline and carriage "
                            "return excepted); a body may be at most 64 KiB."},
    "servers": [{"url": "/api/v1"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": SCHEMAS,
    },
    "security": [{"bearer": []}],
    "paths": {
        "/openapi.json": {"get": op("This document", (200, "OpenApi"), (), tag="meta", with_id=False,
                                    public=True)},
        "/tokens": {"post": op("A token for a user (e-mail and password) or a client code", (201, "Token"),
                               (401, 429), "TokenRequest", tag="auth", with_id=False, public=True)},
        "/tokens/current": {"delete": op("Revoke the caller's token", (200, "Revoked"), (), tag="auth",
                                         with_id=False)},
        "/requests": {
            "get": op("Requests the caller may see: a consultant the gemeente's, a provider those it "
                      "may bid on", (200, "RequestList"), (403, 422), with_id=False,
                      parameters=[STATUS_FILTER]),
            "post": op("Create a draft request (consultant)", (201, "Created"), (403,), "NewRequest",
                       with_id=False)},
        "/requests/{id}": {
            "get": op("The anonymised request with the caller's standings", (200, "RequestWithStandings"),
                      (404,)),
            "patch": op("Change a draft's description (drafts only)", (200, "Request"), (403, 404, 409),
                        "DraftUpdate")},
        "/requests/{id}/publish": {"post": op(
            "Publish a draft; refused with 422 personal_data_detected and its findings while the free "
            "text holds personal data, unless each is judged not personal in the body",
            (200, "Status"), (403, 404, 409), "Publish", body_required=False)},
        "/requests/{id}/cancel": {"post": op("Cancel with a reason", (200, "Status"), (403, 404, 409),
                                             "Reason")},
        "/requests/{id}/reopen": {"post": op("A new window after no_offers", (200, "Reopened"),
                                             (403, 404, 409), "Window")},
        "/requests/{id}/bids": {"post": op(
            "Make or revise the caller's offer (provider); a repeated idempotency_key answers as the "
            "first time", (201, "BidAnswer"), (403, 404, 409, 429), "Bid", tag="bids")},
        "/requests/{id}/bids/mine": {"delete": op("Withdraw the caller's offer (provider)", (200, "BidAnswer"),
                                                  (403, 404, 409, 429), tag="bids")},
        "/requests/{id}/client-code": {"post": op("A one-time client code (consultant)", (201, "ClientCode"),
                                                  (403, 404, 409), tag="award")},
        "/requests/{id}/offers": {"get": op("The offers side by side after the close (consultant, client)",
                                            (200, "Offers"), (404, 409), tag="award")},
        "/requests/{id}/choice": {"post": op("The client's choice (client, or consultant on its behalf)",
                                             (200, "Chosen"), (403, 404, 409), "Choice", tag="award")},
        "/requests/{id}/award": {
            "post": op("Award the chosen offer (consultant)", (200, "Awarded"), (403, 404, 409), "Award",
                       tag="award"),
            "get": op("The award; the winner also gets the client's contact details", (200, "AwardView"),
                      (404, 409), tag="award")},
    },
}


@bp.get("/openapi.json")
def openapi():
    return jsonify(SPEC)
