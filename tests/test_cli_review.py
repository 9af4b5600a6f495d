"""`corridor claims review`: what it checks before it opens the database."""

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
