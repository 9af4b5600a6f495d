def test_statistics_percentage_with_about(run):
    (stat,) = run("Agriculture employs nearly 40% of the workforce.").to_dict()["statistics"]
    assert (stat["value"], stat["unit"], stat["about"]) == (40.0, "percent", "workforce")
    assert stat["text"] == "nearly 40% of the workforce"


def test_statistics_counts_of_listed_nouns(run):
    stats = run("The zone created 5,000 jobs for 300 local engineers.").to_dict()["statistics"]
    assert [(s["value"], s["unit"]) for s in stats] == [(5000.0, "jobs"), (300.0, "engineers")]


def test_statistics_money_and_capacity_are_not_statistics(run):
    assert run("It cost $5 billion for 1,320 MW in 2019.").to_dict()["statistics"] == []
