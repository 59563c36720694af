"""A domain refusal as a page shows it: in the reader's language. The domain writes Dutch Text
(msgid plus values); marketplace.i18n.translate renders one message, and a validation error's
summary is rebuilt here from its translated field messages, so no Dutch is left inside it."""
from flask_babel import gettext as _

from ..auction.errors import DomainError, Text, field_summary
from ..i18n import translate

SUMMARY = "Controleer de invoer. %(summary)s"  # the msgid of errors.validation_error's message


def field_messages(error: DomainError) -> dict[str, str]:
    """A validation error's per-field messages, translated; {} for any other error."""
    fields = error.extra.get("fields") if error.code == "validation_error" else None
    return {name: translate(message) for name, message in (fields or {}).items()}


def error_message(error: DomainError) -> str:
    """The error's message in the reader's language."""
    message = error.message
    fields = field_messages(error)
    if fields and isinstance(message, Text) and message.msgid == SUMMARY:
        return _("Controleer de invoer. %(summary)s", summary=field_summary(fields))
    return translate(message)
