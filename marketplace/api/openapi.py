"""GET /api/v1/openapi.json: the contract of docs/api.md as OpenAPI 3.1.

As strict as the server, so that a client generated from it sends what the server accepts and
the fuzzer (tests/adapters/test_api_fuzz.py) can tell a wrong answer from a right one: every request
field with the type, range, length and choices the server enforces; every success answer with
its schema; every error status an operation can answer, with the contract's error JSON.
Unknown JSON fields are ignored (the contract), so request objects allow more properties;
answers allow more properties too, so that adding a field to an answer is not a break."""
from flask import jsonify

from . import bp
from .openapi_schemas import SCHEMAS
from .openapi_types import (
    DAY,
    ERROR_CODES,
    ID,
    STATUS,
    ref,
    text,
)

ID_PARAMETER = {"name": "id", "in": "path", "required": True, "description": "The request's id.",
                "schema": ID}
STAFF_ID = {"name": "id", "in": "path", "required": True, "description": "The staff member's id.", "schema": ID}
BID_PARAMETER = {"name": "bid_id", "in": "path", "required": True, "description": "The offer's id.",
                 "schema": ID}
ORGANISATION_PARAMETER = {"name": "organisation_id", "in": "path", "required": True,
                          "description": "The provider organisation's id.", "schema": ID}
COMPLAINT_PARAMETER = {"name": "number", "in": "path", "required": True, "schema": ID,
                       "description": "The complaint's number within its assignment (1, 2, ...)."}
STATUS_FILTER = {"name": "status", "in": "query", "required": False, "schema": STATUS,
                 "description": "Only requests with this status."}


STATS_FILTERS = [
    {"name": "from", "in": "query", "required": False, "schema": DAY,
     "description": "The first day of publication (Amsterdam), from 2000-01-01 to a year ahead; left out: the "
                    "first day of the month eleven months before `to`."},
    {"name": "to", "in": "query", "required": False, "schema": DAY,
     "description": "The last day of publication, included (not before `from`, at most ten years after it); "
                    "left out: today."},
    {"name": "category", "in": "query", "required": False, "schema": text(64),
     "description": "A category code of the gemeente's catalogue; left out or empty: every category."},
]


def csv_op(operation: dict) -> dict:
    """The operation answering text/csv (RFC 4180, a header row first) instead of JSON."""
    operation["responses"]["200"] = {"description": "OK", "content": {"text/csv": {"schema": {"type": "string"}}}}
    return operation


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
        "/requests/{id}/offers/{bid_id}/assessment": {"post": op(
            "Score an offer's plan of approach 1-5 with the client (consultant; after the close, before the "
            "award); again replaces the earlier score", (200, "Assessed"), (403, 404, 409), "Assessment",
            tag="award", with_id=False, parameters=[ID_PARAMETER, BID_PARAMETER])},
        "/providers/{organisation_id}/record": {"get": op(
            "A provider's record in the caller's gemeente (consultant of a gemeente that approved it)",
            (200, "Record"), (404,), tag="award", with_id=False, parameters=[ORGANISATION_PARAMETER])},
        "/catalogue": {
            "get": op("The gemeente's catalogue and tariff table (admin)", (200, "Catalogue"), (403,),
                      tag="admin", with_id=False),
            "put": op("Replace the catalogue and tariff table whole (admin); answered as stored",
                      (200, "Catalogue"), (403,), "Catalogue", tag="admin", with_id=False)},
        "/settings": {
            "get": op("The gemeente's settings (admin)", (200, "Settings"), (403,), tag="admin", with_id=False),
            "put": op("Change settings (admin); answered as stored", (200, "Settings"), (403,), "SettingsUpdate",
                      tag="admin", with_id=False)},
        "/evidence": {"get": op("The caller's own evidence for the minimum requirements, newest first (provider)",
                                (200, "EvidenceList"), (403,), tag="admission", with_id=False)},
        "/mail/failed": {"get": op("The gemeente's e-mail that could not be delivered, newest first (admin)",
                                   (200, "FailedMail"), (403,), tag="admin", with_id=False)},
        "/staff": {
            "get": op("The gemeente's consultants and beheerders (admin)", (200, "StaffList"), (403,), tag="admin",
                      with_id=False),
            "post": op("Invite a consultant or beheerder by e-mail: a one-time link, valid 72 hours, to choose a "
                       "password (admin)", (201, "StaffMember"), (403,), "NewStaff", tag="admin", with_id=False)},
        "/staff/{id}": {"delete": op(
            "Deactivate: the person's page sessions, API tokens and sockets stop at once; the gemeente's last "
            "active beheerder cannot be deactivated (admin)", (200, "StaffMember"), (403, 404, 409), tag="admin",
            with_id=False, parameters=[STAFF_ID])},
        "/staff/{id}/reactivate": {"post": op(
            "Let a deactivated person log in again (admin)", (200, "StaffMember"), (403, 404, 409), tag="admin",
            with_id=False, parameters=[STAFF_ID])},
        "/staff/{id}/invitation": {"post": op(
            "A new invitation link for someone who has not yet chosen a password; the old link stops working "
            "(admin)", (200, "StaffMember"), (403, 404, 409), tag="admin", with_id=False, parameters=[STAFF_ID])},
        "/password-reset": {"post": op(
            "E-mail a one-time link (valid one hour) to choose a new password; answered the same whether or not "
            "the address is on Zorgbod", (202, "Accepted"), (429,), "PasswordReset", tag="auth", with_id=False,
            public=True)},
        "/stats": {"get": op(
            "The steering figures of the caller's gemeente (consultant, admin) over the requests published "
            "in the period", (200, "Stats"), (403, 422), tag="stats", with_id=False, parameters=STATS_FILTERS)},
        "/stats.csv": {"get": csv_op(op(
            "The same per request, one CSV row each (consultant, admin); the provider only after award",
            (200, "Stats"), (403, 422), tag="stats", with_id=False, parameters=STATS_FILTERS))},
        "/requests/{id}/assignment": {"get": op(
            "The assignment after award (consultant of the gemeente, or the winning provider)", (200, "Assignment"),
            (404, 409), tag="followup")},
        "/requests/{id}/assignment/start": {"post": op(
            "Confirm the actual start, once (the winning provider, or a consultant, who may add the ZRM baseline)",
            (200, "Assignment"), (403, 404, 409), "AssignmentStart", tag="followup")},
        "/requests/{id}/assignment/reviews": {"post": op(
            "A review with the client: one outcome per result area, optional ZRM scores (consultant; after the "
            "start, before the end)", (201, "Assignment"), (403, 404, 409), "NewReview", tag="followup")},
        "/requests/{id}/assignment/review-frequency": {"put": op(
            "Every how many weeks to review; the next review moves with it (consultant)", (200, "Assignment"),
            (403, 404, 409), "ReviewFrequency", tag="followup")},
        "/requests/{id}/assignment/complaints": {"post": op(
            "Register a complaint about the provider or the gemeente (consultant)", (201, "AssignmentWithComplaint"),
            (403, 404, 409), "NewComplaint", tag="followup")},
        "/requests/{id}/assignment/complaints/{number}/resolve": {"post": op(
            "Resolve complaint <number>, once (consultant)", (200, "Assignment"), (403, 404, 409),
            "ComplaintResolution", tag="followup", with_id=False, parameters=[ID_PARAMETER, COMPLAINT_PARAMETER])},
        "/requests/{id}/assignment/end": {"post": op(
            "End the assignment with a reason (consultant); switch_provider also makes a draft for the same need "
            "with the old provider excluded: follow_up_request_id", (200, "Assignment"), (403, 404, 409),
            "AssignmentEnd", tag="followup")},
        "/requests/{id}/survey": {"post": op(
            "The client's answers to the six questions, once, after the start (the request's client token, or a "
            "consultant with on_behalf_of_client true)", (201, "SurveySubmitted"), (403, 404, 409),
            "SurveyAnswers", tag="followup")},
        "/requests/{id}/assignment/survey": {"post": op(
            "The same as POST /requests/{id}/survey, beside the assignment's other calls", (201, "SurveySubmitted"),
            (403, 404, 409), "SurveyAnswers", tag="followup")},
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
