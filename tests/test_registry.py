import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corridor.errors import CorridorError, RegistryErrors
from corridor.model import Kind, Pillar
from corridor.registry import MAX_ID_CHARS, bundled_items, normalise_alias, read_registry

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


NUMBERS_HEADER = "id,name,kind,pillar,capacity,capacity_unit,cost_amount,cost_usd,source\n"
GOOD_ROW = "ok,Fine,project,energy,,,,,\n"


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("cost_usd", "nan"),
        ("cost_usd", "NaN"),
        ("cost_usd", "inf"),
        ("cost_usd", "-Infinity"),
        ("cost_usd", "1e400"),
        ("cost_usd", "-5000"),
        ("cost_amount", "-1"),
        ("cost_amount", "inf"),
        ("capacity", "inf"),
        ("capacity", "-0.5"),
        ("capacity", "nan"),
    ],
)
def test_read_registry_refuses_non_finite_and_negative_numbers(
    tmp_path: Path, column: str, value: str
) -> None:
    cells = {"capacity": "", "cost_amount": "", "cost_usd": ""} | {column: value}
    row = (
        f"bad,Bad,project,energy,{cells['capacity']},MW,{cells['cost_amount']},"
        f"{cells['cost_usd']},https://example.org/bad\n"
    )
    path = tmp_path / "reg.csv"
    path.write_text(
        NUMBERS_HEADER + GOOD_ROW + row + GOOD_ROW.replace("ok,Fine", "ok-2,Fine 2"), "utf-8"
    )
    with pytest.raises(RegistryErrors) as info:
        read_registry(path)  # the whole file is refused, its good rows too
    assert _codes(info.value) == ["E109"]
    rendered = info.value.render()
    assert f"{path}:3:" in rendered
    assert f"{column}={value!r} is not a finite, non-negative number" in rendered


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400"])
def test_read_registry_refuses_non_finite_coordinates(tmp_path: Path, value: str) -> None:
    path = _write(tmp_path, f"a,A,,sez,industry,,{value},70,unknown,,\n")
    with pytest.raises(RegistryErrors) as info:
        read_registry(path)
    assert _codes(info.value) == ["E109"]  # and no "give both lat and lon" beside it
    assert f"{path}:2: not a number: lat={value!r} is not a finite number" in info.value.render()


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2025-13", "'2025-13': no such month"),
        ("2025-00", "'2025-00': no such month"),
        ("2025-02-30", "'2025-02-30': no such day"),
        ("2025-04-31", "'2025-04-31': no such day"),
        ("2025-01-00", "'2025-01-00': no such day"),
        ("2023-02-29", "'2023-02-29': no such day"),
        ("9999-01-01", "'9999-01-01': the year must be between 1900 and 2100"),
        ("0001", "'0001': the year must be between 1900 and 2100"),
        ("1899-12", "'1899-12': the year must be between 1900 and 2100"),
        ("2101", "'2101': the year must be between 1900 and 2100"),
        ("\u0662\u0660\u0662\u0665", "bad date '\u0662\u0660\u0662\u0665'"),
        ("2025-1-5", "bad date '2025-1-5'"),
        ("2025-01-05T00:00", "bad date '2025-01-05T00:00'"),
    ],
)
def test_read_registry_refuses_impossible_status_dates(
    tmp_path: Path, value: str, fragment: str
) -> None:
    path = _write(
        tmp_path,
        "ok,Fine,,sez,industry,,,,unknown,,\n"
        f"a,A,,sez,industry,,,,operational,{value},https://example.org/a\n",
    )
    with pytest.raises(RegistryErrors) as info:
        read_registry(path)
    assert _codes(info.value) == ["E111"]
    assert f"{path}:3: bad date {fragment.removeprefix('bad date ')}" in info.value.render()


def test_read_registry_reports_every_bad_value_and_loads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(
        "id,name,kind,pillar,capacity,cost_usd,status,status_as_of,source\n"
        "ok,Fine,project,energy,10,100,operational,2025,https://example.org/ok\n"
        "a,A,project,energy,inf,,operational,2025-13,https://example.org/a\n"
        "b,B,project,energy,,-5000,operational,9999-01-01,https://example.org/b\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryErrors) as info:
        read_registry(path)
    assert [(e.code, e.where) for e in info.value.errors] == [
        ("E111", f"{path}:3"),
        ("E109", f"{path}:3"),
        ("E111", f"{path}:4"),
        ("E109", f"{path}:4"),
    ]


def test_read_registry_accepts_edge_values(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(
        "id,name,kind,pillar,lat,lon,capacity,cost_amount,cost_usd,status,status_as_of,source\n"
        "zero,Zero,project,energy,,,0,0,0,agreed,2025,https://example.org/z\n"
        "minus-zero,Minus Zero,project,energy,,,-0,,0.0,agreed,2025-02,https://example.org/m\n"
        'feb,Feb,project,energy,24.86,67.01,"1,320",,1e9,agreed,2025-02-28,https://x.org/f\n'
        "leap,Leap,project,energy,,,,,,agreed,2024-02-29,https://example.org/l\n"
        "ends,Ends,project,energy,,,,,,agreed,1900-01-01,https://example.org/e1\n"
        "ends-2,Ends 2,project,energy,,,,,,agreed,2100-12-31,https://example.org/e2\n",
        encoding="utf-8",
    )
    items = {i.id: i for i in read_registry(path)}
    assert (items["zero"].capacity, items["zero"].cost_amount, items["zero"].cost_usd) == (0, 0, 0)
    assert items["zero"].status_as_of == "2025"
    assert items["minus-zero"].capacity == 0 and items["minus-zero"].status_as_of == "2025-02"
    assert (items["feb"].capacity, items["feb"].cost_usd) == (1320.0, 1e9)
    assert items["feb"].status_as_of == "2025-02-28"
    assert items["leap"].status_as_of == "2024-02-29"
    assert [items["ends"].status_as_of, items["ends-2"].status_as_of] == [
        "1900-01-01",
        "2100-12-31",
    ]


def test_read_registry_refuses_an_id_longer_than_the_store_keeps(tmp_path: Path) -> None:
    # QA: a 300-character id was loaded (on SQLite), listed, and answered 400 on its page;
    # PostgreSQL's items.id refuses one over 120 characters, with an "unexpected error".
    from corridor.store.tables import ItemRow

    assert MAX_ID_CHARS == ItemRow.__table__.c.id.type.length == 120
    edge, over, huge = "c" * MAX_ID_CHARS, "b" * (MAX_ID_CHARS + 1), "b" * 5000
    path = _write(
        tmp_path,
        f"{edge},Edge,,sez,industry,,,,unknown,,\n"
        f"{over},Over,,sez,industry,,,,unknown,,\n"
        f"{huge},Huge,,sez,industry,,,,unknown,,\n",
    )
    with pytest.raises(RegistryErrors) as info:
        read_registry(path)
    assert _codes(info.value) == ["E104", "E104"]
    lines = info.value.render().splitlines()
    assert [line.split(": ", 2)[1] for line in lines] == [f"{path}:3", f"{path}:4"]
    assert "(121 characters)" in lines[0] and "(5000 characters)" in lines[1]
    assert all(f"at most {MAX_ID_CHARS} characters" in line for line in lines)
    assert all(len(line) < 300 for line in lines)  # the id is shown cut, not whole
    (path.parent / "edge.csv").write_text(HEADER + f"{edge},Edge,,sez,industry,,,,unknown,,\n")
    assert [item.id for item in read_registry(path.parent / "edge.csv")] == [edge]


def test_read_registry_refuses_values_wider_than_the_store_keeps(tmp_path: Path) -> None:
    # A name, city, unit or currency longer than its column failed on PostgreSQL as E900.
    from corridor.registry import MAX_CHARS
    from corridor.store.tables import ItemRow

    assert all(ItemRow.__table__.c[c].type.length == n for c, n in MAX_CHARS.items())
    path = tmp_path / "wide.csv"
    path.write_text(
        "id,name,kind,pillar,city,capacity_unit,cost_currency\n"
        f"a,{'N' * 301},sez,industry,{'C' * 201},MW,USD\n"
        f"b,Fine,project,energy,Gwadar,{'u' * 21},USDX\n"
        f"c,{'N' * 300},project,energy,{'C' * 200},{'u' * 20},USD\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryErrors) as info:
        read_registry(path)
    assert _codes(info.value) == ["E114"] * 4
    text = info.value.render()
    assert "name of 301 characters (at most 300)" in text and f"{path}:2" in text
    assert "cost_currency of 4 characters (at most 3)" in text and f"{path}:3" in text


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


def test_read_registry_reads_minus_zero_as_zero(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(
        "id,name,kind,pillar,capacity,source\nz,Z,project,energy,-0,https://example.org/z\n",
        encoding="utf-8",
    )
    assert str(read_registry(path)[0].capacity) == "0.0"  # not "-0.0" on a page


def test_registry_load_refuses_qa_values_whole_at_the_cli(tmp_path: Path) -> None:
    """QA's report, end to end: each bad value is named with file:line, nothing is loaded."""
    corridor = shutil.which("corridor") or str(Path(sys.executable).parent / "corridor")
    env = {**os.environ, "CORRIDOR_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [corridor, *args], capture_output=True, text=True, env=env, timeout=120
        )

    assert run("db", "init").returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,name,kind,pillar,capacity,capacity_unit,cost_usd,status,status_as_of,source\n"
        "good,Good,project,energy,10,MW,100,agreed,2025-02-28,https://example.org/g\n"
        "n,N,project,energy,,,nan,agreed,2025,https://example.org/n\n"
        "i,I,project,energy,,,inf,agreed,2025,https://example.org/i\n"
        "o,O,project,energy,,,1e400,agreed,2025,https://example.org/o\n"
        "m,M,project,energy,,,-5000,agreed,2025,https://example.org/m\n"
        "c,C,project,energy,inf,MW,,agreed,2025,https://example.org/c\n"
        "d,D,project,energy,,,,agreed,2025-13,https://example.org/d\n"
        "y,Y,project,energy,,,,agreed,9999-01-01,https://example.org/y\n"
        "z,Z,project,energy,,,,agreed,0001,https://example.org/z\n",
        encoding="utf-8",
    )
    refused = run("registry", "load", str(bad))
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert [line.split(": ", 2)[:2] for line in lines] == [
        ["error E109", f"{bad}:3"],
        ["error E109", f"{bad}:4"],
        ["error E109", f"{bad}:5"],
        ["error E109", f"{bad}:6"],
        ["error E109", f"{bad}:7"],
        ["error E111", f"{bad}:8"],
        ["error E111", f"{bad}:9"],
        ["error E111", f"{bad}:10"],
    ]
    assert "Traceback" not in refused.stderr
    assert run("items", "show", "good").returncode == 1  # refused whole
