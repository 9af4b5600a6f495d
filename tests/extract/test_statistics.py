import pytest
from tests.extract.conftest import by_id


def test_statistics_percentage_with_about(run):
    (stat,) = run("Agriculture employs nearly 40% of the workforce.").to_dict()["statistics"]
    assert (stat["value"], stat["unit"], stat["about"]) == (40.0, "percent", "workforce")
    assert stat["text"] == "nearly 40% of the workforce"


def test_statistics_counts_of_listed_nouns(run):
    stats = run("The zone created 5,000 jobs for 300 local engineers.").to_dict()["statistics"]
    assert [(s["value"], s["unit"]) for s in stats] == [(5000.0, "jobs"), (300.0, "engineers")]


def test_statistics_money_is_not_a_statistic_but_capacity_is(run):
    stats = run("It cost $5 billion for 1,320 MW in 2019.").to_dict()["statistics"]
    assert [(s["value"], s["unit"]) for s in stats] == [(1320.0, "MW")]


def _values(run, text):
    return [(s["value"], s["unit"]) for s in run(text).to_dict()["statistics"]]


def test_statistics_number_words_and_modifiers(run):
    assert _values(run, "Twenty-four plots went to three Chinese-owned steel plants.") == [
        (24.0, "plots"),
        (3.0, "plants"),
    ]


def test_statistics_durations_ranges_and_scales(run):
    assert _values(run, "Training lasts three to six months for 2.5 million farmers.") == [
        (3.0, "months"),
        (2500000.0, "farmers"),
    ]


def test_statistics_compounds_and_fractions(run):
    assert _values(run, "A 200-bed hospital serves nearly a quarter of the district.") == [
        (200.0, "beds"),
        (25.0, "percent"),
    ]


def test_statistics_bare_one_and_hyphenated_codes_are_not_counts(run):
    assert _values(run, "One project and the K-2 units were reviewed.") == []


def test_statistics_pc_is_per_cent(run):
    ex = run("Gwadar Port is 60pc complete and nearly 40pc of the workforce is local.")
    assert [(s["value"], s["unit"]) for s in ex.to_dict()["statistics"]] == [
        (60.0, "percent"),
        (40.0, "percent"),
    ]
    assert by_id(ex, "gwadar-port")["modality"] == "progress"


def test_statistics_any_plural_counted_by_a_figure(run):
    ex = run("The plant feeds more than 200 feeders and 2,793 irrigation canals in 2019.")
    stats = ex.to_dict()["statistics"]
    assert [(s["value"], s["unit"], s["about"]) for s in stats] == [
        (200.0, "feeders", "feeders"),
        (2793.0, "canals", "irrigation canals"),
    ]
    assert stats[0]["text"] == "more than 200 feeders"
    # A number word before a plural ("two sides") is not a count of its own, nor is a figure
    # before a word that only ends in "s".
    assert _values(run, "The two sides met. Of the 40 across the river, 12 percent left.") == [
        (12.0, "percent")
    ]


def test_statistics_a_pair_of_modifiers_joined_by_and(run):
    assert _values(run, "The zone will create 200,000 direct and indirect jobs.") == [
        (200000.0, "jobs")
    ]
    assert _values(run, "It has 12 small and medium ports.") == [(12.0, "ports")]


def test_statistics_follow_the_documented_rules(run):
    text = ("Some 30 to 40 percent of the work on the ML-1 is done.\n\n"
            "Trains ran at 60-65km per hour on the ML-1.\n\n"
            "About 40% of the 2,793 canals were lined under CPEC.\n\n"
            "CPEC created about two dozen projects.\n\n"
            "A quarter of the workers at the Gwadar Port are local.\n\n"
            "Costs rose 10%-15% in a year.")  # fmt: skip
    got = [
        (s["text"], s["value"], s["unit"], s["about"]) for s in run(text).to_dict()["statistics"]
    ]
    assert ("Some 30 to 40 percent of the work", 30.0, "percent", "work") in got
    assert ("60-65km per hour", 60.0, "km/h", None) in got
    assert ("About 40% of the 2,793 canals", 40.0, "percent", "2,793 canals") in got
    assert ("about two dozen projects", 24.0, "projects", "projects") in got
    assert ("A quarter", 25.0, "percent", "workers") in got
    # the words before, as a noun phrase: not "Costs rose"
    assert ("10%-15%", 10.0, "percent", "Costs") in got
    assert len(got) == 6, got


def test_statistics_read_off_real_reporting(run):
    text = ("Each of the four 180 MWs units passed. Over 95% of the works are done. The zone "
            "offers 15 to 20-year tax holidays.")  # fmt: skip
    got = [
        (s["text"], s["value"], s["unit"], s["about"]) for s in run(text).to_dict()["statistics"]
    ]
    assert got == [
        ("180 MWs", 180.0, "MW", None),
        ("Over 95% of the works", 95.0, "percent", "works"),
        ("15 to 20-year", 15.0, "years", None),  # a range counts its first number
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # real-article QA: each count was missed
        ("Punjab deployed 11,225 security personnel.", 11225, "security personnel"),
        ("There are 18 Chinese IPPs in the country.", 18, "Chinese IPPs"),
        ("It will generate more than 8,400 GWh a year.", 8400, "GWh"),
        ("5 Chinese citizens were killed.", 5, "Chinese citizens"),
        ("Twenty Three vehicles crossed the border.", 23, "vehicles"),
    ],
)
def test_statistics_counts_of_people_plants_and_energy(run, text, value, unit):
    (stat,) = run(text).to_dict()["statistics"]
    assert (stat["value"], stat["unit"]) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # real-article QA: a range whose first end has its own scale took its second end
        ("The port plans to handle 300 million to 400 million tonnes of cargo a year.",
         300e6, "tonnes"),
        ("The projects added 1 to 2 percentage points to GDP growth each year.", 1, "points"),
        ("It will train 2 lakh to 3 lakh youth.", 2e5, "youth"),
    ],
)  # fmt: skip
def test_statistics_a_range_with_a_scale_at_each_end_counts_its_first(run, text, value, unit):
    (stat,) = run(text).to_dict()["statistics"]
    assert (stat["value"], stat["unit"]) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # real-article QA: counts in words were missed
        ("The zone will create one hundred thousand direct and indirect employment "
         "opportunities.", 100_000, "opportunities"),
        ("The industrial city will provide employment to half a million people.", 500_000,
         "people"),
        ("The institute trained two hundred and fifty technicians last year.", 250,
         "technicians"),
        ("Some ten thousand families were resettled.", 10_000, "families"),
    ],
)  # fmt: skip
def test_statistics_large_counts_in_words(run, text, value, unit):
    (stat,) = run(text).to_dict()["statistics"]
    assert (stat["value"], stat["unit"]) == (value, unit)


def test_statistics_large_words_count_no_money_nor_two_sides(run):
    assert _values(run, "The two sides met. He gave half a million dollars.") == []


@pytest.mark.parametrize(
    ("text", "about"),
    [
        # real-article QA: "The COPHC has", "Special Economic Zone is"
        ("The COPHC has 91 per cent share of revenue collection from the terminal.",
         "share of revenue collection"),
        ("Exports saw a 10 percent increase in value.", "increase in value"),
        ("The construction work in Dhabeji Special Economic Zone is about 12 percent "
         "complete.", "Dhabeji Special Economic Zone"),
        ("Chinese investment has increased 15% since then.", "Chinese investment"),
        ("It has 85 per cent, and the rest is local.", None),
    ],
)  # fmt: skip
def test_statistics_a_percentage_is_about_a_noun_phrase_or_nothing(run, text, about):
    (stat,) = run(text).to_dict()["statistics"]
    assert stat["about"] == about


def test_statistics_a_clock_time_or_a_paragraph_break_makes_no_count(run):
    # real-article QA: a byline's "07:53" and the caption after it were "53 Pakistani soldiers"
    text = ("By a staff reporter | Updated: 2017-05-04 07:53\n\nPakistani soldiers and "
            "Chinese staff pose for a photo at Gwadar Port. The meeting ended at 10:30 with "
            "12 workers present.")  # fmt: skip
    assert _values(run, text) == [(12.0, "workers")]
    assert _values(run, "The total was 53\n\nPakistani soldiers.") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # real-article QA (set X): a gas flow was no unit ("gas requirements are ... 10 MMCFD")
        ("The zone's gas requirement is 10 MMCFD.", 10),
        ("The field produces 150 mmscfd of gas.", 150),
        ("The pipeline will carry 500 million cubic feet per day of gas.", 500),
    ],
)
def test_statistics_a_gas_flow_is_a_capacity(run, text, value):
    (stat,) = run(text).to_dict()["statistics"]
    assert (stat["value"], stat["unit"]) == (value, "MMCFD")
