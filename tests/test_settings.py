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
