"""Search over claims' sentences: the third kind of search hit, beside items and sources.

SQLite reads the claims_fts FTS5 table, PostgreSQL the claims.search tsvector (both made by
migration 0006). A claim is filtered by its own modality and year, by its item's pillar,
kind, status and province, and by its source's publisher; its snippet marks the matched
words with the same sentinels as the other hits (the web layer escapes, then marks).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from corridor.store.pages import (
    COUNT_CAP,
    TIE_SLACK,
    _iso,
    count_upto,
    fts_page,
    fts_ranked,
    fts_rows,
    fts_top,
)
from corridor.store.tables import ItemRow, SourceRow

ITEM_FILTERS = ("pillar", "kind", "status", "province")


def search_claims(
    *,
    session: Session,
    match: str,
    filters: dict[str, Any],
    limit: int,
    offset: int,
    facets: bool = True,
    cap: int | None = COUNT_CAP,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """({"total", "total_capped", "rows"}, modality facet) for the claims whose sentence has
    every word of `match` (corridor.store.pages.search_words: an FTS5 query on SQLite, the
    words for plainto_tsquery on PostgreSQL). With the facet and more than `cap` matches,
    `total` is `cap`, `total_capped` true, and the facet counts the `cap` best-ranked
    matches (in rank, then id, order)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    params: dict[str, Any] = {"q": match, "limit": limit, "offset": offset}
    joins: list[str] = []
    where: list[str] = []
    if any(filters.get(name) is not None for name in ITEM_FILTERS):
        joins.append("JOIN items i ON i.id = c.item_id")
        for name in ITEM_FILTERS:
            if filters.get(name) is not None:
                where.append(f"i.{name} = :c_{name}")
                params[f"c_{name}"] = filters[name]
    if filters.get("publisher") is not None:
        joins.append("JOIN sources s ON s.id = c.source_id")
        where.append("s.publisher = :c_publisher")
        params["c_publisher"] = filters["publisher"]
    # On SQLite a unary + keeps the claim's own columns off their indexes: the matches lead
    # (a modality holds an eighth of a million claims; probing the index for each is slow).
    plus = "+" if sqlite else ""
    if filters.get("modality") is not None:
        where.append(f"{plus}c.modality = :c_modality")
        params["c_modality"] = filters["modality"]
    if filters.get("year") is not None:
        year = int(filters["year"])
        where.append(f"{plus}c.claim_date >= :c_y0 AND {plus}c.claim_date < :c_y1")
        params["c_y0"], params["c_y1"] = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if sqlite:
        source = " ".join(["claims_fts JOIN claims c ON c.rowid = claims_fts.rowid", *joins])
        condition = " AND ".join(["claims_fts MATCH :q", *where])
        snippet = "snippet(claims_fts, 0, char(1), char(2), '…', 32)"
        rank = "bm25(claims_fts)"
    else:
        source = " ".join(["claims c", *joins, "CROSS JOIN plainto_tsquery('english', :q) query"])
        condition = " AND ".join(["c.search @@ query", *where])
        snippet = (
            "ts_headline('english', c.sentence, query, 'StartSel=\x01, StopSel=\x02, "
            "HighlightAll=true')"
        )
        rank = "-ts_rank(c.search, query)"
    fast = sqlite and not joins and not where
    facet: list[dict[str, Any]] = []
    capped = (
        facets
        and cap is not None
        and count_upto(
            session,
            "claims_fts WHERE claims_fts MATCH :q" if fast else f"{source} WHERE {condition}",
            params,
            cap,
        )
        > cap
    )
    ranked: list[int] = []
    if capped:
        assert cap is not None
        if fast:
            # The index ranks the matches once, for the facet's top `cap` (ties at the cap in
            # rowid order) and for the page (ties in id order, as below the cap).
            fetch = max(cap, offset + limit + TIE_SLACK)
            top = fts_top(session, fts="claims_fts", match=match, fetch=fetch)
            ranked = fts_ranked(
                session, fts="claims_fts", table="claims", match=match,
                wanted=offset + limit, top=top, fetch=fetch,
            )[offset:]  # fmt: skip
            grouped_sql = text(
                "SELECT c.modality, count(*) AS n FROM claims c WHERE c.rowid IN :top "
                "GROUP BY c.modality ORDER BY n DESC, c.modality"
            ).bindparams(bindparam("top", value=[rid for rid, _ in top[:cap]], expanding=True))
        else:
            grouped_sql = text(
                f"SELECT top.modality, count(*) AS n FROM (SELECT c.modality FROM {source} "
                f"WHERE {condition} ORDER BY {rank}, c.id LIMIT :cap) top "
                "GROUP BY top.modality ORDER BY n DESC, top.modality"
            )
        grouped = session.execute(grouped_sql, {**params, "cap": cap}).all()
        total = cap
        facet = [{"value": value, "count": count} for value, count in grouped if value is not None]
    elif facets:
        # One grouped pass gives the facet and, summed, the total (modality is never null).
        grouped = session.execute(
            text(
                f"SELECT c.modality, count(*) AS n FROM {source} WHERE {condition} "
                "GROUP BY c.modality ORDER BY n DESC, c.modality"
            ),
            params,
        ).all()
        total = sum(int(row.n) for row in grouped)
        facet = [{"value": value, "count": count} for value, count in grouped if value is not None]
    else:
        counted = (
            "claims_fts WHERE claims_fts MATCH :q"  # no filter: the index alone counts
            if sqlite and not joins and not where
            else f"{source} WHERE {condition}"
        )
        total = session.execute(text(f"SELECT count(*) FROM {counted}"), params).scalar_one()
    found: list[Any]
    if not total:
        found = []
    elif capped and fast:
        found = fts_rows(
            session,
            fts="claims_fts",
            table="claims",
            columns="t.id, t.item_id, t.source_id, t.modality, t.claim_date",
            snippet=snippet,
            match=match,
            rids=ranked,
        )
    elif fast:
        found = fts_page(
            session,
            fts="claims_fts",
            table="claims",
            columns="t.id, t.item_id, t.source_id, t.modality, t.claim_date",
            snippet=snippet,
            match=match,
            limit=limit,
            offset=offset,
        )
    else:
        found = list(
            session.execute(
                text(
                    f"SELECT c.id, c.item_id, c.source_id, c.modality, c.claim_date, "
                    f"{snippet} AS snippet FROM {source} WHERE {condition} "
                    f"ORDER BY {rank}, c.id LIMIT :limit OFFSET :offset"
                ),
                params,
            )
        )
    names = dict(
        session.execute(
            select(ItemRow.id, ItemRow.name).where(ItemRow.id.in_({r.item_id for r in found}))
        ).all()
    )
    sources = {
        r.id: r
        for r in session.execute(
            select(
                SourceRow.id,
                SourceRow.title,
                SourceRow.file_name,
                SourceRow.publisher,
                SourceRow.published,
            ).where(SourceRow.id.in_({r.source_id for r in found}))
        )
    }
    rows = []
    for r in found:
        src = sources.get(r.source_id)
        rows.append(
            {
                "id": r.id,
                "item_id": r.item_id,
                "item_name": names.get(r.item_id, r.item_id),
                "source_id": r.source_id,
                "source_title": src.title if src else None,
                "source_file_name": src.file_name if src else None,
                "publisher": src.publisher if src else None,
                "modality": r.modality,
                "claim_date": _iso(r.claim_date),
                "snippet": r.snippet or "",
            }
        )
    return {"total": int(total), "total_capped": bool(capped), "rows": rows}, facet
