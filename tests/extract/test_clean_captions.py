"""Furniture that crawled pages leave in the text: bylines, time stamps, photo captions and
credits (clean.py; the older cases are in test_furniture.py)."""

from corridor.extract.clean import mask_furniture, strip_furniture


def test_a_byline_with_its_time_stamp_is_furniture():
    for line in (
        "By Ali Raza in Gwadar and Li Wei in Beijing | Daily Courier | Updated: 2024-05-04 07:53",
        "Staff Report Published 12 Mar, 2025 10:15am",
        "Updated: 2023-11-02 18:40",
        "Last updated on March 3, 2024 11:20 PKT",
        "by Ali Raza, Li Wei and Sara Malik",
        "By Staff Reporter",
    ):
        text = f"Gwadar port gets a new berth\n\n{line}\n\nThe berth was completed in May."
        assert strip_furniture(text) == (
            "Gwadar port gets a new berth\n\nThe berth was completed in May."
        ), line


def test_a_sentence_like_a_byline_or_a_stamp_is_text():
    for text in (
        "By December, the Gwadar Port will handle 50 ships a month.",
        "By Friday, Pakistan and China had signed 12 agreements.",
        "The Annual Report Published in 2019 shows growth of 5 percent.",
        "Published data for 2023 show 12 projects were completed.",
    ):
        assert strip_furniture(text) == text, text


def test_a_time_stamp_does_not_lend_its_minutes_to_the_next_paragraph(run):
    text = (
        "Gwadar port gets a new look\n\n"
        "By Ali Raza in Gwadar | Daily Courier | Updated: 2024-05-04 07:53\n\n"
        "Pakistani soldiers and Chinese workers stand at Gwadar Port. ALI RAZA / GETTY IMAGES\n\n"
        "The Gwadar Port was completed in 2016."
    )
    ex = run(text).to_dict()
    assert 53 not in {s["value"] for s in ex["statistics"]}
    (port,) = [i for i in ex["items"] if i["item_id"] == "gwadar-port"]
    assert not [e for e in port["evidence"] if "soldiers" in e["sentence"]]


def test_photo_captions_are_furniture():
    captions = (
        "Photo taken on March 3, 2024 shows ships at the Gwadar Port in Balochistan. (Xinhua/Li Ming)",
        "Aerial photo taken on Nov. 8, 2022 shows the Karot Hydropower Project. The dam is 95 m "
        "high.File photo:Xinhua",
        "Workers walk past cranes at the Gwadar Port. ALI RAZA / AFP",
        "Fishermen mend nets near the Gwadar port, Pakistan March 11, 2023. (Source: Reuters)",
        "The Rashakai SEZ at dawn. (Photo: APP)",
    )
    for caption in captions:
        text = f"Work goes on.\n\n{caption}\n\nThe zone is open."
        assert strip_furniture(text) == "Work goes on.\n\nThe zone is open.", caption


def test_sentences_like_captions_or_with_a_source_are_text():
    for text in (
        "Satellite images taken on March 3 show that work on the dam has stalled.",
        "Exports rose 5 percent last year, the bureau said. (Source: Reuters)",
        "Photos of the Gwadar Port were shared by the ministry on Monday.",
        "Imagine: a port city of two million people by 2030.",
    ):
        assert strip_furniture(text) == text, text


def test_a_credit_inside_a_line_is_blanked_and_offsets_kept():
    text = (
        "China Pakistan Photo: VCG\n\n"
        "CPEC plans to open new mines and communication systems.Photo: Gwadar Port at dusk; "
        "Wikimedia CommonsBut work on the Rashakai SEZ is slow.\n\n"
        "The port was opened by the prime minister (CPEC).File photo:Xinhua\n\n"
        "The photo: a new berth."
    )
    masked = mask_furniture(text)
    assert len(masked) == len(text)
    assert masked.startswith("China Pakistan" + " " * 11 + "\n\n")
    assert "Photo" not in masked and "Wikimedia" not in masked and "dusk" not in masked
    assert "systems." in masked and "But work on the Rashakai SEZ is slow." in masked
    assert "minister (CPEC)." in masked and "File" not in masked and "Xinhua" not in masked
    assert masked.endswith("The photo: a new berth.")  # not a credit: lower case, no source


def test_a_credit_does_not_lend_an_item_or_a_cue(run):
    text = (
        "CPEC plans to build new roads and communication systems.Photo: Gwadar Port at dusk; "
        "Wikimedia CommonsBut work on the port has been delayed."
    )
    ids = {i["item_id"] for i in run(text).to_dict()["items"]}
    assert "gwadar-port" not in ids
