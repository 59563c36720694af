"""Database tuning the rules never see: SQLite's log checkpointed on a thread of its own
(wal_checkpoints) and pooled connections pinged only after standing idle (connection_check).

Imports SQLAlchemy and the standard library only; no Flask, nothing from the domain. Kept
import-free so importing a submodule loads nothing else."""
