"""A bad CORRIDOR_* setting stops a command that reads documents before it reads one."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests.test_cli import CORRIDOR, run

EXAMPLE = Path(__file__).parent.parent / "examples" / "op-ed-zardari-visit-2025.txt"
HINT = "(hint: fix or unset that variable; the README's settings table gives each one's meaning)"


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("CORRIDOR_OVERDUE_MONTHS", "abc", "input should be a valid integer"),
        ("CORRIDOR_MAX_TEXT_CHARS", "-1", "input should be greater than 0"),
    ],
)
@pytest.mark.parametrize(("command", "target"), [("extract", "file"), ("extract", "-"),
                                                 ("ingest", "file"), ("ingest", "-")])  # fmt: skip
def test_a_bad_setting_is_one_line_before_any_document_is_read(
    tmp_path: Path, command: str, target: str, variable: str, value: str, says: str
) -> None:
    # QA: each document failed in turn with E900 "unexpected error ... report it" wrapping
    # the E113, and ingest counted it as a failed document.
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert run("db", "init", db=db).returncode == 0
    env = {**os.environ, "CORRIDOR_DATABASE_URL": db, variable: value}
    result = subprocess.run(
        [CORRIDOR, command, str(EXAMPLE) if target == "file" else "-"],
        input=EXAMPLE.read_text("utf-8"), capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error E113: bad setting {variable}={value!r}: {says}")
    assert line.endswith(HINT) and "E900" not in line
    assert json.loads(run("claims", "list", "--format", "json", db=db).stdout) == []
