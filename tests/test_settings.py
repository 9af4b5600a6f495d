from pathlib import Path

import pytest

from corridor.errors import CorridorError
from corridor.settings import Settings, describe, get_settings

README = Path(__file__).parent.parent / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text("utf-8")
    for variable, _default, help_text in describe():
        assert variable in readme, variable
        assert help_text


def test_settings_read_corridor_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CORRIDOR_OVERDUE_MONTHS", "12")
    assert Settings().overdue_months == 12


def test_an_empty_variable_means_the_default(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CORRIDOR_DATABASE_URL", "")
    monkeypatch.setenv("CORRIDOR_OVERDUE_MONTHS", "")
    settings = Settings()
    assert settings.database_url == Settings.model_fields["database_url"].default
    assert settings.overdue_months == 18


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("CORRIDOR_MAX_DOCUMENT_BYTES", "abc", "valid integer"),
        ("CORRIDOR_MAX_DOCUMENT_BYTES", "-5", "greater than 0"),
        ("CORRIDOR_FETCH_TIMEOUT", "0", "greater than 0"),
        ("CORRIDOR_OVERDUE_MONTHS", "0", "greater than or equal to 1"),
        ("CORRIDOR_PORT", "99999", "less than or equal to 65535"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(monkeypatch, variable, value, says) -> None:  # type: ignore[no-untyped-def]
    # QA: a bad value was E900 and a pydantic report over several lines; -5 was taken.
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(CorridorError) as info:
            get_settings()
    finally:
        get_settings.cache_clear()
    rendered = info.value.render()
    assert info.value.code == "E113" and variable in rendered and says in rendered
    assert "\n" not in rendered
