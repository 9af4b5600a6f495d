from datetime import date

import pytest

from corridor.extract.dates import find_dates

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
