"""The store: tables, migrations and the queries on them (SQLite or PostgreSQL)."""

from corridor.store.db import (
    current_revision,
    head_revision,
    make_engine,
    require_schema,
    retrying,
    transaction,
    upgrade,
)

__all__ = [
    "current_revision",
    "head_revision",
    "make_engine",
    "require_schema",
    "retrying",
    "transaction",
    "upgrade",
]
