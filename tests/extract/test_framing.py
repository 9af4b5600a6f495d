"""Framing: which items a sentence names only as the frame, time, place or source of what it
says (corridor.modality.v1's is_framed and the speakers it reports)."""

import pytest
from tests.extract.conftest import by_id

from corridor.extract import extract
from corridor.model import Document


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # real-article QA, set X pattern 6: an initiative in apposition, as a modifier, or
        # as an opening place took the sentence's cue
        ("China and Pakistan signed a deal to develop Gwadar Port, the flagship maritime hub "
         "of CPEC.", "cpec", "mention"),
        ("China and Pakistan signed a deal to develop Gwadar Port, the flagship maritime hub "
         "of CPEC.", "gwadar-port", "agreement"),
        ("The envoy hailed the signing of agreements for the CPEC Karot HPP.", "cpec",
         "mention"),
        ("The envoy hailed the signing of agreements for the CPEC Karot HPP.",
         "karot-hydropower", "agreement"),
        ("Partners are eager to form a CPEC digital economy park.", "cpec", "mention"),
        ("In CPEC nine zones are planned.", "cpec", "mention"),
        ("The port, a key element of the Chinese government's 'CPEC', was launched in 2015.",
         "cpec", "mention"),
        ("The minister will open two roads as part of the western route of the CPEC, the "
         "tweet said.", "cpec", "mention"),
        # a relative clause's cue is its antecedent's, not an item's before it
        ("Gwadar Port is a key hub for trade with CPEC, which aims to connect China with the "
         "Gulf.", "gwadar-port", "mention"),
        ("Gwadar Port, which aims to connect China with the Gulf, is a key port.",
         "gwadar-port", "pledge"),
        # real-article QA, set X pattern 3: the programme an item is taken out of is its
        # frame; the failure is the item's
        ("ML-1 has been taken out of the scope of CPEC following the failure of "
         "negotiations.", "cpec", "mention"),
        ("ML-1 has been taken out of the scope of CPEC following the failure of "
         "negotiations.", "ml1-railway", "problem"),
        ("The Keti Bandar project was struck off the portfolio of CPEC after talks failed.",
         "cpec", "mention"),
        # the frames stand where nothing frames them
        ("CPEC aims to connect China with the Gulf.", "cpec", "pledge"),
        ("Gwadar Port was built by China.", "gwadar-port", "delivery"),
    ],
)  # fmt: skip
def test_an_initiative_named_as_a_frame_takes_no_cue(run, text, item_id, modality):
    assert by_id(run(text), item_id)["modality"] == modality


def _candidate(text: str, run, name: str) -> dict:
    items = run(text).to_dict()["items"]
    return next(i for i in items if i["item_id"] is None and name in i["name"])


@pytest.mark.parametrize(
    ("text", "name", "modality"),
    [
        # real-article QA, set X pattern 7: a named meeting as the time or the place of what
        # a sentence tells took its cue
        ("The visit is expected to advance cooperation in the wake of the 11th meeting of "
         "the Joint Cooperation Committee on October 27, 2022.", "11th meeting", "mention"),
        ("Pakistan pledged to pay Rs 5 billion of outstanding dues to the plants during a "
         "meeting of the 10th Joint Cooperation Committee.", "10th Joint", "pledge"),
        ("\u201cWe will build more data centres,\u201d she said at the Pakistan Digital "
         "Economy Forum held in Beijing.", "Digital Economy Forum", "mention"),
        # what was done at a meeting is the meeting's
        ("Companies signed 15 MoUs at the Pakistan-China Sesame Conference held in Xi'an.",
         "Sesame Conference", "agreement"),
    ],
)  # fmt: skip
def test_a_meeting_named_as_a_time_or_place_takes_no_cue(run, text, name, modality):
    assert _candidate(text, run, name)["modality"] == modality


def test_an_initiative_naming_a_meeting_where_trouble_was_told_takes_no_problem(run):
    text = ("Pakistan pledged to pay its outstanding dues to the plants during a meeting of "
            "the 10th Joint Cooperation Committee of the CPEC.")  # fmt: skip
    assert by_id(run(text), "cpec")["modality"] == "mention"


def test_a_registry_organization_named_only_as_a_source_is_no_item():
    # real-article QA, set X pattern 10: the bodies were kept as items
    text = (
        "The planning ministry contradicted a statement on the ML-1 project. Jamshed Ahmed, "
        "a specialist at the CPEC Authority operating under the Ministry of Planning, shared "
        "insights with WealthPK. The Planning Commission previously assessed the ML-1 "
        "project as unviable."
    )
    ids = [i["item_id"] for i in extract(Document(text=text)).to_dict()["items"]]
    assert "planning-ministry" not in ids and "cpec-authority" not in ids
    assert "ml1-railway" in ids


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        # a source that says its own part still says it
        ("Huawei said it will invest $1 billion in Pakistan.", "pledge"),
        # named as the builder or operator, a source is a partner (the labelled set)
        ("Chinese developer Huawei says investment has crossed $500 million.", "mention"),
        ("An executive of Huawei, the operator of the network, told Xinhua that traffic grew.",
         "mention"),
        # a closing attribution names the body the report is about (the labelled set)
        ("The Karot HPP passed its test run, Huawei said on Wednesday.", "mention"),
    ],
)  # fmt: skip
def test_a_source_that_is_a_partner_stays(run, text, modality):
    assert by_id(run(text), "huawei")["modality"] == modality
