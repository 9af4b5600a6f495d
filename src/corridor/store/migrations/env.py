"""Alembic environment: corridor runs migrations in-process on its own connection."""

from alembic import context

import corridor.store.accounts  # noqa: F401  (its tables join Base.metadata)
from corridor.store.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - corridor always passes a connection
    raise RuntimeError("run migrations through `corridor db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place: batch mode copies the table.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
