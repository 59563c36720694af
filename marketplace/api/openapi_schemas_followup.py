"""The OpenAPI schemas of what follows the award (the assignment, its reviews, complaints and
survey) and of the steering figures: a data table, merged into openapi_schemas.SCHEMAS."""
from ..auction.states import ALL as STATUSES
from ..followup import states as followup
from ..followup.survey import CODES as SURVEY_QUESTIONS
from ..followup.survey import COMMENT_MAX_LENGTH as SURVEY_COMMENT_MAX
from .openapi_types import (
    COUNT,
    DAY,
    ID,
    MOMENT,
    RATE,
    integer,
    nullable,
    obj,
    ref,
    text,
)

FOLLOWUP_SCHEMAS = {
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
