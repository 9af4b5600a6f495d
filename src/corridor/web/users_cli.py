"""`corridor users`: the accounts that may write through the API and the pages.

`corridor users add amina --role analyst` prints the token once; `corridor users list`;
`corridor users remove amina`.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from corridor.errors import CorridorError

users_app = typer.Typer(
    help="Accounts that may ingest, review, merge and override (reads need none).",
    no_args_is_help=True,
)
out = Console(markup=False)  # user names are data: "[x]" is printed, not read
err = Console(stderr=True, markup=False)


class RoleChoice(StrEnum):
    analyst = "analyst"
    admin = "admin"


class Format(StrEnum):
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


def _engine(url: str | None) -> Any:
    from corridor.store import make_engine, require_schema

    engine = make_engine(url)
    require_schema(engine)
    return engine


def _fail(error: CorridorError) -> None:
    err.print(error.render(), markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="A unique name; recorded in the audit log.")],
    role: Annotated[
        RoleChoice,
        typer.Option(help="analyst: ingest and review; admin: also merge and override."),
    ] = RoleChoice.analyst,
    database: DatabaseOption = None,
) -> None:
    """Create an account and print its token once: only its hash is stored, so keep it."""
    from corridor.store import transaction
    from corridor.store.accounts import add_user

    try:
        with transaction(_engine(database)) as session:
            token = add_user(session=session, name=name, role=role.value)
    except CorridorError as error:
        _fail(error)
        return
    typer.echo(token)
    err.print(
        f"user {name!r} ({role.value}) added. The token above is shown once; corridor keeps "
        "only its hash. Use it as `Authorization: Bearer <token>` or to sign in at /signin.",
        markup=False,
        highlight=False,
    )


@users_app.command("list")
def users_list(
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    database: DatabaseOption = None,
) -> None:
    """List accounts: name, role and when each was made (never tokens)."""
    from corridor.store import transaction
    from corridor.store.accounts import list_users

    with transaction(_engine(database)) as session:
        users = list_users(session=session)
    if fmt is Format.json:
        typer.echo(json.dumps(users, indent=2))
        return
    table = Table("name", "role", "created")
    for user in users:
        table.add_row(user["name"], user["role"], user["created_at"])
    out.print(table)


@users_app.command("remove")
def users_remove(
    name: Annotated[str, typer.Argument(help="The account to remove.")],
    database: DatabaseOption = None,
) -> None:
    """Remove an account: its token stops working and its sessions end at once."""
    from corridor.store import transaction
    from corridor.store.accounts import remove_user

    try:
        with transaction(_engine(database)) as session:
            remove_user(session=session, name=name)
    except CorridorError as error:
        _fail(error)
        return
    err.print(f"user {name!r} removed", markup=False, highlight=False)
