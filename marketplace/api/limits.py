"""What every API call is refused before a view reads its body: a body over the size cap
(payload_too_large, 413) and JSON nested too deep to read (validation_error). Control
characters in text are refused where a field is read (marketplace.auction.inputs.Fields):
unknown fields are ignored, as the contract says, whatever they hold."""
from flask import current_app, request

from ..auction.errors import DomainError, Text, validation_error
from . import bp


def too_large(cap: int) -> DomainError:
    return DomainError("payload_too_large", Text("Wat u verstuurde is te groot: hoogstens %(kib)s KiB.",
                                                 kib=cap // 1024), max_bytes=cap)


@bp.before_request
def guard_body():
    cap = current_app.config.get("API_MAX_CONTENT_LENGTH")
    if cap:
        request.max_content_length = cap
        if request.content_length is not None and request.content_length > cap:
            raise too_large(cap)
        if request.content_length is None and len(request.get_data(cache=True)) >= cap:
            # Sent without Content-Length (chunked): Werkzeug stops reading at the cap without a
            # word, and the cut-off JSON would read as invalid rather than as too large.
            raise too_large(cap)
    if request.is_json:
        try:
            request.get_json(silent=True)  # parsed once here, cached for the view
        except RecursionError:
            # "[[[[…" a few thousand deep: Python's parser gives up with RecursionError, not the
            # ValueError that means bad JSON, and the caller would get a 500.
            raise validation_error({"body": Text("De JSON is te diep genest.")}) from None
