"""Settings declared once: name, default and help, read from CORRIDOR_* variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from corridor.errors import CorridorError


class Settings(BaseSettings):
    # An empty variable (`CORRIDOR_DATABASE_URL= corridor ...`, a blank line in a CI file)
    # means "not set": the default, not an error about an empty value.
    model_config = SettingsConfigDict(env_prefix="CORRIDOR_", extra="ignore", env_ignore_empty=True)

    database_url: str = Field(
        default="sqlite:///corridor.db",
        description="Where corridor keeps its data: sqlite:///path.db or postgresql+psycopg://user@host/db.",
    )
    max_document_bytes: int = Field(
        default=20_000_000,
        gt=0,
        description="Largest document read or fetched, in bytes (decoded).",
    )
    max_text_chars: int = Field(
        default=1_000_000,
        gt=0,
        description="Longest clean text extracted from one document, in characters.",
    )
    fetch_timeout: float = Field(
        default=30.0, gt=0, description="Total seconds allowed to fetch one URL."
    )
    overdue_months: int = Field(
        default=18,
        ge=1,
        description="Months without progress after which a pledge or agreement is overdue.",
    )
    allow_private: bool = Field(
        default=False,
        description="Let the web app's ingest fetch URLs on private addresses (a local server).",
    )
    host: str = Field(default="127.0.0.1", description="Address `corridor serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `corridor serve` listens on.")
    trusted_proxies: str = Field(
        default="",
        description="Reverse proxies (addresses, comma-separated) whose X-Forwarded-For names "
        "the client; none by default: the connection's own address is the client's.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, or one E113 line naming the variable and what is wrong with it."""
    try:
        return Settings()
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = f"CORRIDOR_{str(problem['loc'][0]).upper()}" if problem["loc"] else "CORRIDOR_*"
        given = problem.get("input")
        raise CorridorError("E113", f"{name}={given!r}: {problem['msg'].lower()}") from None


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting: the README's table."""
    rows = []
    for name, info in Settings.model_fields.items():
        rows.append((f"CORRIDOR_{name.upper()}", repr(info.default), info.description or ""))
    return rows
