"""Feeds kept in step: each record keeps its source, complete pulls retire what their feed no
longer lists (never what was entered by hand), --dry-run shows the difference and saves nothing."""

import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from directory.models import Schedule, Service
from directory.tests.factories import ServiceFactory
from oruk.importer import import_feed, source_address
from oruk.models import FeedRecord, FeedSource
from oruk.tests.test_import import oruk_server, page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

BASE = "https://council.example/api"


def service_record(name: str, **fields) -> dict:
    return {"id": str(uuid.uuid4()), "name": name, "status": "active", **fields}


def api(services: list[dict]):
    """A council's ORUK API holding these services (one page of each endpoint)."""

    def fetch(url: str) -> dict:
        contents = services if "/services?" in url else []
        return page(1, 1, contents)

    return fetch


def pull(services: list[dict], **options):
    return import_feed(BASE, fetch=api(services), **options)


def status_of(record: dict) -> str:
    return Service.objects.get(pk=record["id"]).status


def test_each_listed_record_keeps_the_feed_it_came_from():
    organisation = {"id": str(uuid.uuid4()), "name": "Thurrock Council", "description": "Council"}
    place = {"id": str(uuid.uuid4()), "name": "Tilbury Family Hub", "location_type": "physical"}
    group = service_record(
        "Stay and Play",
        organization=organisation,
        service_at_locations=[{"id": str(uuid.uuid4()), "location": place}],
    )
    pull([group])
    kept = {
        (r.table, str(r.record_id)): r.source.address
        for r in FeedRecord.objects.select_related("source")
    }
    assert kept == {
        ("service", group["id"]): BASE,
        ("organization", organisation["id"]): BASE,
        ("location", place["id"]): BASE,
    }


def test_a_service_gone_from_a_complete_pull_is_retired_not_deleted():
    staying, going = service_record("Stay and Play"), service_record("Baby Massage")
    pull([staying, going])

    report = pull([staying])

    assert status_of(going) == Service.Status.INACTIVE
    assert status_of(staying) == Service.Status.ACTIVE
    assert report.retired == [(uuid.UUID(going["id"]), "Baby Massage")]
    assert FeedRecord.objects.get(record_id=going["id"]).retired is not None


def test_a_retired_service_listed_again_comes_back():
    staying, going = service_record("Stay and Play"), service_record("Baby Massage")
    pull([staying, going])
    pull([staying])

    report = pull([staying, going])

    assert status_of(going) == Service.Status.ACTIVE
    assert report.reactivated == [(uuid.UUID(going["id"]), "Baby Massage")]
    assert FeedRecord.objects.get(record_id=going["id"]).retired is None


def test_a_service_entered_by_hand_is_never_retired_by_a_feed():
    by_hand = ServiceFactory(name="Entered on the platform")
    pull([service_record("From the feed")])
    pull([service_record("Something else")])
    by_hand.refresh_from_db()
    assert by_hand.status == Service.Status.ACTIVE


def test_a_file_is_part_of_a_feed_and_retires_nothing_unless_declared_complete(tmp_path):
    first, second = service_record("Stay and Play"), service_record("Baby Massage")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([first, second]))
    import_feed(str(feed))
    feed.write_text(json.dumps([first]))

    import_feed(str(feed))
    assert status_of(second) == Service.Status.ACTIVE

    import_feed(str(feed), complete=True)
    assert status_of(second) == Service.Status.INACTIVE


def test_another_feeds_services_are_not_retired_by_this_one():
    theirs = service_record("Health visiting")
    import_feed("https://nhs.example/api", fetch=api([theirs]))
    pull([service_record("Stay and Play")])
    pull([service_record("Rhyme Time")])
    assert status_of(theirs) == Service.Status.ACTIVE


def test_an_invalid_record_still_in_the_feed_is_not_retired_for_being_invalid():
    record = service_record("Stay and Play")
    pull([record, service_record("Rhyme Time")])
    broken = {**record, "minimum_age": "twelve"}

    report = pull([broken, service_record("Rhyme Time")], skip_invalid=True)

    assert report.rejected
    assert status_of(record) == Service.Status.ACTIVE


def test_a_complete_pull_listing_no_services_saves_and_retires_nothing():
    record = service_record("Stay and Play")
    pull([record])
    with pytest.raises(ValueError, match="listed no services"):
        pull([])
    assert status_of(record) == Service.Status.ACTIVE


def run_command(*args) -> str:
    out = io.StringIO()
    call_command("import_oruk", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_dry_run_prints_what_would_be_created_changed_and_retired_and_saves_nothing(tmp_path):
    kept = service_record("Stay and Play", description="Play for under fives")
    changed = service_record("Rhyme Time", minimum_age=0)
    going = service_record("Baby Massage")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([kept, changed, going]))
    run_command(feed)
    new = service_record(
        "Dads Group", schedules=[{"id": str(uuid.uuid4()), "byday": "SA", "freq": "WEEKLY"}]
    )
    feed.write_text(json.dumps([kept, {**changed, "minimum_age": 1, "description": "Songs"}, new]))
    before = sorted(Service.objects.values_list("pk", "name", "status", "last_modified"))

    out = run_command(feed, "--complete", "--dry-run")

    assert f"Dry run of {feed}: nothing was saved." in out
    assert "service: 1 created, 1 updated, 1 unchanged" in out
    assert "service: 1 retired (no longer in the feed)" in out
    assert f"Would create service {new['id']} (Dads Group)" in out
    assert f"Would change service {changed['id']} (Rhyme Time): description, minimum_age" in out
    assert f"Would retire service {going['id']} (Baby Massage): no longer in the feed" in out
    assert "schedule: 1 created" in out
    assert sorted(Service.objects.values_list("pk", "name", "status", "last_modified")) == before
    assert not Schedule.objects.exists()
    source = FeedSource.objects.get(address=source_address(str(feed)))
    assert source.last_complete_pull is None
    assert FeedRecord.objects.filter(retired__isnull=False).count() == 0


def test_a_real_run_says_which_services_it_retired(tmp_path):
    going = service_record("Baby Massage")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([service_record("Stay and Play"), going]))
    run_command(feed)
    feed.write_text(json.dumps([service_record("Rhyme Time")]))
    out = run_command(feed, "--complete")
    assert f"Retired service {going['id']} (Baby Massage): no longer in the feed" in out


def test_a_feed_that_cannot_be_read_exits_non_zero_and_saves_nothing(tmp_path):
    with pytest.raises(CommandError, match="Could not read") as failure:
        run_command(tmp_path / "missing.json")
    assert failure.value.returncode == 1
    assert not FeedSource.objects.exists()


def test_a_page_that_fails_mid_pull_exits_non_zero_and_saves_nothing(oruk_server):  # noqa: F811
    server, pages = oruk_server
    pages["/api/services"] = {
        "1": page(1, 2, [service_record("Stay and Play")]),
        "2": "fail",  # the server answers 500
    }
    base = f"http://127.0.0.1:{server.server_address[1]}/api/"
    with pytest.raises(CommandError, match=r"Could not read.*500") as failure:
        run_command(base)
    assert failure.value.returncode == 1
    assert not Service.objects.exists()
    assert not FeedSource.objects.exists()
