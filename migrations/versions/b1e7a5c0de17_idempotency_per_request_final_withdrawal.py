"""idempotency keys per organisation and request; a withdrawal is final for its window

Revision ID: b1e7a5c0de17
Revises: 7c41d2e9a3b5
Create Date: 2026-12-02 05:00:00.000000

An idempotency key was unique per organisation only, so a key reused on a second request
replayed the first request's answer and no bid was placed. It is now unique per
(organisation, request, key); existing records already satisfy that.

bids.withdrawn_in_window names the window an offer was withdrawn from (the request's
original_closes_at then). Withdrawals made before this column existed stay NULL: the rule
that a withdrawal is final applies from now on.
"""
from alembic import op
import sqlalchemy as sa

import marketplace.models.base


# revision identifiers, used by Alembic.
revision = 'b1e7a5c0de17'
down_revision = '7c41d2e9a3b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.drop_constraint('uq_idempotency_org_key', type_='unique')
        batch_op.create_unique_constraint('uq_idempotency_org_request_key', ['organisation_id', 'request_id', 'key'])

    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_in_window', marketplace.models.base.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_in_window')

    # Keys reused across requests would break the narrower constraint: keep the first answer.
    op.execute(sa.text(
        "DELETE FROM idempotency_records WHERE id NOT IN (SELECT MIN(id) FROM idempotency_records "
        "GROUP BY organisation_id, key)"))
    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.drop_constraint('uq_idempotency_org_request_key', type_='unique')
        batch_op.create_unique_constraint('uq_idempotency_org_key', ['organisation_id', 'key'])
