from datetime import date

import pytest

from corridor.extract.base import fold
from corridor.extract.dates import TRIGGER, _Anchors, _triggers, find_dates

BASE = date(2025, 3, 5)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("from February 4th to 8th, 2025", "2025-02-04", "2025-02-08", "day"),
        ("4-8 February 2025", "2025-02-04", "2025-02-08", "day"),
        ("30 August-4 September 2025", "2025-08-30", "2025-09-04", "day"),
        ("June 7, 2024", "2024-06-07", None, "day"),
        ("7 June 2024", "2024-06-07", None, "day"),
        ("March 2024", "2024-03-01", "2024-03-31", "month"),
        ("by end-2026", "2026-12-01", "2026-12-31", "month"),
        ("Q3 2025", "2025-07-01", "2025-09-30", "quarter"),
        ("the third quarter of 2025", "2025-07-01", "2025-09-30", "quarter"),
        ("the first half of 2026", "2026-01-01", "2026-06-30", "half"),
        ("2017-2030", "2017-01-01", "2030-12-31", "year"),
        ("in 2019", "2019-01-01", "2019-12-31", "year"),
    ],
)
def test_dates_absolute_and_ranges(text, start, end, granularity):
    found = find_dates(text, BASE)
    assert [(d.date, d.end_date, d.granularity) for d in found] == [(start, end, granularity)]


@pytest.mark.parametrize(
    ("text", "start", "granularity"),
    [
        ("last year", "2024-01-01", "year"),
        ("next month", "2025-04-01", "month"),
        ("in March", "2025-03-01", "month"),
        ("on Tuesday", "2025-03-04", "day"),
        ("yesterday", "2025-03-04", "day"),
        ("this week", "2025-03-03", "week"),
    ],
)
def test_dates_relative_resolved_against_published(text, start, granularity):
    found = find_dates(text, BASE)
    assert [(d.date, d.granularity) for d in found] == [(start, granularity)]


def test_dates_relative_dropped_without_published_date():
    assert find_dates("It opened last year, on Tuesday.", None) == []


def test_dates_quantities_are_not_years():
    assert find_dates("A 2025 MW plant and Rs 2030 million.", BASE) == []


def test_dates_text_matches_offsets():
    text = "The visit ran from February 4th to 8th, 2025 in Beijing."
    (found,) = find_dates(text, BASE)
    assert text[found.start : found.end] == found.text == "February 4th to 8th, 2025"


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, 5 March 2024 (Q1) and H2 2025; today, yesterday and tomorrow.",
        "Mayor Sept. talks: this year, last month, next week, a quarter and a half.",
        "Sunday2024 FY2024 20201 1919 2019-20 _today today_ xQ1 Q5 H3 h1 Mondays Sept",
        "ſ K İ é2020 2020é Décembre Marché Mar.5 ١٩٩٠ 2٠20 (2020) the\u0301year",
    ],
)
def test_triggers_are_those_of_the_trigger_pattern(text):
    anchors = _Anchors.find(text, fold(text))
    expected = [(m.start(), m.end()) for m in TRIGGER.finditer(text)]
    assert sorted(_triggers(text, anchors)) == expected


def test_dates_found_where_the_patterns_find_them():
    # What scanning the windows with each pattern found: the places tried must include these.
    text = (
        "From March 3 to 5, 2024, on 4th-8th March, in Q3 2025, by the end of 2026, "
        "the second half of 2027, between 2017 and 2019, on Tuesday, this past Friday, "
        "since June, last week, mid-2030 and in 2031."
    )
    found = [(d.text, d.date, d.end_date) for d in find_dates(text, BASE)]
    assert found == [
        ("March 3 to 5, 2024", "2024-03-03", "2024-03-05"),
        ("4th-8th March", "2025-03-04", "2025-03-08"),
        ("Q3 2025", "2025-07-01", "2025-09-30"),
        ("end of 2026", "2026-12-01", "2026-12-31"),
        ("the second half of 2027", "2027-07-01", "2027-12-31"),
        ("2017 and 2019", "2017-01-01", "2019-12-31"),
        ("Tuesday", "2025-03-04", None),
        ("Friday", "2025-02-28", None),
        ("June", "2025-06-01", "2025-06-30"),
        ("week", "2025-02-24", "2025-03-02"),
        ("mid-2030", "2030-06-01", "2030-07-31"),
    ]


@pytest.mark.parametrize("base", [date(1, 1, 1), date(9999, 12, 31)])
def test_dates_relative_to_the_ends_of_the_calendar_are_dropped_not_raised(base):
    # a source dated year 1 has no "last year" (OverflowError once reached the CLI)
    text = "It opened last year, on Tuesday, and next month, next week, yesterday, tomorrow."
    found = find_dates(text, base)
    # what lies inside the calendar is still resolved: "next month" of year 1, "Tuesday" of 9999
    assert found and all(d.date[:4] in ("0001", "9998", "9999") for d in found)


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Work on the Rashakai SEZ began in March.\n1 MoU was signed.\n",
         [("March.", "2025-03-01", "2025-03-31", "month")]),
        ("The CPEC plan was approved in September. 6th phase of CPEC began.",
         [("September.", "2025-09-01", "2025-09-30", "month")]),
        ("Punjab and Hubei sign MoUs on May\n5 projects under CPEC were completed.\n", []),
    ],
)  # fmt: skip
def test_dates_never_cross_a_sentence_end(run, text, dates):
    got = run(text, published=date(2025, 3, 1)).to_dict()
    found = {(d["text"], d["date"], d["end_date"], d["granularity"])
             for i in got["items"] for e in i["evidence"] for d in e["dates"]}  # fmt: skip
    assert found == set(dates)
