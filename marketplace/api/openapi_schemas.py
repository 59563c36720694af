"""The OpenAPI document's component schemas: every request body and answer, as strict as the
server, for the auction (requests, bids, standings, award): a data table with the other parts
merged in; marketplace/api/openapi.py assembles the document from it."""
from ..auction.inputs import MAX_ID
from ..clients.screening import FREE_TEXT_FIELDS
from ..models import VISIBILITIES
from ..providers.onboarding import DEFAULT_CATEGORIES, DEFAULT_COMPLEXITY, DEFAULT_RESULT_AREAS
from .openapi_schemas_followup import FOLLOWUP_SCHEMAS
from .openapi_schemas_gemeente import GEMEENTE_SCHEMAS
from .openapi_types import (
    _NO_CONTROL,
    CENTS,
    DAY,
    ID,
    MOMENT,
    STATUS,
    integer,
    nullable,
    obj,
    ref,
    text,
)

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
        "max_price_cents": {**CENTS, "description": "Left out: the sum of the result areas' tariffs in the "
                                                    "gemeente's table (then required when the table lacks one). "
                                                    "Above that sum only with max_price_reason."},
        "max_price_reason": {**text(2000), "description": "Why the maximum lies above the tariff table; "
                                                         "required then, and audited."},
        "floor_price_cents": {**CENTS, "description": "Not above max_price_cents. Left out: the gemeente's "
                                                      "floor_percent of the tariff table's sum."},
        "description": text(4000),
        "opens_at": {**MOMENT, "description": "Within a year of now; may be past (publishing then opens "
                                              "at once). Without a zone: Amsterdam time."},
        "closes_at": {**MOMENT, "description": "Later than opens_at, within a year of now, and in the "
                                               "future when published."},
        "visibility": {"type": "string", "enum": list(VISIBILITIES),
                       "description": "Left out: the gemeente's default_visibility (open unless changed)."},
        "min_step_cents": integer(1, 10_000_000, default=100),
        "soft_close_seconds": integer(0, 3600, description="Left out: the gemeente's default (120 unless "
                                                           "changed)."),
        "max_extension_seconds": integer(0, 86_400, description="Left out: the gemeente's default (1800 "
                                                                "unless changed)."),
        "client": ref("Client"),
        "award_criteria": ref("AwardCriteria"),
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
        **text(4000), "description": "Required when the offer is not first by score (by price when the request has no award criteria)."}},
        required=["bid_id"]),

    # --- answers ---------------------------------------------------------------------------
    "Token": obj({
        "token": {"type": "string", "minLength": 1},
        "role": {"type": "string", "enum": ["consultant", "admin", "provider", "client"]},
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
        "award_criteria": nullable(ref("AwardCriteria")),
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
        "record": {**ref("Record"), "description": "The provider's record in this gemeente (comparison only)."},
        "approach_assessment": nullable(integer(1, 5, description="The plan of approach as the consultant "
                                                                  "scored it with the client; null: not yet.")),
        "score": {"type": "number", "minimum": 0, "maximum": 100,
                  "description": "Only when the request has award_criteria (README, Award criteria)."},
        "score_rank": nullable(integer(1, MAX_ID, description="Place by score; null for a suspended offer.")),
        "score_detail": ref("ScoreDetail"),
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

    # --- choosing on more than price (marketplace/quality) ---------------------------------
    **GEMEENTE_SCHEMAS,
    **FOLLOWUP_SCHEMAS,
}
