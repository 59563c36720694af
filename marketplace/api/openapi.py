"""GET /api/v1/openapi.json: the contract of CONTRACT.md as OpenAPI 3.1."""
from flask import jsonify

from . import bp


def _op(summary: str, body: str | None = None, ok: int = 200, tag: str = "requests") -> dict:
    op = {"summary": summary, "tags": [tag],
          "responses": {str(ok): {"description": "OK"},
                        "default": {"description": "Error", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}}}}}}
    if body:
        op["requestBody"] = {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}}}
    return op


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Zorgbod API", "version": "1.0.0",
             "description": "Wmo-ondersteuning inkopen per cliënt. Zie CONTRACT.md."},
    "servers": [{"url": "/api/v1"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
            "TokenRequest": {"oneOf": [
                {"type": "object", "required": ["email", "password"],
                 "properties": {"email": {"type": "string"}, "password": {"type": "string"}}},
                {"type": "object", "required": ["client_code"],
                 "properties": {"client_code": {"type": "string"}}}]},
            "NewRequest": {"type": "object",
                           "required": ["category", "result_areas", "region", "start_date", "duration_weeks",
                                        "opens_at", "closes_at", "client"],
                           "properties": {
                               "category": {"type": "string"},
                               "result_areas": {"type": "array", "items": {"type": "object", "properties": {
                                   "code": {"type": "string"}, "complexity": {"enum": ["licht", "midden", "zwaar"]}}}},
                               "region": {"type": "string", "pattern": "^[1-9][0-9]{2}$"},
                               "start_date": {"type": "string", "format": "date"},
                               "duration_weeks": {"type": "integer", "minimum": 1},
                               "max_price_cents": {"type": "integer"}, "floor_price_cents": {"type": "integer"},
                               "description": {"type": "string"},
                               "opens_at": {"type": "string", "format": "date-time"},
                               "closes_at": {"type": "string", "format": "date-time"},
                               "visibility": {"enum": ["open", "rank_only", "sealed"]},
                               "min_step_cents": {"type": "integer"}, "soft_close_seconds": {"type": "integer"},
                               "max_extension_seconds": {"type": "integer"},
                               "client": {"type": "object", "required": ["name"], "properties": {
                                   "name": {"type": "string"}, "bsn": {"type": "string"},
                                   "address": {"type": "string"}, "phone": {"type": "string"},
                                   "date_of_birth": {"type": "string", "format": "date"},
                                   "notes": {"type": "string", "maxLength": 4000}},
                                   "description": "Personal data: sealed (encrypted) apart from the request; "
                                                  "the winner gets name, address and phone after award."}}},
            "Bid": {"type": "object", "required": ["price_cents"], "properties": {
                "price_cents": {"type": "integer", "minimum": 1},
                "start_date": {"type": "string", "format": "date"}, "approach": {"type": "string"},
                "idempotency_key": {"type": "string", "maxLength": 128}}},
            "Reason": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}},
            "Window": {"type": "object", "required": ["opens_at", "closes_at"], "properties": {
                "opens_at": {"type": "string", "format": "date-time"},
                "closes_at": {"type": "string", "format": "date-time"}}},
            "Choice": {"type": "object", "required": ["bid_id"], "properties": {
                "bid_id": {"type": "integer"}, "on_behalf_of_client": {"type": "boolean"}}},
            "Award": {"type": "object", "required": ["bid_id"], "properties": {
                "bid_id": {"type": "integer"}, "motivation": {"type": "string"}}},
        },
    },
    "security": [{"bearer": []}],
    "paths": {
        "/tokens": {"post": {**_op("Token for a user or a client code", "TokenRequest", 201, "auth"),
                             "security": []}},
        "/tokens/current": {"delete": _op("Revoke the caller's token", tag="auth")},
        "/requests": {"get": _op("Requests the caller may see (?status=)"),
                      "post": _op("Create a draft request (consultant)", "NewRequest", 201)},
        "/requests/{id}": {"get": _op("The anonymised request with the caller's standings"),
                           "patch": _op("Change a draft's description (drafts only)")},
        "/requests/{id}/publish": {"post": _op("Publish a draft; refused with 422 personal_data_detected and its findings while the free text holds personal data, unless each is judged not personal in the body: {\"not_personal\": [{\"field\", \"text\", \"reason\"}]}")},
        "/requests/{id}/cancel": {"post": _op("Cancel with a reason", "Reason")},
        "/requests/{id}/reopen": {"post": _op("New window after no_offers", "Window")},
        "/requests/{id}/bids": {"post": _op("Make or revise the caller's offer", "Bid", 201, "bids")},
        "/requests/{id}/bids/mine": {"delete": _op("Withdraw the caller's offer", tag="bids")},
        "/requests/{id}/client-code": {"post": _op("One-time client code", ok=201, tag="award")},
        "/requests/{id}/offers": {"get": _op("Offers side by side after close", tag="award")},
        "/requests/{id}/choice": {"post": _op("The client's choice", "Choice", tag="award")},
        "/requests/{id}/award": {"post": _op("Award the chosen offer", "Award", tag="award"),
                                 "get": _op("The award, with client contact for the winner", tag="award")},
    },
}


@bp.get("/openapi.json")
def openapi():
    return jsonify(SPEC)
