"""Which notices a user wants by e-mail: the optional ones can be switched off (settings page);
outcome and account messages always go. The inbox always gets every notice."""

# The kinds of notice (records.notify's `kind`) a user may choose not to get by e-mail.
OPTIONAL_NOTICES = frozenset({"new_request", "window_open", "outbid", "closing_soon"})


def wants_email(user, kind: str) -> bool:
    """Whether `user` gets notice `kind` by e-mail: an attribute read, no query (the outbid
    notice is sent on the bid path)."""
    return kind not in OPTIONAL_NOTICES or kind not in (user.email_opt_out or ())
