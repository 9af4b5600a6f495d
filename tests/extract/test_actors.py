import re

from corridor.extract.actors import _heads
from corridor.extract.base import literal_tree


def test_prefix_tree_matches_where_any_word_starts() -> None:
    words = ["Prof", "Prof.", "Professor", "PM", "SAPM", "Mr", "H.E."]
    tree = re.compile(literal_tree(words))
    text = "SAPM Prof. Professor H.E. Mr PMX Pro"
    expected = sorted({i for w in words for i in range(len(text)) if text.startswith(w, i)})
    found = []
    match = tree.search(text)
    while match is not None:
        found.append(match.start())
        match = tree.search(text, match.start() + 1)
    assert found == expected


def test_heads_stop_at_space_and_apostrophe() -> None:
    assert _heads(["Prime Minister", "Chargé d'Affaires", "Xi'an Li"]) == ["Chargé", "Prime", "Xi"]
