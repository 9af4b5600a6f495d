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
   to it within its clause, except that a clause's subject in apposition ("The Orange Line,
   launched in 2015, was delayed") takes the cue after the apposition. An item framed by
   another ("projects under CPEC") is a mention.
5. In op-eds and analyses, an author's proposal is a recommendation: a proposal gerund before
   the item ("expanding student exchange programs"), or a sentence whose subject is a gerund
   ("Establishing incubators ... will enable ..."). A gerund with no object after it ("a
   shift from infrastructure building to ...") or after a word of purpose or part ("geared
   toward enhancing", "a key step in boosting") describes, and proposes nothing; nor does a
   gerund propose the items before it.
6. Forecasts: a hope or forecast that takes a clause ("hopes that", "is confident that")
   makes the "will" of that clause an expectation; so does a "will" whose subject is a
   project or initiative and whose verb is an effect ("CPEC will speed up industrialisation",
   "Gwadar Port will have a unique place"). A party's request ("asked X to help launch") is
   a recommendation.
7. A closing attribution (", as expressed by X.", ", according to X.") says nothing of X; a
   purpose clause after a step ('were established "to push CPEC forward"') is a clause of
   its own.
8. A cue word as an adjective before a noun describes that noun ("China's proposed trading
   route", "the ongoing water emergency"): no cue, unless the noun is the work itself ("the
   ongoing construction of ML-1"); see [attributive] in cues.toml.
No cue in the clause: mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice, pairwise
from operator import attrgetter

import regex
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from corridor.extract.amounts import attach
from corridor.extract.base import (
    Stage,
    doc_text,
    find_all,
    finditer,
    finditer_at,
    folded_text,
    register_extensions,
    sentences,
    starts_of,
    token_bounds,
    words_pattern,
)
from corridor.extract.records import Claim, Cue, Mention
from corridor.extract.rules import Cues
from corridor.model import Kind, Modality

# Enum members used in the loops, as module constants: Modality.X is a lookup through the enum
# metaclass, ten times the cost of a global.
MENTION, PROBLEM, PLEDGE, EXPECTATION, RECOMMENDATION = (
    Modality.MENTION, Modality.PROBLEM, Modality.PLEDGE, Modality.EXPECTATION,
    Modality.RECOMMENDATION,
)  # fmt: skip
DELIVERY, PROGRESS = Modality.DELIVERY, Modality.PROGRESS
INITIATIVE = Kind.INITIATIVE
ORGANIZATION = Kind.ORGANIZATION
# A programme or an initiative that was launched has begun, not been delivered: "CPEC was
# formally launched in 2013" (real-article QA); a launched satellite or service is delivered.
BEGUN_WHEN_LAUNCHED = frozenset({Kind.INITIATIVE, Kind.PROGRAM})
REALIS = frozenset({Modality.AGREEMENT, Modality.PROGRESS, Modality.DELIVERY})
IRREALIS = frozenset({Modality.RECOMMENDATION, Modality.EXPECTATION, Modality.PLEDGE})
# What a modal absorbed into a merged cue can have become: it then says nothing of its own.
SILENT = IRREALIS | {Modality.MENTION}
START = attrgetter("start")
# A cue's place and modality, before it is kept and made a Cue.
Span = tuple[int, int, Modality]
# What may stand between a modal and the realis word it governs: "will (soon) be (fully)".
MODAL_GAP = regex.compile(
    # ("not", "never": "will not be completed" is a negated plan for the step, a problem)
    r"^(?:\s+(?:be|been|being|have|has|get|got|now|soon|also|then|still|finally|formally"
    r"|not|never"
    # a step named as a ceremony someone will attend: "will perform the groundbreaking of",
    # "will attend the inauguration of" (real-article QA: read as done)
    r"|perform|attend|witness|hold|conduct|grace|the|a|an"
    # ... whatever its light verb: "will lay the foundation stone of", "will do the
    # groundbreaking of" (real-article QA, set X: read as work under way)
    r"|lay|do|carry\s+out"
    r"|fully|partially|eventually|officially|successfully|shortly|duly|\w+ly))*\s+$"
)
# "would be financed", "would be taken up": a reported decision, i.e. a pledge, where a bare
# "would" ("would form a trinity") is a forecast.
PASSIVE_WOULD = regex.compile(r"(?i)would\s+(?:\w+ly\s+|also\s+|now\s+)?be\s+\w+(?:ed|en|t)\b")
GERUND_SUBJECT = regex.compile(r"^(?:[\"“‘']?\s*)[A-Z][a-z]+ing\b")
WORDS = regex.compile(r"[\w'’]+|[.;,:!?]")
# WORDS for ASCII bytes, by one translate: word characters stay, the punctuation marks WORDS
# keeps become ".", anything else a space.
ASCII_WORDS = bytes(
    c if chr(c).isalnum() or chr(c) in "_'" else ord(".") if chr(c) in ".;:!?," else ord(" ")
    for c in range(256)
)
# A negation right after a modal cue ("will not", "shouldn't", "would never"), but not
# "will not only ... but also".
NOT_AFTER_MODAL = regex.compile(
    r"(?i)(?:\s+not|n't|\s+never)\b(?!\s+only\b)"
    # ... nor a reassurance, which pledges the work goes on: "will not be delayed", "will
    # never be allowed to stall", "will not be affected"
    r"(?!\s+(?:be\s+)?(?:allowed\s+to\s+)?(?:be\s+)?(?:delayed|affected|stopped|abandoned"
    r"|stall(?:ed)?|halted|hampered|compromised|rolled\s+back|suspended|disrupted|hindered"
    r"|slowed|derailed|shelved|cancell?ed|scrapped|sabotaged|harmed|impeded)\b)"
)
# The first word of every negation, as it stands in the raw text before a cue ("cannot" holds
# "no"): without one of these in the window, the negation test cannot fire.
NEGATION_HINT = regex.compile(r"(?i)(?<!\w)(?:n[oe'’]|yet|without|hardly|cannot)")
# An initiative named as a modifier ("CPEC projects", "BRI-funded", "the CPEC Authority"):
# what the sentence says is said of the thing it modifies.
POSSESSIVE = ("'s", "’s")
# Delivery cues that name the step as a noun: said of a step someone advises, they report
# nothing ("ensuring the completion of ML-1 should be a priority").
NOMINAL = frozenset(
    {
        "operationalisation",
        "operationalization",
        "inauguration",
        "completion of",
        "handover",
        "handing over",
        "commissioning",
    }
)
MODIFIER_AFTER = regex.compile(
    r"(?:\s*\([^()\n]{1,12}\))?(?:-(?:related|funded|backed|linked|financed|led|based)\b"
    r"|(?:\s+(?!(?:and|or|will|would|has|have|had|is|are|was|were|to|of|in|on|the|a|an|its)\b)"
    r"[a-z][\w-]*){0,2}\s+(?i:projects?|schemes?|authority|secretariat|portfolio|framework"
    # "a CPEC digital economy park" (real-article QA, set X pattern 6)
    r"|parks?|zones?|hubs?)\b)",
)
# What may stand before a clause's subject: "However, the ...", ", and the ...".
SUBJECT_LEAD = regex.compile(
    r"(?i)[\s,;:]*(?:(?:and|but|however|meanwhile|moreover|yet)\b[\s,]*)*"
    r"(?:(?:the|a|an|its|their)\s+)?\Z"
)
# A sentence opening with what its subject is ("As one of the priority projects in CPEC, the
# Karot station is expected to ...", "As a fund for the BRI, the Silk Road Fund will ..."):
# the items named before the comma describe the subject; nothing is said of them.
DESCRIPTIVE_OPENING = regex.compile(
    r"[\"“‘'\s]*As\s+(?:a|an|one\s+of|part\s+of)\s[^,;:.!?\n]{1,200},"
)
# A share of the work before a completion cue: "about 60 percent of the work on the Suki
# Kinari project was complete" is progress (real-article QA: read as delivery).
PARTIAL_BEFORE = regex.compile(
    r"(?i)\d+(?:\.\d+)?\s*(?:%|percent|per\s+cent)\s+(?:of\s+(?:the\s+)?)?(?:work|construction"
    r"|civil\s+works?|the\s+project)\b[^.;!?\n]{0,100}\Z"
)
PARTIAL_REACH = 160
# A preparatory step completed is progress, not the item's delivery: "We completed the
# feasibility of the KCR in three months" (real-article QA: read as delivery), "the
# feasibility study of ML-1 has been completed", "completed the detailed design".
PREPARATORY = (
    r"(?:(?:detailed|preliminary|initial|technical|engineering|final|bankable)\s+)*"
    r"(?:feasibility|survey|surveys|design|designs|PC-[1I]|groundwork|spadework|paperwork"
    r"|stud(?:y|ies))\b"
)
PREPARATORY_STEMS = ("feasib", "survey", "design", "pc-", "work", "stud")
PREPARATORY_AFTER = regex.compile(rf"(?i)\s+(?:the\s+|its\s+|a\s+)?{PREPARATORY}")
PREPARATORY_BEFORE = regex.compile(rf"(?i)(?<![\w-]){PREPARATORY}[^,.;:!?\n]{{0,100}}\Z")
# A step named as a noun, the subject of a future: "groundbreaking of the KCR ... would be
# performed by the end of this year" (real-article QA: read as progress) is planned.
NOMINAL_STEPS = frozenset(
    {"groundbreaking", "ground-breaking", "ground breaking", "inauguration", "foundation stone",
     "completion of", "handover", "handing over", "commissioning", "trial run", "test run",
     "construction work"}
)  # fmt: skip
# What the future of such a step says after its modal: "(will) be held", "take place".
STEP_FUTURE_AFTER = regex.compile(
    r"(?i)(?:\s+(?:to|now|also|soon|then|formally|\w+ly))*\s+"
    r"(?:be\s+(?:\w+ly\s+)?\w+(?:ed|en|t|ne)\b|take\s+place\b|happen\b|begin\b|start\b)"
)
# ... and what must not stand between the step and its modal: a relative clause or a new
# clause ("the inauguration of X, which will be ...").
STEP_GAP_STOP = regex.compile(
    r"(?i)\b(?:which|who|whom|whose|where|when|while|that|and\s+(?:the|he|she|it|they|we))\b|[.;:!?\n]"
)
STEP_REACH = 160
# A sentence opening with a participle that tells of its subject ("Launched in 2015, CPEC is
# ... of the Belt and Road Initiative, linking ... the port of Gwadar"): the opening's cue is
# said of the subject after its comma, not of the other items of the sentence (real-article
# QA: the BRI and Gwadar Port took "Launched").
PARTICIPLE_OPENING = regex.compile(
    r"[\"“‘'\s]*(?:Launched|Built|Completed|Constructed|Inaugurated|Signed|Started|Initiated"
    r"|Established|Founded|Conceived|Announced|Commissioned|Opened)\s[^,;:.!?\n]{1,120},"
)
# The same inside a sentence, in an apposition that files its subject under others ("The
# Rashakai SEZ, one of the nine priority SEZs under CPEC, has allotted plots"): the items
# between the commas are only mentioned.
DESCRIPTIVE_APPOSITION = regex.compile(r"(?i),\s+(?:one\s+of|part\s+of|among)\s[^,;:.!?\n]{1,150},")
APPOSITION_HEAD = 25  # characters of a name's head ("project (OLMT)") before an apposition
# An item named as what another plays a role in, in apposition or as a predicate: "Gwadar
# Port, the flagship maritime hub of CPEC", "Gwadar Port is a key hub for CPEC", "The
# project, a key element of the Chinese government's 'Belt and Road Initiative'" (real-article
# QA, set X pattern 6: CPEC took the sentence's "signed"). As the [frame] words, with words
# before the role noun and a possessive or a quote before the item.
ROLE_WORDS = ("hub", "element", "gateway", "backbone", "linchpin", "lynchpin", "showcase",
              "showpiece", "lifeline", "artery", "example", "hallmark", "centrepiece",
              "centerpiece", "cornerstone", "component", "pillar", "flagship")  # fmt: skip
ROLE_FRAME = regex.compile(
    rf"(?i)(?<![\w-])(?:{'|'.join(ROLE_WORDS)})s?\s+(?:of|for|in|within)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+)?(?:[\w-]+['’]s\s+)?[‘'\"“]?\Z"
)
ROLE_SITES = re.compile("|".join(ROLE_WORDS))  # in the folded text: one must stand before
ROLE_REACH = 60  # characters from a role noun to the item it frames
# A sentence opening on the initiative as a place: "In CPEC, nine SEZs are planned" (real-
# article QA, set X pattern 6): what is planned is the zones'.
IN_OPENING = regex.compile(r"[\"“‘'\s]*In\s+(?:the\s+)?")
# A relative clause (", which aims to connect ...") says what its antecedent does: its cue is
# not that of an item before the antecedent ("Gwadar Port is a key hub for CPEC, which aims
# to connect China with the Middle East": real-article QA, set X pattern 6).
RELATIVE_OPENINGS = (", which ", ", who ", ", whose ")
# A named meeting as the time or the place of what a sentence tells (real-article QA, set X
# pattern 7): "in the wake of the 11th meeting of the JCC" anchors a time, and takes no cue;
# "said at the Digital Economy Forum", no cue of what was said there. At a meeting the acts
# done there are the meeting's ("signed MoUs at the Business Forum"), but not a trouble the
# sentence tells of ("pledged to pay the dues ... during a meeting of the 10th JCC").
MEETING_WORDS = ("meeting", "committee", "jcc", "forum", "conference", "summit", "dialogue",
                 "session", "expo", "exhibition", "symposium", "seminar", "roundtable",
                 "consultations", "talks")  # fmt: skip
MEETING_SITES = re.compile("|".join(MEETING_WORDS))  # one search a mention, in the folded text
MEETING_LEAD = (
    r"(?:(?:a|an|the)\s+)?(?:(?:meeting|session|sidelines|margins)\s+of\s+(?:the\s+)?)?"
    r"(?-i:(?:[A-Z][\w'’.-]*\s+){0,2})\Z"  # words of its name the match left out
)
ANCHOR_BEFORE = regex.compile(
    r"(?i)(?<![\w-])(?:in\s+the\s+wake\s+of|following|after|ahead\s+of|prior\s+to"
    r"|on\s+the\s+eve\s+of|in\s+the\s+run-up\s+to|since|before)\s+" + MEETING_LEAD
)
VENUE_BEFORE = regex.compile(
    r"(?i)(?<![\w-])(?:at|during|on\s+the\s+(?:sidelines|margins)\s+of)\s+" + MEETING_LEAD
)
MEETING_REACH = 60  # characters before a meeting's name where its anchor or venue stands
OF_GAP = regex.compile(r"\s+of\s+(?:the\s+)?")  # "the JCC of (the) CPEC"
# A closing attribution: ", (the) <item> said/reported ..." to the sentence's end.
ATTRIBUTED_BEFORE = regex.compile(r",\s+(?:the\s+)?$")
ATTRIBUTION_AFTER = regex.compile(
    r"\s+(?:has\s+|had\s+)?(?:said|says|reported|reports|told|stated|added|quoted)\b"
    r"[^,;:!?\n]{0,80}[.!?\"”]*\s*$"
)
# A closing attribution of the other kind: "..., as expressed by CEO Huawei Pakistan.",
# "..., according to the Planning Ministry." (real-article QA: Huawei took the forecast of
# the GDP that its CEO was quoted on).
AS_ATTRIBUTED_BEFORE = regex.compile(
    r"(?i),\s+(?:as\s+(?:expressed|stated|said|noted|told|reported|mentioned|highlighted"
    r"|pointed\s+out|observed|announced|disclosed|revealed|conveyed|shared)\s+by"
    r"|according\s+to)\s+(?:[\w.'’-]+\s+){0,4}\Z"
)
AS_HINTS = (", as ", "ccording to")  # literals every AS_ATTRIBUTED_BEFORE match holds
AS_ATTRIBUTED_AFTER = regex.compile(r"[^,;:!?\n]{0,60}?[.!?\"”]*\s*\Z")
# A purpose clause after a realis step: "were established \"to push the CPEC forward\"", "was
# set up in order to expedite ML-1": the step is said of its subject; the purpose's items are
# said nothing of by it (real-article QA: CPEC took "were established"). A quote or "in order
# to" marks it after any step; a bare "to" only after the steps that found something.
PURPOSE_AFTER = regex.compile(
    r"(?i)\s*(?:[\"“‘]\s*(?:in\s+order\s+|so\s+as\s+)?|(?:in\s+order|so\s+as)\s+)to\s+"
    r"(?!(?:the|a|an|be)\b)[a-z]+\b"
)
PURPOSE_BARE_AFTER = regex.compile(r"(?i) to\s+(?!(?:the|a|an|be|date)\b)[a-z]+\b")
PURPOSE_HINT = re.compile('["“‘]| in order| so as')  # what PURPOSE_AFTER needs near its start
FOUNDING_STEPS = ("established", "set up", "formed", "constituted", "created", "founded")
# A purpose after a step and what it was done to or at, of serving something, not of doing
# the work on it: "suggested the construction at the port to accommodate the CPEC programme"
# (real-article QA, set X pattern 4: CPEC took "construction at"). The work's own verbs
# ("signed an agreement to build X", "allocated funds to complete X") pass the step on.
PURPOSE_SERVING_AFTER = regex.compile(
    r"(?:\s+(?!to\b)[\w'’-]+){0,5}?(?P<to>\s+to\s+(?:make\s+sure|ensure|accommodate"
    r"|facilitate|serve|meet|cater|support|help|enable|allow|boost|promote|attract|benefit"
    r"|strengthen|enhance|improve|increase|speed\s+up)\b)"
)
# A sentence that opens with its purpose: "To make sure the project can be completed on
# schedule, the CRBC workers had only two breaks" (real-article QA, set X pattern 4: CRBC
# took "can be completed"): the comma ends it ("To date," and "To this end," are no purpose).
PURPOSE_OPENING = regex.compile(
    r"To\s+(?!(?:date|this|that|the|be|some|many|me|us|them)\b)[a-z]+\b[^,;:.!?\n]{1,160},"
)
# An organization named as where a statement's speaker works, not as a partner: "officials
# of the PPIB said", "a source in KPEZDMC said", "said official sources in KP-EZDMC", "said
# Gwadar Port Authority (GPA) Project Director ...", "Chairman of CPEC Authority notified".
SPEECH_VERBS = ("said", "says", "told", "stated", "noted", "added", "informed", "notified",
                "confirmed", "disclosed", "revealed",
                # real-article QA, set X pattern 10: "The planning ministry contradicted a
                # statement", "a specialist at the CPEC Authority shared insights"
                "shared", "contradicted", "denied", "claimed", "clarified", "explained",
                "remarked", "stressed", "emphasised", "emphasized", "asserted", "insisted",
                "argued", "assessed")  # fmt: skip
SPEECH = f"(?:{'|'.join(SPEECH_VERBS)})"
SPEAKER_SAID_BEFORE = regex.compile(
    r"(?i)(?<![\w-])(?:said|told|according\s+to)\s+(?:an?\s+|the\s+|two\s+|some\s+)?"
    r"(?:(?:senior|top|official|government|spokes(?:person|man)|officials?|sources?)\s+)*"
    r"(?:(?:of|in|at|from)\s+)?(?:the\s+)?$"
)
SPEAKER_OF_BEFORE = regex.compile(
    r"(?i)(?<![\w-])(?:officials?|sources?|spokes(?:person|man)|chairman|chairperson|director"
    r"|head|chief|representatives?)\s+(?:of|in|at|from)\s+(?:the\s+)?$"
)
SPEAKER_TITLE_AFTER = regex.compile(
    r"(?:\s*\([^()\n]{1,20}\))?\s+(?:[A-Z][\w'-]*\s+){0,2}?(?:Project\s+Director|Director"
    r"|Chairman|Chairperson|Spokesperson|Spokesman|CEO|Managing\s+Director|officials?"
    r"|spokes(?:person|man)|sources?)\b"
)
SPEECH_AFTER = regex.compile(
    rf"(?i)(?:\s*\([^()\n]{{1,20}}\))?(?:\s+(?!{SPEECH}\b)[\w.'’-]+){{0,8}}?,?\s+"
    rf"(?:has\s+|had\s+|have\s+)?{SPEECH}\b"
)
# "she said at the EuroAsia Forum": the meeting is where a statement was made (pattern 7).
SAID_AT_BEFORE = regex.compile(rf"(?i)(?<![\w-]){SPEECH}\s+(?:at|during)\s+" + MEETING_LEAD)
# An organization that is only the source of a statement, but not its speaker's frame:
# the subject of a speech verb ("The planning ministry contradicted ..."), where a speaker
# works ("Jamshed Ahmed, a specialist at the CPEC Authority, shared insights"), or the body
# that one is under ("the CPEC Authority operating under the Ministry of Planning"). What
# the sentence says of it still counts ("Huawei said it will invest": a pledge); named only
# so, it is no partner (real-article QA, set X pattern 10; see result.build_extraction).
SUBJECT_SPEECH_AFTER = regex.compile(
    rf"(?i)(?:\s*\([^()\n]{{1,20}}\))?\s+"
    rf"(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?"
    rf"(?:has\s+|had\s+|have\s+|also\s+)?(?:\w+ly\s+)?{SPEECH}\b"
)
AFFILIATION_BEFORE = regex.compile(
    r"(?i)(?<![\w-])(?:specialist|expert|analyst|economist|engineer|officer|adviser|advisor"
    r"|consultant|researcher|professor|fellow|manager|employee|staffer|official|scientist"
    r"|executive|lecturer|scholar|member)s?\s+(?:at|of|in|with|from)\s+(?:the\s+)?\Z"
)
# The subject of a speech verb is a source only when it opens its sentence (a dateline may
# stand before it): a closing ", the PPIB said on Wednesday." names the body the report is
# about (the labelled set keeps it); and not when the text names its part in the work:
# "Chinese developer CRBC says", "COPHC, the operator of the port, told Xinhua".
SOURCE_LEAD = regex.compile(
    r"[\"“‘'\s]*(?:[A-Z][\w .,'’-]{0,40}(?:\([^()\n]{1,30}\))?\s*[:—–-]\s+)?"
    r"(?:(?:The|the|A|An)\s+)?"
)
PARTNERS = (r"(?:developers?|contractors?|builders?|operators?|sponsors?|financiers?|investors?"
            r"|lenders?|partners?|owners?|constructors?)")  # fmt: skip
PARTNER_BEFORE = regex.compile(rf"(?i)(?<![\w-]){PARTNERS}\s+\Z")
PARTNER_AFTER = regex.compile(
    rf"(?i)(?:\s*\([^()\n]{{1,20}}\))?\s*,\s+(?:the|its|a|an)\s+(?:[\w-]+\s+){{0,2}}{PARTNERS}\b"
)
UNDER_SOURCE_GAP = regex.compile(r"\s+(?:[a-z]+ing\s+)?(?:under|of|within|in)\s+(?:the\s+)?")
# SPEECH's words and "according", lowercase: every speaker holds one within reach, and
# the patterns run only where one does (most organizations are named with no speech).
SPEECH_HINTS = (*SPEECH_VERBS, "according")
# "PPIB officials said": the organization, a speaker's title, the verb.
SOURCES_AFTER = regex.compile(
    r"(?i)(?:\s*\([^()\n]{1,20}\))?\s+(?:officials?|sources?|spokes(?:person|man))\b"
)
# "CPEC Authority Chairman Asim Saleem Bajwa Friday said" too: a head's title, the name,
# the day (real-article QA).
SPEAKER_AFTER = regex.compile(
    rf"(?i)(?:\s*\([^()\n]{{1,20}}\))?\s+(?:officials?|spokes(?:person|man)|sources?"
    rf"|(?:chairman|chairperson|chief\s+executive(?:\s+officer)?|CEO|managing\s+director"
    rf"|director\s+general|secretary)(?-i:(?:\s+[A-Z][\w.'’-]*){{0,4}}))\s+"
    rf"(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?"
    rf"(?:has\s+|had\s+|have\s+)?{SPEECH}\b"
)
# "will" (or "shall") and the words it governs, then "soon": a forecast, not a commitment.
WILL = ("will", "shall")
SOON_AFTER = regex.compile(r"(?:\s+(?!(?:and|but|or)\b)[\w-]+){0,3}?\s+soon\b")
# A relative clause right after an item ("work on the Orange Line, which was delayed by ...")
# says what the item is or was: its cue is the item's, before a nearer one of the clause
# around it ("to expedite").
RELATIVE_AFTER = regex.compile(
    r",?\s+(?:which|that)\s+(?:(?:is|was|were|are|has|had|have)\b(?:\s+\w+ly)?"
    r"(?:\s+(?:been|being|not|yet|now|also|still|already))*)?[^,;:.!?\n]{0,60}"
)
DASHES = (" — ", " – ")  # clause breaks that, in pairs, hold an apposition
# Before an item that opens its clause: an article and capitalised words of its name that
# the match left out ("Pakistan Railways Mainline-I Project").
# A headline's future: "China to build 300MW solar park", "Pakistan, China to sign MoUs",
# "ML-1 to be completed by 2028". Read only in a sentence with no end punctuation (a
# headline or a subhead), at most eight words after its start, and only where no cue comes
# first: "Pakistan wants China to build" has its own. A verb from a closed list, so that "the
# road to prosperity" is not a plan.
HEADLINE_FUTURE = regex.compile(
    r"(?:[^\s.!?;:]+\s+){1,8}?(to\s+(?:be\s+[a-z]+(?:ed|en|t)"
    r"|(?:build|set\s+up|sign|ink|seal|establish|launch|inaugurate|develop|construct|invest"
    r"|finance|fund|open|start|begin|expand|upgrade|complete|resume|revive|extend|install"
    r"|host|hold|visit|attend|commission|supply|execute|initiate|introduce|create|provide"
    r"|offer|train|award|acquire|import|export|deploy|explore|double|raise)))\b"
)
HEADLINE_WORDS = 120  # characters: a headline's future stands near its start
# A headline tells what was done in the present tense: "Pakistan, China sign Thar coal power
# project financing agreement", "China, Pakistan ink 6 agreements" (real-article QA, set W,
# read after scoring). The third person's "signs"/"inks" are cues anywhere; the plural's bare
# "sign"/"ink"/"seal", only here, after a plural subject of names ("Pakistan, China",
# "Pakistan and China"), where the body would have "will" or "to" before a plan.
HEADLINE_SIGN = regex.compile(
    r"(?:[A-Z][\w'’.-]*,?\s+(?:and\s+)?){2,4}(sign|ink|seal)\b(?!\s+(?:up|off)\b)"
)
# "Pakistan wants China to build ...", "PM urges Chinese firms to invest": a wish, not a plan.
HEADLINE_ASKING = regex.compile(
    r"(?i)\b(?:wants?|asks?|asked|urges?|urged|seeks?|invites?|invited|calls?\s+on|requests?"
    r"|wish(?:es)?|hopes?|expects?|needs?|press(?:es)?|push(?:es)?|tells?|told|allows?"
    r"|helps?|likely|unlikely|not|no|fails?|refuses?)\b"
)
NAME_LEAD = regex.compile(r"\s*(?:(?:The|the|A|An)\s+)?(?:[A-Z][\w'’.-]*\s+){0,3}")
# A cue word as an adjective before a noun ([attributive] in cues.toml): a determiner, a
# possessive or a hyphened modifier before it ("the", "China's", "China-"), perhaps an adverb;
# after it the words of its noun, up to the first function word.
ATTRIBUTIVE_BEFORE = regex.compile(
    r"(?:(?<![\w'’-])(?i:the|a|an|its|their|his|her|our|this|these|those|total|amid|all|any)\s+"
    r"|\w['’]s\s+|\w-)(?:[a-z]+ly\s+)?\Z"
)
ATTRIBUTIVE_AFTER = regex.compile(r"\s+([\w'’-]+(?:\s+[\w'’-]+){0,3})")
# Words that do not begin a noun ("has proposed to", "China's proposed a route").
NOT_NOUN = frozenset({
    "to", "that", "by", "in", "on", "for", "at", "with", "as", "and", "or", "from", "of", "a",
    "an", "the", "this", "these", "those", "its", "their", "his", "her", "our", "it", "them",
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "be", "been", "upon",
    "under", "into", "over", "which", "who", "when", "where", "while",
})  # fmt: skip
# A request of another party: "he's asked the Chinese minister to help launch the KCR", "was
# asked to build": what nobody has committed to, a recommendation (real-article QA: read as
# nothing). Not "asked about", nor a question: a "to" and a verb must follow, within six words.
REQUEST = regex.compile(
    r"(?<![\w-])(asked|requested)\s+(?!(?:about|for|if|whether|why|how|what|when|where)\b)"
    r"(?:[\w'’.-]+\s+){0,6}?to\s+(?!(?:the|a|an|be|this|that|its|their)\b)[a-z]+\b"
)
REQUEST_VERBS = ("asked", "requested")
# A party at work on an item, in everyday words: "China is also assisting Pakistan in the
# construction of Gwadar Port" (real-article QA, set X: read as nothing) is progress. The cue
# is the work ("in the construction of"), so that an item among the words before it keeps
# its own; the helping verb, progressive ("is assisting", not "will keep helping"), must stand
# within four words before.
ASSISTING = regex.compile(
    r"(?i)(?<=\b(?:is|are|was|were|been)\s+(?:(?:also|now|still|\w+ly)\s+){0,2})"
    r"(?:assisting|helping|supporting)\s+(?:[\w'’.-]+\s+){0,4}?"
    r"((?:in|with)\s+(?:the\s+)?(?:construction|building|development|expansion|upgradation"
    r"|upgrading|execution)\s+of)\b"
)
ASSISTING_VERBS = ("assisting", "helping", "supporting")
# An item removed from a programme: "ML-1 has been taken out of the scope of CPEC", "the Keti
# Bandar project has been dropped from the CPEC portfolio" (real-article QA, set X: read as
# nothing) is a problem of the item removed, not of the programme: the cue spans what it was
# removed from (a cue inside an item's name says nothing of it), up to a word that opens a
# new phrase ("following the failure of ...") or a mark.
REMOVAL = regex.compile(
    r"(?i)(?:dropped|removed|excluded|taken\s+out|struck\s+off|deleted)\s+(?:from|of)\b"
    r"(?:\s+(?!(?:following|after|because|due|as|and|but|or|which|who|in|on|by|for|to|amid"
    r"|over|since|with|while|when|at|despite|owing)\b)[\w'’()-]+){1,8}"
)
REMOVAL_VERBS = ("dropped", "removed", "excluded", "taken out", "struck off", "deleted")
# An item's own future effect or place, in any kind of text: "Gwadar Port will have a unique
# place in the BRI", "CPEC will speed up industrialisation" foretell, they pledge nothing
# (real-article QA); [effect] verbs, and these.
FORECAST_AFTER = regex.compile(
    r"(?i)(?:will|shall)\s+(?:\w+ly\s+|also\s+|further\s+)?(?:have\s+(?:a|an|the)\b|speed\s+up\b)"
)
# ... but for the item's own steps, which are planned: "Gwadar Port will open next year" (not
# "will open up new avenues").
OWN_STEP_AFTER = regex.compile(
    r"(?i)(?:will|shall)\s+(?:\w+ly\s+|also\s+|further\s+)?(?:open|go)\b(?!\s+up\b)"
)
# What may stand between an item and its "will": its acronym or a closing quote.
SUBJECT_GAP = regex.compile(r"\s*(?:\([^()\n]{1,20}\)\s*)?[\"”’]?\s*")
FUTURES = ("will", "shall", "'ll", "’ll", "would")  # a cue's first word, lowercased
FORECAST_REACH = 150  # characters from a forecast's "that" to the future it governs
# A gerund that is no author's proposal (op-eds and analyses, rule 5): a noun ("a shift from
# infrastructure building to ...": no object follows it), or the purpose or part of what the
# text describes ("all geared toward enhancing connectivity", "a key step in boosting ties",
# "intended on creating"): real-article QA.
GERUND_NO_OBJECT = frozenset(
    {"to", "from", "of", "and", "or", "for", "with", "is", "are", "was", "were", "has", "have",
     "had", "will", "would", "as", "by", "than", "in"}
)  # fmt: skip
GERUND_DESCRIBED_BEFORE = regex.compile(
    r"(?i)(?<![\w-])(?:geared|aimed|directed|targeted|oriented|focused|focussed|intended"
    r"|intent|designed|dedicated|instrumental|pivotal|step|steps|role|roles|part|milestone"
    r"|strides|contribution|contributed|contributing)\s+(?:in|at|on|to|toward|towards|for)"
    r"\s+\Z"
)
PROPOSING_KINDS = frozenset({"oped", "analysis"})
# "suggested" as a verb of saying: a clause whose verb is indicative follows it ("a guard at
# the port suggested the construction at the port has also created jobs", real-article QA,
# set X: read as a recommendation); not a proposal ("suggested that Pakistan should", "be
# expedited", "suggested setting up"), nor a relative or subordinate clause after one.
SUGGEST = ("suggested", "suggests", "suggest")
SUGGESTION_SAID = regex.compile(
    r"(?i)(?:\s+that)?(?:\s+(?!(?:that|should|must|be|need|needs|ought|would|could|might|may"
    r"|shall|will|which|who|whom|whose|where|when|as|because|since|if|unless|while|but"
    r"|although|though|[a-z]+ing)\b)[^\s.;:!?]+){1,12}?"
    r"\s+(?:\w+ly\s+|also\s+|now\s+)?(?:has|have|had|is|are|was|were)\b"
)
# Every numeric cue holds a per cent sign or word.
PER_CENT = ["%", "percent", "per cent", "pc"]


class ModalityTagger(Stage):
    def __init__(self, nlp: Language, cues: Cues) -> None:
        register_extensions()
        self.cues = cues
        # Cues are token phrases for the PhraseMatcher (linear in the text, whatever the list
        # length); the few with a number in them ("60% complete") are one regex.
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Match id -> modality of the cues kept in other texts, and in op-eds and analyses
        # (proposal gerunds too); ids of irrealis absorbers.
        self.cue_ids: dict[int, Modality] = {}
        self.proposing_ids: dict[int, Modality] = {}
        self.gerunds = frozenset(g.lower() for g in cues.proposal_gerunds)
        self.irrealis_ids: dict[int, Modality] = {}
        numeric: list[str] = []
        groups = [("cue", m, phrases) for m, phrases in cues.by_modality.items()]
        groups += [("irrealis", Modality.PLEDGE, cues.irrealis),
                   ("irrealis", EXPECTATION, cues.irrealis_expectation),
                   ("proposal", Modality.RECOMMENDATION,
                    [*cues.proposal_gerunds, *cues.proposal_phrases])]  # fmt: skip
        for group, modality, phrases in groups:
            key = f"{group}|{modality}"
            forms = {f for p in phrases if "%" not in p for f in (p, p.replace("'", "’"))}
            numeric += [p for p in phrases if "%" in p and group == "cue"]
            self.matcher.add(key, [nlp.make_doc(f) for f in sorted(forms)])
            match_id = nlp.vocab.strings[key]
            if group == "irrealis":
                self.irrealis_ids[match_id] = modality
            else:
                self.proposing_ids[match_id] = modality
                if group == "cue":
                    self.cue_ids[match_id] = modality
        self.numeric = words_pattern(numeric) if numeric else None
        self.numeric_modality = Modality.PROGRESS
        self.of_work = frozenset(w.lower() for w in cues.attributive_of_work)
        self.attributive = self.of_work | {w.lower() for w in cues.attributive}
        self.work_nouns = frozenset(w.lower() for w in cues.work_nouns)
        self.negation = words_pattern(cues.negations)
        self.negation_hint = NEGATION_HINT if _hinted(cues.negations) else None
        modals = "|".join(regex.escape(m) for m in cues.effect_modals)
        verbs = "|".join(regex.escape(v) for v in cues.effect_verbs)
        self.effect = regex.compile(
            rf"(?i)(?<![\w])(?:{modals})\s+(?:\w+ly\s+|also\s+|further\s+|not\s+only\s+)?"
            rf"(?:{verbs})(?:s|es|ed)?\b"
        )
        # Where an effect can start: its modal, a case-blind ASCII literal, stands lowercased
        # in the folded text (see base.folded_text); stdlib re finds them in one pass.
        self.effect_sites: re.Pattern[str] | None = None
        if all(m.isascii() for m in cues.effect_modals):
            self.effect_sites = re.compile(
                "|".join(re.escape(m.lower()) for m in cues.effect_modals)
            )
        # Clause breaks are literals, found by str.find (see _literal_starts), in the order
        # an alternation of them would try them.
        self.breaks = sorted(cues.clause_breaks, key=len, reverse=True)
        frames = "|".join(
            regex.escape(f).replace(r"\ ", r"\s+")
            for f in sorted(cues.frame_before, key=len, reverse=True)
        )
        self.frame = regex.compile(
            rf"(?i)(?<![\w-])(?:(?:{frames})\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}"
            # ... and a part of a part: "as part of the western route of the China-Pakistan
            # Economic Corridor" (real-article QA, set X pattern 6)
            r"|part\s+of\s+(?:the\s+)?(?:[\w-]+\s+){1,2}of\s+(?:the\s+)?)$"
        )
        # The longest word of each frame, lowercased: a frame match in a mention's window holds
        # one in the folded text's window (see base.folded_text), so without any the frame
        # pattern is not run. One search of these literals in a 40-character window (the
        # stdlib's re: plain literals) costs less than finding them all in the text.
        words = sorted({max(f.lower().split(), key=len) for f in cues.frame_before}, key=len)
        self.frame_words: re.Pattern[str] | None = None
        if words and all(w.isascii() for w in words):
            self.frame_words = re.compile("|".join(re.escape(w) for w in reversed(words)))
        self.coordination = regex.compile(
            r"(?i)^\s*(?:,|and|or|,\s*and)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$"
        )
        # A sentence that opens with its frame ("Under CPEC, Gwadar Port will ..."): the
        # comma after the frame ends the opening, it does not list the next item.
        self.opening_frame = regex.compile(rf"(?i)\s*(?:{frames})\s+(?:the\s+)?$")

    # -- cues ---------------------------------------------------------------------------
    def find_cues(self, doc: Doc, text: str, proposing: bool) -> list[Cue]:
        folded = folded_text(doc)
        starts, ends = token_bounds(doc)
        # Spans (start, end, modality) in the matcher's order: Cues are made for those kept.
        matches = self.matcher(doc)
        kept = (self.proposing_ids if proposing else self.cue_ids).get
        raw: list[Span] = [
            (starts[start], ends[end - 1], modality)
            for match_id, start, end in matches
            if (modality := kept(match_id)) is not None
        ]
        irrealis_ids = self.irrealis_ids
        irrealis: list[Span] = [
            (starts[start], ends[end - 1], irrealis_ids[match_id])
            for match_id, start, end in matches
            if match_id in irrealis_ids
        ]
        for i in starts_of(folded, REQUEST_VERBS):
            # (an attempt at one place, within a bounded window: no timeout)
            request = REQUEST.match(text, i, i + 160)
            if request is not None:
                raw.append((i, request.end(1), RECOMMENDATION))
        for i in starts_of(folded, ASSISTING_VERBS):
            # (an attempt at one place, within a bounded window: no timeout)
            assisting = ASSISTING.match(text, i, i + 120)
            if assisting is not None:
                raw.append((*assisting.span(1), PROGRESS))
        for i in starts_of(folded, REMOVAL_VERBS):
            # (an attempt at one place, within a bounded window: no timeout)
            removal = REMOVAL.match(text, i, i + 160)
            if removal is not None:
                raw.append((i, removal.end(), PROBLEM))
        if self.numeric is not None:
            for m in self._numeric(text, folded):
                raw.append((m.start(), m.end(), self.numeric_modality))
        if proposing:
            if self.effect_sites is None:
                found = finditer(self.effect, text)
            else:  # tried only where a modal stands (found in the folded text)
                sites = [m.start() for m in self.effect_sites.finditer(folded)]
                found = finditer_at(self.effect, text, sites)
            effects = [(m.start(), m.end()) for m in found]
            if effects:  # "X will enable ...": an argument about X's effects, not a plan
                raw = [c for c in raw if not any(a <= c[0] < b for a, b in effects)]
        cues = [Cue(a, b, modality, text[a:b]) for a, b, modality in _longest_first(raw)]
        attributive = self.attributive
        if attributive:
            cues = [
                c
                for c in cues
                if c.text.lower() not in attributive or not self._attributive(text, c)
            ]
        if proposing:
            cues = [c for c in cues if not self._described_gerund(text, c)]
        cues = [c for c in cues if not _suggestion_said(text, c)]
        taken = [(c.start, c.end, c.modality) for c in cues]
        modals = sorted(
            [c for c in cues if c.modality in IRREALIS]
            + [Cue(a, b, m, text[a:b]) for a, b, m in _longest_first(irrealis, taken)],
            key=START,
        )
        modal_ends = [m.end for m in modals]
        out: list[Cue] = []
        absorbed: set[tuple[int, int]] = set()
        # Where a negation's first word may start, found once for the document: a cue with
        # none in the 60 characters before it is not negated (most cues).
        hints = _hint_starts(text, folded) if self.negation_hint is not None else None
        last_hint = hints[-1] if hints else -(1 << 62)  # none: no window reaches it
        for cue in cues:
            start = cue.start
            negated = False
            if hints is None or (
                last_hint >= start - 60 and hints[bisect_left(hints, start - 60)] < start
            ):
                negated = self._negated(text, start, hints)
            modality = cue.modality
            if not negated and modality in IRREALIS:
                # "will not be able to", "should never": the modal itself is negated
                # (one attempt at one place: no timeout, see base.REGEX_TIMEOUT)
                negated = NOT_AFTER_MODAL.match(text, cue.end, cue.end + 60) is not None
            if modality in REALIS:
                modal = _governing(modals, modal_ends, cue, text)
                if modal is not None:
                    # "is not expected to be completed before 2026": a negated plan for a
                    # realis step says the step is not coming: a problem.
                    modal_negated = negated or self._negated(text, modal.start, hints)
                    modality = PROBLEM if modal_negated else modal.modality
                    absorbed.add((modal.start, modal.end))
                    if modality == EXPECTATION and _passive_would(text, folded, modal.start):
                        modality = PLEDGE
                    out.append(Cue(modal.start, cue.end, modality, text[modal.start : cue.end],
                                   modal_negated))  # fmt: skip
                    continue
            if negated:
                cue.negated = True
                # "has not been signed", "yet to be completed": the step is not done.
                cue.modality = PROBLEM if modality in REALIS else MENTION
            elif modality == EXPECTATION and _passive_would(text, folded, start):
                cue.modality = PLEDGE  # reported intent: "X would be financed by ..."
            elif modality == DELIVERY and (
                _partial(text[max(0, start - PARTIAL_REACH) : start])
                or _preparatory(text, folded, cue)
            ):
                cue.modality = PROGRESS
            out.append(cue)
        # A modal that governs a realis cue speaks through the merged cue only.
        if absorbed:
            out = [c for c in out if (c.start, c.end) not in absorbed or c.modality not in SILENT]
        out.extend(_headline_futures(text, doc._.sent_bounds, out))
        out.sort(key=START)
        _foretold(text, out)
        _planned_steps(text, out)
        return out

    def _described_gerund(self, text: str, cue: Cue) -> bool:
        """Whether a proposal gerund is a noun or the purpose of what the text describes
        (GERUND_NO_OBJECT, GERUND_DESCRIBED_BEFORE), not the author's proposal. (Attempts at
        one place, in windows of a few dozen characters: no timeout.)"""
        if cue.modality != RECOMMENDATION or cue.text.lower() not in self.gerunds:
            return False
        after = WORDS.match(text, cue.end + 1 if text[cue.end : cue.end + 1] == " " else cue.end)
        if (
            after is None
            or after.start() > cue.end + 1
            or after.group().lower() in GERUND_NO_OBJECT
        ):
            return True
        if not after.group()[0].isalnum():  # punctuation: "..., developing."
            return True
        return GERUND_DESCRIBED_BEFORE.search(text, max(0, cue.start - 40), cue.start) is not None

    def _attributive(self, text: str, cue: Cue) -> bool:
        """Whether a cue is an adjective that describes a noun which is not the item's work:
        "China's proposed trading route", "the China-proposed BRI", "the ongoing water
        emergency" say nothing of an item ("the ongoing construction of ML-1" does).
        (Attempts at one place, in windows of a few dozen characters: no timeout.)"""
        word = cue.text.lower()
        if word not in self.attributive:
            return False
        after = ATTRIBUTIVE_AFTER.match(text, cue.end, cue.end + 60)
        if after is None or after.group(1).lower().split()[0] in NOT_NOUN:
            return False
        if ATTRIBUTIVE_BEFORE.search(text, max(0, cue.start - 40), cue.start) is None:
            return False
        if word not in self.of_work:
            return True
        noun: list[str] = []
        for w in after.group(1).split():
            if w.lower() in NOT_NOUN:
                break
            noun.append(w)
        return not any(w[0].isupper() or w.lower() in self.work_nouns for w in noun)

    def _numeric(self, text: str, folded: str) -> Iterator[regex.Match[str]]:
        """Matches of the numeric cues ("60% complete"), looked for only around a per cent
        sign or word: every one holds one."""
        assert self.numeric is not None
        windows: list[tuple[int, int]] = []
        for i in starts_of(folded, PER_CENT):
            a, b = max(0, i - 16), min(len(text), i + 48)
            if windows and a <= windows[-1][1]:
                windows[-1] = (windows[-1][0], b)
            else:
                windows.append((a, b))
        for a, b in windows:
            yield from finditer(self.numeric, text, a, b)

    def _negated(self, text: str, start: int, hints: list[int] | None = None) -> bool:
        window_start = start - 60 if start > 60 else 0
        if hints is not None and not _any_between(hints, window_start, start):
            return False  # no negation word starts in the window
        before = text[window_start:start]
        ascii_window = before.isascii()
        # The window is 60 characters at most: the patterns below need no timeout there.
        # In an ASCII window with a hint after its first character and room for the longest
        # hint word, the hint pattern is sure to match: it is not run.
        sure = (
            ascii_window and hints is not None and _any_between(hints, window_start + 1, start - 6)
        )
        if self.negation_hint is not None and not sure and not self.negation_hint.search(before):
            return False
        if ascii_window:
            # WORDS in bytes: punctuation marks become ".", what is no word character a space.
            marked = before.encode().translate(ASCII_WORDS)
            # The last words after the last punctuation mark: a negation does not reach across.
            tail = marked[marked.rfind(b".") + 1 :].split()[-self.cues.negation_window :]
            return bool(tail) and _found(self.negation, b" ".join(tail).decode())
        words = WORDS.findall(before)
        tail = words[-self.cues.negation_window :]
        if any(w in ".;:!?," for w in tail):  # a negation does not reach across punctuation
            cut = max(i for i, w in enumerate(tail) if w in ".;:!?,")
            tail = tail[cut + 1 :]
        return bool(tail) and _found(self.negation, " ".join(tail))

    # -- claims -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        folded = folded_text(doc)
        ext = doc._  # (each doc._ builds an accessor object: one for the four attributes)
        proposing = (ext.source_kind or "") in PROPOSING_KINDS
        cues = self.find_cues(doc, text, proposing)
        # where the proposal gerunds of an op-ed or analysis start (none in other kinds)
        gerunds = (
            {
                c.start
                for c in cues
                if c.modality is RECOMMENDATION and c.text.lower() in self.gerunds
            }
            if proposing
            else set()
        )
        ext.cues = cues
        sents = sentences(doc)
        sent_starts, sent_bounds = sents.starts, sents.bounds
        mentions: list[Mention] = ext.items or []
        claims: list[Claim] = []
        framed: list[bool] = []
        venues: dict[int, int] = {}  # mention -> 1 a meeting where, 2 a time or speech venue
        # where a relative clause opens (", which ..."): its cue is its antecedent's
        relatives = starts_of(folded, RELATIVE_OPENINGS)
        speakers: set[int] = set()  # mentions named only as a speaker's employer
        speech: list[int] | None = None  # where speech verbs stand (SPEECH_HINTS)
        frame_word = None if self.frame_words is None else self.frame_words.search
        clause_cache: dict[int, list[tuple[int, int]]] = {}
        openings: dict[int, int] = {}  # sentence -> end of its descriptive opening, or -1
        appositions: dict[int, list[tuple[int, int]]] = {}  # sentence -> its descriptive ones
        participles: dict[int, int] = {}  # sentence -> end of its participle opening, or -1
        breaks = _literal_starts(text, self.breaks)
        # where ", as ... by X." or "according to X." may begin (see _attribution)
        as_sites = starts_of(text, AS_HINTS)
        purposes = _purposes(text, cues, sent_starts)
        if purposes:
            breaks = sorted({*breaks, *purposes})
        cue_starts = [c.start for c in cues]
        n_cues = len(cues)
        # No cue is longer than this, so a cue reaching into a clause starts less than this
        # before it: a bisection skips the cues before (cues can overlap: ends are unsorted).
        longest = max([c.end - c.start for c in cues], default=0)
        # where the items that are no party end: what a project or an initiative "will" do is
        # its effect, foretold; what an organization will do, a pledge ("Huawei will help")
        mention_ends: list[int] | None = None  # (made at the first "will" that needs them)
        forecasts: dict[int, bool] = {}  # cue start -> whether an item's future effect
        for index, mention in enumerate(mentions):
            m_start = mention.start
            # Sentences.index, inline: this loop runs for every mention.
            s_index = (bisect_right(sent_starts, m_start) or 1) - 1
            s_start, s_end = sent_bounds[s_index] if sent_bounds else (0, len(text))
            clauses = clause_cache.get(s_index)
            if clauses is None:
                clauses = clause_cache[s_index] = self._clauses(s_start, s_end, breaks)
            c_start, c_end = s_start, s_end
            if len(clauses) > 1:  # (most sentences are one clause)
                for a, b in clauses:
                    if a <= m_start < b:
                        c_start, c_end = a, b
                        break
            # Framed: the frame pattern runs only where a frame word stands in its window.
            first = m_start - 40 if m_start - 40 > s_start else s_start
            opening = openings.get(s_index)
            if opening is None:
                # (attempts at one place: no timeout, see base.REGEX_TIMEOUT)
                described = DESCRIPTIVE_OPENING.match(text, s_start, s_end)
                opening = openings[s_index] = -1 if described is None else described.end()
                appositions[s_index] = _appositions(text, folded, s_start, s_end)
                told = PARTICIPLE_OPENING.match(text, s_start, s_end)
                participles[s_index] = -1 if told is None else told.end()
            # Cues before a participle opening's comma are said of the subject after it only.
            participle = participles[s_index]
            if participle >= 0 and (
                m_start < participle
                or not any(
                    participle <= m.start < m_start for m in mentions[max(0, index - 8) : index]
                )
            ):
                participle = -1  # the subject itself, or in the opening: as any cue
            cue_floor = participle if participle >= 0 else -1
            speaker = False
            if mention.kind == ORGANIZATION:
                if speech is None:  # found once, at the first organization
                    speech = sorted(i for w in SPEECH_HINTS for i in find_all(folded, w))
                # (a speech verb within reach before or after, or no speaker: most are not)
                k = bisect_left(speech, max(s_start, m_start - 60))
                if k < len(speech) and speech[k] < min(s_end, mention.end + 100):
                    speaker = _speaker(text, m_start, mention.end, s_start, s_end)
            if (not speaker and index - 1 in speakers
                    and text[mentions[index - 1].end : m_start].strip() == "("):  # fmt: skip
                speaker = True  # its acronym: "according to Board of Investment (BOI) sources"
            if speaker:
                speakers.add(index)
            elif mention.kind == ORGANIZATION:
                assert speech is not None
                k = bisect_left(speech, s_start)  # (a speech verb in the sentence: few are)
                if (
                    k < len(speech)
                    and speech[k] < s_end
                    and _source(text, mentions, index, s_start, speakers)
                ):
                    speakers.add(index)  # a source, said nothing of: no partner
            # a named meeting as the time of what the sentence tells, or its place
            meeting = 0  # 1: at (or during) it; 2: the time or where a statement was made
            if MEETING_SITES.search(folded, m_start, mention.end) is not None:
                meeting = _meeting(text, m_start, s_start)
            elif (
                index - 1 in venues
                and mention.kind == INITIATIVE
                and OF_GAP.fullmatch(text, mentions[index - 1].end, m_start) is not None
            ):
                meeting = venues[index - 1]  # "a meeting of the 10th JCC of the CPEC"
            if meeting:
                venues[index] = meeting
            is_framed = (
                speaker
                or meeting == 2
                or mention.end < opening
                or _attribution(text, m_start, mention.end, s_end, as_sites)
                or any(a < m_start and mention.end < b for a, b in appositions[s_index])
                or (
                    (frame_word is None or frame_word(folded, first, m_start) is not None)
                    # (a short window: no timeout, see base.REGEX_TIMEOUT)
                    and self.frame.search(text[first:m_start]) is not None
                )
                or _role_framed(text, folded, m_start, s_start)
                or (
                    mention.kind == INITIATIVE
                    and IN_OPENING.fullmatch(text, s_start, m_start) is not None
                )
                or (
                    index > 0
                    and framed[-1]
                    and mentions[index - 1].end >= opening  # (the opening's comma ends a list)
                    and self._coordinated(text, mentions, index, s_start)
                )
            )
            # An initiative naming what the sentence speaks of ("CPEC projects", "BRI-funded")
            # is framed by it, but for trouble: "militants attacked CPEC-linked projects",
            # "delays in CPEC projects" are CPEC's problems (real-article QA).
            modifier = (
                not is_framed
                and mention.kind == INITIATIVE
                and (
                    self._modifier(text, mention.end)
                    # "CPEC Kohala Hydro power project": the name of another item follows
                    # (real-article QA, set X pattern 6), or "the JCC of the CPEC" precedes
                    or (
                        index + 1 < len(mentions)
                        and text[mention.end : mentions[index + 1].start] in (" ", "-")
                    )
                    or (
                        index > 0
                        and OF_GAP.fullmatch(text, mentions[index - 1].end, m_start) is not None
                    )
                )
            )
            framed.append(is_framed or modifier)
            if is_framed:
                claims.append(Claim(index, s_index, MENTION, None, False))
                continue
            # The cue nearest to the mention in its clause (inline: this loop runs for every
            # mention); a cue inside the mention's own name says nothing of it.
            cue = None
            best_distance = 1 << 30
            m_end = mention.end
            # another item's relative clause after this one: its cues are not this item's
            other_from, other_to = _others_relative(text, relatives, mentions, index, c_end)
            for k in range(bisect_right(cue_starts, c_start - longest), n_cues):
                candidate = cues[k]
                if candidate.start >= c_end:
                    break
                if (
                    candidate.end <= c_start
                    or (candidate.start < m_end and m_start < candidate.end)
                    or candidate.end <= cue_floor
                    or other_from <= candidate.start < other_to
                    or (meeting and candidate.modality is PROBLEM)
                    # a proposal gerund proposes its object, after it, not what comes before
                    or (gerunds and candidate.start >= m_end and candidate.start in gerunds)
                ):
                    continue
                if candidate.end <= m_start:
                    distance = m_start - candidate.end
                else:
                    distance = candidate.start - m_end
                if distance < best_distance:
                    cue, best_distance = candidate, distance
            if cue is None and len(clauses) > 2:
                cue = _past_dashes(text, clauses, m_start, m_end, c_start, c_end, cues, cue_starts)
            if cue is None or (modifier and cue.modality != PROBLEM):
                claims.append(Claim(index, s_index, MENTION, None, False))
                continue
            if cue.end <= m_start and (text[m_end : m_end + 1] in (",", " ")):
                relative = _relative_cue(text, m_end, c_end, cues, cue_starts)
                if relative is not None:
                    cue = relative
            if cue.start >= m_end:
                # a comma right after the item's name (and its head: "project (OLMT)")
                comma = text.find(",", m_end, cue.start)
                if (0 <= comma - m_end <= APPOSITION_HEAD
                        and SUBJECT_LEAD.match(text, c_start, m_start) is not None):  # fmt: skip
                    nxt = mentions[index + 1].start if index + 1 < len(mentions) else c_end
                    cue = self._past_apposition(text, cue, cues, cue_starts, comma,
                                                min(nxt, c_end))  # fmt: skip
            if cue.text.lower() in NOMINAL and not cue.negated:
                cue = _advised(cues, cue_starts, c_start, c_end) or cue
            modality = cue.modality
            if (modality == DELIVERY and mention.kind in BEGUN_WHEN_LAUNCHED
                    and cue.text.lower() == "launched"):  # fmt: skip
                modality = PROGRESS
            if (modality == PLEDGE and cue.text.lower().startswith(WILL)
                    and SOON_AFTER.match(text, cue.end, c_end) is not None):  # fmt: skip
                modality = EXPECTATION  # "will be signed soon", "will open soon": a forecast
            if modality == PLEDGE and cue.text.lower() in WILL:
                if mention_ends is None:
                    mention_ends = sorted(m.end for m in mentions if m.kind != ORGANIZATION)
                if self._item_forecast(text, cue, mention_ends, forecasts):
                    modality = EXPECTATION  # "Gwadar Port will have a unique place": a forecast
            if proposing and modality == PLEDGE and GERUND_SUBJECT.match(text, s_start):
                modality = RECOMMENDATION  # "Establishing X will enable ...": a proposal
            claims.append(Claim(index, s_index, modality, cue.text, cue.negated))
        self._carry_problems(mentions, claims, cues, cue_starts, clause_cache, framed)
        ext.claims = claims
        ext.speakers = speakers
        if any(framed):
            _reattach(doc, mentions, framed, claims)
        return doc

    def _item_forecast(self, text: str, cue: Cue, mention_ends: list[int],
                       forecasts: dict[int, bool]) -> bool:  # fmt: skip
        """Whether a "will" foretells its subject item's effect or place ("Gwadar Port will
        have a unique place in the BRI", "CPEC will speed up industrialisation"): a forecast
        for the items of its clause, not a pledge. (Attempts at one place: no timeout.)"""
        known = forecasts.get(cue.start)
        if known is not None:
            return known
        found = False
        if FORECAST_AFTER.match(text, cue.start) is not None or (
            self.effect.match(text, cue.start) is not None
            and OWN_STEP_AFTER.match(text, cue.start) is None
        ):
            k = bisect_right(mention_ends, cue.start)
            found = (
                k > 0 and SUBJECT_GAP.fullmatch(text, mention_ends[k - 1], cue.start) is not None
            )
        forecasts[cue.start] = found
        return found

    @staticmethod
    def _past_apposition(text: str, cue: Cue, cues: list[Cue], cue_starts: list[int],
                         comma: int, end: int) -> Cue:  # fmt: skip
        """ "The Orange Line, launched in 2015, was delayed by two years": the nearest cue
        stands in an apposition to the item the sentence opens with, which says what it
        was; the cue after the apposition, before any other item, says what the sentence
        says of it."""
        close = text.find(",", cue.end, end)
        if comma >= end or close < 0:
            return cue
        k = bisect_right(cue_starts, close)
        if k < len(cues) and cues[k].start < end:
            return cues[k]
        return cue

    @staticmethod
    def _carry_problems(mentions: list[Mention], claims: list[Claim], cues: list[Cue],
                        cue_starts: list[int], clause_cache: dict[int, list[tuple[int, int]]],
                        framed: list[bool]) -> None:  # fmt: skip
        """A problem stated in a clause naming no item ("X was completed in 2021, but no
        enterprise has commenced production") is said of the items of the clause before."""
        by_sentence: dict[int, list[Claim]] = {}
        for s_index, clauses in clause_cache.items():
            if len(clauses) < 2:
                continue
            if not by_sentence:
                for claim in claims:
                    by_sentence.setdefault(claim.sentence, []).append(claim)
            sentence_claims = by_sentence.get(s_index, [])
            holders = [
                [c for c in sentence_claims if a <= mentions[c.mention].start < b]
                for a, b in clauses
            ]
            for n, (a, b) in enumerate(clauses):
                if n == 0 or holders[n]:
                    continue
                problem = _first_problem(cues, bisect_left(cue_starts, a), b)
                if problem is None:
                    continue
                previous = next((h for h in reversed(holders[:n]) if h), [])
                for claim in previous:
                    if claim.modality != PROBLEM and not framed[claim.mention]:
                        claim.modality = PROBLEM
                        claim.cue = problem.text
                        claim.negated = problem.negated

    @staticmethod
    def _clauses(start: int, end: int, breaks: list[int]) -> list[tuple[int, int]]:
        """A sentence's clauses, given where every clause break of the text starts."""
        i = bisect_left(breaks, start)
        if i == len(breaks) or breaks[i] >= end:
            return [(start, end)] if end > start else []
        cuts = [start]
        while i < len(breaks) and breaks[i] < end:
            cuts.append(breaks[i])
            i += 1
        cuts.append(end)
        return [(a, b) for a, b in pairwise(cuts) if b > a]

    @staticmethod
    def _modifier(text: str, end: int) -> bool:
        """Whether an initiative ending at `end` is a modifier ("the CPEC project will
        generate ..."): what the sentence says is said of the project."""
        # "the BRI's flagship initiative", "CPEC's second phase": a possessive names what
        # the sentence is about, of which the initiative is the frame.
        if text[end : end + 2] in POSSESSIVE and not text[end + 2 : end + 3].isalnum():
            return True
        # Every match starts with a space, "(" or "-" ("CPEC, the ...": none).
        if end >= len(text) or not (text[end].isspace() or text[end] in "(-"):
            return False
        # (an attempt at one place: no timeout, see base.REGEX_TIMEOUT)
        return MODIFIER_AFTER.match(text, end) is not None

    def _coordinated(self, text: str, mentions: list[Mention], index: int, s_start: int) -> bool:
        """Whether a mention is coordinated with the framed one before it ("under CPEC and
        the BRI", "CPEC (CPEC)")."""
        mention, previous = mentions[index], mentions[index - 1]
        gap = text[previous.end : mention.start]
        if (
            gap.startswith(",")
            and previous.start - s_start < 40
            # (one attempt at a short stretch: no timeout, see base.REGEX_TIMEOUT)
            and self.opening_frame.fullmatch(text, s_start, previous.start) is not None
        ):
            return False
        return previous.end >= s_start and (
            self.coordination.match(gap) is not None  # one attempt, linear: no timeout
            or (gap.strip() == "(" and previous.key == mention.key)
        )


def _headline_futures(text: str, bounds: list[tuple[int, int]], cues: list[Cue]) -> list[Cue]:
    """Cues of a headline's future (HEADLINE_FUTURE), one at most a sentence that ends with
    no end punctuation and has no cue before it."""
    out = []
    for start, end in bounds:
        if text[end - 1] in ".!?\"”'’":
            continue
        # (one anchored attempt in a bounded window: no timeout needed)
        found = HEADLINE_FUTURE.match(text, start, min(end, start + HEADLINE_WORDS))
        if found is None:
            signed = HEADLINE_SIGN.match(text, start, min(end, start + HEADLINE_WORDS))
            if signed is not None and not any(start <= c.start < signed.end(1) for c in cues):
                a, b = signed.span(1)
                out.append(Cue(a, b, Modality.AGREEMENT, text[a:b]))
            continue
        if any(start <= c.start < found.end(1) for c in cues):
            continue
        if HEADLINE_ASKING.search(text, start, found.start(1)) is not None:
            continue
        a, b = found.span(1)
        modality = EXPECTATION if text.startswith("be", a + 3) else PLEDGE
        out.append(Cue(a, b, modality, text[a:b]))
    return out


def _suggestion_said(text: str, cue: Cue) -> bool:
    """Whether a "suggested" cue reports what someone said (SUGGESTION_SAID), proposing
    nothing. (An attempt at one place, in a bounded window: no timeout.)"""
    if cue.modality is not RECOMMENDATION or cue.text.lower() not in SUGGEST:
        return False
    stop = cue.end + 150
    for mark in (".", ";", ":", "!", "?", "\n\n"):  # (a hard-wrapped line goes on)
        k = text.find(mark, cue.end, stop)
        if k >= 0:
            stop = k
    return SUGGESTION_SAID.match(text, cue.end, stop) is not None


def _purposes(text: str, cues: list[Cue], sent_starts: list[int]) -> list[int]:
    """Where a purpose clause opens after a realis step (PURPOSE_AFTER, and one of serving
    after the step's object, PURPOSE_SERVING_AFTER), or where a sentence's opening purpose
    ends (PURPOSE_OPENING): a clause break there keeps the step from the purpose's items.
    (Attempts at one place: no timeout.)"""
    out = []
    if cues:
        for s_start in sent_starts:
            if text.startswith("To ", s_start):
                opening = PURPOSE_OPENING.match(text, s_start, s_start + 200)
                if opening is not None:
                    out.append(opening.end() - 1)
    for cue in cues:
        end = cue.end
        if (
            cue.modality in REALIS
            and not cue.negated
            and text.find(" to", end, end + 60) >= 0
            and (serving := PURPOSE_SERVING_AFTER.match(text, end, end + 90)) is not None
        ):
            out.append(serving.start("to"))
            continue
        # (the marks the patterns need, looked for first: most cues have none after them)
        hinted = PURPOSE_HINT.search(text, end, end + 12) is not None
        if not hinted and not text.startswith(" to ", end):
            continue
        if cue.modality not in REALIS or cue.negated:
            continue
        found = PURPOSE_AFTER.match(text, end, end + 80) if hinted else None
        if found is None and cue.text.lower().endswith(FOUNDING_STEPS):
            found = PURPOSE_BARE_AFTER.match(text, end, end + 40)
        if found is not None:
            out.append(end)
    return out


def _preparatory(text: str, folded: str, cue: Cue) -> bool:
    """Whether a completion is of a preparatory step (PREPARATORY): its object right after
    ("completed the feasibility of"), or its subject before ("the feasibility study of ML-1
    has been completed"). (Attempts at one place, in short windows: no timeout.)"""
    if "omplet" not in cue.text and "inish" not in cue.text:
        return False
    # (most completions have no preparatory word near them: a look for its stems first)
    first, last = max(0, cue.start - 120), cue.end + 60
    if all(folded.find(stem, first, last) < 0 for stem in PREPARATORY_STEMS):
        return False
    if PREPARATORY_AFTER.match(text, cue.end, cue.end + 60) is not None:
        return True
    return PREPARATORY_BEFORE.search(text, max(0, cue.start - 120), cue.start) is not None


def _planned_steps(text: str, cues: list[Cue]) -> None:
    """A step named as a noun (NOMINAL_STEPS) whose own predicate is a future ("the
    groundbreaking of the KCR, a CPEC project, would be performed by December") is planned:
    it takes the modality of that future, which stands after it in the same clause."""
    for k in range(len(cues) - 1):
        cue = cues[k]
        if cue.modality is not PROGRESS and cue.modality is not DELIVERY:
            continue  # (every step of NOMINAL_STEPS is one of these)
        if cue.negated or cue.text.lower() not in NOMINAL_STEPS:
            continue
        nxt = cues[k + 1]
        if nxt.modality not in IRREALIS or nxt.negated or nxt.start - cue.end > STEP_REACH:
            continue
        # (searches of a bounded window and an attempt at one place: no timeout)
        if STEP_GAP_STOP.search(text, cue.end, nxt.start) is not None:
            continue
        if nxt.text.lower().endswith(" be") or STEP_FUTURE_AFTER.match(text, nxt.end) is not None:
            cue.modality = nxt.modality


def _foretold(text: str, cues: list[Cue]) -> None:
    """A forecast or hope that takes a clause ("hopes that", "is confident that") makes the
    futures of that clause forecasts: in "We hope that this new phase of CPEC will now
    establish ...", the "will" nearest the item foretells. Futures after it in the same
    sentence, within FORECAST_REACH, turn from pledges into expectations."""
    if not any(c.modality == EXPECTATION and c.text.endswith(" that") for c in cues):
        return  # (no forecast that takes a clause: most texts)
    reach = -1
    for cue in cues:
        if (
            cue.start < reach
            and cue.modality == PLEDGE
            and not cue.negated
            and cue.text[:5].lower().startswith(FUTURES)
        ):
            cue.modality = EXPECTATION
        if cue.modality == EXPECTATION and cue.text.lower().endswith(" that"):
            stop = cue.end + FORECAST_REACH
            for mark in (". ", ";", "? ", "! ", "\n"):
                k = text.find(mark, cue.end, stop)
                if k >= 0:
                    stop = k
            reach = stop


def _advised(cues: list[Cue], cue_starts: list[int], start: int, end: int) -> Cue | None:
    """The first recommendation cue of a clause, if any: a step named as a noun ("timely
    operationalisation of SEZs should be a priority") is advised there, not reported."""
    for cue in islice(cues, bisect_left(cue_starts, start), None):
        if cue.start >= end:
            break
        if cue.modality == RECOMMENDATION and not cue.negated:
            return cue
    return None


def _attribution(text: str, start: int, end: int, s_end: int, as_sites: list[int]) -> bool:
    """Whether the item is who a sentence is attributed to, at its end ("..., the Xinhua
    News Agency reported on Tuesday."): what the sentence says is not said of it."""
    # (attempts at one place: no timeout, see base.REGEX_TIMEOUT)
    if (
        text[end : end + 1] == " "
        and ATTRIBUTED_BEFORE.search(text, max(0, start - 8), start) is not None
        and ATTRIBUTION_AFTER.match(text, end, s_end) is not None
    ):
        return True
    # (one of AS_HINTS stands in the window where AS_ATTRIBUTED_BEFORE can match)
    first = max(0, start - 80)
    if not _any_between(as_sites, first, start):
        return False
    return (
        AS_ATTRIBUTED_BEFORE.search(text, first, start) is not None
        and AS_ATTRIBUTED_AFTER.match(text, end, s_end) is not None
    )


def _partial(before: str) -> bool:
    """Whether a share of the work stands in the words before a completion cue (looked for
    only where a per cent does; a search of a short window: no timeout)."""
    return ("%" in before or "cent" in before) and PARTIAL_BEFORE.search(before) is not None


def _speaker(text: str, start: int, end: int, s_start: int, s_end: int) -> bool:
    """Whether an organization is named only as where a statement's speaker works (see
    SPEAKER_SAID_BEFORE): what the sentence says is not said of it, and it is no partner.
    (Attempts at one place, in windows of a few dozen characters: no timeout, see
    base.REGEX_TIMEOUT.)"""
    before = text[max(s_start, start - 60) : start]
    after_end = min(s_end, end + 100)
    said = SPEAKER_SAID_BEFORE.search(before)
    if said is not None:
        # "said official sources in X", or "said X Project Director Y"
        return (
            bool(regex.search(r"(?i)officials?|sources?|spokes", said.group()))
            or SPEAKER_TITLE_AFTER.match(text, end, after_end) is not None
            # "according to Board of Investment (BOI) sources" (real-article QA)
            or SOURCES_AFTER.match(text, end, after_end) is not None
        )
    if SPEAKER_OF_BEFORE.search(before) is not None:
        return SPEECH_AFTER.match(text, end, after_end) is not None
    return SPEAKER_AFTER.match(text, end, after_end) is not None


def _source(text: str, mentions: list[Mention], index: int, s_start: int,
            speakers: set[int]) -> bool:  # fmt: skip
    """Whether an organization is named as the source of a statement, not as its speaker's
    frame (SUBJECT_SPEECH_AFTER, AFFILIATION_BEFORE, UNDER_SOURCE_GAP). (Attempts at one
    place, in short windows: no timeout.)"""
    mention = mentions[index]
    start, end = mention.start, mention.end
    if (PARTNER_BEFORE.search(text, max(s_start, start - 30), start) is not None
            or PARTNER_AFTER.match(text, end, end + 80) is not None):  # fmt: skip
        return False
    if (SOURCE_LEAD.fullmatch(text, s_start, start) is not None
            and SUBJECT_SPEECH_AFTER.match(text, end, end + 80) is not None):  # fmt: skip
        return True
    if AFFILIATION_BEFORE.search(text, max(s_start, start - 40), start) is not None:
        return True
    return (
        index - 1 in speakers
        and mentions[index - 1].end >= s_start
        and UNDER_SOURCE_GAP.fullmatch(text, mentions[index - 1].end, start) is not None
    )


def _meeting(text: str, start: int, s_start: int) -> int:
    """What a named meeting is to its sentence: 2 the time of what it tells ("in the wake
    of the 11th JCC") or where a statement was made ("she said at the Forum"), 1 where it
    happened ("during a meeting of the 10th JCC"), else 0. (Searches of a short window: no
    timeout.)"""
    first = max(s_start, start - MEETING_REACH)
    if ANCHOR_BEFORE.search(text, first, start) or SAID_AT_BEFORE.search(text, first, start):
        return 2
    return 1 if VENUE_BEFORE.search(text, first, start) is not None else 0


def _role_framed(text: str, folded: str, start: int, s_start: int) -> bool:
    """Whether a role noun frames the item starting at `start` (ROLE_FRAME: "the flagship
    hub of CPEC"), looked for only where a role word stands in the folded window."""
    first = max(s_start, start - ROLE_REACH)
    if ROLE_SITES.search(folded, first, start) is None:
        return False
    # (a search of a short window: no timeout, see base.REGEX_TIMEOUT)
    return ROLE_FRAME.search(text, first, start) is not None


def _others_relative(text: str, relatives: list[int], mentions: list[Mention], index: int,
                     c_end: int) -> tuple[int, int]:  # fmt: skip
    """Where the first relative clause after mentions[index] in its clause stands, if another
    item stands between them ("Gwadar Port is a hub for CPEC, which aims to ..."): the
    clause says what that item does. (0, 0) if none."""
    m_end = mentions[index].end
    k = bisect_left(relatives, m_end)
    if k == len(relatives) or relatives[k] >= c_end:
        return 0, 0
    opening = relatives[k]
    if index + 1 >= len(mentions) or mentions[index + 1].start >= opening:
        return 0, 0  # no other item nearer to it: its own, or a noun's ("a zone, which ...")
    close = text.find(",", opening + 2, c_end)
    return opening, close if close >= 0 else c_end


def _relative_cue(text: str, m_end: int, c_end: int, cues: list[Cue],
                  cue_starts: list[int]) -> Cue | None:  # fmt: skip
    """The first cue in a relative clause opening right after an item (RELATIVE_AFTER), if
    there is one."""
    # (an attempt at one place: no timeout, see base.REGEX_TIMEOUT)
    clause = RELATIVE_AFTER.match(text, m_end, c_end)
    if clause is None:
        return None
    j = bisect_left(cue_starts, m_end)
    return cues[j] if j < len(cues) and cues[j].start < clause.end() else None


def _appositions(text: str, folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """The descriptive appositions of the sentence text[start:end] (DESCRIPTIVE_APPOSITION),
    looked for only where one of its words follows a comma in the folded text."""
    if not any(folded.find(w, start, end) >= 0 for w in (", one of", ", part of", ", among")):
        return []
    # (a scan of one sentence: no timeout, see base.REGEX_TIMEOUT)
    return [m.span() for m in DESCRIPTIVE_APPOSITION.finditer(text, start, end)]


def _past_dashes(text: str, clauses: list[tuple[int, int]], m_start: int, m_end: int,
                 c_start: int, c_end: int, cues: list[Cue], cue_starts: list[int]) -> Cue | None:  # fmt: skip
    """ "The ML-1 project – the lone strategic project of CPEC – was approved": an item that
    opens its clause, a dash right after it, takes the first cue of the clause after the
    closing dash (the dashes hold an apposition; its clause breaks cut the item from what
    the sentence says of it)."""
    if c_end - m_end > APPOSITION_HEAD or not text.startswith(DASHES, c_end):
        return None
    if (SUBJECT_LEAD.match(text, c_start, m_start) is None
            and NAME_LEAD.fullmatch(text, c_start, m_start) is None):  # fmt: skip
        return None
    for k, (a, _) in enumerate(clauses[:-1]):
        if a == c_end:
            after, end = clauses[k + 1]
            if not text.startswith(DASHES, after):
                return None
            j = bisect_left(cue_starts, after)
            return cues[j] if j < len(cues) and cues[j].start < end else None
    return None


def _any_between(starts: list[int], first: int, end: int) -> bool:
    """Whether some of the ascending starts lies in [first, end)."""
    i = bisect_left(starts, first)
    return i < len(starts) and starts[i] < end


def _longest_first(spans: list[Span], taken: list[Span] | None = None) -> list[Span]:
    """The longest spans that overlap nothing kept before them (nor `taken`, which is sorted
    by start), by start; of equally long ones the leftmost, then the first given.

    What is kept in one run of overlapping spans cannot overlap another run, so the choice is
    made run by run, and a span that overlaps nothing (most) is simply kept."""
    if taken:
        return _greedy(spans, range(len(spans)), taken)
    kept: list[Span] = []
    run: list[int] = []
    run_end = -1
    by_start = sorted([(span[0], span[1], n) for n, span in enumerate(spans)])
    for start, end, n in [*by_start, (1 << 62, 0, -1)]:  # (the last closes the last run)
        if start < run_end:
            run.append(n)
            run_end = max(run_end, end)
            continue
        if len(run) == 1:
            kept.append(spans[run[0]])
        elif len(run) == 2:  # the longer of two, else the leftmost (by_start's order)
            first, second = spans[run[0]], spans[run[1]]
            kept.append(second if second[1] - second[0] > first[1] - first[0] else first)
        elif run:
            kept += _greedy(spans, run)
        run, run_end = [n], end
    return kept


def _greedy(
    spans: list[Span], chosen: Iterable[int], taken: list[Span] | None = None
) -> list[Span]:
    """_longest_first over spans[n] for n in chosen, by the rule itself.

    Kept spans never overlap, so sorted by start they are sorted by end too: one bisection
    finds the only span a new one could overlap (linearithmic, whatever the text)."""
    starts = [span[0] for span in taken or ()]
    ends = [span[1] for span in taken or ()]
    kept: list[Span] = []
    for _, start, n in sorted([(spans[n][0] - spans[n][1], spans[n][0], n) for n in chosen]):
        end = spans[n][1]
        i = bisect_left(starts, end)
        if i and ends[i - 1] > start:
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.append(spans[n])
    kept.sort()  # by start: kept spans never share one
    return kept


def _governing(modals: list[Cue], ends: list[int], cue: Cue, text: str) -> Cue | None:
    """The modal right before a realis cue ("will be" completed), if one governs it.
    `ends` are the modals' ends, ascending (modals do not overlap)."""
    i = bisect_right(ends, cue.start)
    if not i or cue.start - ends[i - 1] > 40:
        return None
    best = modals[i - 1]
    if best.end == cue.start or _modal_gap(text[best.end : cue.start]):
        return best
    return None


@lru_cache(maxsize=4096)
def _modal_gap(gap: str) -> bool:
    """Whether MODAL_GAP allows `gap` between a modal and its realis cue; remembered, as the
    same few gaps (" ", " be ", " soon be ") come back in every text."""
    return MODAL_GAP.match(" " + gap + " ") is not None


@lru_cache(maxsize=4096)
def _found(pattern: regex.Pattern[str], words: str) -> bool:
    """pattern.search in a few words (short: no timeout needed); remembered, as the same few
    words ("has not been") come back in every text."""
    return pattern.search(words) is not None


def _passive_would(text: str, folded: str, start: int) -> bool:
    """PASSIVE_WOULD at start (one attempt: no timeout); most expectation cues are not "would",
    which the folded text tells without running the pattern."""
    return folded.startswith("would", start) and bool(PASSIVE_WOULD.match(text, start))


def _first_problem(cues: list[Cue], first: int, end: int) -> Cue | None:
    """The first problem cue from cues[first] that starts before `end`."""
    for cue in islice(cues, first, None):
        if cue.start >= end:
            return None
        if cue.modality == PROBLEM:
            return cue
    return None


# The literal starts of NEGATION_HINT's words, in the folded text: str.find over these is a
# superset of its matches (the window test then runs the pattern itself).
HINT_LITERALS = ("no", "ne", "n'", "n’", "yet", "without", "hardly", "cannot")


def _hint_starts(text: str, folded: str) -> list[int]:
    """Where a negation word may start: a hint literal not right after a word character."""
    starts = []
    for literal in HINT_LITERALS:
        i = folded.find(literal)
        while i != -1:
            if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
                starts.append(i)
            i = folded.find(literal, i + 1)
    starts.sort()
    return starts


def _hinted(negations: list[str]) -> bool:
    """Whether NEGATION_HINT finds the first word of every negation phrase."""
    return all(NEGATION_HINT.match(p.split()[0] if p.split() else p) for p in negations)


def _literal_starts(text: str, literals: list[str]) -> list[int]:
    """Where finditer of the alternation of `literals` (tried in this order) matches: every
    occurrence by str.find, then leftmost first, at one start the earlier literal, no overlap.
    A regex scan of the whole text costs about the tokenizer's time; str.find a tenth.
    Literals sharing their first two characters (", but", ", while" ...) are found by one
    scan for those two, each place tested at once for all of them (startswith of a tuple)."""
    groups: dict[str, list[int]] = {}
    for rank, literal in enumerate(literals):
        groups.setdefault(literal[:2] if len(literal) > 2 else literal, []).append(rank)
    hits: list[tuple[int, int]] = []
    for prefix, ranks in groups.items():
        if len(ranks) == 1:
            literal = literals[ranks[0]]
            i = text.find(literal)
            while i != -1:
                hits.append((i, ranks[0]))
                i = text.find(literal, i + 1)
            continue
        group = tuple(literals[rank] for rank in ranks)
        i = text.find(prefix)
        while i != -1:
            if text.startswith(group, i):
                hits += [(i, rank) for rank in ranks if text.startswith(literals[rank], i)]
            i = text.find(prefix, i + 1)
    hits.sort()
    starts: list[int] = []
    end = 0
    for i, rank in hits:
        if i >= end:
            starts.append(i)
            end = i + len(literals[rank])
    return starts


def _reattach(doc: Doc, mentions: list[Mention], framed: list[bool], claims: list[Claim]
              ) -> None:  # fmt: skip
    """A sum or capacity belongs to the nearest item of its sentence that is not a frame or
    a speaker: in "Envisaged under CPEC ..., it will now cost $13 million" the cost is the
    project's, not CPEC's (corridor.amounts.v1 attached it before frames were known)."""
    ext = doc._
    figures = [*(ext.amounts or []), *(ext.capacities or [])]
    if not figures:
        return
    # only the figures of a sentence with a frame in it can change hands (each claim knows
    # its mention's sentence)
    framing = {c.sentence for c in claims if framed[c.mention]}
    sents = sentences(doc)
    moved = [f for f in figures if sents.index(f.start) in framing]
    if not moved:
        return
    for figure in moved:
        figure.item_id = figure.item_key = None
    attach(doc, moved, [mentions[c.mention] for c in claims
                        if c.sentence in framing and not framed[c.mention]])  # fmt: skip
