"""Loading the ONS files behind the reach reports, from small files in the real formats: the
Postcode Directory's area columns, the LSOA to ward lookup, LSOA population estimates, births
and the Indices of Deprivation. A wrong file is a clear error and loads nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from geo import loading
from geo.loading import ILLUSTRATIVE, load_demo_geography
from geo.models import Births, ChildPopulation, Postcode, SmallArea

pytestmark = pytest.mark.django_db

ONSPD = """pcd,pcds,dointr,doterm,oslaua,osward,lat,long,lsoa11,lsoa21
RM187AA,RM18 7AA,198001,,E06000034,E05013950,51.462500,0.358500,E01015915,E01033500
RM187AB,RM18 7AB,198001,201006,E06000034,E05013950,51.463000,0.359000,E01015915,E01033500
"""
WARDS = """LSOA21CD,LSOA21NM,WD24CD,WD24NM,LAD24CD,LAD24NM,ObjectId
E01033500,Thurrock 020E,E05013950,Tilbury Riverside and Thurrock Park,E06000034,Thurrock,1
E01015916,Thurrock 021A,E05013951,Tilbury St Chads,E06000034,Thurrock,2
"""
# The real sheet has F0 to F90 and M0 to M90; a few ages stand for them here.
POPULATION = """LAD 2021 Code,LAD 2021 Name,LSOA 2021 Code,LSOA 2021 Name,Total,F0,F1,F2,F3,M0,M1,M2,M3
E06000034,Thurrock,E01033500,Thurrock 020E,1820,11,12,13,99,21,22,23,99
E06000034,Thurrock,E01015916,Thurrock 021A,1604,"1,001",0,2,99,3,4,5,99
"""
IMD_2019_FILE_1 = [
    "LSOA code (2011)",
    "LSOA name (2011)",
    "Local Authority District code (2019)",
    "Local Authority District name (2019)",
    "Index of Multiple Deprivation (IMD) Rank",
    "Index of Multiple Deprivation (IMD) Decile",
]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_each_postcode_carries_its_lsoa_ward_and_council(tmp_path):
    run("load_postcodes", str(write(tmp_path, "ONSPD_NOV_2025_UK.csv", ONSPD)))
    tilbury = Postcode.objects.get()
    assert (tilbury.small_area_code, tilbury.ward_code, tilbury.local_authority_code) == (
        "E01033500",
        "E05013950",
        "E06000034",
    )


def test_a_directory_with_only_2011_lsoas_gives_those(tmp_path):
    older = ONSPD.replace(",lsoa21", "").replace(",E01033500", "")
    run("load_postcodes", str(write(tmp_path, "ONSPD_2020.csv", older)))
    assert Postcode.objects.get().small_area_code == "E01015915"


def test_a_wrong_file_for_postcodes_is_a_clear_error_and_loads_nothing(tmp_path):
    with pytest.raises(CommandError, match=r'not look like the ONS Postcode Directory.*"pcds"'):
        run("load_postcodes", str(write(tmp_path, "population.csv", POPULATION)))
    assert not Postcode.objects.exists()


def test_population_adds_girls_and_boys_of_each_age_and_keeps_the_ward(tmp_path):
    run("load_small_areas", str(write(tmp_path, "LSOA21_WD24_LAD24_EW_LU.csv", WARDS)))
    message = run(
        "load_population", str(write(tmp_path, "mid2024.csv", POPULATION)), "--year", "2024"
    )
    assert "for 2 LSOAs" in message
    counts = dict(
        ChildPopulation.objects.filter(small_area="E01033500").values_list("age", "count")
    )
    assert counts == {0: 32, 1: 34, 2: 36}
    assert ChildPopulation.objects.get(small_area="E01015916", age=0).count == 1004
    area = SmallArea.objects.get(code="E01033500")
    assert (area.ward_name, area.local_authority_name) == (
        "Tilbury Riverside and Thurrock Park",
        "Thurrock",
    )


def test_population_loads_from_the_spreadsheet_as_ons_publishes_it(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Contents"
    workbook.active.append(["Population estimates by LSOA"])
    sheet = workbook.create_sheet("Mid-2023 LSOA 2021")
    sheet.append(["Mid-2023 population estimates for 2021 LSOAs in England and Wales"])
    sheet.append(["Source: Office for National Statistics"])
    sheet.append([])
    headings = ["LAD 2023 Code", "LAD 2023 Name", "LSOA 2021 Code", "LSOA 2021 Name", "Total"]
    ages = [f"{sex}{age}" for sex in "FM" for age in range(91)]
    sheet.append(headings + ages)
    sheet.append(["E06000034", "Thurrock", "E01033500", "Thurrock 020E", 1820, *range(182)])
    other_year = workbook.create_sheet("Mid-2022 LSOA 2021")
    other_year.append(headings + ages)
    path = tmp_path / "sapelsoasyoa20222023.xlsx"
    workbook.save(path)

    run("load_population", str(path), "--year", "2023")
    counts = dict(ChildPopulation.objects.filter(year=2023).values_list("age", "count"))
    assert counts == {0: 0 + 91, 1: 1 + 92, 2: 2 + 93}


def test_a_bad_number_half_way_loads_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "BATCH_SIZE", 1)  # the first row is written before the second
    bad = POPULATION.replace('"1,001"', "lots")
    with pytest.raises(CommandError, match="Row 3: F0 should be a number, not 'lots'"):
        run("load_population", str(write(tmp_path, "mid2024.csv", bad)), "--year", "2024")
    assert not SmallArea.objects.exists() and not ChildPopulation.objects.exists()


def test_the_deprivation_file_is_not_population(tmp_path):
    imd = write(tmp_path, "imd.csv", ",".join(IMD_2019_FILE_1) + "\nE01015916,x,y,z,1,1\n")
    with pytest.raises(CommandError, match="not look like ONS LSOA population estimates"):
        run("load_population", str(imd), "--year", "2024")


def _imd_workbook(tmp_path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["The English Indices of Deprivation 2019"])
    sheet = workbook.create_sheet("IMD2019")
    sheet.append(IMD_2019_FILE_1)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.xlsx"
    workbook.save(path)
    return path


def test_deprivation_deciles_are_set_on_the_small_areas_held(tmp_path):
    run("load_population", str(write(tmp_path, "mid2024.csv", POPULATION)), "--year", "2024")
    path = _imd_workbook(
        tmp_path,
        [
            ["E01015916", "Thurrock 021A", "E06000034", "Thurrock", 3010, 1],
            ["E01015915", "Thurrock 015B", "E06000034", "Thurrock", 20104, 7],
        ],
    )
    message = run("load_deprivation", str(path))
    assert "decile of 1 LSOAs" in message and "1 LSOAs in the file are not among" in message
    deciles = dict(SmallArea.objects.values_list("code", "imd_decile"))
    assert deciles == {"E01015916": 1, "E01033500": None}


def test_deprivation_before_the_small_areas_says_what_to_load_first(tmp_path):
    path = _imd_workbook(tmp_path, [["E01015916", "Thurrock 021A", "E06000034", "T", 3010, 1]])
    with pytest.raises(CommandError, match="Load the LSOA population estimates first"):
        run("load_deprivation", str(path))


def test_a_decile_out_of_range_loads_no_decile(tmp_path):
    run("load_population", str(write(tmp_path, "mid2024.csv", POPULATION)), "--year", "2024")
    path = _imd_workbook(
        tmp_path,
        [
            ["E01015916", "Thurrock 021A", "E06000034", "Thurrock", 3010, 1],
            ["E01033500", "Thurrock 020E", "E06000034", "Thurrock", 3011, 11],
        ],
    )
    with pytest.raises(CommandError, match="Row 3: the IMD decile should be from 1 to 10"):
        run("load_deprivation", str(path))
    assert not SmallArea.objects.filter(imd_decile__isnull=False).exists()


def test_births_by_local_authority(tmp_path):
    path = write(
        tmp_path, "births.csv", "Area code,Area name,Live births\nE06000034,Thurrock,2301\n"
    )
    assert "2024 births for 1 local authorities" in run("load_births", str(path), "--year", "2024")
    assert Births.objects.get(year=2024, local_authority_code="E06000034").count == 2301


def test_births_from_the_wrong_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r'not look like ONS births.*"Live births"'):
        run("load_births", str(write(tmp_path, "wards.csv", WARDS)), "--year", "2024")
    assert not Births.objects.exists()


def test_a_file_that_is_not_csv_or_excel_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not a CSV or Excel"):
        run("load_small_areas", str(write(tmp_path, "lookup.ods", WARDS)))


def test_the_demo_areas_load_again_without_duplicates_and_say_they_are_illustrative():
    first = load_demo_geography()
    assert load_demo_geography() == first
    assert first["small areas"] == first["population"] == first["deprivation"] == 10
    areas = SmallArea.objects.all()
    assert {area.source for area in areas} == {"illustrative"}
    assert all("(illustrative)" in f"{a.name} {a.ward_name}" for a in areas)
    assert Postcode.objects.get(postcode="RM18 7AA").small_area_code == "E01099901"
    assert not Postcode.objects.filter(postcode="RM18 7ZZ").exists()  # ended in 2018
    assert "illustrative" in (ILLUSTRATIVE / "README.md").read_text()
