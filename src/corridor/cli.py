"""The command line: each command parses its input and calls one library function."""

from __future__ import annotations

import csv
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from corridor import __version__
from corridor.errors import CorridorError
from corridor.model import PROVINCES, Item, Kind, Pillar, Status, choices

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
app.add_typer(items_app, name="items")

out = Console()
err = Console(stderr=True)

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


DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="CORRIDOR_DATABASE_URL",
        help="Database URL (default sqlite:///corridor.db).",
        show_envvar=True,
    ),
]


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
    from corridor.store import head_revision, upgrade

    engine = _engine(database, migrated=False)
    before = upgrade(engine)
    state = "created" if before is None else f"already existed at {before}"
    err.print(
        f"database {engine.url.render_as_string(hide_password=True)}: {state}; "
        f"schema at {head_revision()}"
    )


@db_app.command("upgrade")
def db_upgrade(database: DatabaseOption = None) -> None:
    """Migrate a database made by an older corridor to this version, keeping its data."""
    from corridor.store import head_revision, upgrade

    engine = _engine(database, migrated=False)
    before = upgrade(engine)
    err.print(f"schema upgraded from {before or 'nothing'} to {head_revision()}")


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
    err.print(
        f"{path.name}: {len(items)} items: {counts.new} new, {counts.updated} updated, "
        f"{counts.unchanged} unchanged"
    )


ITEM_COLUMNS = ["id", "name", "kind", "pillar", "status", "status_as_of", "province", "city",
                "lat", "lon", "capacity", "capacity_unit", "cost_usd"]  # fmt: skip


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
            writer.writerow([_cell(getattr(item, c)) for c in ITEM_COLUMNS])
    else:
        table = Table("id", "name", "kind", "pillar", "status", "province", title=None)
        for item in items:
            table.add_row(item.id, item.name, item.kind, item.pillar, item.status,
                          item.province or "")  # fmt: skip
        out.print(table)
        err.print(f"{len(items)} items")


def _show_table(item: Item) -> None:
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
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
    """Show everything corridor knows about one item."""
    from corridor.store import transaction
    from corridor.store.items import get_item

    with transaction(_engine(database)) as session:
        item = get_item(session=session, item_id=item_id)
    if item is None:
        raise CorridorError("E202", repr(item_id))
    if fmt is ShowFormat.json:
        out.print_json(json.dumps(item.to_dict(), ensure_ascii=False))
    else:
        _show_table(item)


@app.command("run")
def run(database: DatabaseOption = None) -> None:
    """The main job: summarise the registry by pillar and status."""
    from corridor.store import transaction
    from corridor.store.items import summary

    with transaction(_engine(database)) as session:
        counts = summary(session=session)
    statuses = choices(Status)
    table = Table("pillar", *statuses, "total", title="Tracked items by pillar and status")
    for pillar in choices(Pillar):
        row = [counts.get((pillar, s), 0) for s in statuses]
        table.add_row(pillar, *[str(n) if n else "·" for n in row], str(sum(row)))
    # Wide enough for every status column even when stdout is not a terminal.
    Console(width=max(out.width, 130)).print(table)


def main() -> None:
    """Entry point: user errors print one line and exit 1; never a traceback."""
    try:
        app()
    except CorridorError as exc:
        err.print(exc.render(), markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("CORRIDOR_DEBUG"):
            raise
        err.print(
            f"error E900: unexpected {type(exc).__name__}: {exc} (hint: rerun with "
            "CORRIDOR_DEBUG=1 for the traceback and report it)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)
