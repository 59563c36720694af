"""The OpenAPI schemas of choosing on more than price (award criteria, a provider's record, the
assessment) and of running a gemeente (catalogue, settings, evidence, failed mail, staff): a data
table, merged into openapi_schemas.SCHEMAS."""
from ..quality.scoring import CRITERIA
from .openapi_types import (
    COUNT,
    DAY,
    EMAIL,
    ID,
    MAX_CENTS,
    MOMENT,
    RATE,
    SETTINGS_FIELDS,
    STAFF_ROLES,
    catalogue_entry,
    integer,
    nullable,
    obj,
    ref,
    text,
)

GEMEENTE_SCHEMAS = {
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
}
