"""`corridor claims review` and `items split`: what they check before opening the database."""

from pathlib import Path

import pytest
from tests.test_cli import run


@pytest.mark.parametrize(
    "options",
    [
        ["--accept", "--reject"],
        ["--accept", "--set-modality", "delivery"],
        ["--reject", "--set-item", "gwadar-port"],
        [],
    ],
)
def test_claims_review_names_a_conflict_of_options_before_the_claim(
    tmp_path: Path, options: list[str]
) -> None:
    # QA: `review nope --accept --reject` answered E402 "no claim", not the conflict (E403,
    # the README's example). The conflict needs no database: not even one that exists.
    database = tmp_path / "never-made.db"
    result = run("claims", "review", "nope", *options, db=f"sqlite:///{database}")
    assert result.returncode == 1
    assert result.stderr.startswith("error E403: invalid request: give exactly one of --accept")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not database.exists()


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--claims", "nope1234,nope5678", "--name", "  "], "the new item needs a name"),
        (["--claims", "nope1234", "--name", ""], "the new item needs a name"),
        (["--claims", " , ", "--name", "Phase II"], "give the claims to move"),
    ],
)
def test_items_split_names_a_missing_value_before_the_claims(
    tmp_path: Path, options: list[str], said: str
) -> None:
    # QA: a blank --name was refused only after the claim ids were looked up: with a
    # mistyped id it answered E402 "no claim", and without a database an E2xx. Neither the
    # name nor the list of claims needs the database, so they are checked first (E403).
    database = tmp_path / "never-made.db"
    result = run("items", "split", "gwadar-port", *options, db=f"sqlite:///{database}")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error E403: invalid request: {said}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not database.exists()


def test_items_merge_into_itself_is_said_before_the_database(tmp_path: Path) -> None:
    database = tmp_path / "never-made.db"
    result = run("items", "merge", "gwadar-port", "gwadar-port", db=f"sqlite:///{database}")
    assert result.returncode == 1
    assert result.stderr.startswith("error E403: invalid request: cannot merge an item into itself")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not database.exists()
