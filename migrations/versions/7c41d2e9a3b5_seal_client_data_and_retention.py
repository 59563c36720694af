"""seal the client's personal data, retention per gemeente, cancelled_at

Revision ID: 7c41d2e9a3b5
Revises: dd23cc416aeb
Create Date: 2026-11-23 09:00:00.000000

The plaintext columns of client_records become one Fernet token per record, sealed with the
newest key of CLIENT_DATA_KEYS (the app's configuration). The sealing is written out here
rather than imported, so this migration keeps working whatever the app's code becomes; its
format is the one marketplace.auction.client_data reads (JSON of the six fields).

Old plaintext may linger in the database file's free pages: run VACUUM afterwards (README).
"""
import json
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet
from flask import current_app

import marketplace.models.base


# revision identifiers, used by Alembic.
revision = '7c41d2e9a3b5'
down_revision = 'dd23cc416aeb'
branch_labels = None
depends_on = None

FIELDS = ("name", "bsn", "address", "phone", "date_of_birth", "notes")


def _key_ring() -> MultiFernet:
    value = current_app.config["CLIENT_DATA_KEYS"]
    parts = value if isinstance(value, (list, tuple)) else str(value or "").replace(",", "\n").split()
    keys = [str(p).strip() for p in parts if str(p).strip()]
    if not keys:
        raise RuntimeError("no client data key configured (CLIENT_DATA_KEYS)")
    return MultiFernet([Fernet(k.encode()) for k in keys])


def upgrade():
    # A plain rename (SQLite and PostgreSQL say it alike): a batch copy of gemeenten would have to
    # drop a table that every other table refers to.
    op.execute(sa.text("ALTER TABLE gemeenten RENAME COLUMN retention_months TO client_data_retention_months"))

    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', marketplace.models.base.UTCDateTime(), nullable=True))
    # Requests cancelled before this column existed: the audit trail knows when.
    op.execute(sa.text(
        "UPDATE requests SET cancelled_at = (SELECT MIN(created_at) FROM audit_events "
        "WHERE audit_events.request_id = requests.id AND audit_events.action = 'request_cancelled') "
        "WHERE status = 'cancelled'"))
    op.execute(sa.text("UPDATE requests SET cancelled_at = created_at "
                       "WHERE status = 'cancelled' AND cancelled_at IS NULL"))

    with op.batch_alter_table('client_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('created_at', marketplace.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('sealed_at', marketplace.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('erased_at', marketplace.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('erased_reason', sa.String(length=32), nullable=True))

    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT c.id, c.name, c.bsn, c.address, c.phone, r.created_at FROM client_records c "
        "JOIN requests r ON r.id = c.request_id")).all()
    if rows:
        ring = _key_ring()
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for row in rows:
            values = {"name": row.name, "bsn": row.bsn, "address": row.address, "phone": row.phone}
            data = {name: values.get(name) or None for name in FIELDS}
            token = ring.encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()
            conn.execute(sa.text("UPDATE client_records SET sealed = :sealed, created_at = :created, "
                                 "sealed_at = :now WHERE id = :id"),
                         {"sealed": token, "created": row.created_at or now, "now": now, "id": row.id})

    with op.batch_alter_table('client_records', schema=None) as batch_op:
        batch_op.alter_column('created_at', existing_type=marketplace.models.base.UTCDateTime(), nullable=False)
        batch_op.alter_column('sealed_at', existing_type=marketplace.models.base.UTCDateTime(), nullable=False)
        batch_op.drop_column('name')
        batch_op.drop_column('bsn')
        batch_op.drop_column('address')
        batch_op.drop_column('phone')


def downgrade():
    with op.batch_alter_table('client_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=160), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('bsn', sa.String(length=9), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('address', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('phone', sa.String(length=32), nullable=False, server_default=''))

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, sealed FROM client_records WHERE sealed IS NOT NULL")).all()
    if rows:
        ring = _key_ring()
        for row in rows:
            data = json.loads(ring.decrypt(row.sealed.encode()))
            conn.execute(sa.text("UPDATE client_records SET name = :name, bsn = :bsn, address = :address, "
                                 "phone = :phone WHERE id = :id"),
                         {"id": row.id, **{k: (data.get(k) or "") for k in ("name", "bsn", "address", "phone")}})

    with op.batch_alter_table('client_records', schema=None) as batch_op:
        batch_op.drop_column('erased_reason')
        batch_op.drop_column('erased_at')
        batch_op.drop_column('sealed_at')
        batch_op.drop_column('created_at')
        batch_op.drop_column('sealed')

    # Natively, not as a batch copy: many tables refer to requests.
    op.execute(sa.text("ALTER TABLE requests DROP COLUMN cancelled_at"))

    op.execute(sa.text("ALTER TABLE gemeenten RENAME COLUMN client_data_retention_months TO retention_months"))
