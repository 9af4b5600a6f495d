"""The scorer (corridor.extract.evaluate) on hand-made predictions, and the labelled set."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from corridor.extract import evaluate as ev

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"


def _item(item_id: str | None, *mentions: str, modality: str = "mention", **kw: Any) -> dict:
    return {
        "item_id": item_id,
        "name": kw.get("name", mentions[0] if mentions else item_id),
        "modality": modality,
        "candidate": item_id is None,
        "mentions": [{"text": m, "start": 0, "end": len(m)} for m in mentions],
    }


def _expected(item_id: str | None, *aliases: str, modality: str = "mention") -> dict:
    return {
        "item_id": item_id,
        "name": aliases[0],
        "aliases_in_text": list(aliases),
        "kind": "project",
        "pillar": "energy",
        "modality": modality,
        "evidence": aliases[0],
    }


def test_normalise_folds_case_space_quotes_and_dashes() -> None:
    assert ev.normalise("  Matiari\u2013Lahore   HVDC ") == "matiari-lahore hvdc"
    assert ev.normalise("China\u2019s  Exim") == "china's exim"


def test_text_overlap_equal_contained_and_word_boundaries() -> None:
    assert ev.text_overlap("ML-1", "ml-1") == 1.0
    assert ev.text_overlap("Karot HPP", "the Karot HPP project") == pytest.approx(9 / 21)
    assert ev.text_overlap("GIT", "digital") == 0.0  # not at a word boundary
    assert ev.text_overlap("", "CPEC") == 0.0


def test_item_matches_by_id_or_by_alias() -> None:
    exp = _expected("karot-hydropower", "Karot HPP")
    assert ev.item_score(exp, _item("karot-hydropower", "something else")) == 2.0
    assert ev.item_score(exp, _item(None, "Karot HPP")) == 1.0
    assert ev.item_score(exp, _item("other-id", "Karot")) > 0  # contained alias
    assert ev.item_score(exp, _item("other-id", "Kohala")) == 0.0


def test_greedy_match_is_one_to_one_best_first() -> None:
    expected = [_expected(None, "CPEC"), _expected(None, "CPEC Authority")]
    predicted = [_item(None, "CPEC Authority"), _item(None, "CPEC")]
    pairs = ev.greedy_match(expected, predicted, ev.item_score)
    assert pairs == [(0, 1), (1, 0)]
    # one prediction cannot satisfy two expected items
    pairs = ev.greedy_match(expected, predicted[:1], ev.item_score)
    assert pairs == [(1, 0)]


def test_counts_precision_recall_f1() -> None:
    c = ev.Counts(tp=3, fp=1, fn=2)
    assert c.precision == pytest.approx(0.75)
    assert c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert ev.Counts().f1 == 1.0  # nothing expected, nothing predicted
    assert ev.Counts(fp=2).f1 == 0.0


def test_score_document_items_registry_candidate_and_modality() -> None:
    expected = {
        "items": [
            _expected("ml1-railway", "ML-1", modality="problem"),
            _expected("karot-hydropower", "Karot HPP", modality="delivery"),
            _expected(None, "300MW solar park", modality="pledge"),
            _expected(None, "vertical farming MoU", modality="agreement"),
        ]
    }
    predicted = {
        "items": [
            _item("ml1-railway", "Main Line-1", modality="problem"),  # by id
            _item(None, "solar park", modality="expectation"),  # by alias, wrong modality
            _item("gwadar-port", "Gwadar port"),  # false positive, registry
            _item(None, "smart grids"),  # false positive, candidate
        ]
    }
    score, details = ev.score_document(expected, predicted)
    items = score.counts["items"]
    assert (items.tp, items.fp, items.fn) == (2, 2, 2)
    reg = score.counts["registry_items"]
    assert (reg.tp, reg.fp, reg.fn) == (1, 1, 1)
    cand = score.counts["candidate_items"]
    assert (cand.tp, cand.fp, cand.fn) == (1, 1, 1)
    assert (score.modality.correct, score.modality.total) == (1, 2)
    assert any("Karot" in line for line in details["items_missed"])
    assert any("smart grids" in line for line in details["items_false"])
    assert details["modality"] == [
        '300MW solar park [-] "300MW solar park": expected pledge, got expectation'
    ]
    assert score.confusion == {("problem", "problem"): 1, ("pledge", "expectation"): 1}


def test_confusion_adds_up_and_prints_rows_expected_columns_predicted() -> None:
    total = ev.Score()
    for got in ("pledge", "pledge", "problem"):
        one, _ = ev.score_document(
            {"items": [_expected("ml1-railway", "ML-1", modality="problem")]},
            {"items": [_item("ml1-railway", "ML-1", modality=got)]},
        )
        total.add(one)
    rows = ev.confusion_rows(total.confusion)
    assert rows["problem"]["pledge"] == 2 and rows["problem"]["problem"] == 1
    assert next(iter(rows)) == "problem" and set(rows) >= {"mention", "recommendation"}
    lines = ev.format_confusion(total.confusion).splitlines()
    assert lines[0].split()[-2:] == ["probl", "pledg"]  # only modalities that occur
    assert lines[1].split() == ["problem", "1", "2"]
    assert lines[2].split() == ["pledge", "0", "0"]
    # Of 1 call of problem, 1 right; of 2 calls of pledge, none. Of 3 labelled problem, 1 found.
    assert lines[3].split() == ["precision", "1.00", "0.00"]
    assert lines[4].split() == ["recall", "0.33", "-"]
    assert ev.format_confusion(ev.Score().confusion) == ""


def _tp(expected: dict, predicted: dict, key: str) -> int:
    return ev.score_document(expected, predicted)[0].counts[key].tp


def test_amounts_match_on_currency_and_value_within_one_percent() -> None:
    expected = {"amounts": [{"text": "$6.7bn", "value": 6.7e9, "currency": "USD"}]}
    assert _tp(expected, {"amounts": [{"value": 6.75e9, "currency": "USD"}]}, "amounts") == 1
    assert _tp(expected, {"amounts": [{"value": 6.9e9, "currency": "USD"}]}, "amounts") == 0
    wrong = ev.score_document(expected, {"amounts": [{"value": 6.7e9, "currency": "PKR"}]})
    counts = wrong[0].counts["amounts"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 1)


def test_events_match_on_type_and_start_date() -> None:
    expected = {"events": [{"type": "visit", "date": "2025-02-04", "end_date": "2025-02-08"}]}
    good = {"events": [{"type": "visit", "date": "2025-02-04T00:00:00", "end_date": None}]}
    assert ev.score_document(expected, good)[0].counts["events"].tp == 1
    other_type = {"events": [{"type": "meeting", "date": "2025-02-04"}]}
    assert ev.score_document(expected, other_type)[0].counts["events"].tp == 0
    other_day = {"events": [{"type": "visit", "date": "2025-02-05"}]}
    assert ev.score_document(expected, other_day)[0].counts["events"].tp == 0
    no_date = {"events": [{"type": "visit", "date": None}]}
    assert ev.score_document(expected, no_date)[0].counts["events"].tp == 0


def test_statistics_match_on_value() -> None:
    expected = {"statistics": [{"text": "40%", "value": 40, "unit": "percent"}]}
    assert _tp(expected, {"statistics": [{"value": 40.0}]}, "statistics") == 1
    assert _tp(expected, {"statistics": [{"value": 41}]}, "statistics") == 0


def test_nothing_extracted_counts_every_label_as_missed() -> None:
    expected = {"items": [_expected(None, "CPEC")], "amounts": [], "events": []}
    score, _ = ev.score_document(expected, None)
    assert score.counts["items"].fn == 1
    assert score.metrics()["items_recall"] == 0.0


def test_check_floors_names_each_figure_below_its_floor() -> None:
    metrics = {"items_f1": 0.5, "events_f1": 0.9}
    failures = ev.check_floors(metrics, {"items_f1": 0.6, "events_f1": 0.9, "nope": 0.1})
    assert len(failures) == 2
    assert failures[0].startswith("items_f1 = 0.500 is below its floor 0.600")
    assert failures[1].startswith("nope: no such figure")
    assert ev.check_floors(metrics, {"items_f1": 0.5}) == []


def _tiny_set(tmp_path: Path) -> Path:
    data = tmp_path / "set"
    (data / "docs").mkdir(parents=True)
    (data / "expected").mkdir()
    text = "ISLAMABAD: The ML-1 financing agreement has not been signed, officials said.\n"
    (data / "docs" / "a.txt").write_text(text, encoding="utf-8")
    expected = {
        "source": {
            "title": "t", "publisher": None, "author": None, "published": "2024-06-11",
            "kind": "news",
        },
        "items": [
            {
                "item_id": "ml1-railway", "name": "ML-1", "aliases_in_text": ["ML-1"],
                "kind": "project", "pillar": "connectivity", "modality": "problem",
                "evidence": text.strip(),
            }
        ],
        "amounts": [], "events": [], "statistics": [],
    }  # fmt: skip
    (data / "expected" / "a.json").write_text(json.dumps(expected), encoding="utf-8")
    manifest = {"documents": [{"file": "a.txt", "format": "txt", "kind": "news",
                               "synthetic": True, "notes": ""}]}  # fmt: skip
    (data / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return data


def test_main_exits_1_and_names_the_figure_below_its_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _tiny_set(tmp_path)
    floors = tmp_path / "floors.toml"
    floors.write_text("[floors]\nitems_f1 = 0.9\nmodality_accuracy = 0.5\n", encoding="utf-8")
    wrong = {"items": [_item("ml1-railway", "ML-1", modality="pledge")]}
    monkeypatch.setattr(ev, "corridor_extractor", lambda path, source: (wrong, None))
    code = ev.main(["--data", str(data), "--floors", str(floors)])
    captured = capsys.readouterr()
    assert code == 1
    assert "modality_accuracy = 0.000 is below its floor 0.500" in captured.err
    assert "items_f1" not in captured.err

    right = {"items": [_item("ml1-railway", "ML-1", modality="problem")]}
    monkeypatch.setattr(ev, "corridor_extractor", lambda path, source: (right, None))
    assert ev.main(["--data", str(data), "--floors", str(floors), "--json", "--details"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["metrics"]["items_f1"] == 1.0
    assert out["modality_confusion"]["problem"]["problem"] == 1
    assert out["by_format"]["txt"]["documents"] == 1


def test_the_labelled_set_agrees_with_itself_and_not_with_a_changed_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ev.main(["--data", str(DATA), "--against", str(DATA), "--json"]) == 0
    same = json.loads(capsys.readouterr().out)["metrics"]
    assert same["items_f1"] == same["modality_accuracy"] == same["events_f1"] == 1.0
    assert same["candidate_items_f1"] == same["statistics_f1"] == 1.0

    # A second labeller who read one document's first item differently and left out its last.
    other = tmp_path / "other"
    shutil.copytree(DATA / "expected", other / "expected")
    first = sorted((other / "expected").glob("*.json"))[0]
    labels = json.loads(first.read_text(encoding="utf-8"))
    n_items = len(labels["items"])
    labels["items"][0]["modality"] = next(
        m for m in ("problem", "mention") if m != labels["items"][0]["modality"]
    )
    del labels["items"][-1]
    first.write_text(json.dumps(labels), encoding="utf-8")
    results = ev.evaluate(DATA, ev.labels_extractor(other))
    changed = next(r for r in results if Path(r.file).stem == first.stem)
    assert changed.score.counts["items"].fn == 1 and changed.score.counts["items"].fp == 0
    assert changed.score.modality.total == n_items - 1
    assert changed.score.modality.correct == n_items - 2
    assert all(r.score.modality.correct == r.score.modality.total for r in results if r != changed)


def test_against_a_folder_without_that_document_counts_it_failed(tmp_path: Path) -> None:
    data = _tiny_set(tmp_path)
    (tmp_path / "empty" / "expected").mkdir(parents=True)
    result = ev.evaluate(data, ev.labels_extractor(tmp_path / "empty"))[0]
    assert result.score.failed == 1 and "no labels in" in (result.error or "")


def test_a_failing_document_does_not_stop_the_run(tmp_path: Path) -> None:
    data = _tiny_set(tmp_path)

    def boom(path: Path, source: dict) -> tuple[dict | None, str | None]:
        raise RuntimeError("reader exploded")

    results = ev.evaluate(data, extractor=boom)
    assert results[0].score.failed == 1
    assert "reader exploded" in (results[0].error or "")
    assert results[0].score.counts["items"].fn == 1


def test_validator_catches_strings_not_in_the_text_and_bad_enums(tmp_path: Path) -> None:
    data = _tiny_set(tmp_path)
    assert ev.validate_labelled_set(data) == []
    path = data / "expected" / "a.json"
    broken = json.loads(path.read_text(encoding="utf-8"))
    broken["items"][0]["evidence"] = "The ML-1 agreement was signed."
    broken["items"][0]["modality"] = "promised"
    broken["items"][0]["item_id"] = "no-such-item"
    broken["events"] = [{"type": "party", "date": "2024-13-01", "actors": [], "evidence": "x"}]
    path.write_text(json.dumps(broken), encoding="utf-8")
    problems = "\n".join(ev.validate_labelled_set(data))
    assert "evidence: not in the document text" in problems
    assert "modality 'promised'" in problems
    assert "'no-such-item' not in the registry" in problems
    assert "type 'party'" in problems
    assert "date '2024-13-01'" in problems


def test_html_body_text_drops_page_furniture() -> None:
    page = (DATA / "docs" / "dawn-ml1-financing-2024.html").read_text(encoding="utf-8")
    body = ev.html_body_text(page)
    assert body.startswith("ISLAMABAD: The much-delayed upgradation")
    assert "Breaking News" not in body
    assert "Comments are moderated" not in body
    assert "has not been signed despite nine years" in body


def test_labelled_set_is_valid() -> None:
    assert ev.validate_labelled_set(DATA) == []


def test_labelled_set_has_the_promised_shape() -> None:
    entries = ev.load_manifest(DATA)
    formats = [e["format"] for e in entries]
    assert len(entries) >= 60
    assert formats.count("html") >= 10
    assert formats.count("pdf") >= 6
    for entry in entries:
        if entry["format"] == "pdf":
            assert (DATA / "pdf_src" / (Path(entry["file"]).stem + ".txt")).exists()
    modalities = {
        item["modality"]
        for entry in entries
        for item in ev.load_expected(DATA, entry["file"])["items"]
    }
    assert modalities == {
        "recommendation", "expectation", "pledge", "agreement", "progress", "delivery",
        "problem", "mention",
    }  # fmt: skip


def test_pdf_sources_render(tmp_path: Path) -> None:
    pytest.importorskip("fpdf")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_pdfs", DATA / "make_pdfs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    source = next((DATA / "pdf_src").glob("*.txt"))
    target = tmp_path / "out.pdf"
    module.render(source, target)
    assert target.read_bytes().startswith(b"%PDF")
    shutil.rmtree(tmp_path, ignore_errors=True)
