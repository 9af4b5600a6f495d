"""Money, capacities and percentages are tried only where a figure is followed by what they
need (base.figures); that must find every match a scan of the whole text finds."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from corridor.extract.amounts import CAPACITY_FIRST, word_follows
from corridor.extract.base import figures, finditer_at
from corridor.extract.statistics import PERCENT_FIRST

PARTS = ["1,320", "2", "x", "×", "660", "40", "1.5", "62", "2019", "-", "–", ",", ".", "%",
         "MW", "GW", "km", "acres", "megawatts", "million gallons per day", "bn", "billion",
         "dollars", "U.S. dollars", "yuan", "rupees", "percent", "per cent", "PERCENT", "Per cent", "Rs", "$", "the",
         "power", "A380", "\n"]  # fmt: skip
GAPS = ["", " ", "  ", "\n", " - "]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PARTS), min_size=1, max_size=25),
       st.lists(st.sampled_from(GAPS), min_size=1, max_size=25))  # fmt: skip
def test_figures_find_every_money_capacity_and_percentage(
    tiny_nlp: Language, parts: list[str], gaps: list[str]
) -> None:
    text = "".join(part + gaps[i % len(gaps)] for i, part in enumerate(parts))
    doc = tiny_nlp.make_doc(text)
    found = figures(doc)
    amounts = tiny_nlp.get_pipe("corridor_amounts_v1")
    percent = tiny_nlp.get_pipe("corridor_statistics_v1").percent
    cases = [
        (amounts.capacity, [i for i, after in found if after in CAPACITY_FIRST]),
        (amounts.suffixed, [i for i, after in found if word_follows(after)]),
        (percent, [i for i, after in found if after in PERCENT_FIRST]),
    ]
    for pattern, starts in cases:
        scanned = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in finditer_at(pattern, text, starts)] == scanned
