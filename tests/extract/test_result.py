"""The result: what build_extraction keeps of the stages' findings."""

# Real-article QA (set W, read after scoring): a kept headline states a figure its body
# states again; counted twice, a sum doubles what a table of sums adds up.


def test_a_figure_the_body_restates_is_the_body_s_alone(run):
    ex = run(
        "China to provide $6.8 b for ML-1 railway, train 200,000 students\n\n"
        "China will finance a $6.8 billion initiative to upgrade ML-1 railway. Huawei will "
        "train 200,000 students."
    ).to_dict()
    assert [a["text"] for a in ex["amounts"]] == ["$6.8 billion"]
    assert [s["text"] for s in ex["statistics"]] == ["200,000 students"]


def test_a_figure_only_the_headline_gives_stays(run):
    ex = run(
        "China to provide $7 b for ML-1 railway\n\n"
        "China will finance a $6.8 billion initiative to upgrade ML-1 railway."
    ).to_dict()
    assert [a["text"] for a in ex["amounts"]] == ["$7 b", "$6.8 billion"]


def test_a_body_s_first_sentence_is_no_headline(run):
    # a first sentence with its full stop is body: both of its figures are kept
    ex = run(
        "China will provide $6.8 billion for ML-1 railway.\n\n"
        "The $6.8 billion will be paid in three parts."
    ).to_dict()
    assert [a["start"] for a in ex["amounts"]] == [19, 55]
