"""corridor.modality.v1 (spaCy factory corridor_modality_v1): what each sentence says of each item.

The rule, kept simple on purpose (see docs/extract-format.md):
1. Cues from cues.toml are found in the text, longest first.
2. A realis cue (agreement, progress, delivery) with a negation in the few words before it
   ("has not been signed", "yet to be completed", "not yet operational") is negated:
   a negated agreement, delivery or progress becomes a problem (the step is stated not to
   be done); any other negated cue becomes a plain mention. A negated modal governing a
   realis cue ("is not expected to be completed") is a problem too.
3. A realis cue right after a modal or plan ("will be completed", "is expected to be
   inaugurated", "should be signed") takes the modal's modality: it is not yet real.
4. Sentences part into clauses at ";", ", but", ", while" ...; an item takes the cue nearest
   to it within its clause. An item framed by another ("projects under CPEC") is a mention.
5. In op-eds and analyses, an author's proposal is a recommendation: a proposal gerund before
   the item ("expanding student exchange programs"), or a sentence whose subject is a gerund
   ("Establishing incubators ... will enable ...").
No cue in the clause: mention.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import pairwise

import regex
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from corridor.extract.base import (
    doc_text,
    find_all,
    finditer,
    folded_text,
    register_extensions,
    sentences,
    token_bounds,
    words_pattern,
)
from corridor.extract.records import Claim, Cue, Mention
from corridor.extract.rules import Cues
from corridor.model import Kind, Modality

REALIS = frozenset({Modality.AGREEMENT, Modality.PROGRESS, Modality.DELIVERY})
IRREALIS = frozenset({Modality.RECOMMENDATION, Modality.EXPECTATION, Modality.PLEDGE})
# What may stand between a modal and the realis word it governs: "will (soon) be (fully)".
MODAL_GAP = regex.compile(
    r"^(?:\s+(?:be|been|being|have|has|get|got|now|soon|also|then|still|finally|formally"
    r"|fully|partially|eventually|officially|successfully|shortly|duly|\w+ly))*\s+$"
)
# "would be financed", "would be taken up": a reported decision, i.e. a pledge, where a bare
# "would" ("would form a trinity") is a forecast.
PASSIVE_WOULD = regex.compile(r"(?i)would\s+(?:\w+ly\s+|also\s+|now\s+)?be\s+\w+(?:ed|en|t)\b")
GERUND_SUBJECT = regex.compile(r"^(?:[\"“‘']?\s*)[A-Z][a-z]+ing\b")
WORDS = regex.compile(r"[\w'’]+|[.;,:!?]")
# The first word of every negation, as it stands in the raw text before a cue ("cannot" holds
# "no"): without one of these in the window, the negation test cannot fire.
NEGATION_HINT = regex.compile(r"(?i)(?<!\w)(?:n[oe'’]|yet|without|hardly|cannot)")
# An initiative named as a modifier ("CPEC projects", "BRI-funded", "the CPEC Authority"):
# what the sentence says is said of the thing it modifies.
MODIFIER_AFTER = regex.compile(
    r"(?:\s*\([^()\n]{1,12}\))?(?:-(?:related|funded|backed|linked|financed|led|based)\b"
    r"|(?:\s+(?!(?:and|or|will|would|has|have|had|is|are|was|were|to|of|in|on|the|a|an|its)\b)"
    r"[a-z][\w-]*){0,2}\s+(?i:projects?|schemes?|authority|secretariat|portfolio|framework)\b)",
)
PROPOSING_KINDS = frozenset({"oped", "analysis"})


class ModalityTagger:
    def __init__(self, nlp: Language, cues: Cues) -> None:
        register_extensions()
        self.cues = cues
        # Cues are token phrases for the PhraseMatcher (linear in the text, whatever the list
        # length); the few with a number in them ("60% complete") are one regex.
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[int, tuple[str, Modality]] = {}
        numeric: list[str] = []
        groups = [("cue", m, phrases) for m, phrases in cues.by_modality.items()]
        groups += [("irrealis", Modality.PLEDGE, cues.irrealis),
                   ("proposal", Modality.RECOMMENDATION, cues.proposal_gerunds)]  # fmt: skip
        for group, modality, phrases in groups:
            key = f"{group}|{modality}"
            forms = {f for p in phrases if "%" not in p for f in (p, p.replace("'", "’"))}
            numeric += [p for p in phrases if "%" in p and group == "cue"]
            self.matcher.add(key, [nlp.make_doc(f) for f in sorted(forms)])
            self.labels[nlp.vocab.strings[key]] = (group, modality)
        self.numeric = words_pattern(numeric) if numeric else None
        self.numeric_modality = Modality.PROGRESS
        self.negation = words_pattern(cues.negations)
        self.negation_hint = NEGATION_HINT if _hinted(cues.negations) else None
        modals = "|".join(regex.escape(m) for m in cues.effect_modals)
        verbs = "|".join(regex.escape(v) for v in cues.effect_verbs)
        self.effect = regex.compile(
            rf"(?i)(?<![\w])(?:{modals})\s+(?:\w+ly\s+|also\s+|further\s+|not\s+only\s+)?"
            rf"(?:{verbs})(?:s|es|ed)?\b"
        )
        self.breaks = regex.compile(
            "|".join(regex.escape(b) for b in sorted(cues.clause_breaks, key=len, reverse=True))
        )
        frames = "|".join(
            regex.escape(f).replace(r"\ ", r"\s+")
            for f in sorted(cues.frame_before, key=len, reverse=True)
        )
        self.frame = regex.compile(
            rf"(?i)(?<![\w-])(?:{frames})\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}$"
        )
        # The longest word of each frame, lowercased: a frame match holds one (in the folded
        # text, see base.folded_text), so without any the frame pattern is not run.
        self.frame_words: list[str] | None = sorted(
            {max(f.lower().split(), key=len) for f in cues.frame_before}
        )
        if not self.frame_words or not all(w.isascii() for w in self.frame_words):
            self.frame_words = None
        self.coordination = regex.compile(
            r"(?i)^\s*(?:,|and|or|,\s*and)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$"
        )

    # -- cues ---------------------------------------------------------------------------
    def find_cues(self, doc: Doc, text: str, proposing: bool) -> list[Cue]:
        raw: list[Cue] = []
        irrealis: list[Cue] = []
        starts, ends = token_bounds(doc)
        for match_id, start, end in self.matcher(doc):
            group, modality = self.labels[match_id]
            cue = Cue(starts[start], ends[end - 1], modality, "")
            cue.text = text[cue.start : cue.end]
            if group == "cue" or (group == "proposal" and proposing):
                raw.append(cue)
            elif group == "irrealis":
                irrealis.append(cue)
        if self.numeric is not None:
            for m in self._numeric(text, folded_text(doc)):
                raw.append(Cue(m.start(), m.end(), self.numeric_modality, m.group()))
        if proposing:
            effects = [(m.start(), m.end()) for m in finditer(self.effect, text)]
            if effects:  # "X will enable ...": an argument about X's effects, not a plan
                raw = [c for c in raw if not any(a <= c.start < b for a, b in effects)]
        cues = _longest_first(raw)
        modals = sorted(
            [c for c in cues if c.modality in IRREALIS] + _longest_first(irrealis, cues),
            key=lambda c: c.start,
        )
        modal_ends = [m.end for m in modals]
        out: list[Cue] = []
        absorbed: set[tuple[int, int]] = set()
        # Where a negation's first word may start, found once for the document.
        hints = _hint_starts(text, folded_text(doc)) if self.negation_hint is not None else None
        for cue in cues:
            negated = self._negated(text, cue.start, hints)
            if cue.modality in REALIS:
                modal = _governing(modals, modal_ends, cue, text)
                if modal is not None:
                    # "is not expected to be completed before 2026": a negated plan for a
                    # realis step says the step is not coming: a problem.
                    modal_negated = negated or self._negated(text, modal.start, hints)
                    modality = Modality.PROBLEM if modal_negated else modal.modality
                    absorbed.add((modal.start, modal.end))
                    if modality == Modality.EXPECTATION and PASSIVE_WOULD.match(
                        text, modal.start, timeout=1.0
                    ):
                        modality = Modality.PLEDGE
                    out.append(Cue(modal.start, cue.end, modality, text[modal.start : cue.end],
                                   modal_negated))  # fmt: skip
                    continue
            if (
                not negated
                and cue.modality == Modality.EXPECTATION
                and PASSIVE_WOULD.match(text, cue.start, timeout=1.0)
            ):
                cue.modality = Modality.PLEDGE  # reported intent: "X would be financed by ..."
            if negated:
                cue.negated = True
                if cue.modality in REALIS:
                    # "has not been signed", "yet to be completed": the step is not done.
                    cue.modality = Modality.PROBLEM
                else:
                    cue.modality = Modality.MENTION
            out.append(cue)
        # A modal that governs a realis cue speaks through the merged cue only.
        out = [
            c
            for c in out
            if (c.start, c.end) not in absorbed or c.modality not in IRREALIS | {Modality.MENTION}
        ]
        return sorted(out, key=lambda c: c.start)

    def _numeric(self, text: str, folded: str) -> Iterator[regex.Match[str]]:
        """Matches of the numeric cues ("60% complete"), looked for only around a per cent
        sign or word: every one holds one."""
        assert self.numeric is not None
        windows: list[tuple[int, int]] = []
        for i in sorted(i for w in ("%", "percent", "per cent") for i in find_all(folded, w)):
            a, b = max(0, i - 16), min(len(text), i + 48)
            if windows and a <= windows[-1][1]:
                windows[-1] = (windows[-1][0], b)
            else:
                windows.append((a, b))
        for a, b in windows:
            yield from finditer(self.numeric, text, a, b)

    def _negated(self, text: str, start: int, hints: list[int] | None = None) -> bool:
        window_start = max(0, start - 60)
        if hints is not None and not _any_between(hints, window_start, start):
            return False  # no negation word starts in the window
        before = text[window_start:start]
        if self.negation_hint is not None and not self.negation_hint.search(before, timeout=1.0):
            return False
        words = WORDS.findall(before, timeout=1.0)
        tail = words[-self.cues.negation_window :]
        if any(w in ".;:!?," for w in tail):  # a negation does not reach across punctuation
            cut = max(i for i, w in enumerate(tail) if w in ".;:!?,")
            tail = tail[cut + 1 :]
        segment = " ".join(tail)
        return bool(tail) and self.negation.search(segment, timeout=1.0) is not None

    # -- claims -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        folded = folded_text(doc)
        proposing = (doc._.source_kind or "") in PROPOSING_KINDS
        cues = self.find_cues(doc, text, proposing)
        doc._.cues = cues
        sents = sentences(doc)
        mentions: list[Mention] = doc._.items or []
        claims: list[Claim] = []
        framed: dict[int, bool] = {}
        # Where a frame's longest word stands, found once: a frame before a mention holds one.
        frame_hits = (
            None
            if self.frame_words is None
            else sorted(i for w in self.frame_words for i in find_all(folded, w))
        )
        clause_cache: dict[int, list[tuple[int, int]]] = {}
        breaks = [m.start() for m in finditer(self.breaks, text)]
        for index, mention in enumerate(mentions):
            s_index = sents.index(mention.start)
            s_start, s_end = sents.bounds[s_index] if sents.bounds else (0, len(text))
            clauses = clause_cache.get(s_index)
            if clauses is None:
                clauses = self._clauses(s_start, s_end, breaks)
                clause_cache[s_index] = clauses
            c_start, c_end = next(
                ((a, b) for a, b in clauses if a <= mention.start < b), (s_start, s_end)
            )
            is_framed = self._framed(text, frame_hits, mentions, index, s_start, framed)
            framed[index] = is_framed
            if is_framed:
                claims.append(Claim(index, s_index, Modality.MENTION, None, False))
                continue
            cue = _nearest(cues, mention, c_start, c_end)
            if (
                cue is not None
                and proposing
                and cue.modality == Modality.PLEDGE
                and GERUND_SUBJECT.match(text, s_start, timeout=1.0)
            ):
                modality = Modality.RECOMMENDATION  # "Establishing X will enable ...": a proposal
            else:
                modality = cue.modality if cue else Modality.MENTION
            claims.append(
                Claim(
                    index, s_index, modality, cue.text if cue else None, bool(cue and cue.negated)
                )
            )
        self._carry_problems(mentions, claims, cues, clause_cache, framed)
        doc._.claims = claims
        return doc

    @staticmethod
    def _carry_problems(mentions: list[Mention], claims: list[Claim], cues: list[Cue],
                        clause_cache: dict[int, list[tuple[int, int]]],
                        framed: dict[int, bool]) -> None:  # fmt: skip
        """A problem stated in a clause naming no item ("X was completed in 2021, but no
        enterprise has commenced production") is said of the items of the clause before."""
        by_sentence: dict[int, list[Claim]] = {}
        for claim in claims:
            by_sentence.setdefault(claim.sentence, []).append(claim)
        for s_index, clauses in clause_cache.items():
            if len(clauses) < 2:
                continue
            sentence_claims = by_sentence.get(s_index, [])
            holders = [
                [c for c in sentence_claims if a <= mentions[c.mention].start < b]
                for a, b in clauses
            ]
            for n, (a, b) in enumerate(clauses):
                if n == 0 or holders[n]:
                    continue
                problem = next(
                    (c for c in cues if a <= c.start < b and c.modality == Modality.PROBLEM), None
                )
                if problem is None:
                    continue
                previous = next((h for h in reversed(holders[:n]) if h), [])
                for claim in previous:
                    if claim.modality != Modality.PROBLEM and not framed.get(claim.mention):
                        claim.modality = Modality.PROBLEM
                        claim.cue = problem.text
                        claim.negated = problem.negated

    @staticmethod
    def _clauses(start: int, end: int, breaks: list[int]) -> list[tuple[int, int]]:
        """A sentence's clauses, given where every clause break of the text starts."""
        i = bisect_left(breaks, start)
        cuts = [start]
        while i < len(breaks) and breaks[i] < end:
            cuts.append(breaks[i])
            i += 1
        cuts.append(end)
        return [(a, b) for a, b in pairwise(cuts) if b > a]

    def _framed(self, text: str, frame_hits: list[int] | None, mentions: list[Mention], index: int,
                s_start: int, framed: dict[int, bool]) -> bool:  # fmt: skip
        mention = mentions[index]
        if mention.kind == Kind.INITIATIVE and MODIFIER_AFTER.match(text, mention.end,
                                                                    timeout=1.0):  # fmt: skip
            return True  # "the CPEC project will generate ...": said of the project
        first = max(s_start, mention.start - 40)
        before = text[first : mention.start]
        if (
            frame_hits is None or _any_between(frame_hits, first, mention.start)
        ) and self.frame.search(before, timeout=1.0):
            return True
        if index and framed.get(index - 1):
            previous = mentions[index - 1]
            gap = text[previous.end : mention.start]
            if previous.end >= s_start and (
                self.coordination.match(gap, timeout=1.0)
                or (gap.strip() == "(" and previous.key == mention.key)
            ):
                return True
        return False


def _any_between(starts: list[int], first: int, end: int) -> bool:
    """Whether some of the ascending starts lies in [first, end)."""
    i = bisect_left(starts, first)
    return i < len(starts) and starts[i] < end


def _longest_first(cues: list[Cue], taken: list[Cue] | None = None) -> list[Cue]:
    """The longest cues that overlap nothing kept before them (nor `taken`).

    Kept spans never overlap, so sorted by start they are sorted by end too: one bisection
    finds the only span a new cue could overlap (linearithmic, whatever the text)."""
    starts: list[int] = []
    ends: list[int] = []
    for cue in sorted(taken or [], key=lambda c: c.start):
        starts.append(cue.start)
        ends.append(cue.end)
    kept: list[Cue] = []
    for cue in sorted(cues, key=lambda c: (c.start - c.end, c.start)):
        i = bisect_left(starts, cue.end)
        if i and ends[i - 1] > cue.start:
            continue
        starts.insert(i, cue.start)
        ends.insert(i, cue.end)
        kept.append(cue)
    return sorted(kept, key=lambda c: c.start)


def _governing(modals: list[Cue], ends: list[int], cue: Cue, text: str) -> Cue | None:
    """The modal right before a realis cue ("will be" completed), if one governs it.
    `ends` are the modals' ends, ascending (modals do not overlap)."""
    i = bisect_right(ends, cue.start)
    best = modals[i - 1] if i and cue.start - ends[i - 1] <= 40 else None
    if best is not None and MODAL_GAP.match(" " + text[best.end : cue.start] + " "):
        return best
    if best is not None and best.end == cue.start:
        return best
    return None


def _nearest(cues: list[Cue], mention: Mention, start: int, end: int) -> Cue | None:
    best: Cue | None = None
    best_distance = 1 << 30
    for cue in cues:
        if cue.end <= start:
            continue
        if cue.start >= end:
            break
        if cue.start < mention.end and mention.start < cue.end:
            continue  # a cue word inside the item's own name says nothing of it
        distance = mention.start - cue.end if cue.end <= mention.start else cue.start - mention.end
        if distance < best_distance:
            best, best_distance = cue, distance
    return best


# The literal starts of NEGATION_HINT's words, in the folded text: str.find over these is a
# superset of its matches (the window test then runs the pattern itself).
HINT_LITERALS = ("no", "ne", "n'", "n’", "yet", "without", "hardly", "cannot")


def _hint_starts(text: str, folded: str) -> list[int]:
    """Where a negation word may start: a hint literal not right after a word character."""
    starts = []
    for literal in HINT_LITERALS:
        for i in find_all(folded, literal):
            if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
                starts.append(i)
    starts.sort()
    return starts


def _hinted(negations: list[str]) -> bool:
    """Whether NEGATION_HINT finds the first word of every negation phrase."""
    return all(NEGATION_HINT.match(p.split()[0] if p.split() else p) for p in negations)
