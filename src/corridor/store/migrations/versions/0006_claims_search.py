"""Full-text search over claims' sentences (the third kind of search hit), and what the
overview's charts read.

SQLite: an external-content FTS5 table over claims.sentence, kept in step by triggers
(like items_fts and sources_fts). PostgreSQL: a generated tsvector column with a GIN index.
Never alter `claims` in batch mode later: a batch copy drops these triggers and renumbers
the rowids the index points at.

Charts: on SQLite, `claim_months` counts claims (rejected ones left out) by month and
modality, kept by triggers, so "claims over time" reads a few hundred rows, not a million
(PostgreSQL aggregates claims directly with an index on date and modality). A partial
index finds the claims that name an amount, for "money by pillar and year". Overdue items
are listed from an index.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE claims_fts USING fts5(sentence, content='claims', "
            "content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN "
            "INSERT INTO claims_fts(rowid, sentence) VALUES (new.rowid, new.sentence); END"
        )
        op.execute(
            "CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN "
            "INSERT INTO claims_fts(claims_fts, rowid, sentence) "
            "VALUES ('delete', old.rowid, old.sentence); END"
        )
        # Only a changed sentence touches the index: reviews update claims often.
        op.execute(
            "CREATE TRIGGER claims_fts_au AFTER UPDATE OF sentence ON claims BEGIN "
            "INSERT INTO claims_fts(claims_fts, rowid, sentence) "
            "VALUES ('delete', old.rowid, old.sentence); "
            "INSERT INTO claims_fts(rowid, sentence) VALUES (new.rowid, new.sentence); END"
        )
        op.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
        _sqlite_claim_months()
    else:
        op.execute(
            "ALTER TABLE claims ADD COLUMN search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('english', sentence)) STORED"
        )
        op.execute("CREATE INDEX ix_claims_search ON claims USING gin (search)")
        op.create_index("ix_claims_date_modality", "claims", ["claim_date", "modality"])
    # On SQLite covering, so that money by year reads the index alone, never a claim row
    # (PostgreSQL has no btree over json: the index finds the rows).
    covered = ", amounts" if op.get_context().dialect.name == "sqlite" else ""
    op.execute(
        f"CREATE INDEX ix_claims_amounts ON claims (item_id, claim_date, review_state{covered}) "
        "WHERE json_array_length(amounts) > 0"
    )
    op.create_index("ix_items_overdue", "items", ["overdue", "status_since"])


MONTH = "coalesce(substr({row}.claim_date, 1, 7), '')"  # '' holds the undated claims


def _sqlite_claim_months() -> None:
    op.execute(
        "CREATE TABLE claim_months (month VARCHAR(7) NOT NULL, modality VARCHAR(20) NOT NULL, "
        "n INTEGER NOT NULL, PRIMARY KEY (month, modality))"
    )
    op.execute(
        f"INSERT INTO claim_months (month, modality, n) SELECT {MONTH.format(row='claims')}, "
        "modality, count(*) FROM claims WHERE review_state != 'rejected' GROUP BY 1, 2"
    )
    add = (
        "INSERT INTO claim_months (month, modality, n) SELECT {month}, new.modality, 1 "
        "WHERE new.review_state != 'rejected' "
        "ON CONFLICT (month, modality) DO UPDATE SET n = n + 1;"
    ).format(month=MONTH.format(row="new"))
    remove = (
        "UPDATE claim_months SET n = n - 1 WHERE month = {month} AND modality = old.modality "
        "AND old.review_state != 'rejected';"
    ).format(month=MONTH.format(row="old"))
    op.execute(f"CREATE TRIGGER claim_months_ai AFTER INSERT ON claims BEGIN {add} END")
    op.execute(f"CREATE TRIGGER claim_months_ad AFTER DELETE ON claims BEGIN {remove} END")
    op.execute(
        "CREATE TRIGGER claim_months_au AFTER UPDATE OF claim_date, modality, review_state "
        f"ON claims BEGIN {remove} {add} END"
    )


def downgrade() -> None:
    op.drop_index("ix_items_overdue", table_name="items")
    op.execute("DROP INDEX IF EXISTS ix_claims_amounts")
    if op.get_context().dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS claims_fts_{suffix}")
            op.execute(f"DROP TRIGGER IF EXISTS claim_months_{suffix}")
        op.execute("DROP TABLE IF EXISTS claims_fts")
        op.execute("DROP TABLE IF EXISTS claim_months")
    else:
        op.drop_index("ix_claims_date_modality", table_name="claims")
        op.execute("DROP INDEX IF EXISTS ix_claims_search")
        op.execute("ALTER TABLE claims DROP COLUMN IF EXISTS search")
