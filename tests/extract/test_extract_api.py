import json

import pytest
from tests.extract.conftest import TINY_REGISTRY

from corridor.errors import CorridorError
from corridor.extract import EXTRACTOR_VERSION, build_pipeline, extract, extract_many
from corridor.model import Document, SourceKind

TEXT = """Breaking News

Gwadar Port expansion approved

ISLAMABAD: Gwadar Port will get a new berth costing $120 million, the minister said on Tuesday.
The ML-1 agreement has not been signed. Work on the Rashakai SEZ is 60% complete.

image 2"""


def test_api_to_dict_contract_keys(run):
    data = run(TEXT).to_dict()
    assert set(data) >= {"source", "items", "amounts", "capacities", "events", "statistics"}
    assert set(data["source"]) == {"title", "publisher", "author", "published", "kind"}
    item = data["items"][0]
    assert set(item) == {"item_id", "name", "kind", "pillar", "modality", "candidate", "tracked",
                         "confidence", "mentions", "evidence"}  # fmt: skip
    assert set(item["evidence"][0]) == {"sentence", "start", "end", "modality", "cue",
                                        "negated", "dates"}  # fmt: skip
    assert set(data["amounts"][0]) == {"value", "currency", "usd", "text", "start", "end",
                                       "item_id", "kind"}  # fmt: skip
    json.dumps(data)  # plain JSON types only


def test_api_offsets_index_clean_text(run):
    ex = run(TEXT)
    data = ex.to_dict()
    assert ex.text == TEXT
    for item in data["items"]:
        for m in item["mentions"]:
            assert ex.text[m["start"] : m["end"]] == m["text"]
        for e in item["evidence"]:
            assert ex.text[e["start"] : e["end"]] == e["sentence"]
    for key in ("amounts", "capacities", "statistics"):
        for figure in data[key]:
            assert ex.text[figure["start"] : figure["end"]] == figure["text"]
    for event in data["events"]:
        assert ex.text[event["start"] : event["end"]] == event["evidence"]


def test_api_furniture_never_yields_items(run):
    data = run("Breaking News\n\nCPEC\n\nBody text.\n\nMr. Ali Khan, a Huawei adviser.").to_dict()
    assert data["items"] == []


def test_api_extract_many_streams_same_results(tiny_nlp):
    docs = [Document(text=f"Gwadar Port handled {n} ships.", kind=SourceKind.NEWS)
            for n in range(5)]  # fmt: skip
    many = [e.to_dict() for e in extract_many(iter(docs), nlp=tiny_nlp, batch_size=2)]
    assert many == [extract(d, nlp=tiny_nlp).to_dict() for d in docs]


def test_api_default_pipeline_is_cached():
    assert build_pipeline() is build_pipeline()
    assert EXTRACTOR_VERSION


def test_api_unknown_stage_raises_e400():
    with pytest.raises(CorridorError) as info:
        build_pipeline(items=TINY_REGISTRY, stages=["corridor.sentences.v1", "corridor.nope.v1"])
    assert info.value.code == "E400"


def test_api_stage_list_may_drop_stages(tiny_nlp):
    nlp = build_pipeline(items=TINY_REGISTRY,
                         stages=["corridor.sentences.v1", "corridor.gazetteer.v1"])  # fmt: skip
    data = extract(Document(text="Gwadar Port was inaugurated."), nlp=nlp).to_dict()
    assert data["items"][0]["modality"] == "mention" and data["events"] == []


def test_api_stages_read_a_batch_of_docs_in_a_row(tiny_nlp, monkeypatch):
    # Stage.pipe: each stage reads STAGE_BATCH Docs before the next stage starts (spaCy's
    # default would pass each Doc through every stage first), and the result is the same.
    from corridor.extract import base

    calls: list[tuple[str, int]] = []
    for name, stage in tiny_nlp.pipeline:
        call = type(stage).__call__

        def spy(self, doc, _call=call, _name=name):
            calls.append((_name, doc.user_data.get("n", -1)))
            return _call(self, doc)

        monkeypatch.setattr(type(stage), "__call__", spy)
    texts = [f"Work on ML-1 began in {2000 + i}. The Rashakai SEZ is delayed." for i in range(40)]
    docs = []
    for i, text in enumerate(texts):
        doc = tiny_nlp.make_doc(text)
        doc.user_data["n"] = i
        docs.append(doc)
    done = list(tiny_nlp.pipe(docs, batch_size=64))
    first, second = tiny_nlp.pipe_names[:2]
    order = [n for name, n in calls if name == first][: base.STAGE_BATCH]
    assert order == list(range(base.STAGE_BATCH))
    # the first stage has read a whole batch before the second reads its first Doc
    assert calls.index((second, 0)) == base.STAGE_BATCH
    assert len(done) == 40
    one_by_one = [tiny_nlp(tiny_nlp.make_doc(text)) for text in texts]
    assert [d._.items for d in done] == [d._.items for d in one_by_one]
