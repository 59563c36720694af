"""audit trail as hash chains: audit_events.prev_hash/hash, requests.audit_head, audit_heads

Revision ID: c2a0d17c4a1f
Revises: b1e7a5c0de17
Create Date: 2026-12-02 05:00:00.000000

Existing events are chained here in id order, one chain per request and one for events
without a request. The hash is written out here rather than imported, so this migration keeps
working whatever the app's code becomes; its form is marketplace.auction.audit_chain.event_hash.
"""
import hashlib
from datetime import timezone

from alembic import op
import orjson
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2a0d17c4a1f'
down_revision = 'b1e7a5c0de17'
branch_labels = None
depends_on = None


def _hash(prev, actor, action, request_id, gemeente_id, details, created_at) -> str:
    if created_at.tzinfo is not None:
        created_at = created_at.astimezone(timezone.utc).replace(tzinfo=None)
    details = orjson.dumps(orjson.loads(orjson.dumps(details or {})), option=orjson.OPT_SORT_KEYS)
    content = b"\x1f".join([
        (prev or "").encode(), actor.encode(), action.encode(), str(request_id or "").encode(),
        str(gemeente_id or "").encode(), details, created_at.isoformat(timespec="microseconds").encode(),
    ])
    return hashlib.sha256(content).hexdigest()


def upgrade():
    op.add_column('audit_events', sa.Column('prev_hash', sa.String(length=64), nullable=True))
    op.add_column('audit_events', sa.Column('hash', sa.String(length=64), nullable=True))
    op.add_column('requests', sa.Column('audit_head', sa.String(length=64), nullable=True))
    heads = op.create_table(
        'audit_heads',
        sa.Column('chain', sa.String(length=32), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('chain', name=op.f('pk_audit_heads')),
    )

    events = sa.table('audit_events', sa.column('id', sa.Integer), sa.column('request_id', sa.Integer),
                      sa.column('gemeente_id', sa.Integer), sa.column('actor', sa.String),
                      sa.column('action', sa.String), sa.column('details', sa.JSON),
                      sa.column('created_at', sa.DateTime), sa.column('prev_hash', sa.String),
                      sa.column('hash', sa.String))
    requests = sa.table('requests', sa.column('id', sa.Integer), sa.column('audit_head', sa.String))
    bind = op.get_bind()
    chain_heads: dict = {}
    rows = bind.execute(sa.select(events.c.id, events.c.request_id, events.c.gemeente_id, events.c.actor,
                                  events.c.action, events.c.details, events.c.created_at)
                        .order_by(events.c.id)).all()
    for id_, request_id, gemeente_id, actor, action, details, created_at in rows:
        prev = chain_heads.get(request_id)
        new = _hash(prev, actor, action, request_id, gemeente_id, details, created_at)
        bind.execute(events.update().where(events.c.id == id_).values(prev_hash=prev, hash=new))
        chain_heads[request_id] = new
    for request_id, head in chain_heads.items():
        if request_id is not None:
            bind.execute(requests.update().where(requests.c.id == request_id).values(audit_head=head))
    op.bulk_insert(heads, [{"chain": "global", "hash": chain_heads.get(None)}])


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later too): a batch copy of requests
    # would trip the foreign keys that point at it.
    op.drop_table('audit_heads')
    op.execute("ALTER TABLE requests DROP COLUMN audit_head")
    op.execute("ALTER TABLE audit_events DROP COLUMN hash")
    op.execute("ALTER TABLE audit_events DROP COLUMN prev_hash")
