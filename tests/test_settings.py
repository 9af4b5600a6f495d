from pathlib import Path

from corridor.settings import Settings, describe

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
