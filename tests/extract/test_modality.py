import random

import pytest
import regex
import spacy
from tests.extract.conftest import by_id

from corridor.extract.modality import _literal_starts
from corridor.model import SourceKind


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Pakistan should expand the Gwadar Port.", "recommendation"),
        ("It is imperative that Gwadar Port gets more ships.", "recommendation"),
        ("Gwadar Port is expected to handle more cargo.", "expectation"),
        ("Gwadar Port is poised to become a hub.", "expectation"),
        ("China will fund Gwadar Port's expansion.", "pledge"),
        ("The government vowed to upgrade Gwadar Port.", "pledge"),
        ("A concession agreement for Gwadar Port was signed in Beijing.", "agreement"),
        ("Gwadar Port is under construction.", "progress"),
        ("Work on Gwadar Port is now complete.", "delivery"),
        ("Work on Gwadar Port is going on smoothly.", "progress"),
        ("The agreement on Gwadar Port will be signed soon.", "expectation"),
        ("Gwadar Port will open soon.", "expectation"),
        ("Gwadar Port will soon be operational.", "expectation"),
        ("Gwadar Port will open, and soon after that the airport.", "pledge"),
        ("Gwadar Port is 60% complete.", "progress"),
        ("Work on Gwadar Port is 60% complete.", "progress"),
        # read off real reporting (docs/real-articles.md, session 10)
        ("80% work has been completed on Gwadar Port, he said.", "progress"),
        (
            "Over 95% works have been done and Gwadar Port has entered into commissioning phase.",
            "progress",
        ),
        ("Gwadar Port has completed the testing phase.", "progress"),
        ("Gwadar Port is set for inauguration by the Prime Minister.", "expectation"),
        ("Gwadar Port is ready to supply electricity to the national grid.", "expectation"),
        (
            "Unless hitches are removed, Pakistan will not be able to gain from Gwadar Port.",
            "mention",
        ),
        ("Under CPEC, Gwadar Port will be expanded.", "pledge"),
        # ("not only" is no negation; what the port will do is its effect, foretold)
        ("Gwadar Port will not only boost trade but also create jobs.", "expectation"),
        # a reassurance pledges the work goes on; a negated plan for a step is a problem (review)
        ("The Gwadar Port upgrade will not be delayed, the minister said.", "pledge"),
        ("Work on Gwadar Port will never be allowed to stall.", "pledge"),
        ("Gwadar Port will not be completed this year.", "problem"),
        ("Gwadar Port, inaugurated in 2007, has been delayed by security concerns.", "problem"),
        ("However, the Gwadar Port, which was signed in 2015, remains in limbo.", "problem"),
        ("Gwadar Port, which was inaugurated in 2007, handles few ships.", "delivery"),
        (
            "During a visit to Gwadar Port, the minister inaugurated a school, which is delayed.",
            "delivery",
        ),
        ("A detailed briefing was given on projects including Gwadar Port.", "progress"),
        ("The minister was briefed on Gwadar Port.", "progress"),
        ("Work on Gwadar Port has gained pace.", "progress"),
        ("PPIB issued a Letter of Interest for Gwadar Port.", "agreement"),
        ("He praised Gwadar Port, built with Chinese assistance.", "delivery"),
        ("Gwadar Port will be built with Chinese assistance.", "pledge"),
        ("After failing to secure financing for Gwadar Port, officials met the ADB.", "problem"),
        ("Gwadar Port has not kept pace with ports in the region.", "problem"),
        ("A convoy to Gwadar Port was targeted on Sunday.", "problem"),
        ("Gwadar Port is already supplying electricity to the city.", "delivery"),
        ("Gwadar Port added 300MW to the national grid last year.", "delivery"),
        ("China welcomed the operationalisation of Gwadar Port.", "delivery"),
        ("Gwadar Port will be operationalised next year.", "pledge"),
        ("Gwadar Port was inaugurated in 2007.", "delivery"),
        ("Gwadar Port is fully operational.", "delivery"),
        ("Gwadar Port has been stalled over security concerns.", "problem"),
        ("Gwadar Port is behind schedule.", "problem"),
        ("Gwadar Port is in Balochistan.", "mention"),
        ("Gwadar Port is being completed by a Chinese firm.", "progress"),
        ("Gwadar Port was supposed to be finished by 2020.", "problem"),
        ("Dues owed to Gwadar Port have climbed to Rs 9 billion.", "problem"),
        ("Gwadar Port is now open for commercial traffic.", "delivery"),
        ("The first cranes for Gwadar Port arrived in Karachi on Monday.", "delivery"),
        ("Gwadar Port has been making remarkable progress this year.", "progress"),
        ("A Chinese firm was selected to expand Gwadar Port.", "agreement"),
        ("The cranes of Gwadar Port were supplied by a Chinese firm.", "delivery"),
        ("A Chinese company is now building Gwadar Port's second berth.", "progress"),
        ("Gwadar Port lacks the roads that would bring it cargo.", "problem"),
        ("Stable operations continue at Gwadar Port despite the lockdown.", "delivery"),
        (
            "Timely operationalisation of Gwadar Port should be the first priority.",
            "recommendation",
        ),
        ("China welcomed the timely operationalisation of Gwadar Port.", "delivery"),
    ],
)
def test_modality_cue_classes(run, text, modality):
    assert by_id(run(text), "gwadar-port")["modality"] == modality


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The ML-1 agreement has not been signed.", "problem"),
        ("The ML-1 upgrade is yet to be completed.", "problem"),
        ("The ML-1 upgrade is not yet operational.", "problem"),
        ("There has been no progress on ML-1.", "problem"),
        ("The authorities failed to start ML-1.", "problem"),
    ],
)
def test_modality_negations_never_positive(run, text, modality):
    item = by_id(run(text), "ml1-railway")
    assert item["modality"] == modality


def test_modality_negated_flag_set(run):
    evidence = by_id(run("The ML-1 agreement has not been signed."), "ml1-railway")["evidence"]
    assert evidence[0]["negated"] is True


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("ML-1 will be completed by 2027.", "pledge"),
        ("ML-1 is expected to be completed by 2027.", "expectation"),
        ("ML-1 should be inaugurated soon.", "recommendation"),
    ],
)
def test_modality_modal_governs_realis_cue(run, text, modality):
    assert by_id(run(text), "ml1-railway")["modality"] == modality


def test_modality_nearest_cue_within_clause(run):
    ex = run("Gwadar Port was inaugurated in 2007, but ML-1 has been delayed.")
    assert by_id(ex, "gwadar-port")["modality"] == "delivery"
    assert by_id(ex, "ml1-railway")["modality"] == "problem"


def test_modality_framing_item_is_mention(run):
    ex = run("Projects under CPEC were completed, including Gwadar Port.")
    assert by_id(ex, "cpec")["modality"] == "mention"
    assert by_id(ex, "gwadar-port")["modality"] == "delivery"


@pytest.mark.parametrize(
    "text",
    [
        "The first CPEC hydropower project was completed, said the minister.",
        "CPEC-funded plants were inaugurated.",
        "The inauguration is a milestone in CPEC.",
        "The China-Pakistan Economic Corridor (CPEC) Authority said the work was completed.",
        # in the possessive, what the sentence says is said of CPEC's project
        "CPEC's flagship project will transform the region.",
        "CPEC’s flagship project will transform the region.",
        "Experts call the railway a game changer of CPEC and say it will transform trade.",
        "Two wind farms are among the projects to be completed under the early harvest "
        "programme of CPEC.",
        "The dam, a cornerstone of CPEC, reached commercial operation on Monday.",
    ],
)
def test_modality_initiative_as_a_modifier_is_mention(run, text):
    assert by_id(run(text), "cpec")["modality"] == "mention"


@pytest.mark.parametrize(
    "text",
    [
        # real reporting of trouble (QA): what happens to CPEC's projects happens to CPEC
        "The BLA has attacked CPEC-linked projects in the past too.",
        "Work on several CPEC projects has been delayed for two years.",
        "Militants attacked a convoy of CPEC-funded projects near Gwadar.",
        "In view of potential threats being faced by CPEC, security was raised.",
    ],
)
def test_modality_trouble_of_an_initiative_s_projects_is_its_problem(run, text):
    assert by_id(run(text), "cpec")["modality"] == "problem"


@pytest.mark.parametrize(
    ("text", "item", "modality"),
    [
        # real-article QA: a ceremony someone will attend is still to come
        ("PM Khan will perform the groundbreaking ceremony of ML-1.", "ml1-railway", "pledge"),
        ("The PM will attend the inauguration of Gwadar Port.", "gwadar-port", "pledge"),
        ("The PM attended the inauguration of Gwadar Port.", "gwadar-port", "delivery"),
        # a programme launched has begun; a satellite launched is delivered
        ("CPEC was formally launched on July 5, 2013.", "cpec", "progress"),
    ],
)
def test_modality_ceremonies_ahead_and_launched_programmes(run, text, item, modality):
    assert by_id(run(text), item)["modality"] == modality


def test_modality_a_participle_opening_tells_of_its_subject_only(run):
    # real-article QA: the BRI and Gwadar Port took the opening's "Launched"
    text = (
        "Launched in 2015, CPEC is an over $60 billion flagship component of China's global "
        "Belt and Road Initiative, linking western China to the port of Gwadar Port."
    )
    ex = run(text)
    assert by_id(ex, "cpec")["modality"] == "progress"
    assert by_id(ex, "gwadar-port")["modality"] == "mention"


def test_modality_headline_is_strongest(run):
    ex = run("ML-1 will be built. ML-1 was delayed by a dispute.")
    item = by_id(ex, "ml1-railway")
    assert [e["modality"] for e in item["evidence"]] == ["pledge", "problem"]
    assert item["modality"] == "problem"


def test_modality_oped_proposal_is_recommendation(run):
    text = "Establishing incubators in Karachi will enable startups. This includes expanding student exchanges."
    items = {i["name"]: i["modality"] for i in run(text, kind=SourceKind.OPED).to_dict()["items"]}
    assert set(items.values()) == {"recommendation"}


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The Karot HPP has not achieved financial close.", "problem"),
        ("Karot HPP is not expected to be completed before 2030.", "problem"),
        ("The site for Karot HPP is yet to be decided.", "problem"),
        ("Funding for Karot HPP is still pending.", "problem"),
        ("Karot HPP achieved financial close in March.", "agreement"),
        ("The cabinet approved Karot HPP as a priority project.", "agreement"),
        ("The treaty on Karot HPP entered into force last month.", "delivery"),
        ("Karot HPP was built by a Chinese consortium.", "delivery"),
        ("Three firms have started construction at Karot HPP.", "progress"),
        ("The minister said Karot HPP would be financed from the budget.", "pledge"),
        ("The minister said Karot HPP would transform the region.", "expectation"),
        ("The chief minister invited investors to Karot HPP.", "recommendation"),
        ("Progress on Karot HPP was reviewed at the meeting.", "progress"),
        ("Around 95 percent work of Karot HPP had been completed by May.", "progress"),
        ("The Chinese firm which operates Karot HPP paid its dues.", "delivery"),
        ("The sponsors conveyed dismay at the exclusion of Karot HPP from the plan.", "problem"),
    ],
)
def test_modality_news_phrasings(run, text, modality):
    assert by_id(run(text), "karot-hydropower")["modality"] == modality


def test_modality_problem_in_an_itemless_clause_carries_back(run):
    ex = run("Karot HPP was completed in 2022, but no turbine has yet commenced production.")
    assert by_id(ex, "karot-hydropower")["modality"] == "problem"
    ex = run("Karot HPP was completed in 2022, but ML-1 has been delayed.")
    assert by_id(ex, "karot-hydropower")["modality"] == "delivery"


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # A descriptive opening says nothing of its items; the subject after it takes the cue.
        ("As one of the priority projects in CPEC, Karot HPP is expected to open this year.",
         "cpec", "mention"),
        ("As one of the priority projects in CPEC, Karot HPP is expected to open this year.",
         "karot-hydropower", "expectation"),
        ("As a partner of Huawei, Shanghai Electric will build Gwadar Port's plant.",
         "huawei", "mention"),
        # "As" a conjunction opens a clause of its own: what it says stands.
        ("As Karot HPP was delayed, costs rose.", "karot-hydropower", "problem"),
        # An apposition filing the subject under others: its items are mentioned.
        ("The Rashakai SEZ, one of the zones linked to Gwadar Port, has allotted plots.",
         "gwadar-port", "mention"),
        ("The Rashakai SEZ, one of the zones linked to Gwadar Port, has allotted plots.",
         "rashakai-sez", "progress"),
        # Another apposition says what it says: "built by Huawei" is Huawei's delivery.
        ("The Karot HPP, a plant built by Huawei, was delayed.", "huawei", "delivery"),
        # A relative clause right after an item is said of it.
        ("Efforts are under way to expedite work on ML-1, which was delayed by a case.",
         "ml1-railway", "problem"),
        ("Work on ML-1 was paused when a case was filed.", "ml1-railway", "problem"),
        # The subject's own relative clause is an apposition: what follows it stands.
        ("However, Gwadar Port, which was signed in 2015, remains in limbo.",
         "gwadar-port", "problem"),
        # Who a sentence closes by quoting is only mentioned; who speaks first may pledge.
        ("Karot HPP started commercial operation, Huawei said on Tuesday.",
         "karot-hydropower", "delivery"),
        ("Karot HPP started commercial operation, Huawei said on Tuesday.", "huawei", "mention"),
        ("Huawei said it will build Gwadar Port's network.", "huawei", "pledge"),
        # An apposition between dashes does not cut the item from its verb; one dash does.
        ("The ML-1 project – the lone strategic project of CPEC – was approved in June.",
         "ml1-railway", "agreement"),
        ("The ML-1 project – the lone strategic project of CPEC – was approved in June.",
         "cpec", "mention"),
        ("Talks went on about ML-1 – Gwadar Port was approved in June.",
         "ml1-railway", "mention"),
        ("Pakistan Railways Main Line-1 – a CPEC project – cleared its first hurdle.",
         "ml1-railway", "progress"),
    ],
)  # fmt: skip
def test_modality_of_an_item_by_its_place_in_the_sentence(run, text, item_id, modality):
    assert by_id(run(text), item_id)["modality"] == modality


def test_modality_carried_problem_spares_framing_items(run):
    ex = run("Projects under CPEC were completed, but funds are pending.")
    assert by_id(ex, "cpec")["modality"] == "mention"


@pytest.mark.parametrize(
    "text",
    ["X was built, but Y is late; Z — W", "a, but b but c", "one, as well as, but; — –;;", ""],
)
def test_modality_clause_breaks_found_as_the_regex_finds_them(text):
    literals = sorted([";", ", but", " but ", ", as well as", " — ", " – "], key=len, reverse=True)
    pattern = regex.compile("|".join(regex.escape(b) for b in literals))
    assert _literal_starts(text, literals) == [m.start() for m in pattern.finditer(text)]


def test_modality_clause_breaks_found_as_the_regex_finds_them_on_random_text():
    """_literal_starts (grouped by first two characters) against the alternation itself."""
    literals = sorted(
        [";", ", but", " but ", ", while", ", yet", ", as well as", ", as", " — ", " – ", ", "],
        key=len,
        reverse=True,
    )
    pattern = regex.compile("|".join(regex.escape(b) for b in literals))
    rng = random.Random(7)
    pieces = [",", " ", "but", "yet", "while", "as", "well", ";", "—", "–", "x"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
        assert _literal_starts(text, literals) == [m.start() for m in pattern.finditer(text)]


def test_modality_effect_sites_find_what_the_effect_scan_finds():
    """Effects ("X will enable ...") tried at the modals found in the folded text, against
    the pattern's own scan of the text."""
    from corridor.extract.base import finditer_at, fold
    from corridor.extract.modality import ModalityTagger
    from corridor.extract.rules import bundled_rules

    tagger = ModalityTagger(spacy.blank("en"), bundled_rules().cues)
    assert tagger.effect_sites is not None
    rng = random.Random(11)
    pieces = ["Will", "will", "WOULD", "can", "Can", "also", "further", "not only", "greatly",
              "enable", "enables", "help", "helped", "boost", "İ", "x", " ", "  ", "\n", "-",
              "_", "é", "scan"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(14)))
        sites = [m.start() for m in tagger.effect_sites.finditer(fold(text))]
        found = [m.span() for m in finditer_at(tagger.effect, text, sites)]
        assert found == [m.span() for m in tagger.effect.finditer(text)], text


def test_an_organization_named_only_as_where_a_speaker_works_is_no_item(run):
    text = ("Two senior officials of Shanghai Electric said the plant is complete. The plant "
            "is complete, said Shanghai Electric Project Director Syed Ali. A source in Huawei "
            "said the deal was near. Huawei said it will invest $1 billion.")  # fmt: skip
    found = {i["item_id"]: i for i in run(text).to_dict()["items"]}
    assert "shanghai-electric" not in found
    # named once as a speaker's employer, once as one who pledges: a partner
    assert found["huawei"]["modality"] == "pledge"
    assert [e["modality"] for e in found["huawei"]["evidence"]] == ["mention", "pledge"]


def test_a_head_of_an_organization_speaking_makes_it_no_item():
    # real-article QA: "the CPEC Authority chairman said" kept the Authority as an item
    from corridor.extract import extract
    from corridor.model import Document

    text = (
        "After attending the ceremony, the CPEC Authority chairman said the Suki Kinari "
        "project cost US$2 billion. CPEC Authority Chairman Asim Saleem Bajwa Friday said "
        "work was on schedule."
    )
    ids = [i["item_id"] for i in extract(Document(text=text)).to_dict()["items"]]
    assert "cpec-authority" not in ids and "suki-kinari-hydropower" in ids


def test_a_share_of_the_work_complete_is_progress(run):
    # real-article QA: read as delivery
    text = "Bajwa said that about 60 percent of the work on ML-1 was complete."
    assert by_id(run(text), "ml1-railway")["modality"] == "progress"
    assert by_id(run("The work on ML-1 was complete."), "ml1-railway")["modality"] == "delivery"


def test_a_speaker_s_employer_is_no_item_with_its_acronym_or_as_a_source():
    # real-article QA: "according to Board of Investment (BOI) sources" kept the Board
    from corridor.extract import extract
    from corridor.model import Document

    text = "According to Board of Investment (BOI) sources, the Rashakai SEZ was delayed."
    assert [i["item_id"] for i in extract(Document(text=text)).to_dict()["items"]] == [
        "rashakai-sez"
    ]


@pytest.mark.parametrize(
    "text",
    [
        # real-article QA: a refusal read as nothing
        "China has declined to inject fresh investments into CPEC.",
        "Beijing refused to finance CPEC's new coal plants.",
    ],
)
def test_modality_a_refusal_is_a_problem(run, text):
    assert by_id(run(text), "cpec")["modality"] == "problem"


@pytest.mark.parametrize(
    ("headline", "item_id", "modality"),
    [
        ("China to build 300MW solar park at Gwadar Port", "gwadar-port", "pledge"),
        ("Pakistan, China to sign MoU on ML-1 railway next week", "ml1-railway", "pledge"),
        ("Chinese firms to invest in Rashakai SEZ", "rashakai-sez", "pledge"),
        # a wish, a denial, and no headline (a full stop) are not a headline's plan
        ("Pakistan wants China to build the ML-1 railway", "ml1-railway", "mention"),
        ("China unlikely to fund ML-1 railway this year", "ml1-railway", "mention"),
        ("The road to prosperity runs through Gwadar Port", "gwadar-port", "mention"),
        ("Gwadar Port to the world: a history of the harbour", "gwadar-port", "mention"),
    ],
)
def test_modality_headline_future(run, headline, item_id, modality):
    # Headlines say "X to build" for "X will build"; only a line without end punctuation is
    # read so, and the body's sentence after it keeps its own modality.
    ex = run(f"{headline}\nThe Karot HPP is under construction, officials said.\n")
    assert by_id(ex, item_id)["evidence"][0]["modality"] == modality
    assert by_id(ex, "karot-hydropower")["modality"] == "progress"


@pytest.mark.parametrize(
    ("headline", "item_id", "modality"),
    [
        # real-article QA (set W, read after scoring): a headline tells what was done in the
        # present tense, and a plural subject's "sign" has no -s
        ("Pakistan China sign ML-1 railway financing agreement", "ml1-railway", "agreement"),
        ("China, Pakistan ink MoU on Gwadar Port", "gwadar-port", "agreement"),
        ("Pakistan and China seal deal on Rashakai SEZ", "rashakai-sez", "agreement"),
        # a plan, a wish, a phrasal verb, and no headline (a full stop) stay as they were
        ("Pakistan, China to sign MoU on Gwadar Port", "gwadar-port", "pledge"),
        ("Pakistan wants China to sign ML-1 railway deal", "ml1-railway", "mention"),
        ("Karachi Traders sign up for Gwadar Port tour", "gwadar-port", "mention"),
        ("Pakistan and China sign MoUs on Gwadar Port every year.", "gwadar-port", "mention"),
    ],
)
def test_modality_headline_present_signing(run, headline, item_id, modality):
    ex = run(f"{headline}\nThe Karot HPP is under construction, officials said.\n")
    assert by_id(ex, item_id)["evidence"][0]["modality"] == modality
    assert by_id(ex, "karot-hydropower")["modality"] == "progress"


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # real-article QA: the adjective "proposed" describes its noun; it proposes nothing,
        # and its cue must not pass to the items around it
        ("Gwadar Port is a hub on China's proposed trading corridor, CPEC.", "gwadar-port",
         "mention"),
        ("Gwadar Port is a hub on China's proposed trading corridor, CPEC.", "cpec", "mention"),
        ("CPEC, a flagship of the China-proposed Belt and Road, links Gwadar Port with Kashgar.",
         "gwadar-port", "mention"),
        ("The proposed ML-1 upgrade has made no progress.", "ml1-railway", "problem"),
        # the verb still proposes: "has proposed", "China's proposed a" ("has")
        ("Pakistan has proposed two projects, ML-1 and Gwadar Port.", "gwadar-port",
         "recommendation"),
        ("China's proposed a new alignment for ML-1.", "ml1-railway", "recommendation"),
        # "ongoing" and "allocated" say what they say of their noun, if it is the work
        ("The Gwadar Port authorities met to tackle the ongoing water emergency.",
         "gwadar-port", "mention"),
        ("The total allocated amount for Gwadar Port is 50 billion dollars.", "gwadar-port",
         "mention"),
        ("The minister reviewed the ongoing expansion of Gwadar Port.", "gwadar-port",
         "progress"),
        ("Officials discussed the ongoing Gwadar Port expansion.", "gwadar-port", "progress"),
        ("Work on Gwadar Port is ongoing.", "gwadar-port", "progress"),
    ],
)  # fmt: skip
def test_modality_an_attributive_cue_describes_its_noun(run, text, item_id, modality):
    assert by_id(run(text), item_id)["modality"] == modality


@pytest.mark.parametrize(
    ("text", "item_id"),
    [
        # real-article QA: opposition and discord read as nothing
        ("Hundreds of residents have protested against the Karot HPP since March.",
         "karot-hydropower"),
        ("The differences between the two sides centred on the financing of ML-1.",
         "ml1-railway"),
        ("The differences focused on the cost of the ML-1 upgrade.", "ml1-railway"),
        ("The deal on Gwadar Port has invited criticism from local fishermen.", "gwadar-port"),
        ("The provincial government expressed reservations over the Rashakai SEZ.",
         "rashakai-sez"),
        ("A rift has emerged over the terms of the Karot HPP tariff.", "karot-hydropower"),
    ],
)  # fmt: skip
def test_modality_protest_and_discord_are_problems(run, text, item_id):
    assert by_id(run(text), item_id)["modality"] == "problem"


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # real-article QA: a party's stated intent was read as nothing
        ("Huawei wants to collaborate with Pakistan on Gwadar Port's smart city.", "huawei",
         "pledge"),
        ("The two governments are determined to take CPEC to new heights.", "cpec", "pledge"),
        ("The provincial government is committed towards the Rashakai SEZ.", "rashakai-sez",
         "pledge"),
        ("The government has prioritised completion of ML-1 within the stipulated time.",
         "ml1-railway", "pledge"),
        ("The PM directed the ministries to ensure timely completion of ML-1.", "ml1-railway",
         "pledge"),
        # "prioritized" as an adjective is no intent
        ("The board listed the nine prioritized zones, including the Rashakai SEZ.",
         "rashakai-sez", "mention"),
        # a reported decision to do the work is a pledge; a bare "would" a forecast
        ("The minister said Shanghai Electric would carry out all the work at Gwadar Port.",
         "shanghai-electric", "pledge"),
        ("The minister said Karot HPP would cut the cost of power.", "karot-hydropower",
         "expectation"),
        # a request of another party, which nobody has committed to
        ("He said he had asked the Chinese minister to help launch ML-1.", "ml1-railway",
         "recommendation"),
        ("Huawei was asked to build the network at Gwadar Port.", "huawei", "recommendation"),
        ("When asked about ML-1, the minister said nothing.", "ml1-railway", "mention"),
        # a hope or forecast that takes a clause foretells the future in it
        ('He said: "We hope that this new phase of CPEC will now bring more investment."',
         "cpec", "expectation"),
        ("Officials are confident that ML-1 will be completed by 2030.", "ml1-railway",
         "expectation"),
        ("The minister said ML-1 will be completed by 2030.", "ml1-railway", "pledge"),
        # an item's own effect or place, foretold; a party's act, pledged
        ("Gwadar Port will have a unique place in CPEC, the envoy said.", "gwadar-port",
         "expectation"),
        ("Gwadar Port will have a unique place in CPEC, the envoy said.", "cpec",
         "expectation"),
        ("CPEC will speed up the industrialisation of Pakistan.", "cpec", "expectation"),
        ("Gwadar Port will get a new berth costing $120 million.", "gwadar-port", "pledge"),
        ("Huawei will help Pakistan build data centres.", "huawei", "pledge"),
        ("Gwadar Port will have to wait for its new berth.", "gwadar-port", "pledge"),
    ],
)  # fmt: skip
def test_modality_intent_requests_and_forecasts(run, text, item_id, modality):
    assert by_id(run(text), item_id)["modality"] == modality


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # real-article QA: a preparatory step completed is progress, not delivery
        ('"We completed the feasibility of ML-1 in just three months," he said.',
         "ml1-railway", "progress"),
        ("The detailed design of the Karot HPP has been completed.", "karot-hydropower",
         "progress"),
        ("The consultants completed the survey for Gwadar Port's new berth.", "gwadar-port",
         "progress"),
        ("Karot HPP was completed in 2022.", "karot-hydropower", "delivery"),
        # a step named as a noun with a future of its own is planned
        ("He said that groundbreaking of ML-1, a project of strategic importance, would be "
         "performed by the end of this year.", "ml1-railway", "pledge"),
        ("The inauguration of Gwadar Port is expected to take place in March.", "gwadar-port",
         "expectation"),
        ("The PM performed the groundbreaking of ML-1 and will visit Gwadar Port next week.",
         "ml1-railway", "progress"),
        ("The inauguration of Gwadar Port was attended by the PM, who will be in Karachi "
         "next week.", "gwadar-port", "delivery"),
    ],
)  # fmt: skip
def test_modality_preparatory_and_planned_steps(run, text, item_id, modality):
    assert by_id(run(text), item_id)["modality"] == modality


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # real-article QA: who a sentence is attributed to at its end is said nothing of
        ("Digital services are expected to drive a third of GDP by 2030, as expressed by "
         "CEO Huawei Pakistan.", "huawei", "mention"),
        ("Karot HPP was completed in 2022, according to Shanghai Electric.",
         "shanghai-electric", "mention"),
        ("Karot HPP was completed in 2022, according to Shanghai Electric.",
         "karot-hydropower", "delivery"),
        # a purpose clause: the step is said of its subject, not of the purpose's items
        ('He said the Rashakai SEZ and the new council were established "to push CPEC '
         'forward".', "cpec", "mention"),
        ('He said the Rashakai SEZ and the new council were established "to push CPEC '
         'forward".', "rashakai-sez", "delivery"),
        ("A joint council was established to promote investment in Gwadar Port.",
         "gwadar-port", "mention"),
        ("The MoU was signed in order to expedite work on ML-1.", "ml1-railway", "pledge"),
        ("The first turbine was handed over to Karot HPP in May.", "karot-hydropower",
         "delivery"),
        # real-article QA, set X pattern 4: a purpose of serving after the step's object,
        # and a sentence's opening purpose, lend their cues to nothing outside them
        ("He said the construction at the port to\naccommodate the CPEC programme has "
         "created jobs.", "cpec", "mention"),
        ("To make sure the road can be completed on schedule, Huawei workers had two "
         "breaks.", "huawei", "mention"),
        # the work's own verbs carry the step on, and a pledge's infinitive is the pledge
        ("China signed an agreement to build Gwadar Port.", "gwadar-port", "agreement"),
        ("China agreed to build Gwadar Port.", "gwadar-port", "pledge"),
        ("China plans to set up the Rashakai SEZ.", "rashakai-sez", "pledge"),
        ("To date, Huawei has completed the network.", "huawei",
         "delivery"),
    ],
)  # fmt: skip
def test_modality_attributions_and_purposes_take_no_cue(run, text, item_id, modality):
    assert by_id(run(text), item_id)["modality"] == modality


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # real-article QA: in an op-ed, a gerund that describes is no author's proposal
        ("Projects such as ML-1 and Gwadar Port are all geared toward enhancing connectivity.",
         "ml1-railway", "mention"),
        ("The new phase of CPEC marks a shift from infrastructure building to growth.",
         "cpec", "mention"),
        ("The new berth was a key step in boosting Gwadar Port's traffic.", "gwadar-port",
         "mention"),
        # an item before a proposal gerund is not its object
        ("Lines like ML-1 would benefit from expanding freight services.", "ml1-railway",
         "mention"),
        # the author's proposals stand
        ("Pakistan can gain a great deal by expanding Gwadar Port.", "gwadar-port",
         "recommendation"),
        ("Building the Rashakai SEZ's power plant will attract investors.", "rashakai-sez",
         "recommendation"),
    ],
)  # fmt: skip
def test_modality_oped_gerund_that_describes_is_no_proposal(run, text, item_id, modality):
    assert by_id(run(text, kind=SourceKind.OPED), item_id)["modality"] == modality


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # real-article QA, set X, pattern 1: trouble in other words than "behind schedule"
        ("Talks have dragged on, so ML-1 is now more than four years behind its original "
         "schedule.", "ml1-railway", "problem"),
        ("The ML-1 upgrade has been taken out of the scope of the corridor.", "ml1-railway",
         "problem"),
        ("The ML-1 project has been dropped from the priority list.", "ml1-railway", "problem"),
        # ... a problem of the item removed, not of the programme it was removed from
        ("The ML-1 project has been dropped from the CPEC portfolio, officials said.",
         "ml1-railway", "problem"),
        ("The ML-1 project has been dropped from the CPEC portfolio, officials said.", "cpec",
         "mention"),
        ("The financing of ML-1 could not be agreed with China.", "ml1-railway", "problem"),
        # a withdrawal under "decided to" is no pledge
        ("China decided to step back from financing the ML-1 project.", "ml1-railway",
         "problem"),
        ("Beijing has pulled out of the ML-1 project.", "ml1-railway", "problem"),
        ("The operator of Karot HPP may suspend operations if its dues are not paid.",
         "karot-hydropower", "problem"),
        # ... while an agreement still to come is a pledge
        ("The financing of ML-1 will be agreed next month.", "ml1-railway", "pledge"),
    ],
)  # fmt: skip
def test_modality_slippage_removal_and_withdrawal_are_problems(run, text, item_id, modality):
    assert by_id(run(text), item_id)["modality"] == modality


@pytest.mark.parametrize(
    "text",
    [
        # real-article QA, set X, pattern 5: a ceremony still to come, whatever its light verb
        "Prime Minister Khan will lay the foundation stone of ML-1 on Friday.",
        "The premier will do the groundbreaking of ML-1 next week.",
        "The PM will carry out the groundbreaking of ML-1 on Monday.",
    ],
)
def test_modality_a_future_ceremony_is_a_pledge(run, text):
    assert by_id(run(text), "ml1-railway")["modality"] == "pledge"


def test_modality_a_ceremony_held_is_still_progress(run):
    assert by_id(run("The PM laid the foundation stone of ML-1."), "ml1-railway")["modality"] == (
        "progress"
    )


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # real-article QA, set X, pattern 11: a founding in the making is progress
        ("The Rashakai SEZ is being established under CPEC.", "rashakai-sez", "progress"),
        ("The Rashakai SEZ and two other zones are being established.", "rashakai-sez",
         "progress"),
        ("The Rashakai SEZ was established in 2019.", "rashakai-sez", "delivery"),
        # a possibility is no fact ("can be completed" in a purpose clause)
        ("To make sure ML-1 can be completed on schedule, the workers took two breaks.",
         "ml1-railway", "expectation"),
        ("ML-1 could be operational by 2030.", "ml1-railway", "expectation"),
        ("ML-1 cannot be completed before 2030.", "ml1-railway", "problem"),
        # "suggested" as a verb of saying proposes nothing; as a proposal it does
        ("A guard at Gwadar Port suggested the new jetty has also created jobs.", "gwadar-port",
         "mention"),
        ("Data suggests that Gwadar Port has grown fast.", "gwadar-port", "mention"),
        ("A guard at Gwadar Port suggested the new jetty at the\nport has also created jobs.",
         "gwadar-port", "mention"),
        ("He suggested that Gwadar Port should be expanded.", "gwadar-port", "recommendation"),
        ("The minister suggested expanding Gwadar Port.", "gwadar-port", "recommendation"),
        ("He suggested that China build a berth at Gwadar Port.", "gwadar-port",
         "recommendation"),
        # "an opportunity to" proposes nothing
        ("These meetings provided an opportunity to consolidate the successes of CPEC.", "cpec",
         "mention"),
    ],
)  # fmt: skip
def test_modality_cue_class_slips(run, text, item_id, modality):
    assert by_id(run(text), item_id)["modality"] == modality


def test_modality_an_opportunity_proposes_only_in_an_oped(run):
    text = "The visit presents an opportunity to negotiate new agreements on Gwadar Port."
    assert by_id(run(text), "gwadar-port")["modality"] == "mention"
    assert by_id(run(text, kind=SourceKind.OPED), "gwadar-port")["modality"] == "recommendation"


@pytest.mark.parametrize(
    ("text", "item_id", "modality"),
    [
        # real-article QA, set X, pattern 12: everyday wording of work under way
        ("China is also assisting Pakistan in the construction of Gwadar Port.", "gwadar-port",
         "progress"),
        ("Chinese engineers are helping in the development of ML-1.", "ml1-railway",
         "progress"),
        ("China will keep helping Pakistan with the development of Gwadar Port.", "gwadar-port",
         "pledge"),
        ("Construction at Gwadar Port includes a new berth.", "gwadar-port", "progress"),
        ("Work on ML-1 is advancing speedily towards completion.", "ml1-railway", "progress"),
        ("Work is being carried out speedily on ML-1.", "ml1-railway", "progress"),
    ],
)  # fmt: skip
def test_modality_everyday_wording_of_work_under_way(run, text, item_id, modality):
    assert by_id(run(text), item_id)["modality"] == modality
