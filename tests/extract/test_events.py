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


def test_events_signing_beats_meeting_and_links_items(run):
    text = "Prime Minister Shehbaz Sharif met Xi Jinping in Beijing and signed a deal on ML-1."
    (event,) = run(text).to_dict()["events"]
    assert event["type"] == "signing"
    assert event["actors"] == ["Shehbaz Sharif", "Xi Jinping"]
    assert event["item_ids"] == ["ml1-railway"] and event["place"] == "Beijing"


def test_events_merge_by_surname(run):
    text = ("President Asif Ali Zardari began a visit to China on Tuesday. "
            "President Zardari's visit will focus on trade.")  # fmt: skip
    events = run(text).to_dict()["events"]
    assert len(events) == 1 and events[0]["actors"] == ["Asif Ali Zardari"]


def test_events_need_an_actor(run):
    assert run("The visit was a success.").to_dict()["events"] == []


def test_events_inauguration_by_organization(run):
    ex = run("Huawei inaugurated a training centre in Islamabad.").to_dict()
    assert ex["events"][0]["type"] == "inauguration"
    assert ex["events"][0]["actors"] == ["Huawei Technologies"]
    assert by_id(run("Huawei opened an office."), "huawei")["kind"] == "organization"
