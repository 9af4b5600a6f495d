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
        ("last week", "2025-02-24", "2025-03-02"),
        ("mid-2030", "2030-06-01", "2030-07-31"),
        ("2031", "2031-01-01", "2031-12-31"),
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
         [("March", "2025-03-01", "2025-03-31", "month")]),
        ("The CPEC plan was approved in September. 6th phase of CPEC began.",
         [("September", "2025-09-01", "2025-09-30", "month")]),
        ("Punjab and Hubei sign MoUs on May\n5 projects under CPEC were completed.\n", []),
    ],
)  # fmt: skip
def test_dates_never_cross_a_sentence_end(run, text, dates):
    got = run(text, published=date(2025, 3, 1)).to_dict()
    found = {(d["text"], d["date"], d["end_date"], d["granularity"])
             for i in got["items"] for e in i["evidence"] for d in e["dates"]}  # fmt: skip
    assert found == set(dates)


def _found(text, base=BASE):
    return [(d.text, d.date, d.end_date, d.granularity) for d in find_dates(text, base)]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("In 2005, Pakistan and China embarked on an upgrade.", "2005"),
        ("The first JCC meeting was held in Islamabad in 2013.", "2013"),
        ("Land for the plant was acquired in 2020, and a tariff followed.", "2020"),
        ("The plant was built in 2020.", "2020"),
        ("It was signed in 2015 and ratified later.", "2015"),
    ],
)
def test_dates_bare_year_before_a_comma_or_full_stop(text, year):
    assert _found(text) == [(year, f"{year}-01-01", f"{year}-12-31", "year")]


@pytest.mark.parametrize(
    "text", ["It costs 2020,500 rupees.", "A reading of 2020.5 was taken.", "Rs 2,000 in all."]
)
def test_dates_a_year_is_not_followed_by_a_digit_after_a_comma_or_point(text):
    assert find_dates(text, BASE) == []


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("The JCC will be held on Friday 16th July via video link.", date(2021, 7, 10),
         ("Friday 16th July", "2021-07-16")),
        ("The JCC will be held on Friday, July 16 via video link.", date(2021, 7, 10),
         ("Friday, July 16", "2021-07-16")),
        ("The JCC will be held on 16 July (Friday) via video link.", date(2021, 7, 10),
         ("16 July (Friday)", "2021-07-16")),
        ("The MoU was signed on Monday, 3 March 2025 in Beijing.", BASE,
         ("Monday, 3 March 2025", "2025-03-03")),
        ("The JCC will be held on 16 July, Friday, via video link.", date(2021, 7, 10),
         ("16 July, Friday", "2021-07-16")),
        # the date is written out: no published date is needed, and the weekday is still its
        ("The MoU was signed on Monday, 3 March 2025 in Beijing.", None,
         ("Monday, 3 March 2025", "2025-03-03")),
    ],
)  # fmt: skip
def test_dates_a_weekday_next_to_a_date_belongs_to_it(text, base, expected):
    assert _found(text, base) == [(*expected, None, "day")]


def test_dates_a_date_takes_one_weekday_and_none_of_another_date():
    text = (
        "on Friday 16 July, Saturday 17 July; 18 July, Sunday 19 July 2021, and 20 July;"
        " on 21 July, Wednesday 22 July."
    )
    assert [t for t, _, _, _ in _found(text, date(2021, 7, 10))] == [
        "Friday 16 July",
        "Saturday 17 July",
        "18 July",
        "Sunday 19 July 2021",
        "20 July",
        "21 July",
        "Wednesday 22 July",
    ]


def test_dates_a_weekday_apart_from_a_date_stays_apart():
    text = "It met on Friday. 16 July is next; talks on Monday and 3 March 2025."
    assert [(t, d) for t, d, _, _ in _found(text)] == [
        ("Friday", "2025-02-28"),
        ("16 July", "2025-07-16"),
        ("Monday", "2025-03-03"),
        ("3 March 2025", "2025-03-03"),
    ]


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        # a day or month without a year is the one nearest the published date
        ("On December 31, the KP chief minister had also asked", date(2021, 1, 4),
         [("December 31", "2020-12-31", None, "day")]),
        ("It met on 30 November.", date(2021, 1, 4), [("30 November", "2020-11-30", None, "day")]),
        ("It rose in November.", date(2021, 1, 4),
         [("November", "2020-11-01", "2020-11-30", "month")]),
        ("It opens in January.", date(2020, 12, 20),
         [("January", "2021-01-01", "2021-01-31", "month")]),
        ("It opens on 5 January.", date(2020, 12, 20), [("5 January", "2021-01-05", None, "day")]),
        # six months either way: the later one
        ("It will be operational before July.", date(2021, 1, 4),
         [("July", "2021-07-01", "2021-07-31", "month")]),
        ("It was signed on February 29.", date(2021, 3, 1),
         [("February 29", "2020-02-29", None, "day")]),
        # ranges: the nearest too, and one across a year end keeps its order
        ("from February 4th to 8th", BASE, [("February 4th to 8th", "2025-02-04", "2025-02-08", "day")]),
        ("from December 28 to January 3", date(2021, 1, 10),
         [("December 28 to January 3", "2020-12-28", "2021-01-03", "day")]),
        ("from December 28 to January 3", date(2020, 12, 1),
         [("December 28 to January 3", "2020-12-28", "2021-01-03", "day")]),
        ("from 28 December to 3 January", date(2021, 1, 10),
         [("28 December to 3 January", "2020-12-28", "2021-01-03", "day")]),
        ("from 28 December to 3 January 2021", BASE,
         [("28 December to 3 January 2021", "2020-12-28", "2021-01-03", "day")]),
        ("from December 28 to January 3, 2021", BASE,
         [("December 28 to January 3, 2021", "2020-12-28", "2021-01-03", "day")]),
    ],
)  # fmt: skip
def test_dates_without_a_year_are_nearest_the_published_date(text, base, expected):
    assert _found(text, base) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for the fiscal year 2025-26.", ("fiscal year 2025-26", "2025-07-01", "2026-06-30")),
        ("in FY2025-26 it", ("FY2025-26", "2025-07-01", "2026-06-30")),
        ("in FY 2025-26 it", ("FY 2025-26", "2025-07-01", "2026-06-30")),
        ("the financial year 2024-25.", ("financial year 2024-25", "2024-07-01", "2025-06-30")),
        ("in Fiscal Year 2024–2025 it", ("Fiscal Year 2024–2025", "2024-07-01", "2025-06-30")),
        ("in FY2024/25 it", ("FY2024/25", "2024-07-01", "2025-06-30")),
        # without fiscal, financial or FY: two calendar years, as before
        ("the budget for 2025-26.", ("2025-26", "2025-01-01", "2026-12-31")),
    ],
)
def test_dates_a_fiscal_year_runs_july_to_june(text, expected):
    assert _found(text) == [(*expected, "year")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Work on the zone began in March.\nMore followed.",
         ("March", "2025-03-01", "2025-03-31", "month")),
        ("It will be operational before July.", ("July", "2025-07-01", "2025-07-31", "month")),
        ("It began on 4 March.", ("4 March", "2025-03-04", None, "day")),
        ("It began in Feb.", ("Feb", "2025-02-01", "2025-02-28", "month")),
        ("It began on Feb. 4, 2025 in Lahore.", ("Feb. 4, 2025", "2025-02-04", None, "day")),
        ("The meeting was delayed last year but now", ("last year", "2024-01-01", "2024-12-31", "year")),
        ("It grew over the past month.", ("past month", "2025-02-01", "2025-02-28", "month")),
    ],
)  # fmt: skip
def test_dates_text_is_the_date_alone(text, expected):
    found = find_dates(text, BASE)
    assert [(d.text, d.date, d.end_date, d.granularity) for d in found] == [expected]
    assert all(text[d.start : d.end] == d.text for d in found)


def test_a_yearless_date_said_of_what_is_to_come_is_the_next_one():
    published = date(2022, 1, 23)  # a Sunday
    ahead = find_dates("The plant will commence commercial operations in August.", published)
    assert [(d.text, d.date) for d in ahead] == [("August", "2022-08-01")]
    past = find_dates("The plant was inaugurated in August.", published)
    assert [(d.text, d.date) for d in past] == [("August", "2021-08-01")]
    friday = find_dates("The meeting is scheduled to take place on Friday.", date(2021, 7, 10))
    assert [d.date for d in friday] == ["2021-07-16"]
    said = find_dates("The meeting took place on Friday.", date(2021, 7, 10))
    assert [d.date for d in said] == ["2021-07-09"]
    day = find_dates("He will visit on December 2.", date(2021, 12, 20))
    assert [d.date for d in day] == ["2022-12-02"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the clause of the date speaks of what was done (review)
        ("The plant, completed earlier than expected, was inaugurated on 16 July.", "2025-07-16"),
        (
            "The agreement, which would allow Chinese firms to invest, was signed in July.",
            "2025-07-01",
        ),
        ("The plant, which will add 1,320MW to the grid, was inaugurated on Monday.", "2025-07-28"),
        ("The plant was expected to open in July.", "2025-07-01"),
        ("The plant will commence commercial operations in July.", "2026-07-01"),
    ],
)
def test_only_words_of_the_date_s_own_clause_put_it_ahead(text, day):
    assert [d.date for d in find_dates(text, date(2025, 8, 1))][:1] == [day]


def test_dates_a_year_in_an_item_s_name_is_no_date():
    # QA: every sentence naming the "Gwadar Master Plan 2050" was dated 2050, and with it
    # the status of every item it named
    from corridor.extract import extract
    from corridor.model import Document

    text = (
        "The Gwadar Master Plan 2050 was approved in 2019. The Hub Power Company and the "
        "Gwadar Master Plan 2050 were discussed on 3 March 2024."
    )
    result = extract(Document(text=text, published=date(2024, 3, 5))).to_dict()
    dates = {
        item["item_id"]: [[d["text"] for d in e["dates"]] for e in item["evidence"]]
        for item in result["items"]
    }
    assert dates["gwadar-smart-port-city-master-plan"] == [["2019"], ["3 March 2024"]]
    assert dates["hubco"] == [["3 March 2024"]]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # real-article QA, published Monday 10 July 2023: the meeting was on the day after
        ("The meeting is to be held on Tuesday in Beijing.", "2023-07-11"),
        ("The talks are due on Tuesday.", "2023-07-11"),
        ("The meeting was to be held on Tuesday.", "2023-07-04"),
    ],
)
def test_dates_is_to_be_and_is_due_look_ahead(text, day):
    (found,) = find_dates(text, date(2023, 7, 10))
    assert found.date == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # real-article QA (set X), published Wednesday 5 March 2025: the tense of the date's
        # clause decides, wherever its modal stands
        (
            "Prime Minister Shehbaz Sharif will lay the foundation stone of the Karachi "
            "Circular Railway on Friday.",
            "2025-03-07",
        ),
        (
            "The Prime Minister during a visit to Balochistan on Friday will lay the "
            "foundation stone of the new airport.",
            "2025-03-07",
        ),
        ("On Friday, the prime minister will inaugurate the new airport.", "2025-03-07"),
        ("The agreement will be signed on Monday.", "2025-03-10"),
        # a past verb, a verb of saying or another clause's modal: the last such day
        ("On Friday, the prime minister inaugurated the airport, which will serve Gwadar.",
         "2025-02-28"),
        ("The minister said on Friday that China will build the airport.", "2025-02-28"),
        ("The minister on Friday said that China will build the airport.", "2025-02-28"),
        ("The two sides will implement the agreement signed on Monday.", "2025-03-03"),
    ],
)  # fmt: skip
def test_dates_the_tense_of_the_clause_decides_a_weekday(text, day):
    (found,) = find_dates(text, date(2025, 3, 5))
    assert found.date == day
