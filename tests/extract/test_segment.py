import sys

from corridor.extract import build_pipeline
from corridor.extract.segment import WORD_CHAR


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
