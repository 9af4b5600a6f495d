"""The CLI as a user runs it: the installed console script, in a subprocess."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
CORRIDOR = shutil.which("corridor") or str(Path(sys.executable).parent / "corridor")


def run(*args: str, db: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CORRIDOR_DATABASE_URL": db, "COLUMNS": "200"}
    return subprocess.run(
        [CORRIDOR, *args], capture_output=True, text=True, env=env, input=stdin, timeout=120
    )


@pytest.fixture
def db(db_url: str) -> str:
    assert run("db", "init", db=db_url).returncode == 0
    return db_url


def test_registry_load_then_list_priority_sezs_as_json(db: str) -> None:
    loaded = run("registry", "load", db=db)
    assert loaded.returncode == 0, loaded.stderr
    again = run("registry", "load", db=db)
    assert " 0 new, 0 updated" in again.stderr
    listed = run(
        "items", "list", "--pillar", "industry", "--kind", "sez", "--format", "json", db=db
    )
    sezs = json.loads(listed.stdout)
    assert len(sezs) >= 9
    assert all(s["province"] and s["lat"] and s["lon"] for s in sezs)


def test_items_list_csv_and_show(db: str) -> None:
    assert run("registry", "load", str(DATA / "registry" / "small.csv"), db=db).returncode == 0
    csv_out = run("items", "list", "--format", "csv", "--province", "PK-BA", db=db)
    assert csv_out.stdout.splitlines()[0].startswith("id,name,kind")
    assert "gwadar-port,Gwadar Port" in csv_out.stdout
    shown = run("items", "show", "rashakai-sez", "--format", "json", db=db)
    assert json.loads(shown.stdout)["aliases"] == ["Rashakai SEZ", "RSEZ"]
    table = run("items", "show", "rashakai-sez", db=db)
    assert "Nowshera" in table.stdout


def test_user_errors_are_one_line_with_code_and_hint(db: str, tmp_path: Path) -> None:
    missing = run("items", "show", "no-such-item", db=db)
    assert missing.returncode == 1
    assert missing.stderr.strip().startswith("error E202:") and "hint:" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,kind,pillar\ngood,Good,sez,industry\nx,X,sez,enrgy\n", "utf-8")
    refused = run("registry", "load", str(bad), db=db)
    assert refused.returncode == 1 and f"{bad}:3" in refused.stderr and "E105" in refused.stderr
    # Refused whole: the valid first row was not loaded either.
    assert run("items", "show", "good", db=db).returncode == 1


def test_bad_usage_exits_2(db: str) -> None:
    result = run("items", "list", "--pillar", "enrgy", db=db)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_commands_refuse_an_uninitialised_database(tmp_path: Path) -> None:
    result = run("items", "list", db=f"sqlite:///{tmp_path / 'new.db'}")
    assert (
        result.returncode == 1 and "E201" in result.stderr and "corridor db init" in result.stderr
    )
    assert not (tmp_path / "new.db").exists()  # no empty file left for the next command


def test_run_prints_the_registry_summary(db: str) -> None:
    run("registry", "load", db=db)
    result = run("run", "--no-serve", db=db)
    assert result.returncode == 0
    assert "industry" in result.stdout and "under_construction" in result.stdout


SEED = DATA / "seed" / "op-ed.txt"


def test_extract_prints_the_contract_and_the_clean_text() -> None:
    result = subprocess.run([CORRIDOR, "extract", str(SEED)], capture_output=True, text=True)
    extraction = json.loads(result.stdout)
    assert extraction["events"][0]["date"] == "2025-02-04"
    assert {i["item_id"] for i in extraction["items"]} >= {"rashakai-sez", "huawei"}
    text = subprocess.run(
        [CORRIDOR, "extract", "-", "--format", "text"],
        input=SEED.read_text("utf-8"), capture_output=True, text=True,
    )  # fmt: skip
    assert "Rashakai" in text.stdout and "image 3" not in text.stdout


def test_extract_resolves_relative_dates_against_published() -> None:
    story = "Prime Minister Imran Khan on Tuesday inaugurated the Rashakai Special Economic Zone.\n"
    undated = subprocess.run(
        [CORRIDOR, "extract", "-"], input=story, capture_output=True, text=True
    )
    assert json.loads(undated.stdout)["events"] == []  # "Tuesday" of no known week
    dated = subprocess.run(
        [CORRIDOR, "extract", "-", "--published", "2021-05-28"],
        input=story, capture_output=True, text=True,
    )  # fmt: skip
    event = json.loads(dated.stdout)["events"][0]
    assert (event["type"], event["date"]) == ("inauguration", "2021-05-25")
    bad = subprocess.run(
        [CORRIDOR, "extract", "-", "--published", "28/05/2021"],
        input=story, capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode == 1 and "E112" in bad.stderr and "Traceback" not in bad.stderr
    # the hint asks for what the option takes: a day, not a year or a month
    assert "YYYY-MM-DD, such as" in bad.stderr and "YYYY, YYYY-MM" not in bad.stderr
    far = subprocess.run(
        [CORRIDOR, "extract", "-", "--published", "9999-12-31"],
        input=story, capture_output=True, text=True,
    )  # fmt: skip
    assert far.returncode == 1 and "E112" in far.stderr and "outside 1900-2100" in far.stderr


def test_ingest_then_claims_timeline_and_promises(db: str, tmp_path: Path) -> None:
    assert run("registry", "load", db=db).returncode == 0
    first = run("ingest", "--published", "2025-02-04", str(SEED), db=db)
    assert first.returncode == 0, first.stderr
    assert "1 new" in first.stderr
    assert "1 duplicate" in run("ingest", str(SEED), db=db).stderr
    claims = json.loads(
        run("claims", "list", "--item", "rashakai-sez", "--format", "json", db=db).stdout
    )
    assert claims and claims[0]["modality"] == "progress"
    story = json.loads(run("items", "timeline", "rashakai-sez", "--format", "json", db=db).stdout)
    assert story["claims"][0]["date"] == "2025-02-04"
    promised = json.loads(
        run("promises", "--event", "zardari-state-visit-feb-2025", "--format", "json", db=db).stdout
    )
    assert {"huawei", "digital-silk-road"} <= {p["item_id"] for p in promised["promises"]}
    reviewed = run("claims", "review", claims[0]["id"], "--reject", db=db)
    assert reviewed.returncode == 0 and "rejected" in reviewed.stderr
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    failed = run("ingest", str(broken), str(SEED), db=db)
    assert failed.returncode == 1 and "E304" in failed.stderr and "1 duplicate" in failed.stderr
    (line,) = [x for x in failed.stderr.splitlines() if "E304" in x]
    assert line.count(str(broken)) == 1  # the file is named once, not before and in the reason


def test_db_upgrade_from_before_the_stored_walks_stores_them(db_url: str) -> None:
    """A database made before migration 0008 has claims but no walks: upgrading stores them
    (the promise tracker would answer the same without, only slower)."""
    from datetime import date

    from sqlalchemy import func, insert, select

    from corridor.store import make_engine, transaction, upgrade
    from corridor.store.tables import ClaimRow, ItemRow, ItemWalkRow, SourceRow

    engine = make_engine(db_url)
    upgrade(engine, "0007")
    with transaction(engine) as session:  # Core, with the columns of the schema at 0007
        session.execute(insert(ItemRow.__table__).values(
            id="sukkur-solar", name="Sukkur solar park", kind="project", pillar="energy",
            aliases=[], parties=[], sources=[], status="unknown", origin="registry",
            overdue=False,
        ))  # fmt: skip
        session.add(SourceRow(id="a" * 64, text="China will build the Sukkur solar park."))
        session.flush()
        for n, (modality, day) in enumerate(
            [("pledge", date(2024, 2, 3)), ("progress", date(2024, 9, 1))]
        ):
            session.add(
                ClaimRow(id=f"claim{n}", source_id="a" * 64, item_id="sukkur-solar", start=0,
                         end=5, sentence="...", modality=modality, claim_date=day,
                         stage="test", version="test-1")
            )  # fmt: skip
    engine.dispose()
    done = run("db", "upgrade", db=db_url)
    assert done.returncode == 0, done.stderr
    assert "stored every item's walk" in done.stderr
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(ItemWalkRow)) == 1
    promises = run("promises", "--since", "2024-02-01", "--until", "2024-02-29",
                   "--as-of", "2025-01-01", "--format", "json", db=db_url)  # fmt: skip
    assert promises.returncode == 0, promises.stderr
    assert '"in_progress"' in promises.stdout
    assert "re-derived every item for its overdue clock" in done.stderr
    again = run("db", "upgrade", db=db_url)
    assert "stored every item's walk" not in again.stderr
    assert "overdue clock" not in again.stderr


def test_extract_of_a_folder_prints_json_lines_and_lists_what_failed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Gwadar Port was inaugurated in 2016.\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text("The ML-1 agreement has not been signed.\n")
    (sub / "bad.txt").write_bytes("Caf\xe9 talks on CPEC.\n".encode("latin-1"))
    done = subprocess.run([CORRIDOR, "extract", str(tmp_path)], capture_output=True, text=True)
    lines = done.stdout.splitlines()
    assert [json.loads(line)["items"][0]["item_id"] for line in lines] == [
        "gwadar-port",
        "ml1-railway",
    ]
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (failed,) = done.stderr.splitlines()
    assert failed.startswith("error E303:") and "bad.txt" in failed
    text = subprocess.run(
        [CORRIDOR, "extract", str(tmp_path), "--format", "text"], capture_output=True, text=True
    )
    assert text.stdout.splitlines()[0] == f"==> {tmp_path / 'a.txt'} <=="


def test_extract_of_a_folder_or_archive_of_one_is_json_lines_too(tmp_path: Path) -> None:
    # QA: with one document inside, a folder or an archive printed indented JSON.
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("Gwadar Port was inaugurated in 2016.\n")
    archive = tmp_path / "one.jsonl"
    record = {"url": "https://example.org/a", "title": "A", "text": "The ML-1 was approved."}
    archive.write_text(json.dumps(record) + "\n")
    for source in (folder, archive):
        done = subprocess.run([CORRIDOR, "extract", str(source)], capture_output=True, text=True)
        (line,) = done.stdout.splitlines()
        assert json.loads(line)["items"], source
    text = subprocess.run(
        [CORRIDOR, "extract", str(folder), "--format", "text"], capture_output=True, text=True
    )
    assert text.stdout.splitlines()[0] == f"==> {folder / 'a.txt'} <=="
    single = subprocess.run(
        [CORRIDOR, "extract", str(folder / "a.txt")], capture_output=True, text=True
    )
    assert len(single.stdout.splitlines()) > 1  # one file: the indented object


def test_extract_reads_stdin_as_a_file_is_read(tmp_path: Path) -> None:
    latin = "Caf\xe9 talks on the Gwadar Port.\n".encode("latin-1")
    bad = subprocess.run([CORRIDOR, "extract", "-"], input=latin, capture_output=True)
    assert bad.returncode == 1 and b"E303" in bad.stderr and b"Traceback" not in bad.stderr
    html = b"<html><head><title>Port news</title></head><body><article><p>Gwadar Port was "
    html += b"inaugurated in 2016 by the prime minister of Pakistan.</p></article></body></html>"
    page = subprocess.run([CORRIDOR, "extract", "-"], input=html, capture_output=True)
    assert json.loads(page.stdout)["source"]["title"] == "Port news"


def test_an_empty_path_reads_nothing(tmp_path: Path) -> None:
    # Path("") is the current folder: a script's empty variable must not read all of it
    (tmp_path / "a.txt").write_text("Gwadar Port was inaugurated in 2016.\n")
    done = subprocess.run([CORRIDOR, "extract", ""], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == "" and "E300" in done.stderr


def test_ingest_reads_stdin(db: str) -> None:
    done = run("ingest", "-", "--published", "2025-02-04", db=db,
               stdin="The ML-1 agreement was signed on Tuesday.\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 new" in done.stderr


def test_published_given_replaces_a_pdf_creation_date() -> None:
    # printing a page to PDF makes its creation date today: the date the user gives wins
    pdf = str(DATA / "ingest" / "article.pdf")
    own = subprocess.run([CORRIDOR, "extract", pdf], capture_output=True, text=True)
    assert json.loads(own.stdout)["source"]["published"] == "2025-02-08"
    given = subprocess.run(
        [CORRIDOR, "extract", pdf, "--published", "2025-03-05"], capture_output=True, text=True
    )
    assert json.loads(given.stdout)["source"]["published"] == "2025-03-05"
    text = subprocess.run([CORRIDOR, "extract", "-", "--published", "2025-03-05"],
                          input="Gwadar Port opened.", capture_output=True, text=True)  # fmt: skip
    assert json.loads(text.stdout)["source"]["published"] == "2025-03-05"


def test_a_database_that_cannot_be_used_is_one_line_and_stops(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert run("db", "init", db=url).returncode == 0
    docs = []
    for n in range(3):
        docs.append(tmp_path / f"{n}.txt")
        docs[-1].write_text(f"Gwadar Port handled {n + 2} ships in 2024.\n")
    read_only = f"sqlite:///file:{tmp_path / 'c.db'}?mode=ro&uri=true"
    done = run("ingest", *map(str, docs), db=read_only)
    assert done.returncode == 1 and "INSERT" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith("error E206: ")  # not one per document
    assert "readonly" in errors[0]
    (tmp_path / "junk.db").write_text("not a database\n")
    junk = run("items", "list", db=f"sqlite:///{tmp_path / 'junk.db'}")
    assert junk.returncode == 1 and junk.stderr.startswith("error E206: ")
    assert len(junk.stderr.strip().splitlines()) == 1


def test_ingest_says_when_a_text_was_cut(db: str, tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text("Gwadar Port handled more ships this year. " * 100)  # 4,199 once cleaned
    env = {**os.environ, "CORRIDOR_DATABASE_URL": db, "CORRIDOR_MAX_TEXT_CHARS": "1000"}
    done = subprocess.run([CORRIDOR, "ingest", str(long)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    (note,) = [line for line in done.stderr.splitlines() if "note" in line]
    assert str(long) in note and "of 4,199 characters were read" in note


def test_a_users_error_is_one_line_when_piped(db: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # a pipe: 80 columns
    env["CORRIDOR_DATABASE_URL"] = db
    done = subprocess.run([CORRIDOR, "users", "add", "x" * 150], capture_output=True, text=True,
                          env=env)  # fmt: skip
    assert done.returncode == 1 and done.stderr.startswith("error E506")
    assert len(done.stderr.strip().splitlines()) == 1


def test_db_init_refuses_another_applications_sqlite_file(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    done = run("db", "init", db=f"sqlite:///{other}")
    assert done.returncode == 1 and done.stderr.startswith("error E207") and "notes" in done.stderr
    with sqlite3.connect(other) as connection:  # nothing of corridor's was written into it
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert names == {"notes"}


def test_claims_csv_has_its_header_with_or_without_rows(db: str, tmp_path: Path) -> None:
    from corridor.store.claims import CLAIM_COLUMNS

    empty = run("claims", "list", "--source", "nope", "--format", "csv", db=db)
    assert empty.returncode == 0 and empty.stdout.splitlines() == [",".join(CLAIM_COLUMNS)]
    story = tmp_path / "s.txt"
    story.write_text("The Gwadar Port is operational, officials said.\n")
    assert run("ingest", str(story), db=db).returncode == 0
    full = run("claims", "list", "--format", "csv", db=db).stdout.splitlines()
    assert full[0] == ",".join(CLAIM_COLUMNS) and len(full) == 2
    listed = json.loads(run("claims", "list", "--format", "json", db=db).stdout)
    assert tuple(listed[0]) == CLAIM_COLUMNS  # the rows' keys are the header's


def _registry(tmp_path: Path, rows: str) -> str:
    """A registry CSV of the given rows (id,name,aliases,kind,pillar,notes)."""
    path = tmp_path / "registry.csv"
    path.write_text("id,name,aliases,kind,pillar,notes\n" + rows, "utf-8")
    return str(path)


def test_names_and_sentences_are_printed_as_written_not_as_markup(db: str, tmp_path: Path) -> None:
    registry = _registry(
        tmp_path,
        "gwadar-jetty,Gwadar [/] Jetty,Jetty [bold]x,project,gwadar,note [red]y[/red]\n"
        "gwadar-sic,Gwadar Jetty [sic] [1] [red]Phase[/red],,project,gwadar,\n",
    )
    assert run("registry", "load", registry, db=db).returncode == 0
    shown = run("items", "show", "gwadar-jetty", db=db)
    assert shown.returncode == 0, shown.stderr
    assert "Gwadar [/] Jetty" in shown.stdout and "Jetty [bold]x" in shown.stdout
    assert "note [red]y[/red]" in shown.stdout
    listed = run("items", "list", "--pillar", "gwadar", db=db)
    assert listed.returncode == 0, listed.stderr
    assert "Gwadar Jetty [sic] [1] [red]Phase[/red]" in listed.stdout
    timeline = run("items", "timeline", "gwadar-jetty", db=db)
    assert timeline.returncode == 0, timeline.stderr
    assert timeline.stdout.startswith("Gwadar [/] Jetty (gwadar-jetty): unknown")
    story = tmp_path / "s.txt"
    story.write_text("The Gwadar [/] Jetty is operational, officials said [red]today[/red].\n")
    assert run("ingest", str(story), db=db).returncode == 0
    claims = run("claims", "list", db=db)
    assert claims.returncode == 0, claims.stderr
    assert "[/]" in claims.stdout and "[red]today[/red]" in claims.stdout
    sentences = run("items", "timeline", "gwadar-jetty", db=db)
    assert "said [red]today[/red]." in sentences.stdout


def test_ingest_progress_names_a_file_as_written(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert run("db", "init", db=url).returncode == 0
    story = tmp_path / "[red]x.txt"
    story.write_text("Gwadar Port was inaugurated in 2016.\n")
    # a terminal, so that the progress line is drawn (its last state stays in the output)
    env = {**os.environ, "CORRIDOR_DATABASE_URL": url, "FORCE_COLOR": "1", "TTY_INTERACTIVE": "1"}
    done = subprocess.run([CORRIDOR, "ingest", str(story)], capture_output=True, text=True,
                          env=env)  # fmt: skip
    assert done.returncode == 0 and "ingesting [red]x.txt" in done.stderr


def test_timeline_says_since_when_the_status_began(db: str, tmp_path: Path) -> None:
    registry = _registry(tmp_path, "gwadar-jetty,Gwadar Jetty,,project,gwadar,\n")
    assert run("registry", "load", registry, db=db).returncode == 0
    for day, sentence in [
        ("2026-04-01", "was inaugurated"),
        ("2026-07-01", "was inaugurated again"),
    ]:
        story = tmp_path / f"{day}.txt"
        story.write_text(f"The Gwadar Jetty {sentence}, officials said.\n")
        assert run("ingest", str(story), "--published", day, db=db).returncode == 0
    timeline = run("items", "timeline", "gwadar-jetty", db=db)
    assert timeline.returncode == 0, timeline.stderr
    header = timeline.stdout.splitlines()[0]
    assert header == "Gwadar Jetty (gwadar-jetty): operational since 2026-04-01 (as of 2026-07-01)"


def test_claims_review_takes_the_short_id_claims_list_shows(db: str, tmp_path: Path) -> None:
    story = tmp_path / "s.txt"
    story.write_text("The Gwadar Port is operational, officials said.\n")
    assert run("ingest", str(story), db=db).returncode == 0
    (claim,) = json.loads(run("claims", "list", "--format", "json", db=db).stdout)
    env = {**os.environ, "CORRIDOR_DATABASE_URL": db, "COLUMNS": "80"}  # a narrow terminal
    table = subprocess.run([CORRIDOR, "claims", "list"], capture_output=True, text=True, env=env)
    short = claim["id"][:12]
    assert f"│ {short} │" in table.stdout  # whole, not cut to "…"
    assert f" {claim['item_id']} " in table.stdout  # the item id too
    reviewed = run("claims", "review", short, "--accept", db=db)
    assert reviewed.returncode == 0, reviewed.stderr
    assert f"claim {claim['id']}: accepted" in reviewed.stderr
    too_short = run("claims", "review", claim["id"][:7], "--accept", db=db)
    assert too_short.returncode == 1 and "E402" in too_short.stderr
    assert "a prefix needs 8 characters" in too_short.stderr


def test_items_split_takes_short_claim_ids_too(db: str, tmp_path: Path) -> None:
    story = tmp_path / "s.txt"
    story.write_text("The Gwadar Port is operational, officials said.\n")
    assert run("ingest", str(story), db=db).returncode == 0
    (claim,) = json.loads(run("claims", "list", "--format", "json", db=db).stdout)
    done = run(
        "items", "split", claim["item_id"], "--claims", claim["id"][:12], "--name", "Gwadar Pier",
        db=db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (moved,) = json.loads(run("claims", "list", "--format", "json", db=db).stdout)
    assert moved["id"] == claim["id"] and moved["item_id"] == done.stdout.strip()


def test_claims_review_refuses_a_prefix_of_several_claims(db: str) -> None:
    from corridor.store import make_engine, transaction
    from corridor.store.tables import ClaimRow, ItemRow, SourceRow

    engine = make_engine(db)
    with transaction(engine) as session:
        session.add(ItemRow(id="sukkur-solar", name="Sukkur solar park", kind="project",
                            pillar="energy"))  # fmt: skip
        session.add(SourceRow(id="a" * 64, text="China will build the Sukkur solar park."))
        session.flush()
        for tail in ("1" * 24, "2" * 24):
            session.add(
                ClaimRow(id="abcdef01" + tail, source_id="a" * 64, item_id="sukkur-solar",
                         start=0, end=5, sentence="...", modality="pledge", stage="test",
                         version="test-1")
            )  # fmt: skip
    engine.dispose()
    both = run("claims", "review", "abcdef01", "--accept", db=db)
    assert both.returncode == 1 and len(both.stderr.strip().splitlines()) == 1
    assert both.stderr.startswith("error E402: ") and "2 whose ids start with it" in both.stderr
    one = run("claims", "review", "abcdef012", "--reject", db=db)
    assert one.returncode == 0 and f"claim abcdef01{'2' * 24}: rejected" in one.stderr


def test_promises_csv_has_its_header_with_or_without_rows(db: str) -> None:
    period = ["--since", "2025-02-04", "--until", "2025-02-08", "--as-of", "2024-01-01"]
    empty = run("promises", *period, "--format", "csv", db=db)
    assert empty.returncode == 0, empty.stderr
    assert run("registry", "load", db=db).returncode == 0
    assert run("ingest", "--published", "2025-02-04", str(SEED), db=db).returncode == 0
    period[-1] = "2025-06-01"  # judged after the promises were made: there are some
    report = json.loads(run("promises", *period, "--format", "json", db=db).stdout)
    header = ",".join(report["promises"][0])  # the rows' keys
    assert empty.stdout.splitlines() == [header]
    full = run("promises", *period, "--format", "csv", db=db).stdout.splitlines()
    assert full[0] == header and len(full) == len(report["promises"]) + 1


def test_items_show_of_a_merged_item_shows_the_one_it_was_merged_into(
    db: str, tmp_path: Path
) -> None:
    registry = _registry(
        tmp_path,
        "gwadar-jetty,Gwadar Jetty,,project,gwadar,\ngwadar-pier,Gwadar Pier,,project,gwadar,\n",
    )
    assert run("registry", "load", registry, db=db).returncode == 0
    assert run("items", "merge", "gwadar-jetty", "gwadar-pier", db=db).returncode == 0
    shown = run("items", "show", "gwadar-pier", db=db)
    assert shown.returncode == 0, shown.stderr
    assert "gwadar-pier was merged into gwadar-jetty" in shown.stderr
    assert "Gwadar Jetty" in shown.stdout
    as_json = json.loads(run("items", "show", "gwadar-pier", "--format", "json", db=db).stdout)
    assert as_json["id"] == "gwadar-jetty" and "Gwadar Pier" in as_json["aliases"]


def test_promises_of_an_item_that_is_no_event_says_so(db: str, tmp_path: Path) -> None:
    registry = _registry(tmp_path, "rashakai-sez,Rashakai SEZ,,sez,industry,\n")
    assert run("registry", "load", registry, db=db).returncode == 0
    done = run("promises", "--event", "rashakai-sez", db=db)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "'rashakai-sez' is an item of kind sez, not an event" in done.stderr
    assert "corridor items list --kind event" in done.stderr
    assert "no item with id" not in done.stderr
    unknown = run("promises", "--event", "no-such-event", db=db)
    assert unknown.returncode == 1 and "E202" in unknown.stderr


def test_items_list_never_cuts_an_id(db: str, tmp_path: Path) -> None:
    long_id = "mohmand-marble-city-special-economic-zone"
    registry = _registry(
        tmp_path, f"{long_id},Mohmand Marble City Special Economic Zone,,sez,industry,\n"
    )
    assert run("registry", "load", registry, db=db).returncode == 0
    env = {**os.environ, "CORRIDOR_DATABASE_URL": db, "COLUMNS": "80"}  # a narrow terminal
    listed = subprocess.run([CORRIDOR, "items", "list"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0 and f"│ {long_id} │" in listed.stdout


def test_a_success_message_is_one_line_when_piped(db: str, tmp_path: Path) -> None:
    long_id = "mohmand-marble-city-special-economic-zone"
    registry = _registry(tmp_path, f"{long_id},Mohmand Marble City,,sez,industry,\n")
    assert run("registry", "load", registry, db=db).returncode == 0
    story = tmp_path / "s.txt"
    story.write_text("The Mohmand Marble City is operational, officials said.\n")
    assert run("ingest", str(story), db=db).returncode == 0
    (claim,) = json.loads(run("claims", "list", "--format", "json", db=db).stdout)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # a pipe: 80 columns
    env["CORRIDOR_DATABASE_URL"] = db
    done = subprocess.run(
        [CORRIDOR, "claims", "review", claim["id"], "--set-modality", "progress"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"claim {claim['id']}: corrected (progress, {long_id})\n"


def test_csv_exports_defuse_formulas_as_the_web_does(db: str, tmp_path: Path) -> None:
    # QA: the web's CSV prefixed a title "=cmd|..." with ', the CLI's wrote it as it was
    archive = tmp_path / "a.jsonl"
    record = {"url": "https://example.org/a", "title": '=cmd|" /C calc"!A0',
              "published": "2024-03-04", "publisher": "@evil",
              "text": "The Gwadar Port will be expanded, officials said."}  # fmt: skip
    archive.write_text(json.dumps(record) + "\n")
    assert run("ingest", str(archive), db=db).returncode == 0
    claims = run("claims", "list", "--format", "csv", db=db).stdout
    assert "'=cmd|" in claims and ",=cmd" not in claims and '"=cmd' not in claims
    promises = run("promises", "--since", "2024-03-04", "--until", "2024-03-04", "--format",
                   "csv", db=db).stdout  # fmt: skip
    assert "'=cmd|" in promises and '"=cmd' not in promises
