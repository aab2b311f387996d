"""Free-text and nearness search over services (directory.search)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Service, ServiceAtLocation
from directory.search import search_services, services_matching, services_near
from directory.tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from geo.distance import haversine_m

pytestmark = pytest.mark.django_db

TILBURY = (51.4625, 0.3585)


def names(queryset) -> list[str]:
    return [service.name for service in queryset]


def test_exact_name_match_comes_first():
    ServiceFactory(name="Stay and Play Extra", description="Stay and play with toys.")
    ServiceFactory(name="Baby group", description="Stay and play, stay and play, stay and play.")
    ServiceFactory(name="Stay and Play", description="Toys and songs.")
    found = names(search_services(Service.objects.all(), "stay and play"))
    assert found[0] == "Stay and Play"
    assert set(found) == {"Stay and Play", "Stay and Play Extra", "Baby group"}


def test_a_word_in_the_name_outranks_the_same_word_in_a_description():
    ServiceFactory(name="Songs for babies", description="Music together.")
    ServiceFactory(name="Music together", description="Rhymes and songs.")
    assert names(search_services(Service.objects.all(), "rhymes songs")) == ["Music together"]
    assert names(search_services(Service.objects.all(), "songs")) == [
        "Songs for babies",
        "Music together",
    ]


def test_every_word_must_appear_and_stems_match():
    ServiceFactory(name="Breastfeeding support", description="Feeding help for new mothers.")
    ServiceFactory(name="Toddler swimming", description="Splash sessions.")
    assert names(search_services(Service.objects.all(), "feed mother")) == ["Breastfeeding support"]
    assert names(search_services(Service.objects.all(), "feeding splash")) == []


def test_search_syntax_and_punctuation_are_read_as_plain_words():
    ServiceFactory(name="Dads' club", description="For dads.")
    for text in ['dads" *', "club*", "dads -club", "(dads) ^club:"]:
        assert names(search_services(Service.objects.all(), text)) == ["Dads' club"], text


def test_a_search_with_no_words_finds_nothing():
    ServiceFactory(name="Storytime")
    assert names(search_services(Service.objects.all(), "  !?  ")) == []


def test_renamed_and_deleted_services_are_searched_as_they_now_are():
    service = ServiceFactory(name="Rhyme time", description="Songs.")
    service.name = "Bounce and rhyme"
    service.save()
    assert names(search_services(Service.objects.all(), "bounce")) == ["Bounce and rhyme"]
    service.delete()
    assert names(search_services(Service.objects.all(), "rhyme")) == []


def test_search_keeps_the_callers_filters():
    ServiceFactory(name="Stay and play", status=Service.Status.ACTIVE)
    ServiceFactory(name="Stay and play too", status=Service.Status.DEFUNCT)
    active = Service.objects.filter(status=Service.Status.ACTIVE)
    assert names(search_services(active, "play")) == ["Stay and play"]
    assert search_services(active, "play").count() == 1


def test_search_uses_the_full_text_index():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The matches are chosen when searching (in a bounded query), through the indexes
            # of the search document and of the name's words.
            cursor.execute("SET LOCAL enable_seqscan = off")
            with CaptureQueriesContext(connection) as searching:
                search_services(Service.objects.all(), "play")
            plan = ""
            for query in searching.captured_queries:
                cursor.execute("EXPLAIN " + query["sql"])
                plan += "\n".join(row[0] for row in cursor.fetchall())
            assert "directory_service_search_document" in plan
            assert "directory_service_name_document" in plan
        else:
            queryset = search_services(Service.objects.all(), "play")
            plan = queryset.explain()
            assert "VIRTUAL TABLE INDEX" in plan
            assert "SCAN directory_service " not in plan + " "


def place_service_at(name: str, *points: tuple[float, float]) -> Service:
    service = ServiceFactory(name=name)
    for latitude, longitude in points:
        ServiceAtLocationFactory(
            service=service, location=LocationFactory(latitude=latitude, longitude=longitude)
        )
    return service


def test_nearby_services_come_nearest_first_and_farther_ones_are_left_out():
    place_service_at("Far", (51.60, 0.3585))  # about 15 km north
    place_service_at("Near", (51.4700, 0.3585))  # about 830 m
    place_service_at("Nearest", (51.4630, 0.3585))  # about 55 m
    found = services_near(Service.objects.all(), *TILBURY, 2000)
    assert names(found) == ["Nearest", "Near"]
    for service in found:
        location = service.service_at_locations.get().location
        expected = haversine_m(*TILBURY, location.latitude, location.longitude)
        assert service.distance_m == pytest.approx(expected, rel=1e-6)


def test_a_service_is_as_near_as_its_nearest_location():
    place_service_at("Two places", (51.55, 0.3585), (51.4640, 0.3585))
    place_service_at("One place", (51.4660, 0.3585))
    found = list(services_near(Service.objects.all(), *TILBURY, 5000))
    assert names(found) == ["Two places", "One place"]
    assert found[0].distance_m == pytest.approx(haversine_m(*TILBURY, 51.4640, 0.3585), rel=1e-6)


def test_the_corner_of_the_bounding_box_is_not_within_the_radius():
    # 1 km north and 1 km east is about 1.41 km away: inside the box, outside the circle.
    place_service_at("Corner", (51.4625 + 1000 / 111_195, 0.3585 + 1000 / (111_195 * 0.6235)))
    assert names(services_near(Service.objects.all(), *TILBURY, 1000)) == []
    assert names(services_near(Service.objects.all(), *TILBURY, 1500)) == ["Corner"]


def test_services_without_coordinates_are_never_near():
    place_service_at("Online only")
    ServiceAtLocationFactory(
        service=ServiceFactory(name="Virtual"),
        location=LocationFactory(latitude=None, longitude=None),
    )
    assert names(services_near(Service.objects.all(), *TILBURY, 50_000)) == []


def test_search_and_nearness_combine():
    place_service_at("Stay and play", (51.4630, 0.3585))
    place_service_at("Stay and play far away", (52.5, 0.3585))
    place_service_at("Rhyme time", (51.4630, 0.3585))
    found = services_near(search_services(Service.objects.all(), "play"), *TILBURY, 1000)
    assert names(found) == ["Stay and play"]


def test_matching_services_can_filter_another_table():
    play = place_service_at("Stay and play", (51.4630, 0.3585))
    place_service_at("Rhyme time", (51.4630, 0.3585))
    places = ServiceAtLocation.objects.filter(service__in=services_matching("play").values("id"))
    assert [p.service_id for p in places] == [play.pk]
    assert services_matching("?!").count() == 0


def test_an_exact_name_beats_a_name_match_which_beats_a_description_saying_it_more():
    ServiceFactory(name="Library mornings", description="Rhyme time, rhyme time and more rhymes.")
    ServiceFactory(name="Rhyme time extra", description="Songs for babies.")
    ServiceFactory(name="Rhyme Time", description="Songs.")
    assert names(search_services(Service.objects.all(), "rhyme time")) == [
        "Rhyme Time",
        "Rhyme time extra",
        "Library mornings",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ranks every match")
def test_past_the_most_ranked_the_best_matches_are_still_listed_first(monkeypatch):
    # Written first, so a scan in table order meets the description mentions first.
    for number in range(6):
        ServiceFactory(name=f"Library mornings {number}", description="Rhyme time and songs.")
    ServiceFactory(name="Rhyme time at the hub", description="Songs.")
    ServiceFactory(name="Rhyme time", description="Songs.")
    monkeypatch.setattr("directory.search.MOST_RANKED", 3)

    found = search_services(Service.objects.all(), "rhyme time")

    assert names(found)[:2] == ["Rhyme time", "Rhyme time at the hub"]
    assert found.count() == 3


def test_a_search_is_counted_and_paged_in_one_query_each_however_many_match(
    django_assert_num_queries,
):
    for number in range(30):
        ServiceFactory(name=f"Stay and play {number}")
    found = search_services(Service.objects.all(), "play")
    with django_assert_num_queries(2):
        assert found.count() == 30
        assert len(list(found[20:30])) == 10
