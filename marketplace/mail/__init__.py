"""E-mail: what the app queues in the outbox (in the transaction that caused it), how a message
is rendered (text and HTML, in the recipient's language), and the sender that delivers the
outbox over SMTP, or writes .eml files under instance/mail/ when no MAIL_URL is set.

The queueing side is domain code (no Flask); the sender runs in the scheduler's process."""
