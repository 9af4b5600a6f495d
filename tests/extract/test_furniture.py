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
