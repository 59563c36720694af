"""A provider's evidence as the pages show it (to the consultant who judges the admission, and
to the provider itself): the name of each state, the file's bytes with the type judged at
upload, opened in the browser under a policy of its own, and how large a body the upload form
may send."""
from io import BytesIO

from flask import send_file
from flask_babel import lazy_gettext as _l

from ..models import Evidence
from ..providers.evidence import EXPIRED, EXPIRING, MAX_BYTES, MISSING, VALID

STATE_LABELS = {VALID: _l("Geldig"), EXPIRING: _l("Verloopt binnenkort"), EXPIRED: _l("Verlopen"),
                MISSING: _l("Ontbreekt")}

# The upload form's body: the file plus the form's other fields and the multipart framing.
# Every other form post stays under MAX_CONTENT_LENGTH (256 KiB).
UPLOAD_BODY_LIMIT = MAX_BYTES + 64 * 1024

# What a browser needs to show a PDF or an image and nothing more. A PDF viewer is a plugin to
# Chrome (object-src) and styles its own frame inline; the answer is never HTML (its type is
# PDF, PNG or JPEG by content, and nosniff holds), so no script of ours or anyone's runs here.
FILE_POLICY = {
    "default-src": "'none'",
    "img-src": "'self'",
    "object-src": "'self'",
    "style-src": "'unsafe-inline'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "form-action": "'none'",
}


def serves_a_file(view):
    """Give the view FILE_POLICY instead of the pages' Content-Security-Policy (flask-talisman
    reads a view's own options from this attribute, as its per-view decorator sets it)."""
    view.talisman_view_options = {"content_security_policy": FILE_POLICY}
    return view


def evidence_response(evidence: Evidence):
    """The file inline, with its stored type and its (cleaned) name; never cached (the pages'
    no-store applies), never sniffed (nosniff is on every answer)."""
    return send_file(BytesIO(evidence.content), mimetype=evidence.content_type, as_attachment=False,
                     download_name=evidence.filename, conditional=False, etag=False, max_age=None)
