from pathlib import Path

import pytest

from corridor.errors import CorridorError, RegistryErrors
from corridor.model import Kind, Pillar
from corridor.registry import bundled_items, normalise_alias, read_registry

DATA = Path(__file__).parent / "data" / "registry"
HEADER = "id,name,aliases,kind,pillar,province,lat,lon,status,status_as_of,source\n"
PRIORITY_SEZS = {
    "Rashakai", "Dhabeji", "Allama Iqbal", "Bostan", "Moqpondass", "Mirpur", "ICT",
    "Steel Mills", "Mohmand",
}  # fmt: skip


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "reg.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _codes(exc: RegistryErrors) -> list[str]:
    return [e.code for e in exc.errors]


def test_read_registry_small_file_parses_every_column() -> None:
    items = {i.id: i for i in read_registry(DATA / "small.csv")}
    rashakai = items["rashakai-sez"]
    assert rashakai.kind is Kind.SEZ and rashakai.pillar is Pillar.INDUSTRY
    assert rashakai.aliases == ["Rashakai SEZ", "RSEZ"]
    assert (rashakai.lat, rashakai.lon, rashakai.capacity) == (34.08, 71.86, 1000.0)
    assert rashakai.parties == ["KPEZDMC", "CRBC"]
    assert rashakai.sources == ["https://example.org/rashakai"]
    assert items["huawei"].status == "unknown" and items["huawei"].province is None


def test_bundled_registry_is_valid_and_has_the_priority_sezs() -> None:
    items = bundled_items()
    sezs = [i for i in items if i.kind is Kind.SEZ and i.pillar is Pillar.INDUSTRY]
    names = " ".join(i.name + " " + " ".join(i.aliases) for i in sezs)
    for sez in PRIORITY_SEZS:
        assert sez in names, sez
    assert len(sezs) >= 9
    assert all(i.province and i.lat is not None and i.lon is not None for i in sezs)


def test_bundled_registry_facts_all_carry_a_public_source() -> None:
    for item in bundled_items():
        if item.status != "unknown" or item.capacity is not None or item.cost_usd is not None:
            assert item.sources and item.sources[0].startswith("http"), item.id


@pytest.mark.parametrize(
    ("row", "code", "fragment"),
    [
        ("a,,,sez,industry,,,,unknown,,\n", "E103", "missing name"),
        ("a,A,,sez,enrgy,,,,unknown,,\n", "E105", 'unknown pillar "enrgy"'),
        ("a,A,,zone,industry,,,,unknown,,\n", "E105", 'unknown kind "zone"'),
        ("a,A,,sez,industry,PK-XX,,,unknown,,\n", "E105", 'province "PK-XX"'),
        ("a,A,,sez,industry,,51.5,-0.12,unknown,,\n", "E106", "outside Pakistan"),
        ("a,A,,sez,industry,,30.1,,unknown,,\n", "E106", "both"),
        ("a,A,,sez,industry,,north,70,unknown,,\n", "E109", "lat='north'"),
        ("Bad Id,A,,sez,industry,,,,unknown,,\n", "E104", "invalid id"),
        ("a,A,,sez,industry,,,,operational,2024,\n", "E110", "status"),
        ("a,A,,sez,industry,,,,built,,\n", "E105", 'status "built"'),
        ("a,A,,sez,industry,,,,operational,May 2024,https://x.org\n", "E111", "bad date"),
    ],
)
def test_read_registry_refuses_bad_rows_with_file_line_and_rule(
    tmp_path: Path, row: str, code: str, fragment: str
) -> None:
    path = _write(tmp_path, "ok,Fine,,sez,industry,,,,unknown,,\n" + row)
    with pytest.raises(RegistryErrors) as info:
        read_registry(path)
    assert code in _codes(info.value)
    rendered = info.value.render()
    assert f"{path}:3:" in rendered and fragment in rendered


def test_read_registry_refuses_duplicate_ids_and_alias_clashes(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "a,Alpha Zone,Alpha SEZ,sez,industry,,,,unknown,,\n"
        "a,Another,,sez,industry,,,,unknown,,\n"
        "b,Beta,alpha-sez,sez,industry,,,,unknown,,\n",
    )
    with pytest.raises(RegistryErrors) as info:
        read_registry(path)
    assert _codes(info.value) == ["E107", "E108"]
    assert "first on line 2" in info.value.errors[0].message
    assert "also names a (line 2)" in info.value.errors[1].message


def test_read_registry_refuses_broken_csv_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'a,A,,sez,industry,,,,unknown,,\nb,"B,,sez\n')
    with pytest.raises(CorridorError) as info:
        read_registry(path)
    assert info.value.code == "E101" and f"{path}:3" in info.value.render()
    path = _write(tmp_path, "a,A,,sez,industry\n")
    with pytest.raises(CorridorError) as info:
        read_registry(path)
    assert info.value.code == "E101" and "5 fields where the header has 11" in info.value.render()


def test_read_registry_names_missing_columns_and_files(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("id,title\n", encoding="utf-8")
    with pytest.raises(CorridorError, match="E102"):
        read_registry(path)
    with pytest.raises(CorridorError, match="E100"):
        read_registry(tmp_path / "missing.csv")


def test_normalise_alias_ignores_case_spacing_hyphens() -> None:
    assert normalise_alias("Rashakai  S.E.Z") == normalise_alias("rashakai s-e-z")
    assert normalise_alias("ML-1") == normalise_alias("ml 1")
