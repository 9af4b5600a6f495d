"""Score the extractor against the labelled set, and check the labelled set itself.

    python -m corridor.extract.evaluate              # table, exit 1 below a floor
    python -m corridor.extract.evaluate --json       # machine output
    python -m corridor.extract.evaluate --details    # misses and false positives per document
    python -m corridor.extract.evaluate --validate   # check the labelled set only

The labelled set lives in `tests/data/extract/` (`manifest.json`, `docs/`, `expected/`; its
README gives the labelling conventions). Each document is read with
`corridor.ingest.read_path` and extracted with `corridor.extract.extract`; both are imported
lazily, so this module, its validator and its tests do not depend on them.

Matching rules, per document (all matching is one-to-one and greedy, best score first):

- Items. An expected item matches a predicted item if both have the same non-null `item_id`
  (score 2), or if a predicted mention text and one of the expected `aliases_in_text` (or the
  expected `name`), both normalised (case folded, whitespace collapsed, curly quotes and dashes
  made plain), are equal (score 1) or one contains the other at word boundaries (score
  len(shorter) / len(longer)). Precision, recall and F1 are micro-averaged over the set, and
  reported separately for registry items (expected or predicted with an `item_id`) and
  candidate items (without one): an expected registry item matched by anything counts towards
  registry recall; a predicted registry item matched to anything counts towards registry
  precision.
- Modality accuracy: the share of matched items whose predicted `modality` equals the expected
  one.
- Amounts: same currency (ISO code) and value within 1% (closest first).
- Events: same type and same start date (YYYY-MM-DD).
- Statistics: same value (relative tolerance 1e-6).

Every figure is also broken down by document format (txt, html, pdf). Floors are read from
`corridor/data/eval_floors.toml`; a figure below its floor is reported and the exit code is 1.
A document the reader cannot read counts as extracted with nothing (all its labels are misses).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import json
import math
import os
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

from corridor.model import MODALITY_RANK, EventType, Kind, Modality, Pillar, SourceKind, choices

FORMATS = ("txt", "html", "pdf")
AMOUNT_TOLERANCE = 0.01
STATISTIC_TOLERANCE = 1e-6
CURRENCIES = frozenset(
    {"USD", "PKR", "CNY", "EUR", "GBP", "SAR", "AED", "JPY", "HKD", "INR", "KWD", "QAR"}
)
_PLAIN = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)

Json = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives of one metric."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Ratio:
    """A share: correct out of total (1.0 when there is nothing to judge)."""

    correct: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0


COUNTED = ("items", "registry_items", "candidate_items", "amounts", "events", "statistics")


@dataclass(slots=True)
class Score:
    """The counts of one document, or of several added together."""

    documents: int = 0
    failed: int = 0
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in COUNTED})
    modality: Ratio = field(default_factory=Ratio)
    # (expected, predicted) modality of each matched item -> how many: which way it errs.
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, other: Score) -> None:
        self.documents += other.documents
        self.failed += other.failed
        for key in COUNTED:
            self.counts[key].add(other.counts[key])
        self.modality.add(other.modality)
        self.confusion.update(other.confusion)

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for key in COUNTED:
            c = self.counts[key]
            out[f"{key}_precision"] = c.precision
            out[f"{key}_recall"] = c.recall
            out[f"{key}_f1"] = c.f1
        out["modality_accuracy"] = self.modality.value
        return out


@dataclass(slots=True)
class DocResult:
    """One document's score and what went wrong in it."""

    file: str
    format: str
    score: Score
    error: str | None = None
    details: dict[str, list[str]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Matching


def normalise(text: str) -> str:
    """Case folded, whitespace collapsed, curly quotes and dashes made plain."""
    return " ".join(text.translate(_PLAIN).casefold().split())


def _contains(longer: str, shorter: str) -> bool:
    pattern = r"(?<!\w)" + re.escape(shorter) + r"(?!\w)"
    return re.search(pattern, longer) is not None


def text_overlap(a: str, b: str) -> float:
    """1 if the normalised texts are equal, len(shorter)/len(longer) if one contains the other
    at word boundaries, else 0."""
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return len(shorter) / len(longer) if _contains(longer, shorter) else 0.0


def item_score(expected: Json, predicted: Json) -> float:
    """How well a predicted item matches an expected one; 0 means no match."""
    eid, pid = expected.get("item_id"), predicted.get("item_id")
    if eid and pid and eid == pid:
        return 2.0
    forms = [*expected.get("aliases_in_text", []), expected.get("name") or ""]
    mentions = [m.get("text") or "" for m in predicted.get("mentions") or []]
    best = 0.0
    for form in forms:
        for mention in mentions:
            best = max(best, text_overlap(form, mention))
    return best


def greedy_match(
    expected: Sequence[Any], predicted: Sequence[Any], score: Callable[[Any, Any], float]
) -> list[tuple[int, int]]:
    """Pairs (expected index, predicted index), one-to-one, best score first; ties go to the
    earlier expected, then the earlier predicted."""
    candidates = []
    for i, e in enumerate(expected):
        for j, p in enumerate(predicted):
            s = score(e, p)
            if s > 0:
                candidates.append((-s, i, j))
    candidates.sort()
    used_e: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i in used_e or j in used_p:
            continue
        used_e.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def amount_score(expected: Json, predicted: Json) -> float:
    if str(expected.get("currency") or "").upper() != str(predicted.get("currency") or "").upper():
        return 0.0
    ev, pv = _number(expected.get("value")), _number(predicted.get("value"))
    if ev is None or pv is None:
        return 0.0
    if ev == pv:
        return 1.0
    if abs(pv - ev) <= AMOUNT_TOLERANCE * abs(ev):
        return 1.0 - abs(pv - ev) / max(abs(ev), 1e-12)
    return 0.0


def event_score(expected: Json, predicted: Json) -> float:
    if str(expected.get("type")) != str(predicted.get("type")):
        return 0.0
    ed, pd = _iso_day(expected.get("date")), _iso_day(predicted.get("date"))
    return 1.0 if ed and ed == pd else 0.0


def statistic_score(expected: Json, predicted: Json) -> float:
    ev, pv = _number(expected.get("value")), _number(predicted.get("value"))
    if ev is None or pv is None:
        return 0.0
    return 1.0 if math.isclose(ev, pv, rel_tol=STATISTIC_TOLERANCE, abs_tol=1e-9) else 0.0


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _iso_day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else None


def _is_registry(item: Json) -> bool:
    return bool(item.get("item_id")) and not item.get("candidate", False)


def _label(item: Json) -> str:
    forms = item.get("aliases_in_text") or [m.get("text") for m in item.get("mentions") or []]
    first = next((f for f in forms if f), None)
    ident = item.get("item_id") or "-"
    return f"{item.get('name')!s} [{ident}]" + (f' "{first}"' if first else "")


def score_document(expected: Json, predicted: Json | None) -> tuple[Score, dict[str, list[str]]]:
    """Compare one document's labels with one extraction (None: nothing was extracted)."""
    predicted = predicted or {}
    score = Score(documents=1)
    details: dict[str, list[str]] = {}

    exp_items = list(expected.get("items") or [])
    pred_items = list(predicted.get("items") or [])
    pairs = greedy_match(exp_items, pred_items, item_score)
    matched_e = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    c = score.counts
    c["items"].tp += len(pairs)
    c["items"].fn += len(exp_items) - len(pairs)
    c["items"].fp += len(pred_items) - len(pairs)
    for group, want in (("registry_items", True), ("candidate_items", False)):
        for i, e in enumerate(exp_items):
            if bool(e.get("item_id")) == want:
                if i in matched_e:
                    c[group].tp += 1
                else:
                    c[group].fn += 1
        for j, p in enumerate(pred_items):
            if _is_registry(p) == want and j not in matched_p:
                c[group].fp += 1
    for i, j in pairs:
        score.modality.total += 1
        score.confusion[str(exp_items[i].get("modality")), str(pred_items[j].get("modality"))] += 1
        if str(pred_items[j].get("modality")) == str(exp_items[i].get("modality")):
            score.modality.correct += 1
        else:
            details.setdefault("modality", []).append(
                f"{_label(exp_items[i])}: expected {exp_items[i].get('modality')}, "
                f"got {pred_items[j].get('modality')}"
            )
    details["items_missed"] = [
        _label(e) + f" ({e.get('modality')})" for i, e in enumerate(exp_items) if i not in matched_e
    ]
    details["items_false"] = [
        _label(p) + f" ({p.get('modality')})"
        for j, p in enumerate(pred_items)
        if j not in matched_p
    ]

    plain: list[tuple[str, Callable[[Json, Json], float], Callable[[Json], str]]] = [
        (
            "amounts",
            amount_score,
            lambda a: f"{a.get('text')!s} = {a.get('value')} {a.get('currency')}",
        ),
        ("events", event_score, lambda e: f"{e.get('type')} {e.get('date')}"),
        ("statistics", statistic_score, lambda s: f"{s.get('text')!s} = {s.get('value')}"),
    ]
    for key, scorer, show in plain:
        exp = list(expected.get(key) or [])
        pred = list(predicted.get(key) or [])
        pairs = greedy_match(exp, pred, scorer)
        me = {i for i, _ in pairs}
        mp = {j for _, j in pairs}
        c[key].tp += len(pairs)
        c[key].fn += len(exp) - len(pairs)
        c[key].fp += len(pred) - len(pairs)
        details[f"{key}_missed"] = [show(x) for i, x in enumerate(exp) if i not in me]
        details[f"{key}_false"] = [show(x) for j, x in enumerate(pred) if j not in mp]
    return score, {k: v for k, v in details.items() if v}


# ---------------------------------------------------------------------------------------------
# The labelled set


def default_data_dir() -> Path:
    """`CORRIDOR_EVAL_DATA`, else `tests/data/extract` of the source checkout."""
    env = os.environ.get("CORRIDOR_EVAL_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "tests" / "data" / "extract"
        if (candidate / "manifest.json").exists():
            return candidate
    return Path.cwd() / "tests" / "data" / "extract"


def default_floors_path() -> Path:
    return Path(str(resources.files("corridor") / "data" / "eval_floors.toml"))


def load_manifest(data_dir: Path) -> list[Json]:
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    return list(manifest["documents"])


def load_expected(data_dir: Path, file: str) -> Json:
    stem = Path(file).stem
    return dict(json.loads((data_dir / "expected" / f"{stem}.json").read_text(encoding="utf-8")))


class _BodyText(HTMLParser):
    """The text inside the article body (`itemprop="articleBody"`, else `<article>`, else
    `<body>`), paragraphs on their own lines, scripts and styles dropped."""

    BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "br", "tr", "section"})

    def __init__(self, marker: Callable[[str, dict[str, str | None]], bool]) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        if self.depth:
            self.depth += 1
            if tag in self.BLOCKS:
                self.parts.append("\n")
        elif self.marker(tag, dict(attrs)):
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if self.depth:
            self.depth -= 1
            if tag in self.BLOCKS:
                self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def html_body_text(html: str) -> str:
    """The article body of a page, for checking labels (not a general-purpose extractor)."""
    markers: list[Callable[[str, dict[str, str | None]], bool]] = [
        lambda tag, attrs: attrs.get("itemprop") == "articleBody",
        lambda tag, attrs: tag == "article",
        lambda tag, attrs: tag == "body",
    ]
    for marker in markers:
        parser = _BodyText(marker)
        parser.feed(html)
        text = "".join(parser.parts)
        if text.strip():
            lines = (" ".join(line.split()) for line in text.splitlines())
            return "\n".join(line for line in lines if line)
    return ""


def clean_text(data_dir: Path, file: str) -> str:
    """The text labels are written against: the file itself for .txt, the article body for
    .html, the body of its `pdf_src/` source for .pdf."""
    path = data_dir / "docs" / file
    suffix = path.suffix.lower()
    if suffix == ".html":
        return html_body_text(path.read_text(encoding="utf-8"))
    if suffix == ".pdf":
        source = data_dir / "pdf_src" / f"{path.stem}.txt"
        return source.read_text(encoding="utf-8").partition("\n---\n")[2]
    return path.read_text(encoding="utf-8")


def registry_ids() -> set[str]:
    path = Path(str(resources.files("corridor") / "data" / "registry.csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"] for row in csv.DictReader(handle)}


def _date_ok(value: Any, nullable: bool) -> bool:
    if value is None:
        return nullable
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)))


def _pdf_text(path: Path) -> str | None:
    try:
        import pypdf
    except ImportError:  # pragma: no cover - pypdf is a dependency
        return None
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def validate_document(data_dir: Path, entry: Json, ids: set[str]) -> list[str]:
    """Problems with one labelled document: strings not in its text, values off the taxonomy."""
    file = str(entry.get("file"))
    problems: list[str] = []

    def bad(message: str) -> None:
        problems.append(f"{file}: {message}")

    path = data_dir / "docs" / file
    if not path.exists():
        return [f"{file}: document missing"]
    fmt = path.suffix.lstrip(".").lower()
    if entry.get("format") != fmt:
        bad(f"manifest format {entry.get('format')!r} but file is .{fmt}")
    if entry.get("kind") not in choices(SourceKind):
        bad(f"manifest kind {entry.get('kind')!r} not one of {choices(SourceKind)}")
    if not isinstance(entry.get("synthetic"), bool):
        bad("manifest 'synthetic' must be true or false")
    try:
        expected = load_expected(data_dir, file)
    except (OSError, ValueError) as exc:
        return [*problems, f"{file}: expected file unreadable: {exc}"]
    text = clean_text(data_dir, file)
    flat = " ".join(text.split())
    pdf_flat: str | None = None
    if fmt == "pdf":
        raw = _pdf_text(path)
        pdf_flat = " ".join(raw.split()) if raw is not None else None

    def present(where: str, value: Any) -> None:
        if not isinstance(value, str) or not value:
            bad(f"{where}: empty or not a string")
            return
        if value not in text:
            bad(f"{where}: not in the document text: {value[:70]!r}")
        elif pdf_flat is not None and " ".join(value.split()) not in pdf_flat:
            bad(f"{where}: not in the PDF's extracted text: {value[:70]!r}")
        elif " ".join(value.split()) not in flat:  # pragma: no cover - implied by the first
            bad(f"{where}: not in the document text")

    source = expected.get("source") or {}
    for key in ("title", "publisher", "author", "published", "kind"):
        if key not in source:
            bad(f"source.{key} missing")
    if source.get("kind") not in choices(SourceKind):
        bad(f"source.kind {source.get('kind')!r} not valid")
    if source.get("kind") != entry.get("kind"):
        bad("source.kind differs from the manifest's kind")
    if not _date_ok(source.get("published"), nullable=True):
        bad(f"source.published {source.get('published')!r} is not YYYY-MM-DD or null")

    seen_ids: set[str] = set()
    for n, item in enumerate(expected.get("items") or []):
        where = f"items[{n}] {item.get('name')!r}"
        item_id = item.get("item_id")
        if item_id is not None:
            if item_id not in ids:
                bad(f"{where}: item_id {item_id!r} not in the registry")
            if item_id in seen_ids:
                bad(f"{where}: item_id {item_id!r} labelled twice")
            seen_ids.add(item_id)
        if not item.get("name"):
            bad(f"{where}: no name")
        if item.get("kind") not in choices(Kind):
            bad(f"{where}: kind {item.get('kind')!r} not one of {choices(Kind)}")
        if item.get("pillar") not in choices(Pillar):
            bad(f"{where}: pillar {item.get('pillar')!r} not one of {choices(Pillar)}")
        if item.get("modality") not in choices(Modality):
            bad(f"{where}: modality {item.get('modality')!r} not one of {choices(Modality)}")
        aliases = item.get("aliases_in_text") or []
        if not aliases:
            bad(f"{where}: no aliases_in_text")
        for alias in aliases:
            present(f"{where} alias", alias)
        evidence = item.get("evidence")
        present(f"{where} evidence", evidence)
        if isinstance(evidence, str) and not any(
            normalise(a) in normalise(evidence) for a in aliases if isinstance(a, str)
        ):
            bad(f"{where}: evidence contains none of its aliases_in_text")
    for n, amount in enumerate(expected.get("amounts") or []):
        where = f"amounts[{n}]"
        present(f"{where} text", amount.get("text"))
        if _number(amount.get("value")) is None:
            bad(f"{where}: value {amount.get('value')!r} is not a number")
        if amount.get("currency") not in CURRENCIES:
            bad(f"{where}: currency {amount.get('currency')!r} not an ISO code we know")
        if amount.get("item_id") is not None and amount.get("item_id") not in ids:
            bad(f"{where}: item_id {amount.get('item_id')!r} not in the registry")
    for n, event in enumerate(expected.get("events") or []):
        where = f"events[{n}]"
        if event.get("type") not in choices(EventType):
            bad(f"{where}: type {event.get('type')!r} not one of {choices(EventType)}")
        if not _date_ok(event.get("date"), nullable=False):
            bad(f"{where}: date {event.get('date')!r} is not YYYY-MM-DD")
        if not _date_ok(event.get("end_date"), nullable=True):
            bad(f"{where}: end_date {event.get('end_date')!r} is not YYYY-MM-DD or null")
        if not isinstance(event.get("actors"), list):
            bad(f"{where}: actors must be a list")
        present(f"{where} evidence", event.get("evidence"))
    for n, stat in enumerate(expected.get("statistics") or []):
        where = f"statistics[{n}]"
        present(f"{where} text", stat.get("text"))
        if _number(stat.get("value")) is None:
            bad(f"{where}: value {stat.get('value')!r} is not a number")
        if not stat.get("unit"):
            bad(f"{where}: no unit")
    return problems


def validate_labelled_set(data_dir: Path | None = None) -> list[str]:
    """Every problem in the labelled set; an empty list means it is sound."""
    data_dir = data_dir or default_data_dir()
    ids = registry_ids()
    entries = load_manifest(data_dir)
    problems: list[str] = []
    files = [str(e.get("file")) for e in entries]
    for dup in sorted({f for f in files if files.count(f) > 1}):
        problems.append(f"{dup}: listed twice in manifest.json")
    listed = set(files)
    for path in sorted((data_dir / "docs").iterdir()):
        if path.name not in listed:
            problems.append(f"{path.name}: in docs/ but not in manifest.json")
    for path in sorted((data_dir / "expected").glob("*.json")):
        if not any(Path(f).stem == path.stem for f in listed):
            problems.append(f"expected/{path.name}: no document in manifest.json")
    for entry in entries:
        problems.extend(validate_document(data_dir, entry, ids))
    return problems


# ---------------------------------------------------------------------------------------------
# Running the extractor


Extractor = Callable[[Path, Json], tuple[Json | None, str | None]]


def corridor_extractor(path: Path, source: Json) -> tuple[Json | None, str | None]:
    """Read one file with corridor's readers and extract from it: (prediction, error).

    A plain-text file carries no publication date, which relative dates ("on Tuesday") are
    resolved against; the labelled date stands in for what a feed, an archive line or the
    person ingesting it would supply. Nothing else of the labels reaches the extractor.
    """
    # Lazy: these modules are heavy to import, and the scorer must work without them.
    extract = importlib.import_module("corridor.extract").extract
    read_path = importlib.import_module("corridor.ingest").read_path

    errors: list[str] = []
    for result in read_path(path):
        document = getattr(result, "document", None)
        if document is None:
            errors.append(str(getattr(result, "error", None) or "no document"))
            continue
        if document.published is None and source.get("published"):
            document.published = date.fromisoformat(str(source["published"]))
        return dict(extract(document).to_dict()), None
    return None, "; ".join(errors) or "reader returned nothing"


def as_prediction(labels: Json) -> Json:
    """One labelling in the shape of an extraction, to be scored against another labelling of
    the same document: each item's surface forms become its mentions, an item with no
    registry id is a candidate; amounts, events and statistics already have the shape."""
    items = [
        {
            **item,
            "candidate": not item.get("item_id"),
            "mentions": [{"text": form} for form in item.get("aliases_in_text") or []],
        }
        for item in labels.get("items") or []
    ]
    return {**labels, "items": items}


def labels_extractor(other_dir: Path) -> Extractor:
    """An Extractor that answers with another labeller's labels of the same document (from
    other_dir/expected/): agreement between two labellers, on the extractor's own figures."""

    def extractor(path: Path, source: Json) -> tuple[Json | None, str | None]:
        try:
            return as_prediction(load_expected(other_dir, path.name)), None
        except (OSError, ValueError) as exc:
            return None, f"no labels in {other_dir}: {exc}"

    return extractor


def evaluate(data_dir: Path | None = None, extractor: Extractor | None = None) -> list[DocResult]:
    """Score every document of the labelled set."""
    data_dir = data_dir or default_data_dir()
    extractor = extractor or corridor_extractor
    results = []
    for entry in load_manifest(data_dir):
        file = str(entry["file"])
        expected = load_expected(data_dir, file)
        try:
            predicted, error = extractor(data_dir / "docs" / file, dict(expected["source"]))
        except Exception as exc:  # a bad document never stops the run
            predicted, error = None, f"{type(exc).__name__}: {exc}"
        score, details = score_document(expected, predicted)
        if predicted is None:
            score.failed = 1
        fmt = str(entry.get("format") or Path(file).suffix.lstrip("."))
        results.append(DocResult(file, fmt, score, error, details))
    return results


SPLITS = ("dev", "test")


def split_of(file: str) -> str:
    """A fixed half of the set: rules are improved by reading misses on "dev" only, and
    "test" shows whether an improvement generalises (a hash, so nobody picks the halves)."""
    return SPLITS[hashlib.sha256(file.encode()).digest()[0] % 2]


def summarise(results: Iterable[DocResult]) -> dict[str, Score]:
    """Scores added up over all documents ("all"), per split and per format."""
    totals = {"all": Score(), **{s: Score() for s in SPLITS}, **{f: Score() for f in FORMATS}}
    for result in results:
        totals["all"].add(result.score)
        totals[split_of(result.file)].add(result.score)
        totals.setdefault(result.format, Score()).add(result.score)
    return totals


# ---------------------------------------------------------------------------------------------
# Floors


def load_floors(path: Path | None = None) -> dict[str, float]:
    data = tomllib.loads((path or default_floors_path()).read_text(encoding="utf-8"))
    floors = data.get("floors", data)
    return {str(k): float(v) for k, v in floors.items() if isinstance(v, int | float)}


def check_floors(metrics: dict[str, float], floors: dict[str, float]) -> list[str]:
    """One message per figure below its floor (a floor naming no known figure also fails)."""
    failures = []
    for name, floor in sorted(floors.items()):
        if name not in metrics:
            failures.append(f"{name}: no such figure (floor {floor:.3f})")
        elif metrics[name] + 1e-12 < floor:
            failures.append(f"{name} = {metrics[name]:.3f} is below its floor {floor:.3f}")
    return failures


# ---------------------------------------------------------------------------------------------
# Output


def report(results: list[DocResult], floors: dict[str, float]) -> Json:
    totals = summarise(results)
    metrics = totals["all"].metrics()
    return {
        "documents": totals["all"].documents,
        "failed_documents": [r.file for r in results if r.score.failed],
        "metrics": metrics,
        "by_format": {
            fmt: {"documents": s.documents, "metrics": s.metrics()}
            for fmt, s in totals.items()
            if fmt not in ("all", *SPLITS)
        },
        "by_split": {
            split: {"documents": totals[split].documents, "metrics": totals[split].metrics()}
            for split in SPLITS
        },
        "counts": {k: vars_of(c) for k, c in totals["all"].counts.items()},
        "modality_confusion": confusion_rows(totals["all"].confusion),
        "floors": floors,
        "below_floor": check_floors(metrics, floors),
    }


def vars_of(c: Counts) -> dict[str, int]:
    return {"tp": c.tp, "fp": c.fp, "fn": c.fn}


def confusion_rows(confusion: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """The confusion as expected modality -> predicted modality -> count, every modality of
    the model in rank order on both sides (labels outside it after them)."""
    names = [m.value for m in sorted(Modality, key=lambda m: -MODALITY_RANK[m])]
    names += sorted({n for pair in confusion for n in pair} - set(names))
    return {e: {p: confusion[e, p] for p in names} for e in names}


def format_confusion(confusion: Counter[tuple[str, str]]) -> str:
    """The confusion as a table, rows expected, columns predicted; modalities no matched item
    has on either side are left out."""
    rows = confusion_rows(confusion)
    used = [n for n in rows if any(confusion[n, p] or confusion[p, n] for p in rows)]
    if not used:
        return ""
    short = {n: n[:5] for n in used}
    corner = "expected \\ predicted"
    head = f"{corner:<22}" + "".join(f"{short[n]:>7}" for n in used)
    lines = [head]
    for e in used:
        lines.append(f"{e:<22}" + "".join(f"{rows[e][p]:>7}" for p in used))
    # How far to trust each modality the extractor gives (the share of its calls the labels
    # share), and how much of each the labels hold it finds: "-" where there is none.
    called = {m: sum(rows[e][m] for e in rows) for m in used}
    labelled = {m: sum(rows[m].values()) for m in used}
    lines.append(f"{'precision':<22}" + "".join(_share(rows[m][m], called[m]) for m in used))
    lines.append(f"{'recall':<22}" + "".join(_share(rows[m][m], labelled[m]) for m in used))
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:>7.2f}" if whole else f"{'-':>7}"


def format_table(results: list[DocResult], floors: dict[str, float]) -> str:
    totals = summarise(results)
    # A format with no document has no figures: it is left out, not shown as a perfect score.
    cols = ["all", *SPLITS, *(f for f in FORMATS if totals[f].documents)]
    header = f"{'metric':<28}" + "".join(f"{c:>9}" for c in cols) + f"{'floor':>9}"
    lines = [header, "-" * len(header)]
    docs = "".join(f"{totals[c].documents:>9}" for c in cols)
    lines.append(f"{'documents':<28}{docs}")
    per = {c: totals[c].metrics() for c in cols}
    for name in per["all"]:
        row = "".join(f"{per[c][name]:>9.3f}" for c in cols)
        floor = f"{floors[name]:>9.3f}" if name in floors else f"{'':>9}"
        lines.append(f"{name:<28}{row}{floor}")
    all_counts = totals["all"].counts
    lines.append("")
    lines.append(
        "counts (tp/fp/fn): "
        + ", ".join(f"{k} {c.tp}/{c.fp}/{c.fn}" for k, c in all_counts.items())
    )
    m = totals["all"].modality
    lines.append(f"modality: {m.correct}/{m.total} matched items right")
    table = format_confusion(totals["all"].confusion)
    if table:
        lines.extend(["", "modality of matched items, expected (rows) by predicted (columns):"])
        lines.append(table)
    failed = [r for r in results if r.score.failed]
    if failed:
        lines.append(f"unreadable or failed documents: {len(failed)}")
        lines.extend(f"  {r.file}: {r.error}" for r in failed)
    return "\n".join(lines)


def format_details(results: list[DocResult], split: str | None = None) -> str:
    lines = []
    for r in results:
        if split and split_of(r.file) != split:
            continue
        if not r.details and not r.error:
            continue
        lines.append(f"== {r.file}" + (f"  (error: {r.error})" if r.error else ""))
        for key, values in r.details.items():
            for value in values:
                lines.append(f"  {key:<18} {value}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m corridor.extract.evaluate",
        description="Score corridor's extractor against the labelled set.",
    )
    parser.add_argument("--data", type=Path, default=None, help="labelled set directory")
    parser.add_argument("--floors", type=Path, default=None, help="floors file (TOML)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--details", action="store_true", help="list misses and false positives")
    parser.add_argument(
        "--split", choices=SPLITS, default=None, help="with --details: only this half of the set"
    )
    parser.add_argument(
        "--validate", action="store_true", help="only check the labelled set, do not extract"
    )
    parser.add_argument(
        "--against",
        type=Path,
        default=None,
        metavar="DIR",
        help="score another labelling of the same documents (DIR/expected/) instead of the "
        "extractor: the agreement between two labellers",
    )
    args = parser.parse_args(argv)
    data_dir = args.data or default_data_dir()

    if args.validate:
        problems = validate_labelled_set(data_dir)
        for problem in problems:
            print(problem)
        n = len(load_manifest(data_dir))
        print(f"{n} documents, {len(problems)} problems")
        return 1 if problems else 0

    # Agreement between labellers has no floor unless one is asked for.
    floors = {} if args.against and args.floors is None else load_floors(args.floors)
    results = evaluate(data_dir, labels_extractor(args.against) if args.against else None)
    out = report(results, floors)
    if args.json:
        if args.details:
            out["details"] = {r.file: r.details for r in results if r.details}
        print(json.dumps(out, indent=2))
    else:
        print(format_table(results, floors))
        if args.details:
            print()
            print(format_details(results, args.split))
        for failure in out["below_floor"]:
            print(f"below floor: {failure}", file=sys.stderr)
    return 1 if out["below_floor"] else 0


if __name__ == "__main__":
    sys.exit(main())
