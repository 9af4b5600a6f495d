"""corridor.gazetteer.v1 (spaCy factory corridor_gazetteer_v1): registry items by any alias.

Every registry name and alias becomes PhraseMatcher patterns on lowercased tokens, in its
spelling variants (dash kinds, hyphen or space, "Phase 2" / "Phase II", "&" / "and",
"fibre" / "fiber", "Pak-China" / "Pakistan-China"). Tokens
that are acronyms ("CPEC", "M-5", "PakSat-MM1") must then match with their exact case, so
"git" or "tel" in running text never link. Short or ambiguous aliases ("SEC", "TEL", "GIT")
link only when the document also names the item another way or a head noun follows them
("M-5 motorway"). A bare name derived from a registry name ("Rashakai" from "Rashakai SEZ")
links only in a sentence that speaks of that kind of thing ("Major SEZs, including Rashakai").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex
from rapidfuzz.distance import OSA
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from corridor.extract.base import (
    HYPHENS,
    Stage,
    doc_text,
    register_extensions,
    sentences,
    token_bounds,
    words_pattern,
)
from corridor.extract.numbers import ORDINALS
from corridor.extract.records import Mention
from corridor.extract.rules import GazetteerRules
from corridor.extract.segment import join_across
from corridor.model import Item, Kind

ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}
# A numeral hyphened to a word ("Mainline-1", "ML-I", "Block-II"): news writes it in either
# figure. Only 1-3, where the Roman form is common; "M-5" is never "M-V".
HYPHEN_NUMERAL = regex.compile(r"^(.*[A-Za-z]-)(III|II|I|[123])$")
# Two places joined by a hyphen, a road or line between them: news names them either way.
PLACE_PAIR = regex.compile(r"^([A-Z][a-z]{2,})-([A-Z][a-z]{2,})((?:\s.*)?)$")
# A road's code after its kind, which news also writes before it: "Zhob-Quetta Road N-50" is
# "Zhob-Quetta N-50 Road" (analyst QA, set X defect 3: "Quetta-Zhob N-50 Road" had become a
# candidate). National highways, motorways and expressways: N-50, M-8, E-35.
ROAD_CODE_AFTER = regex.compile(r"^(.+) (Road|Highway|Motorway) ([NME]-?\d{1,3})$")
# Verbs that name a road or line by the two places it joins (real-article QA).
PAIR_VERBS = ("linking", "connecting")
# "<what> of <name>": a few lowercase words of a capitalised name ("western route of CPEC"),
# which news also writes as the name's possessive ("CPEC's western route").
OF_NAME = regex.compile(r"^((?:[a-z0-9][\w-]*\s){0,3}[a-z0-9][\w-]*) of (?:the )?([A-Z][\w-]*)$")
# A phase named after its owner ("CPEC Phase II"), which news also writes the other way
# round ("Phase-II of CPEC", "Phase 2 of the CPEC").
OWNER_PHASE = regex.compile(r"^([A-Z][\w-]*) (Phase[- ](?:[IV]+|\d))$")
# A word that, right after an item's name, makes it the name of another thing: "Gwadar port
# city", "Azad Pattan Bridge" (the bridge the hydropower project is named after), "Belt and
# Road Forum" (a summit, not the initiative).
NAMES_ANOTHER = frozenset({"city", "bridge", "forum"})
# A capitalised office word right after an item's name makes it an office's name, a body or
# a portfolio, not the item: "CPEC Affairs" (a title's portfolio), "CPEC Cell"; an office
# that is itself in the registry ("CPEC Authority") is its longer name (real-article QA).
OFFICE_AFTER = frozenset({"Affairs", "Authority", "Cell", "Secretariat", "Division", "Wing"})
# A province before an organization's name makes it the province's own body of that name:
# "Punjab Board of Investment and Trade" is not the federal Board of Investment
# (real-article QA).
PROVINCES = frozenset({"punjab", "sindh", "balochistan", "baluchistan", "pakhtunkhwa", "kp",
                       "kpk", "gilgit-baltistan", "ajk"})  # fmt: skip
# A short capitalised alias between two capitalised words, in a sentence written in lower
# case, is part of a person's name: "Zong" in "Commission Qu Zong Kuan" (real-article QA).
PERSONAL_PART = 5  # letters at most
# Owners whose possessive news puts before an item's name ("China's Exim Bank", "CPEC's
# Long Term Plan"): the countries and the corridor; the gazetteer's places are added.
OWNERS = frozenset({"china", "pakistan", "cpec"})  # lowercase
# A word run together from two capitalised words ("PowerChina", "ThalNova"), which news
# also writes apart; not an acronym's lowercase letters ("PakSat-MM1" stays as it is).
CAMEL = regex.compile(r"\b([A-Z][a-z]{3,})([A-Z][a-z]{3,})\b")
# A capacity inside a name: " 2x660 MW", " 49.5 MW", " 900MW".
CAPACITY_IN_NAME = regex.compile(r"(?<=\s)\d[\d,.]*(?:\s?[x×]\s?\d[\d,.]*)?\s?(?:MW|GW)\b")
# "Coal-fired", "coal fired": the fuel said with "fired".
FIRED = regex.compile(r"(?i)(?<=\bcoal)[- ]fired\b ?")
# A name ending in "Power Plant" or "Power Project".
POWER_WORK = regex.compile(r"(?i)\b(power)\s+(plant|project)$")
# A hydropower project's kind, which the Pakistani press writes every way.
HYDRO = regex.compile(
    r"\b(?:Hydropower|Hydro Power|Hydel Power|Hydel|Hydroelectric Power|Hydroelectric)"
    r"(?= Project\b)"
)
HYDRO_WORDS = ("Hydropower", "Hydro Power", "Hydro-Power", "Hydel Power", "Hydel", "Hydro",
               "Hydroelectric", "Hydroelectric Power")  # fmt: skip
# Two words news also writes hyphened ("Gwadar deep-sea port", "Kohala Hydro-Power"): letters
# only, neither a joining word ("Bank of China" is never "Bank-of China").
HYPHENABLE = regex.compile(r"(?<![\w-])([A-Za-z]+) (?=([A-Za-z]+)(?![\w-]))")
JOINING_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"})
# A motorway's code ("M-8"), which news also spells out ("Motorway 8").
MOTORWAY = regex.compile(r"^M-?(\d{1,2})$")
PHASE_WORDS = ("one", "two", "three")
PHASE_ORDINALS = (("first", "1st"), ("second", "2nd"), ("third", "3rd"))
# A plant's capacity in million gallons a day, which news writes out as often as not.
MGD = regex.compile(r"(?<=\d )MGD\b")
MGD_SPELLED = ("million gallons per day", "million gallons a day", "million gallons per day (MGD)")
ARABIC_ROMAN = {"1": "I", "2": "II", "3": "III", "I": "1", "II": "2", "III": "3"}
# British and American spellings (and a few transliterations), both ways: registry names
# follow the source they came from, and the news writes either ("optical fibre cable",
# "fiber optic cable").
SPELLINGS = {
    "fibre": "fiber", "centre": "center", "programme": "program", "metre": "meter",
    "kilometre": "kilometer", "organisation": "organization", "harbour": "harbor",
    "labour": "labor", "modernisation": "modernization", "industrialisation": "industrialization",
    "Pak-China": "Pakistan-China", "Pak China": "Pakistan China",
    # Transliterations the Pakistani press writes as often as the registry's.
    "Gwadar": "Gawadar", "Karakoram": "Karakorum", "Sukkur": "Sukkar", "Besham": "Bisham",
    "Keti": "Ketty",
    # Towns the press names in full as often as by initials.
    "D.I. Khan": "Dera Ismail Khan", "DI Khan": "Dera Ismail Khan", "D.G. Khan": "Dera Ghazi Khan",
}  # fmt: skip
SPELLING_WORDS = regex.compile(
    r"\b(?:" + "|".join(regex.escape(w) for w in [*SPELLINGS, *SPELLINGS.values()]) + r")\b",
    regex.IGNORECASE,
)
_BOTH_WAYS = {**{k.lower(): v for k, v in SPELLINGS.items()},
              **{v.lower(): k for k, v in SPELLINGS.items()}}  # fmt: skip
WORD = regex.compile(r"[\w]+")
# Words of an item's names that tell nothing of it: a sentence holding one is no context.
PLAIN_WORDS = frozenset({"the", "of", "and", "for", "in", "at", "on", "project", "projects",
                         "plant", "china", "chinese", "pakistan", "pak", "cpec", "phase"})  # fmt: skip
# An organization in a person's title or named as who put out a report, not as a party:
# "Minister for Board of Investment", "Minister of State for ...", "a report released by the
# Planning Ministry"; and an office holder listed by title alone ("attended by ..., BoI
# chairman, secretaries ..."; not "the BoI chairman signed", who acts for it).
TITLE_REACH = 60
PORTFOLIO_BEFORE = regex.compile(r"(?i)\bminister(?:\s+of\s+state)?\s+(?:for|of)\s+(?:the\s+)?\Z")
PUBLISHER_BEFORE = regex.compile(
    r"(?i)\b(?:report|study|survey|data|figures|statistics)\s+(?:released|issued|published"
    r"|compiled|prepared)\s+by\s+(?:the\s+)?\Z"
)
TITLE_AFTER = regex.compile(
    r"(?:\s*\([^()\n]{1,12}\))?\s+(?i:chairman|chairperson|chairwoman|secretary|spokesperson"
    r"|spokesman|director\s+general|chief\s+executive)(?:\s*[,;.]|\s+and\b)"
)
# The heads a zone is named with, which the press swaps ("Allama Iqbal Industrial Zone" for
# the registry's "Allama Iqbal Industrial City") and puts after a misspelt name ("Dhabajee
# SEZ", "Dhaebji SEZ"): a zone's own name before any of them is that zone, and so is a name
# a letter or two off a long one (real-article QA). Longest first.
ZONE_HEADS = ("Special Economic Zone", "Economic Zone", "Industrial Zone", "Industrial City",
              "Industrial Park", "Industrial Estate", "SEZ")  # fmt: skip
ZONE_HEAD_KEY = "zone-head"
ZONE_NAME_LETTERS = 5  # a zone's name this short is matched exactly only


def zone_distance(name: str) -> int:
    """Edits a misspelt zone name may be off the registry's: one under eight letters, two
    from eight (adjacent letters swapped count one: "Dhaebji" for "Dhabeji")."""
    return 1 if len(name.replace(" ", "")) < 8 else 2


SHARED = 3  # items whose names share a word that tells none of them apart
CONFIDENCE = {"alias": 0.95, "acronym": 0.85, "derived": 0.75}


@dataclass(frozen=True, slots=True)
class Pattern:
    item: Item
    exact: tuple[tuple[int, str], ...]  # token positions that must match case exactly
    source: str  # "alias", "acronym" or "derived"
    needs_confirm: bool
    needs_context: bool
    # words one of which the sentence must hold, for a bare form with a context of its own
    # ("Orange Line": "Lahore", "metro", "train"); None: the kinds' context words
    context: regex.Pattern[str] | None = None


def is_acronym(token: str) -> bool:
    """'CPEC', 'M-5', 'K-2', 'PakSat-MM1', 'SEZs': two capitals, or a capital with a digit."""
    letters = [c for c in token if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 or (upper >= 1 and any(c.isdigit() for c in token))


def variants(label: str, owners: frozenset[str] = frozenset()) -> set[str]:
    """Spelling variants news uses for one alias; `owners`: first words (lowercase) whose
    possessive news also writes ("China's Exim Bank")."""
    base = label.replace("\u2013", "-").replace("\u2014", "-").strip()
    out = {base}
    # "Port Qasim 2x660 MW Coal-fired Power Plant": news names it without its capacity
    # ("the Port Qasim coal-fired power plant"); what is left must still be a name.
    bare = " ".join(CAPACITY_IN_NAME.sub("", base).split())
    if bare != base and len(bare.split()) >= 3:
        out.add(bare)
    if "(" in base:
        out.add(regex.sub(r"\s*\([^)]*\)", "", base).strip())
    if "," in base:
        out.add(base.split(",")[0].strip())
    for form in list(out):  # (before the loop below, which turns each of them about)
        coded = ROAD_CODE_AFTER.match(form)
        if coded:
            out.add(f"{coded.group(1)} {coded.group(3)} {coded.group(2)}")
    for form in list(out):
        if "-" in form:
            out.add(form.replace("-", " "))
            out.add(regex.sub(r"(?<=[A-Za-z])-(?=\d)", "", form))
        if "&" in form:
            out.add(form.replace("&", "and"))
        if " and " in form:
            out.add(form.replace(" and ", " & "))
        pair = PLACE_PAIR.match(form)
        if pair:  # "Multan-Sukkur Motorway" is also "Sukkur-Multan Motorway"
            out.add(f"{pair.group(2)}-{pair.group(1)}{pair.group(3)}")
            if not pair.group(3):  # a road's section: "a highway linking Havelian and Thakot"
                out |= {f"{verb} {pair.group(1)} and {pair.group(2)}" for verb in PAIR_VERBS}
        numeral = HYPHEN_NUMERAL.match(form)
        if numeral:
            out.add(numeral.group(1) + ARABIC_ROMAN[numeral.group(2)])
        words = form.split()
        if len(words) > 1 and words[-1] in ROMAN:
            out.add(" ".join([*words[:-1], ROMAN[words[-1]]]))
        if len(words) > 1 and words[-1].isdigit() and words[-1] in ROMAN.values():
            roman = next(k for k, v in ROMAN.items() if v == words[-1])
            out.add(" ".join([*words[:-1], roman]))
        if CAMEL.search(form):  # "PowerChina" is also "Power China"
            out.add(CAMEL.sub(r"\1 \2", form))
        owner = OF_NAME.match(form)
        if owner:  # "second phase of CPEC" is also "CPEC's second phase"
            out |= {f"{owner.group(2)}{mark} {owner.group(1)}" for mark in ("'s", "’s")}
        road = MOTORWAY.match(form)
        if road:  # "M-8" is also "Motorway 8", "Motorway-8"
            out |= {f"Motorway {road.group(1)}", f"Motorway-{road.group(1)}"}
        match = regex.match(r"^(.*\bPhase)[- ]?(II|I|III|\d)$", form)
        if match:
            number = ROMAN.get(match.group(2), match.group(2))
            roman = next((k for k, v in ROMAN.items() if v == number), number)
            tails = [number, roman]
            owner = match.group(1)[: -len("Phase")].rstrip()
            if number.isdigit() and 1 <= int(number) <= len(PHASE_WORDS):
                tails.append(PHASE_WORDS[int(number) - 1])  # "KKH phase two"
                if owner:  # "KKH second phase", "KKH 2nd phase" (real-article QA)
                    out |= {f"{owner} {nth} phase" for nth in PHASE_ORDINALS[int(number) - 1]}
            # "the KKH project phase two": the project's phase
            heads = [match.group(1)]
            if owner and not owner.lower().endswith("project"):
                heads.append(f"{owner} project Phase")
            for head in heads:
                for tail in tails:
                    out.add(f"{head} {tail}")
                    out.add(f"{head}-{tail}")
    for form in list(out):
        phase = OWNER_PHASE.match(form)
        if phase:
            out |= {
                f"{phase.group(2)} of {phase.group(1)}",
                f"{phase.group(2)} of the {phase.group(1)}",
            }
    if owners:
        for form in list(out):
            first, _, rest = form.partition(" ")
            if rest and first[:1].isupper() and first.lower() in owners:
                # "China Exim Bank" is also "China's Exim Bank"
                out |= {f"{first}{mark} {rest}" for mark in ("'s", "’s")}
    # a coal-fired power plant is a coal power plant; a power plant, a power project
    out |= {FIRED.sub(" ", form) for form in out if FIRED.search(form)}
    for form in list(out):
        plant = POWER_WORK.search(form)
        if plant and len(form.split()) >= 3:
            other = "Project" if plant.group(2).lower() == "plant" else "Plant"
            out.add(form[: plant.start(2)] + other)
    for form in list(out):
        for m in SPELLING_WORDS.finditer(form):  # each word alone, then all of them
            out.add(form[: m.start()] + _BOTH_WAYS[m.group().lower()] + form[m.end() :])
        if SPELLING_WORDS.search(form):
            out.add(SPELLING_WORDS.sub(lambda m: _BOTH_WAYS[m.group().lower()], form))
    for form in list(out):
        hydro = HYDRO.search(form)
        if hydro:  # "Azad Pattan Hydropower Project" is also its "Hydro Project", "Hydel Project"
            out |= {form[: hydro.start()] + word + form[hydro.end() :] for word in HYDRO_WORDS}
            if hydro.start() > 0:  # and, in a list of projects, its "Kohala Hydro Power"
                out |= {form[: hydro.start()] + word for word in HYDRO_WORDS}
    for form in list(out):
        if MGD.search(form):  # "1.2 MGD" is also "1.2 Million Gallons per Day (MGD)"
            out |= {MGD.sub(spelled, form) for spelled in MGD_SPELLED}
    # One pair hyphened at a time ("Gwadar Deep-Sea Port"), of the name as written only: of
    # every variant, the patterns were three times as many, and the matcher twice as slow.
    for m in HYPHENABLE.finditer(base):
        if m.group(1).lower() not in JOINING_WORDS and m.group(2).lower() not in JOINING_WORDS:
            out.add(base[: m.end(1)] + "-" + base[m.end(1) + 1 :])
    return {v for v in out if v}


# An event named by its number and its body ("14th JCC", "fifth foreign ministers strategic
# dialogue"); the body has no bracket or comma in it.
SITTING_LABEL = regex.compile(
    rf"^(?i:(?P<digits>\d{{1,2}})(?:st|nd|rd|th)|(?P<word>{'|'.join(ORDINALS)}))\s+(?P<body>[^(),]+)$"
)


def _bodies(items: Sequence[Item]) -> dict[str, list[str]]:
    """Each acronym a registry body is known by ("JCC"), with that body's longer names
    ("Joint Cooperation Committee"): a sitting is written with either."""
    out: dict[str, list[str]] = {}
    for item in items:
        if item.kind == Kind.EVENT:
            continue
        labels = [item.name, *item.aliases]
        long = [label for label in labels if len(label.split()) >= 2 and "(" not in label]
        for label in labels:
            if label.isupper() and 2 <= len(label) <= 6:
                out.setdefault(label, []).extend(long)
    return out


def sitting_forms(labels: Iterable[str], bodies: dict[str, list[str]]) -> set[str]:
    """How news writes a numbered sitting the registry names "14th JCC": "14th meeting of the
    Joint Cooperation Committee", "fourteenth JCC", "14th JCC meeting"."""
    out: set[str] = set()
    for label in labels:
        match = SITTING_LABEL.match(label.strip())
        if match is None:
            continue
        if match.group("digits"):
            number = int(match.group("digits"))
        else:
            number = ORDINALS.index(match.group("word").lower()) + 1
        if not 1 <= number <= len(ORDINALS):
            continue
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number, "th")  # (up to twentieth)
        numbers = (f"{number}{suffix}", ORDINALS[number - 1])
        body = match.group("body").strip()
        names = [body, *bodies.get(body, [])]
        qualifier, _, core = body.rpartition(" ")
        if qualifier and core in bodies and qualifier[:1].isupper():
            # "12th Special JCC": a qualified sitting, which news also writes with the body's
            # long name and the qualifier in brackets, "12th (Special) Joint Cooperation
            # Committee" (real-article QA)
            for name in [core, *bodies[core]]:
                names += [f"{qualifier} {name}", f"({qualifier}) {name}"]
        for name in names:
            for ordinal in numbers:
                out |= {f"{ordinal} {name}", f"{ordinal} meeting of the {name}",
                        f"{ordinal} round of the {name}", f"{ordinal} session of the {name}",
                        f"{ordinal} {name} meeting"}  # fmt: skip
    return out


BRACKETED = regex.compile(r"^(.+?)\s*\(([^()]+)\)$")


def _fold(label: str) -> str:
    return " ".join(label.casefold().translate(HYPHENS).replace("-", " ").split())


def _bracketed(items: Sequence[Item]) -> dict[str, str]:
    """Each long name the registry also writes with its acronym in brackets, folded, with
    that form: "china pakistan economic corridor" -> "China-Pakistan Economic Corridor
    (CPEC)"."""
    out: dict[str, str] = {}
    for item in items:
        for label in [item.name, *item.aliases]:
            match = BRACKETED.match(label.strip())
            acronym = match.group(2) if match else ""
            if match and acronym.isupper() and " " not in acronym and " " in match.group(1):
                out.setdefault(_fold(match.group(1)), label.strip())
    return out


def _with_acronym(labels: Iterable[str], bracketed: dict[str, str]) -> set[str]:
    """A name built on another's long name, written as the news writes it, with the other's
    acronym in brackets: "China-Pakistan Economic Corridor (CPEC) Authority" for the CPEC
    Authority (real-article QA: else the bracketed CPEC took the Authority's mentions)."""
    out = set()
    for label in labels:
        words = label.split()
        for n in range(2, len(words)):
            head = bracketed.get(_fold(" ".join(words[:n])))
            if head is not None and not words[n].startswith("("):
                out.add(f"{head} {' '.join(words[n:])}")
    return out


def _spelled_out(labels: Iterable[str], bodies: dict[str, list[str]]) -> set[str]:
    """The "<what> of <acronym>" names with the acronym spelled out, as news writes them:
    "western route of the China-Pakistan Economic Corridor" for "western route of CPEC"
    (real-article QA)."""
    out = set()
    for label in labels:
        match = OF_NAME.match(label)
        if match is None:
            continue
        for name in bodies.get(match.group(2), []):
            out |= {f"{match.group(1)} of the {name}", f"{match.group(1)} of {name}"}
    return out


LEGAL_SUFFIX = regex.compile(
    r"(?:,?\s+(?:\(Pvt\.?\)|Pvt\.?|Private))?(?:,?\s+(?:Limited|Ltd\.?))$", regex.IGNORECASE
)
COMPANY_WORD = regex.compile(r"\b(Company|Corporation)$")
SHORT_FORMS = {"Company": ("Co", "Co."), "Corporation": ("Corp", "Corp.")}


def company_variants(name: str) -> set[str]:
    """How news writes a company's name: with or without its legal suffix, its last word
    short ("Hub Power Co Ltd" for "Hub Power Company")."""
    base = LEGAL_SUFFIX.sub("", name).strip()
    if len(base.split()) < 2:
        return {base} if base else set()
    stems = {base}
    word = COMPANY_WORD.search(base)
    if word:
        stems |= {base[: word.start()] + short for short in SHORT_FORMS[word.group(1)]}
    return {f"{stem}{tail}" for stem in stems for tail in ("", " Ltd", " Ltd.", " Limited")}


def _is_word(token: Token) -> bool:
    """A capitalised word of letters ("Qu", "Kuan"), not an acronym ("CEO")."""
    return token.is_alpha and token.is_title


LOWER_WORD = regex.compile(r"\b[a-z]{4,}\b")


def _inside_other_name(doc: Doc, start: int, end: int, item: Item,
                       sentence: tuple[str, int, int]) -> bool:  # fmt: skip
    """Whether a registry name is only part of another proper name: a short alias amid a
    person's name ("Qu Zong Kuan"), or an organization after a province ("Punjab Board of
    Investment and Trade", the provincial body). A headline capitalises every word ("PTA
    Fines Zong Over Outage") and tells no name apart by its case: a person's name is read
    only in a sentence written in lower case."""
    if (
        end - start == 1
        and start > 0
        and end < len(doc)
        and _is_word(doc[start])
        and len(doc[start]) <= PERSONAL_PART
        and _is_word(doc[start - 1])
        and _is_word(doc[end])
        and len(LOWER_WORD.findall(*sentence)) >= 2  # (text, start, end)
    ):
        return True
    return item.kind == Kind.ORGANIZATION and start > 0 and doc[start - 1].lower_ in PROVINCES


class Gazetteer(Stage):
    def __init__(self, nlp: Language, items: Sequence[Item], rules: GazetteerRules) -> None:
        register_extensions()
        self.rules = rules
        # (one-word places only: an alias's first word is compared)
        self.owners = OWNERS | {p for p in rules.places if " " not in p}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patterns: dict[int, list[Pattern]] = {}
        self.context = words_pattern(rules.context) if rules.context else None
        self.kind_words = frozenset(
            w.casefold() for phrase in [*rules.tails, *rules.derived_heads, *rules.confirm_heads]
            for w in WORD.findall(phrase)
        )  # fmt: skip
        taken = {label.casefold() for item in items for label in [item.name, *item.aliases]}
        self.taken = taken
        self.labels_of = {
            item.id: frozenset(lb.casefold() for lb in [item.name, *item.aliases]) for item in items
        }
        # Words in the names of several items ("power", "international", "zone"): they tell
        # no item from another.
        seen: dict[str, int] = {}
        for item in items:
            for w in {w.casefold() for lb in [item.name, *item.aliases] for w in WORD.findall(lb)}:
                seen[w] = seen.get(w, 0) + 1
        self.shared = frozenset(w for w, n in seen.items() if n >= SHARED) | PLAIN_WORDS
        self.zones = self._zone_names(items)
        head_docs = [nlp.make_doc(head) for head in ZONE_HEADS]
        self.matcher.add(ZONE_HEAD_KEY, head_docs)
        self.zone_head_id = nlp.vocab.strings[ZONE_HEAD_KEY]
        bodies = _bodies(items)
        bracketed = _bracketed(items)
        for item in items:
            labels = [item.name, *item.aliases]
            for label in labels:
                self._add(nlp, item, label, "alias")
            for form in sorted(_with_acronym(labels, bracketed) | _spelled_out(labels, bodies)):
                self._add(nlp, item, form, "alias")
            if item.kind == Kind.EVENT:
                for form in sorted(sitting_forms(labels, bodies) - set(labels)):
                    self._add(nlp, item, form, "alias")
            for base in self._derived(labels, taken):
                self._add(nlp, item, base, "derived", needs_context=True)
                for head in rules.derived_heads:
                    self._add(nlp, item, f"{base} {head}", "derived")
            others = "\n".join(t for t in taken if t not in {lb.casefold() for lb in labels})
            for base, words in self._unplaced(item, labels, others):
                if base.casefold() in taken:
                    continue
                self._add(nlp, item, base, "derived", needs_context=True,
                          context=words_pattern(words))  # fmt: skip

    def _zone_names(self, items: Sequence[Item]) -> dict[str, Item]:
        """Each zone's name before its head, folded ("dhabeji", "allama iqbal"): one or two
        capitalised words; a name two zones share is neither's. A town heads many estates
        ("Mirpur Industrial Estate" is not the Mirpur SEZ): a place's name only where the
        zone is named for it and lies elsewhere ("Allama Iqbal", in Faisalabad)."""
        out: dict[str, Item | None] = {}
        for item in items:
            if item.kind != Kind.SEZ:
                continue
            city = (item.city or "").casefold()
            for label in [item.name, *item.aliases]:
                for head in ZONE_HEADS:
                    if not label.casefold().endswith(" " + head.casefold()):
                        continue
                    name = label[: -len(head)].strip()
                    words = name.split()
                    key = name.casefold()
                    if key in self.rules.places and (
                        not item.name.casefold().startswith(key) or city.startswith(key)
                    ):
                        break
                    if 1 <= len(words) <= 2 and all(w.isalpha() and w.istitle() for w in words):
                        out[key] = item if out.get(key, item) is item else None
                    break
        return {k: v for k, v in out.items() if v is not None}

    def _zone_match(self, doc: Doc, start: int, used: bytearray) -> tuple[int, Item] | None:
        """The zone named by the one or two capitalised words before a zone head at `start`,
        exactly or within a misspelling ("Dhabajee SEZ"); with where its name starts."""
        for first in (start - 1, start - 2):
            if first < 0 or any(used[first:start]):
                return None
            words = doc[first:start]
            if not all(t.is_alpha and t.is_title for t in words):
                return None
            name = words.text.casefold()
            if name in self.zones:
                return first, self.zones[name]
            if len(name.replace(" ", "")) < ZONE_NAME_LETTERS or name in self.rules.places:
                continue
            limit = zone_distance(name)
            near = [(OSA.distance(name, key, score_cutoff=limit), item)
                    for key, item in self.zones.items() if key[0] == name[0]]  # fmt: skip
            near = [(d, item) for d, item in near if d <= limit]
            best = min((d for d, _ in near), default=None)
            hits = {item.id: item for d, item in near if d == best}
            if len(hits) == 1:
                return first, next(iter(hits.values()))
        return None

    def _zones_by_head(self, doc: Doc, heads: list[tuple[int, int]],
                       used: bytearray) -> list[tuple[int, int, Pattern]]:  # fmt: skip
        """Zones no registry name matched, named by a zone head after their name ("Economic
        Zone" inside "Special Economic Zone" is no head of its own)."""
        out = []
        for start, end in heads:
            if any(used[start:end]) or any(s <= start and end <= e and (s, e) != (start, end)
                                           for s, e in heads):  # fmt: skip
                continue
            found = self._zone_match(doc, start, used)
            if found is None:
                continue
            first, item = found
            used[first:end] = b"\x01" * (end - first)
            out.append((first, end, Pattern(item, (), "derived", False, False)))
        return out

    def _derived(self, labels: Iterable[str], taken: set[str]) -> set[str]:
        out = set()
        for label in labels:
            for tail in self.rules.tails:
                if label.lower().endswith(" " + tail.lower()):
                    base = label[: -len(tail)].strip(" -,")
                    if (
                        len(base) >= 4
                        and base.casefold() not in taken
                        and base.lower() not in self.rules.places
                        and base[0].isupper()
                    ):
                        out.add(base)
        return out

    def _unplaced(self, item: Item, labels: Sequence[str],
                  others: str) -> list[tuple[str, set[str]]]:  # fmt: skip
        """A project's name that opens with its city, without it ("Orange Line" of "Lahore
        Orange Line"): news drops the city where the sentence says it another way ("the
        Orange Line started commercial operation in Lahore", "the metro train service, the
        Orange Line"). Each links only in a sentence holding the city or a word of the item's
        own other names ("metro", "train"), which tell it from another city's line of that
        name. Only a name whose first word is the item's own ("Orange", "Circular"): "Hydropower
        Project" or "International Airport" name nothing without their place, nor does a name
        that another item's holds ("Hualong One")."""
        city = (item.city or "").split("(")[0].strip()
        if item.kind != Kind.PROJECT or not city[:1].isupper() or " " in city:
            return []
        words = {w.casefold() for label in labels for w in WORD.findall(label)}
        words = {w for w in words if w not in self.shared and w.isalpha() and len(w) > 2}
        out = []
        for label in labels:
            if not label.startswith(city + " ") or "(" in label or "," in label:
                continue
            base = label[len(city) :].strip(" -")
            base_words = base.split()
            first = base_words[0].casefold() if base_words else ""
            if (
                len(base_words) >= 2
                and base[0].isupper()
                and not any(is_acronym(w) for w in base_words)
                and first.isalpha()
                and first not in self.shared
                and first not in self.kind_words
                and base.casefold() not in others
                and base.lower() not in self.rules.places
            ):
                out.append((base, (words - {w.casefold() for w in base_words}) | {city}))
        return out

    @staticmethod
    def _not_party(text: str, start: int, end: int) -> bool:
        """Whether an organization is named only in a person's title or as who published a
        report: "Federal Minister for Board of Investment Abdul Aleem Khan", "a report released by
        the Ministry of Planning"; or only as an office listed by its title ("the session was
        attended by ..., Board of Investment (BoI) chairman, secretaries ..."). (Attempts at one place on short windows: no timeout.)"""
        before = text[max(0, start - TITLE_REACH) : start]
        if ("inister" in before and PORTFOLIO_BEFORE.search(before)) or (
            " by" in before and PUBLISHER_BEFORE.search(before)
        ):
            return True
        # ("Board of Investment (BoI) chairman, ...": its acronym in brackets before the title)
        return TITLE_AFTER.match(text, end, end + TITLE_REACH) is not None

    def _add(self, nlp: Language, item: Item, label: str, source: str, *,
             needs_context: bool = False,
             context: regex.Pattern[str] | None = None) -> None:  # fmt: skip
        forms = variants(label, self.owners)
        if item.kind == Kind.ORGANIZATION:
            forms |= {c for f in forms for c in company_variants(f)}
        own = self.labels_of.get(item.id, frozenset())
        for form in list(forms):
            folded = form.casefold()
            if form != label and folded in self.taken and folded not in own:
                # a variant that is another item's name is that item's, and so are its own
                # variants: "KKH Phase II" of "KKH Phase II (Thakot-Raikot)" (and "KKH
                # phase two") is the Havelian-Thakot section's
                forms -= variants(form, self.owners)
        forms.add(label)
        for form in forms:
            doc = nlp.make_doc(form)
            if not len(doc):
                continue
            exact = tuple((i, t.text) for i, t in enumerate(doc) if is_acronym(t.text))
            if exact:
                # a capital standing alone beside an acronym is part of it: "CPEC-A", whose
                # variant "CPEC A" took "make CPEC a flagship" (real-article QA)
                exact = tuple(
                    (i, t.text)
                    for i, t in enumerate(doc)
                    if is_acronym(t.text) or (len(t.text) == 1 and t.text.isupper())
                )
            short = len(form.replace(" ", "")) <= 3 and form not in self.rules.trusted
            # (a code spelt out, "Motorway 8", names its kind: nothing to confirm)
            confirm = not form.startswith("Motorway") and (
                form in self.rules.confirm or label in self.rules.confirm or short
            )
            kind = "acronym" if source == "alias" and len(doc) == 1 and exact else source
            key = f"{item.id}|{form}|{source}"
            self.matcher.add(key, [doc])
            match_id = nlp.vocab.strings[key]
            self.patterns.setdefault(match_id, []).append(
                Pattern(item, exact, kind, confirm, needs_context, context)
            )

    def __call__(self, doc: Doc) -> Doc:
        sents = sentences(doc)
        text = doc_text(doc)
        token_starts_, token_ends = token_bounds(doc)
        found: list[tuple[int, int, Pattern]] = []
        patterns = self.patterns
        heads: list[tuple[int, int]] = []  # zone heads, for names no pattern matched
        for match_id, start, end in self.matcher(doc):
            if match_id == self.zone_head_id:
                heads.append((start, end))
                continue
            for pattern in patterns.get(match_id, ()):
                # acronyms match with their case: token text read through the offsets (as
                # the tokens were made: with its dashes as hyphens)
                if not pattern.exact or all(
                    text[token_starts_[start + i] : token_ends[start + i]].translate(HYPHENS)
                    == orth
                    for i, orth in pattern.exact
                ):
                    found.append((start, end, pattern))
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        used = bytearray(len(doc))
        kept: list[tuple[int, int, Pattern]] = []
        for start, end, pattern in found:
            if any(used[start:end]):
                continue
            used[start:end] = b"\x01" * (end - start)
            kept.append((start, end, pattern))
        kept.extend(self._zones_by_head(doc, heads, used))
        # A sentence end never falls inside a registry name ("Hakla-D.I. Khan Motorway").
        join_across(doc, ((token_starts_[s], token_ends[e - 1]) for s, e, _ in kept))
        sents = sentences(doc)
        named = {p.item.id for _, _, p in kept if not p.needs_confirm and not p.needs_context}
        mentions = []
        for start, end, pattern in kept:
            if pattern.needs_confirm and pattern.item.id not in named:
                after = doc[end].lower_ if end < len(doc) else ""
                if after not in self.rules.confirm_heads:
                    continue
            if pattern.needs_confirm and end < len(doc) and len(doc[start:end]) > 1:
                # "China Power" inside "China Power Grid Company": a longer proper name.
                nxt = doc[end]
                if nxt.is_title and nxt.lower_ not in self.rules.confirm_heads:
                    continue
            if end < len(doc) and doc[end].lower_ in NAMES_ANOTHER:
                continue  # "Gwadar port city" is the city, not the port
            if end < len(doc) and doc[end].text in OFFICE_AFTER:
                continue  # "on CPEC Affairs": a portfolio, not CPEC
            char_start = token_starts_[start]
            char_end = token_ends[end - 1]
            s, e = sents.span(char_start)
            if _inside_other_name(doc, start, end, pattern.item, (text, s, e)):
                continue
            context = pattern.context or self.context
            if pattern.needs_context and context is not None:
                hits = [m for m in context.finditer(text, s, e, timeout=1.0)
                        if not (char_start <= m.start() < char_end)]  # fmt: skip
                if not hits:
                    continue
            item = pattern.item
            if item.kind == Kind.ORGANIZATION and self._not_party(text, char_start, char_end):
                continue
            mentions.append(
                Mention(
                    char_start,
                    char_end,
                    item.id,
                    item.id,
                    item.name,
                    item.kind,
                    item.pillar,
                    CONFIDENCE[pattern.source],
                    pattern.source,
                )
            )
        mentions.sort(key=lambda m: m.start)
        doc._.items = mentions
        return doc
