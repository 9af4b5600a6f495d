import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.extract import build_pipeline
from corridor.extract.segment import END, WORD_CHAR, sentence_ends


def sentences(text: str) -> list[str]:
    nlp = build_pipeline(stages=["corridor.sentences.v1"])
    doc = nlp(text)
    return [text[s:e] for s, e in doc._.sent_bounds]


def test_sentences_blank_line_always_ends_sentence():
    assert sentences("A Headline Without Stop\n\nThe body starts here.") == [
        "A Headline Without Stop",
        "The body starts here.",
    ]


def test_sentences_short_line_ends_sentence():
    assert sentences("ISLAMABAD: Dateline\nThe minister said so.")[-1] == "The minister said so."


def test_sentences_abbreviations_do_not_end_sentence():
    got = sentences("H.E. President Zardari paid Rs. 500 million. Dr. Ahsan Iqbal agreed.")
    assert got == ["H.E. President Zardari paid Rs. 500 million.", "Dr. Ahsan Iqbal agreed."]


def test_sentences_set_spacy_sentence_starts():
    nlp = build_pipeline(stages=["corridor.sentences.v1"])
    doc = nlp("One sentence here. Another one here.")
    assert [s.text for s in doc.sents] == ["One sentence here.", "Another one here."]


def test_word_char_is_what_str_isspace_and_the_tokenizer_call_non_space() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert [m.start() for m in WORD_CHAR.finditer(every)] == [
        i for i, c in enumerate(every) if not c.isspace()
    ]


def test_sentences_control_characters_after_line_break() -> None:
    assert sentences("A Headline\n\x1c\n\nThe body starts here.") == [
        "A Headline",
        "The body starts here.",
    ]


# Characters END's parts turn on: end marks, quotes and brackets, every kind of space (the
# ones `regex` and str.isspace disagree on too), capitals and digits in and beyond ASCII,
# and the letters of the abbreviations.
_END_ALPHABET = (
    ".!?。\"'”’“‘()[] \t\n\x0b\x0c\r\x1c\x1f\x85\xa0\u2003\u3000AZaz09٣ÉéΣσ\u1c89RsDrHEMtCo"
)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([*_END_ALPHABET, "Rs.", "Dr.", "H.E.", " Dr. A", ". A", "  ", "-", "/", "a-D.I.", "-I."]),
                max_size=40).map("".join))  # fmt: skip
def test_sentence_ends_equals_the_end_regex(text):
    assert sentence_ends(text) == [m.span(1) for m in END.finditer(text)]


def test_sentence_ends_on_real_shapes():
    text = 'He said. "Then" Rs. 500 was paid.\u3000Ⅻ? (B) ok. 3 left.'
    assert sentence_ends(text) == [m.span(1) for m in END.finditer(text)]
    assert len(sentence_ends(text)) >= 3


def test_sentences_without_ends_are_cut_past_max_sentence():
    from corridor.extract.segment import MAX_SENTENCE

    text = "the Gwadar Port project and the zone will be built " * 400  # 20,400 characters
    got = sentences(text)
    assert len(got) > 1 and all(len(s) <= MAX_SENTENCE + 20 for s in got)
    assert all(len(s) > MAX_SENTENCE - 20 for s in got[:-1])
    # cut at spaces: every word is whole, and nothing is lost
    assert " ".join(got).split() == text.split()
    assert sentences("A short one. Another short one.") == ["A short one.", "Another short one."]


def test_sentences_initials_after_a_hyphen_do_not_end_sentence():
    got = sentences("The Hakla-D.I. Khan Motorway opened. Work on Phase-I. The next began.")
    assert got == ["The Hakla-D.I. Khan Motorway opened.", "Work on Phase-I.", "The next began."]
    assert sentences("Sukkur/D.G. Khan road was built.") == ["Sukkur/D.G. Khan road was built."]


def test_sentences_never_end_inside_a_registry_name():
    from corridor.extract import extract
    from corridor.model import Document, Item, Kind, Pillar

    nlp = build_pipeline(items=[Item("nia", "New Gwadar Intl. Airport", Kind.PROJECT,
                                     Pillar.GWADAR)])  # fmt: skip
    text = "The New Gwadar Intl. Airport was inaugurated in January 2025. It is large."
    got = extract(Document(text=text), nlp=nlp).to_dict()
    (item,) = got["items"]
    (evidence,) = item["evidence"]
    assert evidence["sentence"] == "The New Gwadar Intl. Airport was inaugurated in January 2025."
    assert item["modality"] == "delivery"


def test_sentences_end_at_a_full_stop_glued_to_a_capitalised_word():
    # crawled pages join paragraphs without a space
    text = (
        "The JCC will meet in Beijing, the embassy said on Saturday.The minister will lead "
        "the delegation through CPEC.It was formalised in 2013.A new phase began (Phase II).Its "
        'aims are wide, officials said."We are ready," he said.'
    )
    assert sentences(text) == [
        "The JCC will meet in Beijing, the embassy said on Saturday.",
        "The minister will lead the delegation through CPEC.",
        "It was formalised in 2013.",
        "A new phase began (Phase II).",
        "Its aims are wide, officials said.",
        '"We are ready," he said.',
    ]


def test_sentences_do_not_end_at_dots_of_names_urls_initials_or_decimals():
    for text in (
        "Mr.Khan and Dr.Ahsan met the U.S.Army chief in Islamabad.",
        "The report is on www.Dawn.com and Pakistan.Gov.pk since Monday.",
        "Write to info@Cpec.Gov.pk or see https://cpec.gov.pk/News.Item for details.",
        "Growth was 3.5 percent, e.g.The Nation said, and exports rose.",
        "The Dawn.com report on ML-1 was read widely.",
    ):
        assert sentences(text) == [text], text


def test_a_glued_sentence_end_starts_a_spacy_token_and_sentence():
    nlp = build_pipeline(stages=["corridor.sentences.v1"])
    text = "Trade grows through CPEC.It is watched (CPEC).Its aims are wide."
    doc = nlp(text)
    assert [s.text for s in doc.sents] == [
        "Trade grows through CPEC.",
        "It is watched (CPEC).",
        "Its aims are wide.",
    ]
    assert doc.text == text  # same text, same offsets
    assert [t.text for t in doc[3:6]] == ["CPEC", ".", "It"]
    assert [t.text for t in doc[8:12]] == ["(", "CPEC", ")", "."]


def test_a_glued_sentence_end_keeps_cues_and_dates_apart(run):
    text = (
        "The ML-1 agreement will be signed next year, the ministry said on Saturday."
        "Gwadar Port was completed in 2016.The Rashakai SEZ faces delays."
    )
    ex = run(text).to_dict()
    by_id = {i["item_id"]: i for i in ex["items"]}
    assert by_id["gwadar-port"]["evidence"][0]["sentence"] == "Gwadar Port was completed in 2016."
    assert by_id["gwadar-port"]["modality"] == "delivery"
    assert by_id["rashakai-sez"]["evidence"][0]["sentence"] == "The Rashakai SEZ faces delays."
    assert by_id["rashakai-sez"]["modality"] == "problem"


def test_a_line_break_before_a_lower_case_word_is_a_hard_wrap():
    text = (
        "KARACHI, May 14 (APP): The Chief Minister said\n"
        "on Sunday that work on the project would begin by December.\n\n"
        "The minister informed that his\n"
        "government had proposed two projects.\n"
        "Short headline here\n"
        "The body starts here.\n"
        "A line that ends in a full stop.\n"
        "then a lower-case line after it."
    )
    assert sentences(text) == [
        "KARACHI, May 14 (APP): The Chief Minister said\n"
        "on Sunday that work on the project would begin by December.",
        "The minister informed that his\ngovernment had proposed two projects.",
        "Short headline here",
        "The body starts here.",
        "A line that ends in a full stop.",
        "then a lower-case line after it.",
    ]


# Real-article QA (set X, pattern 13): APP copy hard-wrapped at about 65 characters, where a
# line may end before a capitalised name or after a function word.
WRAPPED = (
    "ISLAMABAD, April 23 (APP): Residents of the port city are seeing\n"
    "changes in their lives two years after the corridor was begun.\n"
    "The project, a key part of the Belt and Road plan, was launched\n"
    "in 2015 during the visit of the Chinese President to the country\n"
    "and was hailed by the general manager of a section of the\n"
    "CPEC project, who said the boom had created many jobs. The Chinese\n"
    "Overseas Port Company works very fast and makes good progress here,”\n"
    "Bashir said.\n"
)


def test_a_hard_wrapped_paragraph_is_not_cut_before_a_capital():
    assert sentences(WRAPPED) == [
        WRAPPED[: WRAPPED.index("\nThe project")],
        WRAPPED[WRAPPED.index("The project") : WRAPPED.index(" The Chinese")],
        WRAPPED[WRAPPED.index("The Chinese") :].rstrip(),
    ]


def test_a_line_ending_in_a_function_word_runs_on():
    assert sentences("The minister inaugurated the\nGwadar Port on Friday.") == [
        "The minister inaugurated the\nGwadar Port on Friday."
    ]


def test_headlines_lists_and_paragraphs_still_end_sentences_beside_wrapped_text():
    text = (
        "Pakistan and China sign deals on the Gwadar port expansion\n"
        "Chinese firm to build a large solar park in Bahawalpur city\n"
        "Railway financing talks on the ML-1 resume in the capital\n\n"
        "The projects agreed this week include, in the words of the\n"
        "minister, a port berth, a power line and a road that link the\n"
        "Gwadar Port with the Makran Coastal Highway across the coast\n"
        "- Gwadar East Bay Expressway and the port's new berth works\n"
        "- Makran Coastal Highway upgrade along the southern coast\n"
    )
    got = sentences(text)
    assert got[:3] == [
        "Pakistan and China sign deals on the Gwadar port expansion",
        "Chinese firm to build a large solar park in Bahawalpur city",
        "Railway financing talks on the ML-1 resume in the capital",
    ]
    assert got[3].startswith("The projects agreed") and got[3].endswith("across the coast")
    assert got[4:] == [
        "- Gwadar East Bay Expressway and the port's new berth works",
        "- Makran Coastal Highway upgrade along the southern coast",
    ]


def test_a_headline_first_line_ends_before_a_wrapped_body():
    text = (
        "Corridor projects bring new jobs to residents of Gwadar port\n"
        "Residents of the port city are seeing large changes in their\n"
        "lives two years after the launch of the corridor programme.\n"
    )
    assert sentences(text)[0] == "Corridor projects bring new jobs to residents of Gwadar port"


GNN_HEAD = "PM Imran directs officials to accelerate facilitation for Chinese investors in SEZs"


def _titled_sentences(text: str, title: str | None) -> list[str]:
    from corridor.extract import _prepare
    from corridor.model import Document

    nlp = build_pipeline(stages=["corridor.sentences.v1"])
    doc = nlp(_prepare(nlp, Document(text=text, title=title)))
    return [text[s:e] for s, e in doc._.sent_bounds]


def test_a_long_headline_over_a_single_line_break_is_its_own_sentence():
    # Analyst QA (gnn-sez-facilitation.txt): an 84-character headline was glued to the
    # first sentence when only a line break, not a blank line, followed it. The reader
    # takes it for the title (ingest.clean.headline_line); the sentences follow.
    body = "Prime Minister Imran Khan on Monday directed the authorities to act."
    assert _titled_sentences(f"{GNN_HEAD}\n{body}", GNN_HEAD) == [GNN_HEAD, body]
    assert sentences(f"{GNN_HEAD}\n\n{body}") == [GNN_HEAD, body]  # as with a blank line
    # A long first line the reader did not take for a title is prose that may run on
    # ("... the expansion of the Gwadar\nPort was delayed": a name across the break)
    assert len(_titled_sentences(f"{GNN_HEAD}\n{body}", None)) == 1


def test_a_long_first_line_of_prose_still_runs_on():
    # Not a headline: continued in lower case, ending in a function word, or as wide as the
    # hard-wrapped paragraph it opens.
    lower = "Prime Minister Imran Khan on Monday directed the authorities concerned to take\nall"
    assert len(sentences(lower + " measures.")) == 1
    function = "Prime Minister Imran Khan on Monday directed the authorities concerned to the\nCPEC"
    assert len(sentences(function + " Authority.")) == 1
    wrapped = (
        "Prime Minister Imran Khan on Monday directed the authorities there to offer\n"
        "Chinese companies land, electricity and gas connections and more tax\n"
        "incentives to invest in Pakistan and populate the zones, officials said.\n"
    )
    assert len(sentences(wrapped)) == 1
