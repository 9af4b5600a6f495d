from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.extract.conftest import by_id


def test_events_visit_with_actor_place_and_range(run):
    ex = run("President Asif Ali Zardari will pay a state visit to China from 4-8 February 2025.")
    (event,) = ex.to_dict()["events"]
    assert event["type"] == "visit"
    assert event["actors"] == ["Asif Ali Zardari"]
    assert (event["date"], event["end_date"], event["place"]) == (
        "2025-02-04",
        "2025-02-08",
        "China",
    )


def test_events_signing_at_a_meeting_is_two_events_and_links_items(run):
    text = ("Prime Minister Shehbaz Sharif met Xi Jinping in Beijing on Tuesday and signed a "
            "deal on ML-1.")  # fmt: skip
    signing, meeting = run(text).to_dict()["events"]
    assert (signing["type"], meeting["type"]) == ("signing", "meeting")
    assert signing["actors"] == ["Shehbaz Sharif", "Xi Jinping"]
    assert signing["item_ids"] == ["ml1-railway"] and signing["place"] == "Beijing"
    assert signing["date"] == meeting["date"] == "2025-03-04"


def test_events_need_a_day(run):
    assert run("President Asif Ali Zardari visited China in 2024.").to_dict()["events"] == []
    (event,) = run("President Asif Ali Zardari visited China on 2 May 2024.").to_dict()["events"]
    assert event["date"] == "2024-05-02"


def test_events_dateline_day_yields_to_the_day_in_the_body(run):
    text = (
        "ISLAMABAD, March 5 (APP) -- Prime Minister Shehbaz Sharif on Monday inaugurated a plant."
    )
    (event,) = run(text).to_dict()["events"]
    assert (event["type"], event["date"]) == ("inauguration", "2025-03-03")


def test_events_collective_parties_are_actors(run):
    text = "Pakistani and Chinese companies signed nine MoUs in Lahore on Monday."
    (event,) = run(text).to_dict()["events"]
    assert event["type"] == "signing"
    assert event["actors"] == ["Pakistani and Chinese companies"]


def test_events_merge_by_surname(run):
    text = ("President Asif Ali Zardari began a visit to China on Tuesday. "
            "President Zardari's visit will focus on trade.")  # fmt: skip
    events = run(text).to_dict()["events"]
    assert len(events) == 1 and events[0]["actors"] == ["Asif Ali Zardari"]


def test_events_need_an_actor(run):
    assert run("The visit was a success.").to_dict()["events"] == []


def test_events_inauguration_by_organization(run):
    ex = run("Huawei inaugurated a training centre in Islamabad on Monday.").to_dict()
    assert ex["events"][0]["type"] == "inauguration"
    assert ex["events"][0]["actors"] == ["Huawei Technologies"]
    assert by_id(run("Huawei opened an office."), "huawei")["kind"] == "organization"


def test_events_actor_named_after_the_title_and_office(run):
    texts = {
        "Chief Minister of Punjab, Usman Buzdar inaugurated the line on 25 October 2020.":
            "Usman Buzdar",
        "Federal Minister for Planning, Development and Special Initiatives, Professor Ahsan "
        "Iqbal chaired a meeting on 3 July 2025.": "Ahsan Iqbal",
        "Chinese Ambassador to Pakistan Yao Jing met the minister on 21 October 2019.":
            "Yao Jing",
    }  # fmt: skip
    for text, actor in texts.items():
        (event,) = run(text).to_dict()["events"]
        assert event["actors"] == [actor], text


def test_events_a_sentence_going_on_with_the_scene_takes_its_day(run):
    text = ("Premier Li Qiang held talks with Prime Minister Shehbaz Sharif in Islamabad on "
            "Monday. The two leaders jointly inaugurated the ML-1 upgrade through a video link.")  # fmt: skip
    types = {e["type"]: e["date"] for e in run(text).to_dict()["events"]}
    assert types == {"meeting": "2025-03-03", "inauguration": "2025-03-03"}


def test_events_the_scene_ends_at_a_paragraph_or_a_new_speaker(run):
    talks = ("Premier Li Qiang held talks with Prime Minister Shehbaz Sharif in Islamabad on "
             "Monday.")  # fmt: skip
    later = run(talks + "\n\nThe ML-1 upgrade was inaugurated through a video link.")
    assert [e["type"] for e in later.to_dict()["events"]] == ["meeting"]
    quoted = run(talks + ' "This visit opens a new chapter," Ahsan Iqbal said.')
    assert [e["type"] for e in quoted.to_dict()["events"]] == ["meeting"]


def test_events_a_foundation_stone_is_an_inauguration(run):
    text = "Prime Minister Imran Khan laid foundation stone of the Gwadar Port at Gwadar on Friday."
    (event,) = run(text).to_dict()["events"]
    assert (event["type"], event["date"]) == ("inauguration", "2025-02-28")


def test_events_the_day_of_a_saying_is_not_the_day_of_a_future_event(run):
    future = ("Planning Minister Ahsan Iqbal, on Monday, said that the financing agreement "
              "for ML-1 can be signed next month.")  # fmt: skip
    assert run(future).to_dict()["events"] == []
    past = "Planning Minister Ahsan Iqbal, on Monday, said that the ML-1 agreement was signed."
    (event,) = run(past).to_dict()["events"]
    assert (event["type"], event["date"]) == ("signing", "2025-03-03")


def test_events_a_financial_close_is_a_signing(run):
    ex = run("ISLAMABAD: The Karot Hydropower Project achieved its financial close on Monday.")
    (event,) = ex.to_dict()["events"]
    assert (event["type"], event["date"], event["item_ids"]) == (
        "signing",
        "2025-03-03",
        ["karot-hydropower"],
    )


def test_events_a_wire_dateline_yields_to_the_day_after_on(run):
    text = (
        "ISLAMABAD, Nov. 4, 2019 /PRNewswire/ — On October 30, 2019, the Pakistan-China "
        "Agricultural Cooperation Forum was held in Islamabad."
    )
    (event,) = run(text).to_dict()["events"]
    assert (event["type"], event["date"]) == ("meeting", "2019-10-30")


def test_events_going_into_operation_is_an_inauguration(run):
    ex = run("Karot HPP, which went into operation on Sunday, supplies the national grid.")
    (event,) = ex.to_dict()["events"]
    assert (event["type"], event["date"], event["item_ids"]) == (
        "inauguration",
        "2025-03-02",
        ["karot-hydropower"],
    )


def test_events_the_day_of_a_report_yields_to_the_day_told_next(run):
    first = "Karot HPP has started commercial operation, APP reported on Tuesday."
    (event,) = run(first).to_dict()["events"]
    assert event["date"] == "2025-03-04"  # only the report's day is known
    ex = run(first + "\n\nThe plant, which went into operation on Sunday, supplies power.")
    (event,) = ex.to_dict()["events"]
    assert (event["type"], event["date"]) == ("inauguration", "2025-03-02")
    # A day the event is told to have happened on is not replaced.
    ex = run("Karot HPP started commercial operation on Monday.\n\nIt went into operation on "
             "Sunday, officials said.")  # fmt: skip
    assert [e["date"] for e in ex.to_dict()["events"]] == ["2025-03-03"]


def _merge_by_scan(events, actors):
    """merge_events as it was written before it was indexed: each event against every merged
    one before it (the reference the index must agree with)."""
    from corridor.extract.events import _surname

    full: dict[str, str] = {}
    for actor in actors:
        key = _surname(actor.name)
        if actor.kind == "person" and len(actor.name) > len(full.get(key, "")):
            full[key] = actor.name
    merged = []
    for event in events:
        event.actors = list(dict.fromkeys(full.get(_surname(a), a) for a in event.actors))
        same = next(
            (e for e in merged if e.type == event.type and set(e.actors) & set(event.actors)),
            None,
        )
        if same is None:
            merged.append(event)
            continue
        if same.date is None and event.date:
            same.start, same.end, same.evidence = event.start, event.end, event.evidence
            same.date, same.end_date = event.date, event.end_date
            same.reported_day, same.place = event.reported_day, event.place
            same.item_ids = event.item_ids
        elif same.reported_day and event.date and not event.reported_day:
            same.date, same.end_date = event.date, event.end_date
            same.reported_day = False
            same.place = same.place or event.place
        elif event.date is not None and event.date == same.date:
            same.place = same.place or event.place
        same.end_date = same.end_date or event.end_date
    return merged


NAMES = ["Asif Ali Zardari", "Zardari", "Xi Jinping", "Xi", "Li Qiang", "Ahsan Iqbal"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["visit", "meeting", "signing"]),
            st.lists(st.sampled_from(NAMES), max_size=3),
            st.sampled_from([None, "2025-02-04", "2025-02-05"]),
            st.sampled_from([None, "Beijing", "Islamabad"]),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_merge_events_index_agrees_with_a_scan_of_every_merged_event(raw):
    from corridor.extract.events import merge_events
    from corridor.extract.records import Actor, Event

    def events():
        return [
            Event(kind, i, i + 1, "s", date, None, list(names), place, reported_day=reported)
            for i, (kind, names, date, place, reported) in enumerate(raw)
        ]

    actors = [Actor(0, 1, n, n, "person") for n in NAMES]
    assert merge_events(events(), actors) == _merge_by_scan(events(), actors)


def _places(run, text):
    return [e["place"] for e in run(text).to_dict()["events"]]


def test_events_a_place_word_in_a_name_is_not_the_place(run):
    texts = {
        # an item mention, and a hyphenated compound
        "Prime Minister Imran Khan will visit Mardan on Friday to perform the groundbreaking "
        "of the Rashakai SEZ under the China-Pakistan Economic Corridor.": None,
        # "X International Airlines"; a place in the name of what is signed is not where
        "Pakistan International Airlines and Ahsan Iqbal signed a deal on the Gwadar Port on "
        "Monday.": None,
        # "X Chief Minister", and "the Lahore Chamber of Commerce": a place before a name
        "Punjab Chief Minister Usman Buzdar met the Lahore Chamber of Commerce on Sunday.": None,
        # "X government", "Chief Minister of X"
        "The Sindh government signed an agreement with Chinese investors on Saturday.": None,
        "Chinese companies, accompanied by the Special Assistant to the Chief Minister of Sindh, "
        "visited the zone on Wednesday.": None,
        "Pakistan's caretaker Prime Minister Anwaar Kakar met Chinese investors on Monday.": None,
    }
    for text, place in texts.items():
        assert _places(run, text) == [place], text


def test_events_the_place_named_after_at_or_in_wins_over_a_name(run):
    texts = {
        "Prime Minister Imran Khan performed the groundbreaking of the Rashakai SEZ under the "
        "China-Pakistan Economic Corridor at Nowshera on Friday.": "Nowshera",
        "Punjab Chief Minister Usman Buzdar inaugurated the ML-1 depot in Lahore on Sunday.":
            "Lahore",
        "A Pakistan International Airlines flight landed at the Gwadar Port airstrip on Monday, "
        "after its inauguration.": "Gwadar",
        "The Sindh government signed an agreement with Chinese investors in Karachi on "
        "Saturday.": "Karachi",
        "President Asif Ali Zardari visited the People's Republic of China on Monday.": "China",
    }  # fmt: skip
    for text, place in texts.items():
        assert _places(run, text) == [place], text


def test_events_an_item_s_site_is_where_it_is_inaugurated_or_visited(run):
    text = (
        "Pakistan International Airlines began flights from the newly inaugurated Gwadar Port "
        "terminal on Monday."
    )
    assert _places(run, text) == ["Gwadar"]
    text = "Punjab Chief Minister Usman Buzdar inaugurated the Lahore Orange Line on Sunday."
    assert _places(run, text) == ["Lahore"]
    # a site with no known place in its name: unknown, not the dateline's filing place
    text = "ISLAMABAD: Prime Minister Imran Khan on Tuesday inaugurated the ML-1 upgrade."
    assert _places(run, text) == [None]


def test_events_a_dateline_names_the_place_when_the_sentence_names_none(run):
    text = "LAHORE – Punjab Chief Minister Usman Buzdar inaugurated a metro train on Sunday."
    assert _places(run, text) == ["Lahore"]
    text = "SHANGHAI: Ahsan Iqbal witnessed the signing of MoUs for a Thar coal plant on Tuesday."
    assert _places(run, text) == ["Shanghai"]
    text = "ISLAMABAD, March 3 (APP): Ahsan Iqbal met Chinese investors in Gwadar on Monday."
    assert _places(run, text) == ["Gwadar"]


def test_events_the_place_comes_from_the_sentence_that_tells_the_day(run):
    text = (
        "Planning Minister Ahsan Iqbal co-chaired the committee with the Chinese side. "
        "Ahsan Iqbal attended the first meeting in Islamabad in 2013. "
        "Ahsan Iqbal will attend the meeting on 7 March 2025 via video link."
    )
    (event,) = run(text).to_dict()["events"]
    assert (event["type"], event["date"], event["place"]) == ("meeting", "2025-03-07", None)
    assert event["evidence"].startswith("Ahsan Iqbal will attend")
    # a later sentence of the same day may still tell the place
    text = (
        "Ahsan Iqbal met Chinese investors on Monday. "
        "Ahsan Iqbal met them in Gwadar on Monday, officials said."
    )
    (event,) = run(text).to_dict()["events"]
    assert event["place"] == "Gwadar"


def test_events_he_at_the_start_of_a_sentence_is_the_last_sentence_s_person(run):
    text = (
        "Shenzhen: Prime Minister Shehbaz Sharif on Wednesday reiterated his commitment to a "
        "digital Pakistan.\nHe expressed this resolve while visiting the Huawei headquarters in "
        "Shenzhen today."
    )
    (event,) = run(text).to_dict()["events"]
    assert event["type"] == "visit"
    assert event["actors"] == ["Shehbaz Sharif", "Huawei Technologies"]
    # nobody to stand for: no actor, no event
    text = "The forum opened a new chapter.\nHe expressed this resolve while visiting on Monday."
    assert run(text).to_dict()["events"] == []


def test_events_a_day_told_after_a_reporting_verb_yields_to_the_event_s_own(run):
    # Real reporting (QA): "will visit ... from June 4 to 8, the Foreign Office announced on
    # Tuesday" took Tuesday, the day of the telling, for the visit.
    text = (
        "Prime Minister Shehbaz Sharif will visit China from June 4 to 8, the Foreign Office "
        "announced on Tuesday. The 10th meeting of the Joint Cooperation Committee of CPEC "
        "is scheduled for July 16, officials said on Monday."
    )
    visit, meeting = run(text).to_dict()["events"]
    assert (visit["type"], visit["date"], visit["end_date"]) == (
        "visit",
        "2025-06-04",
        "2025-06-08",
    )
    assert (meeting["type"], meeting["date"]) == ("meeting", "2025-07-16")
    # told alone, the day of the telling still dates the event
    told = "Prime Minister Shehbaz Sharif visited Beijing, the Foreign Office said on Tuesday."
    (only,) = run(told).to_dict()["events"]
    assert (only["type"], only["date"]) == ("visit", "2025-03-04")


def test_events_two_countries_joined_by_and_are_parties_not_the_place(run):
    # real-article QA: "Pakistan and China on Monday signed" put the signing in Pakistan
    (signing,) = run("Pakistan and China on Monday signed an MoU on ML-1.").to_dict()["events"]
    assert signing["place"] is None
    (visit,) = run(
        "President Zardari visited China and Pakistan's ambassador met him on Monday."
    ).to_dict()["events"]
    assert visit["place"] == "China"


def test_events_a_meeting_named_as_the_time_of_a_saying_takes_no_day_from_the_scene(run):
    # real-article QA: "Speaking after the 14th JCC meeting" took the day of the opening
    # sentence's media talk, "on Saturday"
    text = ("BEIJING: Planning Minister Ahsan Iqbal announced the launch of CPEC Phase II at "
            "a media briefing in Beijing on Saturday. Speaking after the Joint Cooperation "
            "Committee meeting on CPEC, Iqbal explained that the new phase aligns with the "
            "Five Es framework.")  # fmt: skip
    assert [e["type"] for e in run(text).to_dict()["events"]] == ["announcement"]
    # told on from the scene, the meeting is the scene's
    went_on = ("Premier Li Qiang held talks with Prime Minister Shehbaz Sharif in Islamabad on "
               "Monday. The two leaders then jointly inaugurated the ML-1 upgrade.")  # fmt: skip
    assert len(run(went_on).to_dict()["events"]) == 2


def test_events_a_trigger_inside_a_name_takes_no_day_from_the_scene(run):
    # real-article QA (set U): "The 12th Special CPEC JCC Meeting holds great significance"
    # took the day of a 2013 visit told two sentences before, once glued sentences were cut.
    text = ("The corridor was formalized on July 5, 2013 when Prime Minister Nawaz Sharif visited "
            "China. The Special CPEC JCC Meeting holds great significance, the embassy said.")  # fmt: skip
    assert [e["type"] for e in run(text).to_dict()["events"]] == ["visit"]


@pytest.mark.parametrize(
    "text",
    [
        # real-article QA: a planned groundbreaking was an inauguration on the day it was told
        "Sindh Chief Minister Murad Ali Shah said on Sunday that groundbreaking of the ML-1 "
        "would be performed by the end of this year.",
        # (the same, where a hard-wrapped line parted the sentence)
        "Sindh Chief Minister Murad Ali Shah said\non Sunday that groundbreaking of the ML-1 "
        "would be performed by the end of this year.",
        "The minister said on Sunday that the ML-1 agreement will be signed next month.",
    ],
)
def test_events_the_day_something_planned_was_told_is_not_its_day(run, text):
    assert run(text).to_dict()["events"] == []


def test_events_the_day_of_a_saying_still_dates_what_was_done(run):
    text = "Sindh Chief Minister Murad Ali Shah said on Sunday that the ML-1 was inaugurated."
    (event,) = run(text).to_dict()["events"]
    assert (event["type"], event["date"]) == ("inauguration", "2025-03-02")


@pytest.mark.parametrize(
    ("text", "actors", "place"),
    [
        # real-article QA: "Pakistan and China signed" had no actors
        ("Pakistan and China signed a framework agreement on the ML-1 on Monday.",
         ["Pakistan", "China"], None),
        # with no item named, the parties make it an event
        ("On July 6, 2020, Pakistan and China signed an agreement in Islamabad.",
         ["Pakistan", "China"], "Islamabad"),
        ("China and Pakistan have jointly inaugurated the Gwadar Port on Friday.",
         ["China", "Pakistan"], "Gwadar"),
        ("An MoU on vocational training was signed between Pakistan and China on Monday.",
         ["Pakistan", "China"], None),
    ],
)  # fmt: skip
def test_events_two_countries_as_the_subject_are_the_parties(run, text, actors, place):
    (event,) = run(text).to_dict()["events"]
    assert (event["actors"], event["place"]) == (actors, place)


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Shehbaz Sharif visited Pakistan and China's joint venture on Monday.",
        "Prime Minister Shehbaz Sharif said Pakistan and China Railway signed it on Monday.",
        "Prime Minister Shehbaz Sharif said the Bank of China and Pakistan signed on Monday.",
    ],
)
def test_events_two_countries_that_are_not_the_subject_are_no_parties(run, text):
    (event,) = run(text).to_dict()["events"]
    assert event["actors"] == ["Shehbaz Sharif"]


def test_events_a_recent_act_is_not_dated_by_its_report(run):
    # real-article QA (set X pattern 15): "his recent visit to China ..., CEN reported on
    # Thursday" was a visit on that Thursday; an event has its own day or none
    for text in (
        "The minister described the experience gained by Prime Minister Shehbaz Sharif after "
        "his recent visit to China, CEN reported on Thursday.",
        "Prime Minister Shehbaz Sharif recently visited China, APP reported on Thursday.",
    ):
        assert run(text).to_dict()["events"] == []
    # the wire's day stays that of an act it does not place before the telling
    (event,) = run("Prime Minister Shehbaz Sharif visited China, APP reported on Thursday."
                   ).to_dict()["events"]  # fmt: skip
    assert (event["type"], event["date"]) == ("visit", "2025-02-27")


def test_events_a_dated_meeting_named_as_a_time_is_an_event(run):
    # real-article QA (set X pattern 7): the visit outranked the meeting, and the meeting's
    # own day was lost
    text = (
        "The visit is expected to consolidate the momentum of CPEC cooperation in the wake of "
        "the 11th meeting of the CPEC Joint Cooperation Committee (JCC) on October 27, 2022."
    )
    events = run(text, published=date(2022, 11, 1)).to_dict()["events"]
    assert [(e["type"], e["date"]) for e in events] == [("meeting", "2022-10-27")]


def test_events_a_future_ceremony_on_a_weekday_is_the_coming_one(run):
    # real-article QA (set X pattern 5): dated to the Friday before publication
    text = ("Prime Minister Shehbaz Sharif will lay the foundation stone of the Main Line-1 "
            "railway upgrade in Karachi on Friday.")  # fmt: skip
    (event,) = run(text).to_dict()["events"]  # published Wednesday 5 March 2025
    assert (event["type"], event["date"]) == ("inauguration", "2025-03-07")
