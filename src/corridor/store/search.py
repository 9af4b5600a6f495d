"""Full-text search: FTS5 on SQLite, tsvector on PostgreSQL, one interface."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session


@dataclass(slots=True)
class Hit:
    kind: str  # "item" or "source"
    id: str
    title: str
    rank: float


def _fts5_query(query: str) -> str:
    # Quote every word so user input is never parsed as FTS5 syntax (AND, NEAR, "*"...).
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


def search(*, session: Session, query: str, limit: int = 20) -> list[Hit]:
    """Items and sources matching all words of `query`, best first."""
    dialect = session.get_bind().dialect.name
    hits: list[Hit] = []
    if dialect == "sqlite":
        match = _fts5_query(query)
        if not match:
            return []
        for table, kind, label in (("items", "item", "name"), ("sources", "source", "title")):
            rows = session.execute(
                text(
                    f"SELECT t.id, t.{label}, bm25({table}_fts) AS rank FROM {table}_fts "
                    f"JOIN {table} t ON t.rowid = {table}_fts.rowid "
                    f"WHERE {table}_fts MATCH :q ORDER BY rank LIMIT :limit"
                ),
                {"q": match, "limit": limit},
            )
            # bm25 is lower-is-better; negate so both backends sort descending.
            hits += [Hit(kind, r[0], r[1] or "", -float(r[2])) for r in rows]
    else:
        for table, kind, label in (("items", "item", "name"), ("sources", "source", "title")):
            rows = session.execute(
                text(
                    f"SELECT id, {label}, ts_rank(search, q) AS rank "
                    f"FROM {table}, websearch_to_tsquery('english', :q) q "
                    f"WHERE search @@ q ORDER BY rank DESC LIMIT :limit"
                ),
                {"q": query, "limit": limit},
            )
            hits += [Hit(kind, r[0], r[1] or "", float(r[2])) for r in rows]
    hits.sort(key=lambda h: h.rank, reverse=True)
    return hits[:limit]
