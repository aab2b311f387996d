"""Postcode centroids: loading the ONS Postcode Directory in bulk, and finding a postcode."""

import io

import pytest
from django.core.management import CommandError, call_command

from geo.distance import bounding_box, haversine_m
from geo.loading import DEMO_POSTCODES
from geo.models import Postcode
from geo.postcodes import UnknownPostcode, locate, normalise_postcode

pytestmark = pytest.mark.django_db

# The columns ONSPD has (a few of its many), with a terminated postcode and one with no
# grid reference (ONSPD gives those latitude 99.999999).
ONSPD = """pcd,pcd2,pcds,dointr,doterm,lat,long
RM187AA,RM18 7AA,RM18 7AA,198001,,51.462500,0.358500
RM187AB,RM18 7AB,RM18 7AB,198001,200012,51.463000,0.359000
RM187AD,RM18 7AD,RM18 7AD,198001,,99.999999,0.000000
DN157AA,DN15 7AA,DN15 7AA,198001,,53.580900,-0.650200
"""


def load(tmp_path, text: str, name: str = "ONSPD_NOV_2025_UK.csv") -> str:
    path = tmp_path / name
    path.write_text(text)
    out = io.StringIO()
    call_command("load_postcodes", str(path), stdout=out)
    return out.getvalue()


def test_the_ons_postcode_directory_loads_live_postcodes_with_a_location(tmp_path):
    message = load(tmp_path, ONSPD)
    assert sorted(Postcode.objects.values_list("postcode", flat=True)) == ["DN15 7AA", "RM18 7AA"]
    assert "Loaded 2 postcode centroids" in message
    tilbury = Postcode.objects.get(postcode="RM18 7AA")
    assert (tilbury.latitude, tilbury.longitude, tilbury.source) == (
        51.4625,
        0.3585,
        "ONSPD_NOV_2025_UK",
    )


def test_loading_again_updates_rather_than_duplicates(tmp_path):
    load(tmp_path, ONSPD)
    load(tmp_path, ONSPD.replace("51.462500", "51.470000"))
    assert Postcode.objects.count() == 2
    assert Postcode.objects.get(postcode="RM18 7AA").latitude == 51.47


def test_code_point_style_columns_load_too(tmp_path):
    load(tmp_path, "postcode,latitude,longitude\nrm16 4aa,51.49,0.37\n", "codepoint.csv")
    assert Postcode.objects.get().postcode == "RM16 4AA"


def test_the_shipped_demo_file_covers_the_demo_areas():
    call_command("load_postcodes", stdout=io.StringIO())
    assert Postcode.objects.count() == len(DEMO_POSTCODES.read_text().splitlines()) - 1
    assert locate("RM18 7AA").precision in {"unit", "sector", "district"}


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_postcodes", str(tmp_path / "nope.csv"))


def test_a_postcode_is_found_by_unit_then_sector_then_district():
    Postcode.objects.create(postcode="RM18 7AA", latitude=51.4625, longitude=0.3585)
    Postcode.objects.create(postcode="RM18 8", latitude=51.47, longitude=0.36)
    Postcode.objects.create(postcode="RM18", latitude=51.46, longitude=0.361)
    assert locate("rm187aa").precision == "unit"
    assert (locate("RM18 8ZZ").precision, locate("RM18 8ZZ").latitude) == ("sector", 51.47)
    assert locate("RM18 9ZZ").precision == "district"
    assert locate("rm18").precision == "district"


def test_malformed_and_unknown_postcodes_are_told_apart():
    with pytest.raises(ValueError, match="is not a UK postcode"):
        locate("12345")
    with pytest.raises(UnknownPostcode, match="could not find the postcode ZE9 9ZZ"):
        locate("ze99zz")


def test_postcodes_are_written_the_standard_way():
    assert normalise_postcode(" rm187aa ") == "RM18 7AA"
    assert normalise_postcode("rm18") == "RM18"


def test_the_bounding_box_encloses_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(51.4625, 0.3585, 1000)
    assert haversine_m(51.4625, 0.3585, max_lat, 0.3585) == pytest.approx(1000, rel=1e-3)
    assert haversine_m(51.4625, 0.3585, 51.4625, max_lon) == pytest.approx(1000, rel=1e-2)
    assert min_lat < 51.4625 < max_lat and min_lon < 0.3585 < max_lon


def test_a_postcode_listed_twice_is_held_once(tmp_path):
    load(tmp_path, ONSPD + "DN157AA,DN15 7AA,DN15 7AA,198001,,53.580900,-0.650200\n")
    assert Postcode.objects.filter(postcode="DN15 7AA").count() == 1
