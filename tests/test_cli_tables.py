"""The human tables of `items list`, `claims list`, `items show`, `items timeline`, `extract`
and `promises`, read at 80 columns as a person would."""

import datetime as dt
import json
import os
import subprocess
from itertools import takewhile
from pathlib import Path

import pytest
from tests.test_cli import CORRIDOR, SEED, run

# Long, but as the store keeps them: a registry id of 100 characters, a candidate's of 72.
LONG_ID = "framework-agreement-on-the-realignment-of-the-karakoram-highway-thakot-raikot-section-phase-two-kkh"
CANDIDATE_ID = "cand-framework-agreement-on-the-realignment-of-the-karakoram-high-5282c3"
REGISTRY = (
    "id,name,aliases,kind,pillar,province,lat,lon,status,status_as_of,source\n"
    f"{LONG_ID},Framework Agreement on the Realignment of the Karakoram Highway between "
    "Thakot and Raikot,,agreement,connectivity,PK-GB,,,under_construction,2024,https://example.org/kkh\n"
    "gwadar-port,Gwadar Port,,project,gwadar,PK-BA,,,operational,2025-03,https://example.org/g\n"
    "china-pakistan-agri-council,China-Pakistan Agricultural Council,,organization,agriculture,"
    ",,,,,\n"
)  # fmt: skip


def _narrow(*args: str, db: str) -> str:
    env = {**os.environ, "CORRIDOR_DATABASE_URL": db, "COLUMNS": "80"}
    done = subprocess.run([CORRIDOR, *args], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert all(len(line) <= 80 for line in done.stdout.splitlines())
    assert "…" not in done.stdout  # nothing cut
    return done.stdout


def _rows(table: str) -> list[list[list[str]]]:
    """A boxed table's body: each row a list of cells, each cell the lines it shows."""
    rows: list[list[list[str]]] = []
    block: list[list[str]] = []
    lines = table.splitlines()
    body = lines[lines.index(_rule(table)) + 1 :]
    for line in body[: next(n for n, line in enumerate(body) if line.startswith("└")) + 1]:
        if line.startswith("│"):
            block.append([cell.strip() for cell in line.split("│")[1:-1]])
        else:  # ├─ between rows, └─ at the end
            columns = [list(lines) for lines in zip(*block, strict=True)]
            rows.append([[line for line in cell if line] for cell in columns])
            block = []
    return rows


def _rule(table: str) -> str:
    return next(line for line in table.splitlines() if line.startswith("┡"))


def _split(cell: list[str], first: str) -> str:
    """What follows `first` (wrapped at spaces) in a cell's lines, joined as a folded id."""
    for k in range(len(cell) + 1):
        if " ".join(cell[:k]) == first:
            return "".join(cell[k:])
    raise AssertionError(f"{first!r} does not open {cell}")


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert run("db", "init", db=url).returncode == 0
    return url


def test_items_list_shows_every_name_status_and_whole_id_at_80_columns(
    db: str, tmp_path: Path
) -> None:
    # QA: a 72-character id took the 80 columns and left name, kind, pillar, status and
    # province none; with shorter ids they were cut to "st…", "pi…".
    registry = tmp_path / "r.csv"
    registry.write_text(REGISTRY, "utf-8")
    assert run("registry", "load", str(registry), db=db).returncode == 0
    listed = json.loads(run("items", "list", "--format", "json", db=db).stdout)
    rows = _rows(_narrow("items", "list", db=db))
    assert len(rows) == len(listed) == 3
    for row, item in zip(rows, listed, strict=True):
        names, kinds, statuses = row
        assert _split(names, item["name"]) == item["id"]  # the name whole, then the id
        assert kinds == [item["kind"], item["pillar"]]
        assert statuses == [item["status"], item["province"]][: 2 if item["province"] else 1]
    assert ["under_construction", "PK-GB"] in [row[2] for row in rows]


def test_claims_list_keeps_the_sentence_readable_at_80_columns(db: str) -> None:
    # QA: six columns side by side left the sentence one word a line.
    from corridor.store import make_engine, transaction
    from corridor.store.tables import ClaimRow, ItemRow, SourceRow

    sentence = (
        "Pakistan and China signed a framework agreement on the realignment of the Karakoram "
        "Highway, which officials said would be completed within three years of financing."
    )
    engine = make_engine(db)
    with transaction(engine) as session:
        session.add(ItemRow(id=CANDIDATE_ID, name="Framework agreement", kind="agreement",
                            pillar="connectivity", origin="candidate"))  # fmt: skip
        session.add(SourceRow(id="a" * 64, text=sentence))
        session.flush()
        for n, day in enumerate((dt.date(2024, 5, 2), None)):
            session.add(
                ClaimRow(id=f"{n}" * 32, source_id="a" * 64, item_id=CANDIDATE_ID, start=0,
                         end=len(sentence), sentence=sentence, modality="agreement",
                         claim_date=day, stage="test", version="test-1")
            )  # fmt: skip
    engine.dispose()
    listed = json.loads(run("claims", "list", "--format", "json", db=db).stdout)
    rows = _rows(_narrow("claims", "list", db=db))
    assert len(rows) == len(listed) == 2
    for row, claim in zip(rows, listed, strict=True):
        meta, about, said = row
        assert meta == [claim["id"][:12], claim["date"], "unreviewed"][:: 1 if claim["date"] else 2]
        assert about[0] == "agreement" and "".join(about[1:]) == CANDIDATE_ID
        assert " ".join(said) == sentence
        assert len(said) <= len(sentence) // 30 + 1  # lines of 30 characters or more


def test_items_timeline_keeps_the_sentence_and_its_source_readable_at_80_columns(db: str) -> None:
    # QA: five columns side by side left the sentence and its source a word or two a line,
    # and a source known by its URL only was cut to "https://…".
    from corridor.store import make_engine, transaction
    from corridor.store.tables import ClaimRow, ItemRow, SourceRow

    sentence = (
        "Work on the realignment of the Karakoram Highway between Thakot and Raikot began in "
        "March, the National Highway Authority said, and the section is to open in 2027."
    )
    url = "https://example.org/news/2024/05/02/" + "karakoram-highway-realignment-" * 3 + "x"
    engine = make_engine(db)
    with transaction(engine) as session:
        session.add(ItemRow(id=CANDIDATE_ID, name="Framework agreement", kind="agreement",
                            pillar="connectivity", origin="candidate"))  # fmt: skip
        session.add(SourceRow(id="a" * 64, text=sentence, title="KKH realignment: work begins"))
        session.add(SourceRow(id="b" * 64, text=sentence, url=url))
        session.flush()
        for n, (source, day) in enumerate((("a", dt.date(2024, 5, 2)), ("b", None))):
            session.add(
                ClaimRow(id=f"{n}" * 32, source_id=source * 64, item_id=CANDIDATE_ID, start=0,
                         end=len(sentence), sentence=sentence, modality="recommendation",
                         claim_date=day, stage="test", version="test-1")
            )  # fmt: skip
    engine.dispose()
    story = json.loads(run("items", "timeline", CANDIDATE_ID, "--format", "json", db=db).stdout)
    rows = _rows(_narrow("items", "timeline", CANDIDATE_ID, db=db))
    assert len(rows) == len(story["claims"]) == 2
    for row, claim in zip(rows, story["claims"], strict=True):
        meta, said = row
        words = [claim["date"], "recommendation", "unreviewed"]
        assert meta == words[0 if claim["date"] else 1 :]  # no date: its line left blank
        source = claim["source_title"] or claim["source_url"]
        if claim["source_title"]:
            assert " ".join(said) == f"{sentence} — {source}"
        else:
            assert _split(said, f"{sentence} —") == url  # folded, whole
        assert len(said) <= len(sentence) // 50 + 1 + len(source) // 50 + 2  # lines of 50+


def test_extract_table_shows_every_word_and_id_whole_at_80_columns(db: str) -> None:
    # QA: six columns side by side cut "recommendation" to "recommenda…" and registry ids to
    # "cpec-phas…", and left the evidence a word a line.
    found = json.loads(run("extract", str(SEED), db=db).stdout)["items"]
    rows = _rows(_narrow("extract", str(SEED), "--format", "table", db=db))
    assert len(rows) == len(found) > 5
    for row, item in zip(rows, found, strict=True):
        named, words, evidence = row
        assert _split(named, item["name"]) == (item["item_id"] or "(candidate)")
        assert words == [w for w in (item["kind"], item["pillar"], item["modality"]) if w]
        sentence = " ".join(item["evidence"][0]["sentence"].split())
        assert " ".join(evidence) == sentence
        assert len(evidence) <= len(sentence) // 30 + 1  # lines of 30 characters or more
    assert ["initiative", "other", "recommendation"] in [row[1] for row in rows]


def test_promises_table_shows_every_word_and_id_whole_at_80_columns(db: str) -> None:
    # QA: six columns side by side cut "recommendation" to "recommend…" and item names to
    # "Cross-bor…", and left the evidence a word a line.
    assert run("registry", "load", db=db).returncode == 0
    assert run("ingest", "--published", "2025-02-04", str(SEED), db=db).returncode == 0
    event = ["promises", "--event", "zardari-state-visit-feb-2025"]
    report = json.loads(run(*event, "--format", "json", db=db).stdout)["promises"]
    rows = _rows(_narrow(*event, db=db))
    assert len(rows) == len(report) > 5
    for row, promise in zip(rows, report, strict=True):
        named, fate, evidence = row
        assert _split(named, promise["item"]) == promise["item_id"]  # folded, whole
        assert fate == [promise[k] for k in ("promise_date", "promise", "meter", "status")]
        sentence = promise["evidence_sentence"] or promise["promise_sentence"]
        assert " ".join(evidence) == " ".join(sentence.split())
        assert len(evidence) <= len(sentence) // 30 + 1  # lines of 30 characters or more
    widest = [max(len(line) for line in row[0]) for row in rows]
    assert any(len(p["item_id"]) > w for p, w in zip(report, widest, strict=True))  # folded


def test_items_show_folds_a_long_url_whole_at_80_columns(db: str, tmp_path: Path) -> None:
    # QA: a source's URL wider than the terminal was cut to "https://www.brecorder.com/…".
    url = "https://example.org/news/" + "gwadar-port-expansion-phase-two-" * 3 + "2025"
    registry = tmp_path / "r.csv"
    registry.write_text(REGISTRY.replace("https://example.org/g", url), "utf-8")
    assert run("registry", "load", str(registry), db=db).returncode == 0
    shown = _narrow("items", "show", "gwadar-port", db=db).splitlines()
    (first,) = [n for n, line in enumerate(shown) if line.split()[:1] == ["sources"]]
    lines = [shown[first].split(maxsplit=1)[1].strip()]
    lines += [line.strip() for line in takewhile(_goes_on, shown[first + 1 :])]
    assert "".join(lines) == url


def _goes_on(line: str) -> bool:
    return line.startswith(" " * 8)  # a value's next line, not the next field's


def test_run_summary_gives_every_pillar_a_line_at_80_columns(db: str) -> None:
    # QA: the 120-column table of nine statuses was squeezed to "pill…", "unde…", "oper…" on an
    # 80-column terminal. There each pillar is one line with the statuses it holds; a terminal
    # wide enough still gets the table, with the same counts.
    assert run("registry", "load", db=db).returncode == 0
    lines = _narrow("run", "--no-serve", db=db).splitlines()
    assert lines[0] == "Tracked items by pillar and status"
    narrow = {}
    for line in lines[1:]:
        pillar, total, *held = line.replace(",", "").split()
        counts = dict(zip(held[::2], map(int, held[1::2]), strict=True))
        assert sum(counts.values()) == int(total)
        narrow[pillar] = counts
    env = {**os.environ, "CORRIDOR_DATABASE_URL": db, "COLUMNS": "200"}
    wide = subprocess.run([CORRIDOR, "run", "--no-serve"], capture_output=True, text=True, env=env)
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in wide.stdout.splitlines()]
    header = next(line for line in wide.stdout.splitlines() if line.startswith("┃"))
    statuses = [c.strip() for c in header.split("┃")[2:-2]]
    table = {
        row[0]: {s: int(n) for s, n in zip(statuses, row[1:-1], strict=True) if n != "·"}
        for row in rows
        if row
    }
    assert narrow == table and len(table) == 8
    assert narrow["energy"]["operational"] > 0
