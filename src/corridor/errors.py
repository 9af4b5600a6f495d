"""One catalogue of errors: each has a code, a message template and a hint.

The CLI prints `error E101: registry.csv:14: unknown pillar "enrgy" (hint: ...)` and exits 1;
the API answers {"ok": false, "error", "code", "hint"}. A hint that names a command or an
option has a `web_hint` in the web's terms (routes, fields, settings), which the API and the
pages give instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    code: str
    message: str
    hint: str
    web_hint: str = ""  # the hint where a web request caused it, if `hint` speaks CLI


CATALOGUE: dict[str, ErrorSpec] = {
    spec.code: spec
    for spec in [
        # E1xx: the registry file
        ErrorSpec(
            "E100",
            "cannot read registry file: {detail}",
            "check the path and that the file is UTF-8 CSV",
        ),
        ErrorSpec(
            "E101", "broken CSV: {detail}", "check quoting and the number of fields on that line"
        ),
        ErrorSpec(
            "E102",
            "missing column(s): {detail}",
            "the header must include id, name, kind and pillar",
        ),
        ErrorSpec("E103", "missing {detail}", "every row needs an id and a name"),
        ErrorSpec("E104", "invalid id {detail}", "ids are lowercase slugs: a-z, 0-9 and '-'"),
        ErrorSpec("E105", "unknown {detail}", "use one of the values listed"),
        ErrorSpec(
            "E106",
            "coordinates outside Pakistan: {detail}",
            "lat 23.5-37.2, lon 60.8-77.9; leave both empty if unknown",
        ),
        ErrorSpec("E107", "duplicate id {detail}", "each id must appear once"),
        ErrorSpec(
            "E108", "alias clash: {detail}", "an alias may name only one item; remove or qualify it"
        ),
        ErrorSpec("E109", "not a number: {detail}", "write plain numbers such as 1320 or 34.08"),
        ErrorSpec(
            "E110",
            "fact without a source: {detail}",
            "give the public page the fact comes from, or leave the fact empty",
        ),
        ErrorSpec("E111", "bad date {detail}", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ErrorSpec("E112", "bad day {detail}", "write a day as YYYY-MM-DD, such as 2025-02-04"),
        ErrorSpec(
            "E114",
            "value too long: {detail}",
            "the store keeps at most that many characters in this column: shorten it",
        ),
        ErrorSpec(
            "E113",
            "bad setting {detail}",
            "fix or unset that variable; the README's settings table gives each one's meaning",
        ),
        # E2xx: the store
        ErrorSpec(
            "E200",
            "cannot open database {detail}",
            "check CORRIDOR_DATABASE_URL; for PostgreSQL use postgresql+psycopg://user@host/db",
        ),
        ErrorSpec("E201", "database is not initialised: {detail}", "run `corridor db init` first"),
        ErrorSpec(
            "E202",
            "no item with id {detail}",
            "list ids with `corridor items list`",
            "list ids at /api/items, or find the item at /search",
        ),
        ErrorSpec(
            "E204",
            "no source with id {detail}",
            "list sources with `corridor claims list` or /api/sources",
        ),
        ErrorSpec("E205", "no page at {detail}", "start from the overview at /"),
        ErrorSpec(
            "E207",
            "not a corridor database: {detail}",
            "check the path; `corridor db init` makes a new database in a new file",
        ),
        ErrorSpec(
            "E206",
            "cannot use the database: {detail}",
            "check that the database file and its folder are writable, that no other program "
            "holds it locked, and that the file is a corridor database (`corridor db init` "
            "makes a new one); for PostgreSQL, that the server is up",
        ),
        ErrorSpec(
            "E208",
            "the database was made by a newer corridor: {detail}",
            "upgrade corridor (`pip install -U corridor`), or use a database this version made",
        ),
        ErrorSpec(
            "E203",
            "database error: {detail}",
            "run `corridor db upgrade`; if it persists, report it with the command you ran",
        ),
        # E3xx: reading documents
        ErrorSpec("E300", "cannot read {detail}", "check the path exists and is readable"),
        ErrorSpec(
            "E301",
            "unsupported document type: {detail}",
            "corridor reads .txt, .html, .pdf, RSS/Atom feeds, .jsonl and folders",
            "send a .txt, .html or .pdf file, an RSS/Atom feed or a .jsonl archive",
        ),
        ErrorSpec(
            "E302",
            "document too large: {detail}",
            "split it, or raise CORRIDOR_MAX_DOCUMENT_BYTES",
            "send a smaller document or a part of it (the server's limit is "
            "CORRIDOR_MAX_DOCUMENT_BYTES)",
        ),
        ErrorSpec("E303", "cannot decode text: {detail}", "save the file as UTF-8"),
        ErrorSpec(
            "E304",
            "unreadable PDF: {detail}",
            "corridor reads the PDF text layer; scanned PDFs need OCR first",
        ),
        ErrorSpec(
            "E305",
            "empty after cleaning: {detail}",
            "the document has no article text corridor could find",
        ),
        ErrorSpec(
            "E306",
            "bad JSON Lines record: {detail}",
            "each line needs a JSON object with at least text (and url, title, published, publisher)",
        ),
        ErrorSpec(
            "E307",
            "refused URL: {detail}",
            "only public http/https addresses are fetched; pass --allow-private for a local server",
            "only public http/https addresses are fetched; a server started with "
            "CORRIDOR_ALLOW_PRIVATE=true also fetches local ones",
        ),
        ErrorSpec("E308", "fetch failed: {detail}", "check the address and your connection"),
        ErrorSpec("E309", "bad feed: {detail}", "corridor reads RSS 2.0 and Atom feeds"),
        ErrorSpec(
            "E310",
            "malformed document: {detail}",
            "the file could not be parsed; check that it opens in a browser or viewer",
        ),
        # E4xx: extraction and tracking
        ErrorSpec(
            "E400",
            "unknown pipeline stage {detail}",
            "see `corridor extract --help` for the registered stages",
        ),
        ErrorSpec(
            "E401",
            "bad rule data: {detail}",
            "fix the file under src/corridor/data/ named in the message",
        ),
        ErrorSpec(
            "E402",
            "no claim with id {detail}",
            "list claims with `corridor claims list`",
            "list claims at /api/claims (those to review at /review)",
        ),
        ErrorSpec(
            "E403",
            "invalid request: {detail}",
            "see `corridor COMMAND --help`",
            "see the API's description at /openapi.json and docs/api.md",
        ),
        # E5xx: accounts and writes
        ErrorSpec("E500", "not signed in: {detail}", "send a Bearer token, or sign in at /signin"),
        ErrorSpec("E501", "not allowed: {detail}", "ask an admin to do it, or to make you one"),
        ErrorSpec("E502", "stale or forged form: {detail}", "reload the page and submit again"),
        ErrorSpec("E503", "too many failed sign-ins: {detail}", "wait a minute, then retry"),
        ErrorSpec("E504", "nothing to ingest: {detail}", "give exactly one of text, file or url"),
        ErrorSpec("E505", "no user named {detail}", "list users with `corridor users list`"),
        ErrorSpec("E506", "bad user name: {detail}", "pick another; see `corridor users list`"),
        ErrorSpec("E507", "no such draft: {detail}", "drafts last two hours and save once"),
        # E9xx: corridor's own faults
        ErrorSpec(
            "E900",
            "unexpected error: {detail}",
            "rerun with CORRIDOR_DEBUG=1 for the traceback and report it",
            "report it with the address you asked for and the time",
        ),
    ]
}


class CorridorError(Exception):
    """An error a user can act on: a code, what happened, and a hint."""

    def __init__(
        self, code: str, detail: str = "", *, where: str | None = None, hint: str | None = None
    ) -> None:
        spec = CATALOGUE[code]
        self.code = code
        self.where = where
        self.detail = detail
        self.message = spec.message.format(detail=detail)
        # `hint` is for a case the catalogue's hint does not fit (the same for CLI and web).
        self.hint = hint or spec.hint
        self.web_hint = hint or spec.web_hint or spec.hint
        super().__init__(self.render())

    def render(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        # One line, whatever a detail holds (a database driver's message spans several).
        message = " ".join(f"{prefix}{self.message}".split())
        return f"error {self.code}: {message} (hint: {self.hint})"

    def to_dict(self, *, web: bool = False) -> dict[str, object]:
        """The API's error body; `web` gives the hint in the web's terms."""
        where = f"{self.where}: " if self.where else ""
        hint = self.web_hint if web else self.hint
        return {"ok": False, "error": where + self.message, "code": self.code, "hint": hint}


class RegistryErrors(CorridorError):
    """Several rule violations in one registry file, reported together."""

    def __init__(self, errors: list[CorridorError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.code, first.detail, where=first.where)

    def render(self) -> str:
        return "\n".join(CorridorError.render(e) for e in self.errors)
