import pytest

from corridor.extract.numbers import word_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Twenty-four", 24.0), ("two dozen", 24.0), ("one hundred and fifty", 150.0),
        ("a hundred", 100.0), ("half a", 0.5), ("two hundred", 200.0),
        ("a", None), ("half", None),
    ],
)  # fmt: skip
def test_word_number_hundreds_and_half(text, value):
    assert word_number(text) == value
