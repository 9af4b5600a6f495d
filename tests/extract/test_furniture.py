from corridor.extract.clean import mask_furniture, strip_furniture

PAGE = """Breaking News

China

The Headline of the Article

Pakistan and China signed an agreement on Monday.

image 3

Mr. Ali Khan, a policy analyst, is the founder of a think tank in Islamabad."""


def test_strip_furniture_removes_banner_section_caption_and_author_box():
    text = strip_furniture(PAGE)
    assert text.startswith("The Headline of the Article")
    assert "image 3" not in text
    assert "Ali Khan" not in text
    assert text.endswith("signed an agreement on Monday.")


def test_strip_furniture_keeps_plain_article_unchanged():
    body = "Pakistan and China signed an agreement.\n\nThe writer's view is his own."
    assert strip_furniture(body) == body


def test_mask_furniture_keeps_length_and_offsets():
    masked = mask_furniture(PAGE)
    assert len(masked) == len(PAGE)
    start = PAGE.index("Pakistan and China")
    assert masked[start : start + 18] == "Pakistan and China"
    assert "Breaking" not in masked and "Ali Khan" not in masked


def test_strip_furniture_removes_writer_bio():
    text = "Body sentence here.\n\nThe writer is a former ambassador to China."
    assert strip_furniture(text) == "Body sentence here."


def test_a_markers_caption_and_a_ticker_line_are_furniture():
    text = (
        "ISLAMABAD: Gwadar Port will get a new berth, the minister said on Tuesday.\n\n"
        "image 1\nThe Lahore Orange Line was suspended on Monday.\n\n"
        "Breaking News: Karachi Circular Railway fare hike announced\n\n"
        "The ML-1 agreement has not been signed.\n\n"
        "image 2\n\nThe Rashakai SEZ is under development."  # a marker alone: no caption
    )
    assert strip_furniture(text) == (
        "ISLAMABAD: Gwadar Port will get a new berth, the minister said on Tuesday.\n\n"
        "The ML-1 agreement has not been signed.\n\n"
        "The Rashakai SEZ is under development."
    )
    # a sentence that only starts like a ticker is kept
    kept = "Breaking news: the ML-1 agreement was signed. It was long delayed."
    assert strip_furniture(kept) == kept


def test_a_ticker_line_ending_in_a_full_stop_is_furniture(run):
    text = (
        "Gwadar Port will get a new berth, the minister said.\n\n"
        "Breaking News: The ML-1 was inaugurated today.\n\n"
        "Just in: Karachi Circular Railway fare hike announced!\n\n"
        "The Rashakai SEZ is under development."
    )
    assert strip_furniture(text) == (
        "Gwadar Port will get a new berth, the minister said.\n\n"
        "The Rashakai SEZ is under development."
    )
    assert "ml1-railway" not in {i["item_id"] for i in run(text).to_dict()["items"]}
    # a body paragraph that starts like a ticker and goes on is kept
    kept = "Breaking ground on the ML-1 took years. It was long delayed."
    assert strip_furniture(kept) == kept
    assert strip_furniture("Breaking-ground ceremony of the ML-1 was held.") != ""
    assert (
        strip_furniture("Breaking News - The ML-1 was inaugurated.\n\nIt is long.") == "It is long."
    )


def test_links_to_other_stories_are_furniture():
    # real-article QA: "Read: Gwadar Free Zone scheduled for ..." gave the free zone a claim
    text = (
        "Gwadar Port handled 20 ships this year.\n\nRead: Gwadar Free Zone scheduled for "
        "completion this year\n\nRelated: ML-1 delayed again\n\nSee also: KCR fares\n\n"
        "The port will expand."
    )
    assert (
        strip_furniture(text) == "Gwadar Port handled 20 ships this year.\n\nThe port will expand."
    )
    # a sentence that opens with the verb is text
    body = "Read the full joint statement below.\n\nGwadar Port handled 20 ships."
    assert strip_furniture(body) == body
