"""Money, capacities and percentages are tried only where a figure is followed by what they
need (base.figures); that must find every match a scan of the whole text finds."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from corridor.extract.amounts import capacity_starts, word_follows
from corridor.extract.base import figures, finditer_at
from corridor.extract.statistics import percent_starts

PARTS = ["1,320", "2", "x", "×", "660", "40", "1.5", "62", "2019", "-", "–", ",", ".", "%",
         "MW", "GW", "km", "acres", "megawatts", "million gallons per day", "bn", "billion",
         "dollars", "U.S. dollars", "yuan", "rupees", "percent", "per cent", "PERCENT", "Per cent", "Rs", "$", "the",
         "power", "A380", "per hour", "/h", "an hour", "\n",
         "$US", "US $", "PKR.", "Rs.", "Billion", "BN", "MMCFD", "mmscfd",
         "million cubic feet per day"]  # fmt: skip
GAPS = ["", " ", "  ", "\n", " - "]


def test_a_range_is_tried_from_its_first_number(tiny_nlp: Language) -> None:
    # Hypothesis found it in CI: "1,320 - 1,320%" was tried only from its last number.
    text = "1,320 - 1,3201,320 1,320 - 1,320% "
    percent = tiny_nlp.get_pipe("corridor_statistics_v1").percent
    starts = percent_starts(text, figures(tiny_nlp.make_doc(text)))
    assert [m.span() for m in finditer_at(percent, text, starts)] == [(19, 33)]
    text = "rose to 60 - 65km, then 300 to 350 MW"
    capacity = tiny_nlp.get_pipe("corridor_amounts_v1").capacity
    starts = capacity_starts(text, figures(tiny_nlp.make_doc(text)))
    assert [m[0] for m in finditer_at(capacity, text, starts)] == ["60 - 65km", "300 to 350 MW"]


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
    statistics = tiny_nlp.get_pipe("corridor_statistics_v1")
    percent = statistics.percent
    cases = [
        (statistics.speed, capacity_starts(text, found)),
        (amounts.capacity, capacity_starts(text, found)),
        (amounts.suffixed, [i for i, after in found if word_follows(after)]),
        (percent, percent_starts(text, found)),
    ]
    for pattern, starts in cases:
        scanned = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in finditer_at(pattern, text, starts)] == scanned
