"""Numbers written in words ("twenty-four", "two dozen", "seven hundred"), shared by
corridor.amounts.v1 and corridor.statistics.v1, and ordinals ("fourteenth"), shared by the
gazetteer and the candidates."""

from __future__ import annotations

import regex

UNITS_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
WORD_SPLIT = regex.compile(r"[-\s]+")
# "first" is ORDINALS[0]: a numbered sitting is written in either form ("14th", "fourteenth").
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth", "twentieth")  # fmt: skip


def word_number(text: str) -> float | None:
    """The value of a number in words ("Twenty-four" 24, "two dozen" 24, "one hundred and
    fifty" 150, "a hundred" 100, "half a" 0.5, as in "half a million"), else None."""
    words = WORD_SPLIT.split(text.casefold().strip())
    if len(words) == 2 and words[1] == "dozen":
        return 12.0 * ({"a": 1, "two": 2, "three": 3}.get(words[0], 0) or 0) or None
    if words == ["half", "a"]:  # "half a million": the scale word is the caller's
        return 0.5
    if len(words) > 1 and words[0] == "a" and words[1] == "hundred":
        words = words[1:]  # "a hundred"
    total = 0
    for word in words:
        if word in TENS_WORDS:
            total += TENS_WORDS[word]
        elif word in UNITS_WORDS:
            total += UNITS_WORDS[word]
        elif word == "one":
            total += 1
        elif word == "hundred":
            total = max(total, 1) * 100
        elif word == "and" and total:
            continue
        else:
            return None
    return float(total) if total else None
