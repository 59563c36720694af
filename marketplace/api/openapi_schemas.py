"""The OpenAPI document's component schemas: every request body and answer, as strict as the
server (a data table; marketplace/api/openapi.py assembles the document from it)."""
from ..auction.inputs import MAX_ID
from ..auction.states import ALL as STATUSES
from ..clients.screening import FREE_TEXT_FIELDS
from ..followup import states as followup
from ..followup.survey import CODES as SURVEY_QUESTIONS
from ..followup.survey import COMMENT_MAX_LENGTH as SURVEY_COMMENT_MAX
from ..models import VISIBILITIES
from ..providers.onboarding import DEFAULT_CATEGORIES, DEFAULT_COMPLEXITY, DEFAULT_RESULT_AREAS
from ..quality.scoring import CRITERIA
from .openapi_types import (
    _NO_CONTROL,
    CENTS,
    COUNT,
    DAY,
    EMAIL,
    ID,
    MAX_CENTS,
    MOMENT,
    RATE,
    SETTINGS_FIELDS,
    STAFF_ROLES,
    STATUS,
    catalogue_entry,
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
    "AwardCriteria": obj({name: integer(0, 100) for name in CRITERIA}, additional=False,
                         description="Whole-number weights that sum to 100; a weight left out is 0; any other "
                                     "key is refused. Absent (or null): price only."),
    "Record": obj({
        "assignments": {**COUNT, "description": "Assignments here that started (and may have ended)."},
        "ended": COUNT,
        "awarded": {**COUNT, "description": "Every assignment here, started or not."},
        "median_days_to_start": nullable({"type": "number"}),
        "started_on_time_rate": nullable(RATE),
        "started_on_time": obj({"on_time": COUNT, "due": COUNT}, required=["on_time", "due"]),
        "results": obj({"reviews": COUNT, "achieved_rate": nullable(RATE)}, required=["reviews", "achieved_rate"],
                       description="Over every result-area outcome; partly achieved counts half."),
        "satisfaction": obj({"responses": COUNT, "mean": nullable({"type": "number", "minimum": 1, "maximum": 5})},
                            required=["responses", "mean"]),
        "complaints": COUNT,
        "complaints_per_100": nullable({"type": "number", "minimum": 0}),
        "new_provider": {"type": "boolean", "description": "Fewer than five started assignments here."},
    }, required=["assignments", "ended", "median_days_to_start", "started_on_time_rate", "results",
                 "satisfaction", "complaints_per_100", "new_provider"],
        description="A provider's record in the caller's gemeente; null where there is no data."),
    "ScoreDetail": obj({
        "total": {"type": "number", "minimum": 0, "maximum": 100},
        "complete": {"type": "boolean", "description": "False while a weighed criterion is not known yet "
                                                       "(an approach not assessed counts 50 until then)."},
        "missing": {"type": "array", "items": {"type": "string", "enum": list(CRITERIA)}},
        "parts": obj({name: obj({"weight": integer(0, 100), "score": {"type": "number", "minimum": 0, "maximum": 100},
                                 "points": {"type": "number", "minimum": 0, "maximum": 100}},
                                required=["weight", "score", "points"]) for name in CRITERIA},
                     required=list(CRITERIA)),
    }, required=["total", "complete", "missing", "parts"]),
    "Assessment": obj({"approach": integer(1, 5, description="1 (weak) to 5 (strong).")}, required=["approach"]),
    "Assessed": obj({"request_id": ID, "bid_id": ID, "approach": integer(1, 5)},
                    required=["request_id", "bid_id", "approach"]),

    # --- the beheerder's (admin) -----------------------------------------------------------
    "CategoryEntry": catalogue_entry(64, "name", 120),
    "ResultAreaEntry": catalogue_entry(64, "name", 160),
    "ComplexityEntry": catalogue_entry(32, "name", 64),
    "RequirementEntry": catalogue_entry(64, "text", 300, requires_document={"type": "boolean", "default": False},
                                        validity_months=nullable(integer(1, 120))),
    "TariffEntry": obj({
        "result_area": {"type": "string", "description": "A code in result_areas."},
        "complexity": {"type": "string", "description": "A code in complexity_levels."},
        "price_cents": integer(0, MAX_CENTS, description="Per four weeks, in whole cents."),
    }, required=["result_area", "complexity", "price_cents"], description="At most one per result area and "
                                                                          "complexity."),
    "Catalogue": obj({
        "categories": {"type": "array", "maxItems": 200, "items": ref("CategoryEntry"),
                       "description": "At least one active."},
        "result_areas": {"type": "array", "maxItems": 200, "items": ref("ResultAreaEntry"),
                         "description": "At least one active."},
        "complexity_levels": {"type": "array", "maxItems": 200, "items": ref("ComplexityEntry"),
                              "description": "In their order; at least one active."},
        "minimum_requirements": {"type": "array", "maxItems": 200, "items": ref("RequirementEntry")},
        "tariffs": {"type": "array", "maxItems": 200 * 200, "items": ref("TariffEntry")},
        "floor_percent": integer(0, 100, description="The floor of a new request: this share of its maximum "
                                                      "from the tariff table."),
    }, required=["categories", "result_areas", "complexity_levels", "minimum_requirements", "tariffs",
                 "floor_percent"],
        description="The whole catalogue, as GET answers it and PUT takes it. An entry left out is retired "
                    "(active false), never deleted; codes are unique per list."),
    "Settings": obj({
        "name": {"type": "string"}, "code": {"type": "string"},
        **SETTINGS_FIELDS,
    }, required=["name", "code", *SETTINGS_FIELDS]),
    "SettingsUpdate": obj(SETTINGS_FIELDS, description="A setting left out keeps its value."),
    "EvidenceList": obj({"evidence": {"type": "array", "items": obj({
        "id": ID,
        "requirement": obj({"id": ID, "code": {"type": "string"}, "gemeente_id": ID},
                           required=["id", "code", "gemeente_id"]),
        "filename": {"type": "string"},
        "content_type": {"type": "string", "enum": ["application/pdf", "image/png", "image/jpeg"],
                         "description": "Judged from the file's content when it was uploaded, never from its name."},
        "size": {"type": "integer", "minimum": 1, "maximum": 5 * 1024 * 1024},
        "expires_on": {**DAY, "description": "The last day it counts."},
        "uploaded_at": MOMENT,
        "state": {"type": "string", "enum": ["valid", "expiring", "expired"],
                  "description": "Today: expiring within 30 days still counts; expired does not."},
        "current": {"type": "boolean", "description": "The newest for its requirement: the one that counts."},
    }, required=["id", "requirement", "filename", "content_type", "size", "expires_on", "uploaded_at", "state",
                 "current"])}}, required=["evidence"],
        description="The caller's evidence for the minimum requirements, newest first. While the current "
                    "evidence for a requirement that asks for a document is missing or expired, the "
                    "organisation's approvals by that gemeente do not count for new requests; offers already "
                    "made stand."),
    "FailedMail": obj({"messages": {"type": "array", "items": obj({
        "id": ID, "to": {"type": "string"}, "subject": {"type": "string"}, "template": nullable({"type": "string"}),
        "attempts": {"type": "integer", "minimum": 0}, "last_error": nullable({"type": "string"}),
        "created_at": MOMENT}, required=["id", "to", "subject", "attempts", "created_at"])}}, required=["messages"]),

    # --- staff (admin) and password reset ----------------------------------------------------
    "NewStaff": obj({
        "email": {**EMAIL, "description": "An address no account uses yet."},
        "name": text(120, required=True),
        "role": {"type": "string", "enum": list(STAFF_ROLES)},
    }, required=["email", "name", "role"]),
    "StaffMember": obj({
        "id": ID, "email": {"type": "string"}, "name": {"type": "string"},
        "role": {"type": "string", "enum": list(STAFF_ROLES)},
        "status": {"type": "string", "enum": ["invited", "active", "inactive"],
                   "description": "invited: has not yet chosen a password through the e-mailed link."},
        "invited_at": nullable(MOMENT),
    }, required=["id", "email", "name", "role", "status"]),
    "StaffList": obj({"staff": {"type": "array", "items": ref("StaffMember")}}, required=["staff"]),
    "PasswordReset": obj({"email": EMAIL}, required=["email"]),
    "Accepted": obj({"status": {"const": "accepted"}, "message": {"type": "string"}}, required=["status"]),

    # --- steering figures (marketplace/figures) -----------------------------------------------
    "Stats": obj({
        "period": obj({"from": DAY, "to": DAY, "category": nullable({"type": "string"})},
                      required=["from", "to", "category"]),
        "requests": obj({s: COUNT for s in STATUSES if s != "draft"}, required=[s for s in STATUSES if s != "draft"],
                        description="The requests published in the period, by their status now."),
        "offers_per_request": obj({
            "mean": nullable({"type": "number", "minimum": 0}), "median": nullable({"type": "number", "minimum": 0}),
            "requests": {**COUNT, "description": "The requests whose window closed, over which these are taken."},
            "distribution": {"type": "array", "items": obj({"offers": {"type": "string"}, "requests": COUNT},
                                                            required=["offers", "requests"])},
        }, required=["mean", "median"]),
        "single_offer_share": nullable(RATE),
        "price_vs_max": obj({"median_ratio": nullable({"type": "number", "minimum": 0}),
                             "median_floor_ratio": nullable({"type": "number", "minimum": 0}), "awarded": COUNT},
                            required=["median_ratio"]),
        "savings_cents": {"type": "integer", "description": "The sum of maximum - awarded price."},
        "days_publish_to_award": obj({"median": nullable({"type": "number"}), "awarded": COUNT}, required=["median"]),
        "new_entrants": COUNT,
        "entrants": {"type": "array", "items": ref("NamedProvider")},
        "hhi": nullable(integer(0, 10_000, description="Herfindahl-Hirschman index over the number of awards.")),
        "market_shares": {"type": "array", "items": obj({
            "organisation_id": ID, "name": {"type": "string"}, "awards": COUNT, "share": RATE,
            "value_cents": COUNT}, required=["organisation_id", "name", "awards", "share"])},
        "outcomes": ref("Outcomes"),
        "outcomes_by_provider": {"type": "array", "items": {"allOf": [ref("NamedProvider"), ref("Outcomes")]}},
        "by_month": {"type": "array", "items": obj({
            "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
            "requests": obj({s: COUNT for s in STATUSES if s != "draft"}),
            "published": COUNT, "closed": COUNT, "awarded": COUNT,
            "offers_mean": nullable({"type": "number", "minimum": 0}), "single_offer_share": nullable(RATE),
            "savings_cents": {"type": "integer"}, "mean_price_cents": nullable({"type": "number"}),
            "mean_max_cents": nullable({"type": "number"}), "mean_floor_cents": nullable({"type": "number"}),
            "median_days_to_award": nullable({"type": "number"})}, required=["month", "requests"])},
        "signals": {"type": "array", "items": ref("Signal")},
    }, required=["requests", "offers_per_request", "single_offer_share", "price_vs_max", "savings_cents",
                 "days_publish_to_award", "new_entrants", "hhi", "outcomes", "signals"],
        description="The gemeente's steering figures over the requests published in the period "
                    "(README, Steering figures); null where there is no data."),
    "NamedProvider": obj({"organisation_id": ID, "name": {"type": "string"}}, required=["organisation_id", "name"]),
    "Outcomes": obj({
        "median_days_to_start": nullable({"type": "number", "minimum": 0}),
        "achieved_rate": nullable(RATE),
        "satisfaction_mean": nullable({"type": "number", "minimum": 1, "maximum": 5}),
        "complaints_per_100": nullable({"type": "number", "minimum": 0}),
        "assignments": COUNT, "started": COUNT, "ended": COUNT,
        "started_on_time_rate": nullable(RATE),
        "started_on_time": obj({"on_time": COUNT, "due": COUNT}, required=["on_time", "due"]),
        "review_results": COUNT, "survey_responses": COUNT, "complaints": COUNT, "complaints_about_gemeente": COUNT,
    }, required=["median_days_to_start", "achieved_rate", "satisfaction_mean", "complaints_per_100"],
        description="By the definitions of a provider's record; partly achieved counts half."),
    "Signal": {"anyOf": [
        obj({"kind": {"type": "string", "enum": ["single_offer", "near_maximum", "late_withdrawal",
                                                 "identical_prices"]},
             "request_id": ID, "reference": {"type": "string"}, "detail": {"type": "string"}},
            required=["kind", "request_id", "detail"]),
        obj({"kind": {"type": "string", "enum": ["dominant_provider", "never_wins"]},
             "organisation_id": ID, "name": {"type": "string"}, "detail": {"type": "string"},
             "category": {"type": "string", "description": "dominant_provider: the category it dominates."}},
            required=["kind", "organisation_id", "detail"]),
    ], "description": "A reason to look, not a verdict (README, Signals)."},
    # --- after the award: the assignment and its follow-up (marketplace/followup) -----------
    "Zrm": obj({domain: integer(followup.ZRM_MIN, followup.ZRM_MAX) for domain in followup.ZRM_DOMAINS},
               additional=False, description="Self-sufficiency matrix scores: per domain 1 (acute problems) to 5 "
                                             "(fully self-sufficient); domains left out were not scored."),
    "AssignmentStart": obj({
        "started_on": {**DAY, "description": "The actual start: not before the award, not after today."},
        "zrm": {**ref("Zrm"), "description": "The baseline scores at the start (consultant only)."},
    }, required=["started_on"]),
    "ReviewOutcome": obj({"code": {"type": "string", "minLength": 1, "maxLength": 64},
                          "outcome": {"type": "string", "enum": list(followup.OUTCOMES)}},
                         required=["code", "outcome"]),
    "NewReview": obj({
        "reviewed_on": {**DAY, "description": "Not before the start, not after today."},
        "results": {"type": "array", "minItems": 1, "items": ref("ReviewOutcome"),
                    "description": "Exactly one outcome per result area of the request."},
        "zrm": ref("Zrm"),
        "note": text(4000),
    }, required=["reviewed_on", "results"]),
    "ReviewFrequency": obj({"review_every_weeks": integer(followup.REVIEW_WEEKS_MIN, followup.REVIEW_WEEKS_MAX)},
                           required=["review_every_weeks"]),
    "NewComplaint": obj({
        "received_on": {**DAY, "description": "Not before the award, not after today."},
        "about": {"type": "string", "enum": list(followup.COMPLAINT_ABOUT)},
        "summary": text(4000, required=True),
    }, required=["received_on", "about", "summary"]),
    "ComplaintResolution": obj({
        "resolved_on": {**DAY, "description": "Not before the complaint came in, not after today."},
        "resolution": text(4000, required=True),
    }, required=["resolved_on", "resolution"]),
    "AssignmentEnd": obj({
        "ended_on": {**DAY, "description": "Not before the start (or, never started, the award); not after today."},
        "reason": {"type": "string", "enum": list(followup.END_REASONS),
                   "description": "switch_provider: only after the start; makes the follow-up draft."},
        "note": text(4000),
    }, required=["ended_on", "reason"]),
    "SurveyAnswers": obj({
        "answers": obj({code: integer(1, 5) for code in SURVEY_QUESTIONS}, required=list(SURVEY_QUESTIONS),
                       additional=False, description="1 = helemaal mee oneens ... 5 = helemaal mee eens."),
        "comment": {**text(SURVEY_COMMENT_MAX), "description": "Scanned for personal data: refused with 422 "
                                                               "personal_data_detected and its findings."},
        "on_behalf_of_client": {"type": "boolean", "description": "Required (true) when a consultant answers."},
    }, required=["answers"]),
    "Assignment": obj({
        "request_id": ID, "reference": {"type": "string"},
        "provider": obj({"id": ID, "name": {"type": "string"}}, required=["id", "name"]),
        "price_cents": {"type": "integer"}, "offered_start_date": DAY, "awarded_on": DAY,
        "started_on": nullable(DAY), "status": {"type": "string", "enum": list(followup.ALL)},
        "ended_on": nullable(DAY), "end_reason": nullable({"type": "string", "enum": list(followup.END_REASONS)}),
        "review_every_weeks": {"type": "integer"}, "next_review_on": nullable(DAY),
        "result_areas": {"type": "array", "items": obj({
            "code": {"type": "string"}, "name": {"type": "string"}, "complexity": {"type": "string"}},
            required=["code", "name"])},
        "reviews": {"type": "array", "items": obj({
            "id": ID, "reviewed_on": DAY, "kind": {"type": "string", "enum": ["start", "review"]},
            "results": {"type": "array", "items": ref("ReviewOutcome")},
            "zrm": nullable({"type": "object", "additionalProperties": {"type": "integer"}}),
            "zrm_change": nullable({"type": "object", "additionalProperties": {"type": "integer"}}),
            "note": {"type": "string"}}, required=["reviewed_on", "kind", "results"])},
        "complaints": {"type": "array", "items": obj({
            "number": {"type": "integer", "minimum": 1}, "received_on": DAY,
            "about": {"type": "string", "enum": list(followup.COMPLAINT_ABOUT)}, "summary": {"type": "string"},
            "resolved_on": nullable(DAY), "resolution": nullable({"type": "string"})},
            required=["number", "received_on", "about", "resolved_on"])},
        "survey": obj({
            "open": {"type": "boolean"}, "submitted": {"type": "boolean"}, "submitted_at": MOMENT,
            "on_behalf_of_client": {"type": "boolean"},
            "answers": {"type": "object", "additionalProperties": integer(1, 5)},
            "mean_score": {"type": "number"}, "comment": {"type": "string"}}, required=["submitted"],
            description="The winning provider sees only whether it was answered."),
        "end_note": nullable({"type": "string"}),
        "follow_up_request_id": nullable(ID),
    }, required=["request_id", "provider", "price_cents", "offered_start_date", "started_on", "status", "ended_on",
                 "end_reason", "reviews", "complaints", "survey"],
        description="The consultant sees everything; the winning provider its own assignment without notes, "
                    "ZRM scores, complaints about the gemeente or complaint texts, and without the survey's "
                    "answers and comment."),
    "AssignmentWithComplaint": {"allOf": [ref("Assignment"), obj({"complaint_number": {
        "type": "integer", "minimum": 1}}, required=["complaint_number"])]},
    "SurveySubmitted": obj({"request_id": ID, "submitted_at": MOMENT, "on_behalf_of_client": {"type": "boolean"},
                            "answers": {"type": "object", "additionalProperties": integer(1, 5)}},
                           required=["request_id", "submitted_at", "on_behalf_of_client"]),
}
