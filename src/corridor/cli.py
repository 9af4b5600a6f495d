"""The command line: each command parses its input and calls one library function."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

from corridor import __version__
from corridor.errors import CorridorError
from corridor.export import csv_cell
from corridor.model import PROVINCES, Item, Kind, Modality, Pillar, Status, choices, plausible_day
from corridor.web.users_cli import users_app

app = typer.Typer(
    help="corridor: Pakistan-China cooperation tracked from promise to delivery.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Create and migrate the database.", no_args_is_help=True)
registry_app = typer.Typer(help="The registry of tracked items.", no_args_is_help=True)
items_app = typer.Typer(help="List and inspect tracked items.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(registry_app, name="registry")
claims_app = typer.Typer(help="List and review claims.", no_args_is_help=True)
app.add_typer(items_app, name="items")
app.add_typer(claims_app, name="claims")
app.add_typer(users_app, name="users")

# Names, aliases, notes and sentences come from registries and documents: a "[/]" or
# "[red]" in them is text to show, never Rich markup (which would eat it or fail on it).
out = Console(markup=False)
err = Console(stderr=True, markup=False)

# Typer builds CLI choices from enums: these mirror the model's taxonomies exactly.
PillarChoice = StrEnum("PillarChoice", {v: v for v in choices(Pillar)})  # type: ignore[misc]
KindChoice = StrEnum("KindChoice", {v: v for v in choices(Kind)})  # type: ignore[misc]
StatusChoice = StrEnum("StatusChoice", {v: v for v in choices(Status)})  # type: ignore[misc]
ProvinceChoice = StrEnum("ProvinceChoice", {v: v for v in PROVINCES})  # type: ignore[misc]


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


ActorOption = Annotated[
    str,
    typer.Option("--by", envvar="USER", help="Who is acting (recorded in the audit log)."),
]
ModalityChoice = StrEnum("ModalityChoice", {v: v for v in choices(Modality)})  # type: ignore[misc]

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="CORRIDOR_DATABASE_URL",
        help="Database URL (default sqlite:///corridor.db).",
        show_envvar=True,
    ),
]


def _say(message: str) -> None:
    """A message on stderr, kept on one line: Rich would break it at the terminal's width
    (at 80 columns, in the middle of an id), and scripts and grep read lines."""
    err.print(message, soft_wrap=True)


def _check_settings() -> None:
    """Read the CORRIDOR_* settings now, before any document: a bad one is one E113 line
    and exit 1, as `serve` and `promises` give it. Read first by a reader inside a batch, it
    failed each document in turn as an unexpected error (E900) wrapping the E113 (QA)."""
    from corridor.settings import get_settings

    get_settings()


def _engine(url: str | None, *, migrated: bool = True) -> Any:
    from corridor.store import make_engine, require_schema

    engine = make_engine(url)
    if migrated:
        require_schema(engine)
    return engine


def _version(value: bool) -> None:
    if value:
        out.print(f"corridor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """corridor reads news, op-eds, statements and agreements on Pakistan-China cooperation,
    finds what each sentence says of each item, and tracks every item from promise to delivery.
    """


@db_app.command("init")
def db_init(database: DatabaseOption = None) -> None:
    """Create the database (or bring it up to date) so corridor can use it."""
    from corridor.store import head_revision

    engine = _engine(database, migrated=False)
    before = _upgrade(engine)
    state = "created" if before is None else f"already existed at {before}"
    _say(
        f"database {engine.url.render_as_string(hide_password=True)}: {state}; "
        f"schema at {head_revision()}"
    )


@db_app.command("upgrade")
def db_upgrade(database: DatabaseOption = None) -> None:
    """Migrate a database made by an older corridor to this version, keeping its data."""
    from corridor.store import head_revision

    engine = _engine(database, migrated=False)
    before = _upgrade(engine)
    if before == head_revision():
        _say(f"schema already at {before}: nothing to do")
    else:
        _say(f"schema upgraded from {before or 'nothing'} to {head_revision()}")


def _upgrade(engine: Any) -> str | None:
    """Migrate; a database from before the stored walks gets them at once (statuses are left
    as they are), so that the promise tracker need not fall back to reading claims."""
    from corridor.store import upgrade
    from corridor.track.walks import REVISION

    before = upgrade(engine)
    if before is not None and before < REVISION:
        from corridor.store import transaction
        from corridor.track.derive import store_walks

        with transaction(engine) as session:
            written = store_walks(session=session)
        _say(f"stored every item's walk for the promise tracker ({written} items)")
    if before is not None and before < CLOCK_REVISION:
        from corridor.store import transaction
        from corridor.track.derive import refresh_statuses

        with transaction(engine) as session:
            changed = refresh_statuses(session=session)
        _say(f"re-derived every item for its overdue clock ({changed} changed)")
    return before


CLOCK_REVISION = "0010"  # the migration that stores the overdue clock (filled by re-deriving)


@registry_app.command("load")
def registry_load(
    file: Annotated[
        Path | None,
        typer.Argument(help="A registry CSV of your own; default: the bundled CPEC registry."),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Load registry items idempotently: new rows are added, edited rows update their item.

    A file with any invalid row is refused whole, each problem named with file:line.
    """
    from corridor.registry import bundled_path, read_registry
    from corridor.store import transaction
    from corridor.store.items import upsert_items

    path = file or bundled_path()
    items = read_registry(path)
    engine = _engine(database)
    with transaction(engine) as session:
        counts = upsert_items(session=session, items=items)
    _say(
        f"{path.name}: {len(items)} items: {counts.new} new, {counts.updated} updated, "
        f"{counts.unchanged} unchanged"
    )


ITEM_COLUMNS = [
    "id",
    "name",
    "kind",
    "pillar",
    "status",
    "status_as_of",
    "province",
    "city",
    "lat",
    "lon",
    "capacity",
    "capacity_unit",
    "cost_usd",
]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@items_app.command("list")
def items_list(
    pillar: Annotated[PillarChoice | None, typer.Option(help="Only this pillar.")] = None,
    kind: Annotated[KindChoice | None, typer.Option(help="Only this kind.")] = None,
    status: Annotated[StatusChoice | None, typer.Option(help="Only this status.")] = None,
    province: Annotated[
        ProvinceChoice | None, typer.Option(help="Only this province (ISO 3166-2:PK).")
    ] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
    database: DatabaseOption = None,
) -> None:
    """List tracked items, filtered by pillar, kind, status or province."""
    from corridor.store import transaction
    from corridor.store.items import list_items

    with transaction(_engine(database)) as session:
        items = list_items(
            session=session,
            pillar=pillar and pillar.value,
            kind=kind and kind.value,
            status=status and status.value,
            province=province and province.value,
        )
    if fmt is ListFormat.json:
        json.dump([i.to_dict() for i in items], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt is ListFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(ITEM_COLUMNS)
        for item in items:
            writer.writerow([_cell(csv_cell(getattr(item, c))) for c in ITEM_COLUMNS])
    else:
        out.print(_items_table(items))
        _say(f"{len(items)} items")


def _items_table(items: Sequence[Item]) -> Table:
    """Three columns of two lines an item: name over id, kind over pillar, status over
    province. Six columns side by side did not fit 80 columns: a 72-character candidate id
    took the width and left the others none (QA). The words are never cut; the name wraps,
    and an id longer than the column folds onto the next line, whole (json and csv give it
    on one line)."""
    kinds = _words_column("kind\npillar", [w for i in items for w in (i.kind, i.pillar)])
    statuses = _words_column("status\nprovince", [w for i in items for w in (i.status, i.province)])
    table = Table(Column("name\nid", overflow="fold"), kinds, statuses, show_lines=True)
    for item in items:
        table.add_row(
            f"{item.name}\n{item.id}",
            f"{item.kind}\n{item.pillar}",
            f"{item.status}\n{item.province}" if item.province else str(item.status),
        )
    return table


def _words_column(header: str, words: Sequence[str | None]) -> Column:
    """A column of single words (a status, a kind, a date, an id's first characters): as wide
    as the longest and never cut, so that a narrow terminal takes its width from the names
    and sentences beside it instead."""
    width = max(len(word or "") for word in [*header.split("\n"), *words])
    return Column(header, no_wrap=True, min_width=width)


def _show_table(item: Item) -> None:
    """A field a line: the value wraps at spaces, and a URL or id wider than the terminal
    folds onto the next line, whole (QA: a source's URL was cut to "…" at 80 columns)."""
    table = Table(show_header=False, box=None)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in item.to_dict().items():
        if value not in (None, [], ""):
            table.add_row(key, _cell(value))
    out.print(table)


@items_app.command("show")
def items_show(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="The item's id, e.g. rashakai-sez.")],
    fmt: Annotated[ShowFormat, typer.Option("--format", help="Output format.")] = ShowFormat.table,
    database: DatabaseOption = None,
) -> None:
    """Show everything corridor knows about one item (the one it was merged into, if so)."""
    from corridor.store import transaction
    from corridor.store.items import get_item
    from corridor.track.derive import undated_set_aside
    from corridor.track.link import follow

    with transaction(_engine(database)) as session:
        # A merged item is a leftover pointer (its claims and names moved): show where it went.
        shown = follow(session=session, item_id=item_id) or item_id
        item = get_item(session=session, item_id=shown)
        # What the status leaves out, said beside it (analyst QA: ML-1's 8 undated problem
        # claims were set aside unsaid).
        aside = undated_set_aside(session=session, item_id=shown) if item is not None else None
    if item is None:
        raise CorridorError("E202", repr(item_id))
    if shown != item_id:
        _say(f"note: {item_id} was merged into {shown}; showing {shown}")
    not_counted = aside.to_dict() if aside is not None and aside.count else None
    if fmt is ShowFormat.json:
        data = {**item.to_dict(), "undated_not_counted": not_counted}
        out.print_json(json.dumps(data, ensure_ascii=False))
    else:
        _show_table(item)
        if not_counted:
            out.print(
                f"status note: {not_counted['text']}, dated claims speaking for the item "
                "(docs/status.md, 'Which claims count')",
                highlight=False,
            )


def _wide() -> Console:
    """A console wide enough for a table of sentences even when stdout is not a terminal."""
    return Console(width=max(out.width, 160), markup=False)


def _write_csv(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    """The rows as CSV under the given columns: named up front, not taken from the first row,
    so that a CSV of no rows still has its header. Text a spreadsheet would run as a formula
    is prefixed with ' (export.csv_cell), as the web's CSV does (QA: a title "=cmd|..."
    went out as it was)."""
    writer = csv.writer(sys.stdout)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(csv_cell(row[c])) for c in columns])


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _status_line(status: str, since: str | None, as_of: str | None) -> str:
    """The status, since when it holds (docs/status.md) and, if later, as of which claim's
    date: "operational since 2026-04-01 (as of 2026-07-01)"."""
    line = status + (f" since {since}" if since else "")
    return line + (f" (as of {as_of})" if as_of and as_of != since else "")


@items_app.command("timeline")
def items_timeline(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="The item's id.")],
    fmt: Annotated[ShowFormat, typer.Option("--format", help="Output format.")] = ShowFormat.table,
    database: DatabaseOption = None,
) -> None:
    """The item's claims in date order, with sentence and source; its events and amounts."""
    from sqlalchemy import select

    from corridor.store import transaction
    from corridor.store.tables import ItemRow
    from corridor.track.timeline import item_timeline

    with transaction(_engine(database)) as session:
        story = item_timeline(session=session, item_id=item_id)
        # the store keeps when the status began; the timeline's item has only its as-of date
        since = session.scalar(
            select(ItemRow.status_since).where(ItemRow.id == story["item"]["id"])
        )
    if fmt is ShowFormat.json:
        _print_json(story)
        return
    item = story["item"]
    header = Text.assemble(
        (item["name"], "bold"),
        f" ({item['id']}): {_status_line(item['status'], since, item['status_as_of'])}",
    )
    out.print(header, highlight=False)
    out.print(_timeline_table(story["claims"]))
    for event in story["events"]:
        out.print(f"event {event['type']} {event['date'] or ''} {event['place'] or ''}")
    for amount in story["amounts"]:
        out.print(f"amount {amount.get('text') or amount.get('value')} ({amount.get('date')})")


def _timeline_table(claims: Sequence[dict[str, Any]]) -> Table:
    """Two columns a claim, so that the sentence keeps the width (QA: five side by side left
    it and its source a word or two a line at 80 columns): the date over the modality and
    the review, never cut, then the sentence over "— " and its source (a title, or a URL
    folded whole). An undated claim leaves its date's line blank: each word keeps its line.
    """
    shown = [(c["date"] or "", c["modality"], c["review_state"]) for c in claims]
    meta = _words_column("date\nmodality\nreview", [word for words in shown for word in words])
    table = Table(meta, Column("sentence\nsource", overflow="fold"), show_lines=True)
    for claim, words in zip(claims, shown, strict=True):
        source = claim["source_title"] or claim["source_url"] or ""
        said = Text.assemble(claim["sentence"], "\n", (f"— {source}" if source else "", "dim"))
        table.add_row("\n".join(words), said)
    return table


@items_app.command("merge")
def items_merge(
    keep: Annotated[str, typer.Argument(help="The item that stays.")],
    merge: Annotated[str, typer.Argument(help="The item folded into it.")],
    by: ActorOption = "analyst",
    database: DatabaseOption = None,
) -> None:
    """Fold item B into item A: B's claims, names and events move to A; no claim is lost."""
    from corridor.store import transaction
    from corridor.track.review import check_merge, merge_items

    check_merge(keep, merge)  # said before a database is opened, as split and review do
    with transaction(_engine(database)) as session:
        moved = merge_items(session=session, keep=keep, merge=merge, actor=by)
    _say(f"merged {merge} into {keep}: {moved} claims moved")


@items_app.command("split")
def items_split(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="The item to split.")],
    claims: Annotated[
        str, typer.Option(help="Comma-separated claim ids (or their first 8+ characters) to move.")
    ],
    name: Annotated[str, typer.Option(help="Name of the new item.")],
    by: ActorOption = "analyst",
    database: DatabaseOption = None,
) -> None:
    """Move some of an item's claims to a new item (they keep their ids and reviews)."""
    from corridor.store import transaction
    from corridor.track.review import check_split, split_item

    given = [c.strip() for c in claims.split(",") if c.strip()]
    # What needs no database is said first, as `claims review` does (QA: a blank --name was
    # refused only after each claim id was looked up, so a mistyped id hid it as E402).
    check_split(name, given)
    with transaction(_engine(database)) as session:
        ids = [_full_claim_id(session, claim) for claim in given]  # as review takes them
        new_id = split_item(session=session, item_id=item_id, claim_ids=ids, name=name, actor=by)
    out.print(new_id)


@items_app.command("promote")
def items_promote(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="A candidate item's id.")],
    name: Annotated[str | None, typer.Option(help="Its canonical name.")] = None,
    kind: Annotated[KindChoice | None, typer.Option(help="Its kind.")] = None,
    pillar: Annotated[PillarChoice | None, typer.Option(help="Its pillar.")] = None,
    by: ActorOption = "analyst",
    database: DatabaseOption = None,
) -> None:
    """Make a candidate (found in documents) a registry item; its id stays."""
    from corridor.store import transaction
    from corridor.track.review import promote_item

    with transaction(_engine(database)) as session:
        promote_item(
            session=session,
            item_id=item_id,
            actor=by,
            name=name,
            kind=kind and kind.value,
            pillar=pillar and pillar.value,
        )
    _say(f"promoted {item_id}")


@items_app.command("override")
def items_override(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="The item's id.")],
    reason: Annotated[str, typer.Option(help="Why: recorded in the audit log.")],
    status: Annotated[StatusChoice | None, typer.Option(help="The status to set.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Lift the override.")] = False,
    by: ActorOption = "analyst",
    database: DatabaseOption = None,
) -> None:
    """Override an item's derived status, with a reason; it survives re-ingest."""
    from corridor.store import transaction
    from corridor.track.review import override_status

    if (status is None) == (not clear):
        raise CorridorError("E403", "give --status S or --clear")
    with transaction(_engine(database)) as session:
        override_status(
            session=session,
            item_id=item_id,
            status=status and status.value,
            reason=reason,
            actor=by,
        )
    _say(f"{item_id}: override {'lifted' if clear else 'set to ' + str(status)}")


@items_app.command("refresh")
def items_refresh(database: DatabaseOption = None) -> None:
    """Re-derive every item's status from its claims (after changing the rules)."""
    from corridor.store import transaction
    from corridor.track.derive import refresh_statuses

    with transaction(_engine(database)) as session:
        changed = refresh_statuses(session=session)
    _say(f"{changed} statuses changed")


# How much of a claim id `claims list` shows, and how little `claims review` takes.
SHORT_CLAIM_ID = 12
MIN_CLAIM_PREFIX = 8


@claims_app.command("list")
def claims_list(
    item: Annotated[str | None, typer.Option(help="Only claims on this item.")] = None,
    source: Annotated[str | None, typer.Option(help="Only claims from this source id.")] = None,
    modality: Annotated[ModalityChoice | None, typer.Option(help="Only this modality.")] = None,
    unreviewed: Annotated[
        bool, typer.Option("--unreviewed", help="Only the review queue.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, max=100000, help="At most this many.")] = 100,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
    database: DatabaseOption = None,
) -> None:
    """List claims, newest first."""
    from corridor.store import transaction
    from corridor.store.claims import CLAIM_COLUMNS, list_claims

    with transaction(_engine(database)) as session:
        rows = list_claims(
            session=session,
            item_id=item,
            source_id=source,
            modality=modality and modality.value,
            unreviewed=unreviewed,
            limit=limit,
        )
    if fmt is ListFormat.json:
        _print_json(rows)
    elif fmt is ListFormat.csv:
        _write_csv(rows, CLAIM_COLUMNS)
    else:
        out.print(_claims_table(rows, width=out.width))
        _say(f"{len(rows)} claims")


def _claims_table(rows: Sequence[dict[str, Any]], *, width: int) -> Table:
    """Three columns a claim, so that the sentence keeps the width (QA: six side by side left
    it one word a line at 80 columns): the id's first characters over the date and the
    review, the modality over the item, then the sentence. The short id is what `claims
    review` takes (as `git log --oneline` shows a commit's) and is never cut; an item id
    wider than its column (two fifths of the width the short id leaves, or the longest
    modality's) folds onto the next line, whole."""
    shown = [(str(r["id"])[:SHORT_CLAIM_ID], str(r["date"] or ""), r["review_state"]) for r in rows]
    meta = _words_column("id\ndate\nreview", [word for words in shown for word in words])
    modalities = [len(m) for m in choices(Modality)]
    room = (width - SHORT_CLAIM_ID - 10) * 2 // 5  # 10: a boxed table's borders and padding
    item = Column("modality\nitem", overflow="fold", max_width=max(*modalities, room))
    table = Table(meta, item, Column("sentence", overflow="fold"), show_lines=True)
    for row, words in zip(rows, shown, strict=True):
        table.add_row(
            "\n".join(words),
            f"{row['modality']}\n{row['item_id']}",
            str(row["sentence"]),
        )
    return table


@claims_app.command("review")
def claims_review(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    accept: Annotated[bool, typer.Option("--accept", help="The claim is right.")] = False,
    reject: Annotated[
        bool, typer.Option("--reject", help="The claim is wrong: stop counting it.")
    ] = False,
    set_modality: Annotated[
        ModalityChoice | None, typer.Option(help="Correct its modality.")
    ] = None,
    set_item: Annotated[str | None, typer.Option(help="Move it to another item.")] = None,
    set_amount_usd: Annotated[float | None, typer.Option(help="Correct its amount (USD).")] = None,
    note: Annotated[str | None, typer.Option(help="A note for the audit log.")] = None,
    by: ActorOption = "analyst",
    database: DatabaseOption = None,
) -> None:
    """Accept, reject or correct a claim; the item's status is re-derived at once."""
    from corridor.store import transaction
    from corridor.track.review import review_claim

    # The options' conflict needs no database: said first, not after the id is looked up
    # (QA: `review nope --accept --reject` answered E402 "no claim", not the conflict).
    correction = bool(set_modality or set_item or set_amount_usd is not None)
    if sum([accept, reject, correction]) != 1:
        raise CorridorError(
            "E403",
            "give exactly one of --accept, --reject or a correction "
            "(--set-modality, --set-item, --set-amount-usd)",
        )
    with transaction(_engine(database)) as session:
        claim = review_claim(
            session=session,
            claim_id=_full_claim_id(session, claim_id),
            actor=by,
            accept=accept,
            reject=reject,
            modality=set_modality and set_modality.value,
            item_id=set_item,
            amount_usd=set_amount_usd,
            note=note,
        )
    _say(f"claim {claim.id}: {claim.review_state} ({claim.modality}, {claim.item_id})")


def _full_claim_id(session: Any, given: str) -> str:
    """The id of the one claim whose id is or starts with `given` (at least MIN_CLAIM_PREFIX
    characters, as git takes a commit's); an id matching none is left for E402."""
    from sqlalchemy import select

    from corridor.store.tables import ClaimRow

    if session.get(ClaimRow, given) is not None:
        return given
    if len(given) < MIN_CLAIM_PREFIX:
        raise CorridorError("E402", f"{given!r} (a prefix needs {MIN_CLAIM_PREFIX} characters)")
    query = select(ClaimRow.id).where(ClaimRow.id.startswith(given, autoescape=True))
    found = list(session.scalars(query))
    if len(found) > 1:
        raise CorridorError(
            "E402", f"{given!r} but {len(found)} whose ids start with it: give more of the id"
        )
    return found[0] if found else given


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"
    text = "text"


def _read_one(source: str, allow_private: bool) -> tuple[list[Any], list[Any]]:
    """What a path, URL or '-' (standard input) holds: its documents (with where each was
    read) and the failures among them (read results); raises when nothing could be read."""
    from corridor.ingest.batch import read_targets
    from corridor.ingest.read import nothing_read

    results = list(read_targets([source], allow_private=allow_private))
    documents = [(r.origin, r.document) for r in results if r.document is not None]
    for result in results:
        if result.note:
            err.print(f"note {result.origin}: {result.note}", highlight=False, soft_wrap=True)
    failures = [r for r in results if r.error is not None]
    if not documents:
        first = next((r.error for r in failures), None)
        raise first if first is not None else nothing_read(source)
    return documents, failures


def _holds_several(source: str) -> bool:
    """A folder, feed or JSON Lines archive prints JSON Lines even when it holds one document:
    a script reading `extract inbox/` must not have to guess which of two shapes it gets."""
    from corridor.ingest.batch import is_url
    from corridor.ingest.sniff import sniff

    if source == "-" or is_url(source):
        return False  # read once already; their count decides
    path = Path(source)
    if path.is_dir():
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
        return sniff(head, name=source) in ("feed", "jsonl")
    except (OSError, CorridorError):
        return False


@app.command("extract")
def extract_command(
    source: Annotated[str, typer.Argument(metavar="PATH|URL|-", help="A document; - reads stdin.")],
    fmt: Annotated[
        ExtractFormat,
        typer.Option("--format", help="json (the contract), table, or text (the clean text)."),
    ] = ExtractFormat.json,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching from private addresses.")
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date (YYYY-MM-DD) if the document carries none; relative dates "
            '("on Tuesday", "last year") are resolved against it.'
        ),
    ] = None,
) -> None:
    """Read one document and print what corridor finds in it; touches no database.

    Offsets in the JSON are character offsets into the clean text that --format text prints.
    A folder, feed or archive holds several documents: the JSON is then one object a line
    (JSON Lines), the text has a "==> name <==" line before each document, and what could
    not be read is listed on stderr (exit status 1).
    """
    from corridor.extract import extract

    _check_settings()
    default_date = _day(published, "--published")
    documents, failures = _read_one(source, allow_private)
    several = _holds_several(source) or len(documents) + len(failures) > 1
    for origin, document in documents:
        if default_date is not None and (
            document.published is None or document.published_from_file
        ):
            document.published = default_date
        if fmt is ExtractFormat.text:
            if several:
                sys.stdout.write(f"==> {origin} <==\n")
            sys.stdout.write(document.text + "\n")
            continue
        result = extract(document).to_dict()
        if fmt is ExtractFormat.json:
            if several:
                sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
            else:
                _print_json(result)
            continue
        meta = result["source"]
        title = Text.assemble(
            (meta.get("title") or source, "bold"), f" {meta.get('published') or ''}"
        )
        out.print(title, highlight=False)
        out.print(_found_table(result["items"], width=out.width))
        for amount in result.get("amounts", []):
            out.print(f"amount: {amount['text']} = {amount.get('usd')} USD")
        for event in result.get("events", []):
            out.print(
                f"event: {event['type']} {event.get('date')}..{event.get('end_date')} "
                f"{', '.join(event.get('actors') or [])} {event.get('place') or ''}"
            )
        for stat in result.get("statistics", []):
            out.print(f"statistic: {stat['text']}")
    for failure in failures:
        err.print(failure.error.render(), markup=False, highlight=False, soft_wrap=True)
    if failures:
        raise typer.Exit(1)


def _found_table(items: Sequence[dict[str, Any]], *, width: int) -> Table:
    """Three columns an item found, so that the evidence keeps the width (QA: six side by
    side cut "recommendation" and registry ids to "…" at 80 columns and left the sentence a
    word a line): the name over the registry id (or "(candidate)"), the kind over the pillar
    and the modality, never cut, then the first evidence sentence. An id wider than its
    column folds onto the next line, whole; a word missing leaves its line blank."""
    rows = [
        (
            f"{item['name']}\n{item['item_id'] or '(candidate)'}",
            (item["kind"] or "", item["pillar"] or "", item["modality"]),
            item["evidence"][0]["sentence"] if item["evidence"] else "",
        )
        for item in items
    ]
    return _beside_table(("item\nregistry id", "kind\npillar\nmodality", "evidence"), rows,
                         width=width)  # fmt: skip


def _beside_table(
    headers: tuple[str, str, str], rows: Sequence[tuple[str, tuple[str, ...], str]], *, width: int
) -> Table:
    """A name over an id, words never cut (one a line), and a sentence with the rest of the
    width, for each of `rows` (name, words, sentence)."""
    words = _words_column(headers[1], [w for _, shown, _ in rows for w in shown])
    name = _beside_sentences(headers[0], width=width, words=words)
    table = Table(name, words, Column(headers[2], overflow="fold"), show_lines=True)
    for named, shown, sentence in rows:
        table.add_row(named, "\n".join(shown), sentence)
    return table


def _beside_sentences(header: str, *, width: int, words: Column) -> Column:
    """A column of names and ids beside a column of words and one of sentences: at most a
    third of the width the words leave (10: a boxed table's borders and padding), so that
    the sentence keeps the rest; an id wider than that folds onto the next line, whole."""
    room = (width - (words.min_width or 0) - 10) // 3
    return Column(header, overflow="fold", max_width=max(room, 16))


@app.command("ingest")
def ingest_command(
    sources: Annotated[
        list[str],
        typer.Argument(metavar="PATH|URL...", help="Files, folders, feeds, .jsonl archives, URLs."),
    ],
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching from private addresses.")
    ] = False,
    fetch_linked: Annotated[
        bool,
        typer.Option(
            "--fetch-linked",
            help="For feeds: fetch each entry's linked page (the entry's own text if it cannot be read).",
        ),
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date (YYYY-MM-DD) for documents that carry none; relative dates "
            "and claim dates are resolved against it."
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Read, extract and store documents, one transaction each.

    A document that cannot be read is reported with its reason and the rest go on (exit 1 at
    the end); the same content is stored once.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from corridor.ingest.batch import ingest, read_targets

    _check_settings()
    engine = _engine(database)
    default_date = _day(published, "--published")
    results = read_targets(sources, allow_private=allow_private, fetch_linked=fetch_linked)
    if default_date is not None:
        results = (_dated(r, default_date) for r in results)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),  # it names a file
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=None)

        def advance(origin: str) -> None:
            progress.update(task, advance=1, description=f"ingesting {Path(origin).name[:40]}")

        summary = ingest(results, engine=engine, on_document=advance)
    _say(
        f"read {summary.read}: {summary.new} new, {summary.updated} updated, "
        f"{summary.duplicate} duplicate, {len(summary.failed)} failed; "
        f"{summary.claims} claims, {summary.events} events"
    )
    for origin, note in summary.notes:
        err.print(f"  note {origin}: {note}", markup=False, highlight=False, soft_wrap=True)
    for origin, reason in summary.failed:
        # a reason names where it happened already ("error E306: a.jsonl:5: ..."), mostly
        line = reason if f" {origin}: " in reason else f"{origin}: {reason}"
        err.print(f"  failed {line}", markup=False, highlight=False, soft_wrap=True)
    if summary.failed:
        raise typer.Exit(1)  # the batch went on, but a script should know


# The columns of a promises report's rows (corridor.track.meter.describe), in order: a CSV
# of no promises still has its header.
PROMISE_COLUMNS = (
    "item_id", "item", "promise", "promise_date", "promise_sentence", "promise_source",
    "outcome", "meter", "status", "evidence_sentence", "evidence_date", "evidence_source",
    "promise_claim", "promise_source_id", "evidence_claim", "evidence_source_id",
)  # fmt: skip


@app.command("promises")
def promises(
    event: Annotated[
        str | None, typer.Option(help="An event's id, e.g. zardari-state-visit-feb-2025.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Start of a period, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="End of the period (default: today).")] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Judge as of this date (default: today).")
    ] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
    database: DatabaseOption = None,
) -> None:
    """What became of the promises of an event or a period.

    Each is kept, in the works, stalled, broken, or not yet rated (overdue after
    CORRIDOR_OVERDUE_MONTHS without progress).
    """
    from corridor.store import transaction
    from corridor.track.meter import promises_report

    with transaction(_engine(database)) as session:
        report = promises_report(
            session=session,
            event_id=event,
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            as_of=_day(as_of, "--as-of"),
        )
    rows = report["promises"]
    if fmt is ListFormat.json:
        _print_json(report)
    elif fmt is ListFormat.csv:
        _write_csv(rows, PROMISE_COLUMNS)
    else:
        window = report["window"]
        table = _promises_table(rows, width=out.width)
        table.title = f"Promises: {window['label']} ({window['start']} to {window['end']})"
        out.print(table)


def _promises_table(rows: Sequence[dict[str, Any]], *, width: int) -> Table:
    """Three columns a promise, so that the evidence keeps the width (QA: six side by side
    cut "recommendation" to "recommend…" and left the sentence a word a line at 80 columns):
    the item's name over its id (which `items timeline` takes; folded whole if wider than
    its column), the promise's date over its modality, the meter and the item's status,
    never cut, then the latest evidence (the promise's own sentence if there is none)."""
    shown = [
        (
            f"{r['item']}\n{r['item_id']}",
            (r["promise_date"], r["promise"], r["meter"], r["status"]),
            r["evidence_sentence"] or r["promise_sentence"] or "",
        )
        for r in rows
    ]
    return _beside_table(("item\nid", "date\npromise\nmeter\nstatus", "latest evidence"), shown,
                         width=width)  # fmt: skip


def _dated(result: Any, day: date) -> Any:
    document = result.document
    if document is not None and (document.published is None or document.published_from_file):
        result.document.published = day
    return result


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CorridorError("E112", f"{option} {value!r}") from None
    if not plausible_day(day):
        raise CorridorError("E112", f"{option} {value!r}: outside 1900-2100")
    return day


@app.command("serve")
def serve_command(
    host: Annotated[str | None, typer.Option(help="Address to listen on (CORRIDOR_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (CORRIDOR_PORT).")] = None,
    database: DatabaseOption = None,
) -> None:
    """Serve the dashboard and the JSON API (pages at /, API at /api, OpenAPI at /openapi.json)."""
    from corridor.settings import get_settings
    from corridor.web import serve

    settings = get_settings()
    serve(host or settings.host, port or settings.port, database, settings.trusted_proxies)


def _summary(database: str | None) -> None:
    from corridor.store import transaction
    from corridor.store.items import summary

    with transaction(_engine(database)) as session:
        counts = summary(session=session)
    statuses = choices(Status)
    title = "Tracked items by pillar and status"
    table = Table("pillar", *statuses, "total", title=title)
    lines = [title]
    for pillar in choices(Pillar):
        row = [counts.get((pillar, s), 0) for s in statuses]
        table.add_row(pillar, *[str(n) if n else "·" for n in row], str(sum(row)))
        held = ", ".join(f"{status} {n}" for status, n in zip(statuses, row, strict=True) if n)
        lines.append(f"{pillar:<12} {sum(row):>6}  {held}".rstrip())
    # The table is 120 columns wide: on a narrower terminal its cells wrapped into a grid no
    # one could read (QA), so there each pillar is one line with only the statuses it holds.
    if Measurement.get(out, out.options.update_width(1000), table).maximum <= out.width:
        out.print(table)
    else:
        for line in lines:
            out.print(line, overflow="fold", highlight=False)


@app.command("run")
def run(
    serve_web: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the dashboard after the summary.")
    ] = True,
    database: DatabaseOption = None,
) -> None:
    """The main job: summarise items by pillar and status, then serve the dashboard."""
    _summary(database)
    if serve_web:
        from corridor.settings import get_settings

        settings = get_settings()
        _say(f"dashboard on http://{settings.host}:{settings.port} (Ctrl-C to stop)")
        serve_command(database=database)


def main() -> None:
    """Entry point: user errors print one line and exit 1; never a traceback."""
    try:
        app()
    except CorridorError as exc:
        err.print(exc.render(), markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("CORRIDOR_DEBUG"):
            raise
        from corridor.store.db import database_failure

        if (unusable := database_failure(exc)) is not None:
            err.print(unusable.render(), markup=False, highlight=False, soft_wrap=True)
            sys.exit(1)
        err.print(
            f"error E900: unexpected {type(exc).__name__}: {exc} (hint: rerun with "
            "CORRIDOR_DEBUG=1 for the traceback and report it)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)
