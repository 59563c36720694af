"""Writes that need no answer, sent together: one statement on PostgreSQL.

A revised offer writes the offer, its revision, the audit trail, the request's seq, perhaps an
outbid notice with its e-mail, and the idempotency record. One by one that was eight round
trips, each holding the web worker while it waits (gunicorn.conf.py), and the benchmark's
profile put a third of a bid's time there. On PostgreSQL they go as data-modifying CTEs of a
single statement, which PostgreSQL runs to completion whether or not anything reads them.
SQLite has neither DML in WITH nor round trips worth saving: there they run one by one.

The statements are SQLAlchemy Core, so bound values go through the column types (UTC
datetimes, JSON) as everywhere else."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import EmailOutbox, Notification, User
from .records import notification_wording, notify, organisation_users
from .transactions import dialect_name


class WriteBatch:
    def __init__(self, session: Session):
        self.session = session
        self.statements: list = []
        self.postgresql = dialect_name(session) == "postgresql"

    def add(self, statement) -> None:
        self.statements.append(statement)

    def notify_organisation(self, organisation_id: int, kind: str, subject, body, link: str, now) -> None:
        """records.notify for one organisation's active users; on PostgreSQL the database reads
        the users itself, inside the batch, instead of a query first."""
        if not self.postgresql:
            notify(self.session, organisation_users(self.session, [organisation_id]), kind, subject, body, link)
            return
        wording = notification_wording(subject=subject, body=body)
        notes_table, outbox, users_table = Notification.__table__, EmailOutbox.__table__, User.__table__
        users = sa.select(
            users_table.c.id, sa.literal(kind), sa.literal(str(subject)), sa.literal(str(body)), sa.literal(link),
            sa.literal(wording, sa.JSON), sa.literal(now, notes_table.c.created_at.type),
        ).where(users_table.c.organisation_id == organisation_id, users_table.c.active.is_(True))
        notes = sa.insert(notes_table).from_select(
            ["user_id", "kind", "subject", "body", "link", "wording", "created_at"], users,
            include_defaults=False).returning(notes_table.c.id, notes_table.c.user_id)
        inserted = notes.cte(f"notes_{len(self.statements)}")
        self.add(sa.insert(outbox).from_select(
            ["notification_id", "to_address", "subject", "body", "created_at"],
            sa.select(inserted.c.id, users_table.c.email, sa.literal(f"Zorgbod: {subject}"),
                      sa.literal(f"{body}\n\n{link}".strip()), sa.literal(now, outbox.c.created_at.type))
            .select_from(inserted.join(users_table, users_table.c.id == inserted.c.user_id)),
            include_defaults=False))

    def run(self) -> None:
        if not self.statements:
            return
        if not self.postgresql or len(self.statements) == 1:
            for statement in self.statements:
                self.session.execute(statement)
        else:
            *others, last = self.statements
            ctes = [statement.cte(f"write_{i}") for i, statement in enumerate(others)]
            self.session.execute(last.add_cte(*ctes))
        self.statements = []
