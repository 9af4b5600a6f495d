import re
from pathlib import Path

from corridor.errors import CATALOGUE, CorridorError

SRC = Path(__file__).parent.parent / "src" / "corridor"


def test_every_error_code_used_is_defined() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r"CorridorError\(\s*\"(E\d{3})\"", path.read_text("utf-8")))
    assert used, "no error codes found: the pattern is stale"
    assert used <= set(CATALOGUE), sorted(used - set(CATALOGUE))


def test_error_renders_one_line_and_api_shape() -> None:
    error = CorridorError("E105", 'pillar "enrgy"', where="reg.csv:14")
    assert error.render() == (
        'error E105: reg.csv:14: unknown pillar "enrgy" (hint: use one of the values listed)'
    )
    assert error.to_dict() == {
        "ok": False,
        "error": 'reg.csv:14: unknown pillar "enrgy"',
        "code": "E105",
        "hint": "use one of the values listed",
    }


def test_render_is_one_line_whatever_the_detail_holds():
    from corridor.errors import CorridorError

    error = CorridorError("E200", "x: connection refused\n\tIs the server running?")
    assert "\n" not in error.render()
    assert "connection refused Is the server running?" in error.render()
