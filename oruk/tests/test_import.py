"""import_oruk: all or nothing, upsert by id, clear rejections, files streamed, URLs walked."""

import io
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from directory.models import Location, Phone, Schedule, Service, ServiceAtLocation
from directory.tests.factories import ServiceFactory
from oruk import importer
from oruk.importer import ImportRejected, Progress, import_feed, records_from

pytestmark = pytest.mark.django_db


def new_id() -> str:
    return str(uuid.uuid4())


def service_record(**fields) -> dict:
    return {"id": new_id(), "name": "Stay and Play", "status": "active", **fields}


def write_feed(tmp_path, records, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records))
    return path


def directory_snapshot() -> list:
    return sorted(
        (str(s.pk), s.name, str(s.minimum_age), s.last_modified.isoformat())
        for s in Service.objects.all()
    ) + sorted(str(pk) for pk in Schedule.objects.values_list("pk", flat=True))


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_oruk", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_broken_record_leaves_the_directory_exactly_as_it_was(tmp_path):
    ServiceFactory(name="Already here")
    before = directory_snapshot()
    good = service_record(name="Good one")
    broken = service_record(name="Broken one", minimum_age="twelve")
    feed = write_feed(tmp_path, [good, broken])
    with pytest.raises(CommandError, match="1 invalid record"):
        run(feed)
    assert directory_snapshot() == before
    assert not Service.objects.filter(pk=good["id"]).exists()


def test_the_report_names_the_record_the_field_and_the_reason(tmp_path):
    broken = service_record(minimum_age="twelve")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_oruk", str(write_feed(tmp_path, [broken])), stderr=err)
    assert f"service {broken['id']}: minimum_age: must be a number" in err.getvalue()


def test_skip_invalid_saves_the_rest_and_says_what_it_skipped(tmp_path):
    good = service_record(name="Good one")
    broken = service_record(
        name="Has a bad session",
        schedules=[{"id": new_id(), "byday": "FR", "opens_at": "11:00", "closes_at": "10:00"}],
    )
    out, err = run(write_feed(tmp_path, [good, broken]), "--skip-invalid")
    assert Service.objects.filter(pk=good["id"]).exists()
    assert Service.objects.filter(pk=broken["id"]).exists()
    assert not Schedule.objects.exists()
    assert (
        f"Skipped schedule {broken['schedules'][0]['id']}: closes_at: must be after opens_at" in err
    )
    assert "skipped 1 invalid" in out


def test_a_link_to_a_record_that_does_not_exist_is_rejected(tmp_path):
    record = service_record(
        service_at_locations=[{"id": new_id(), "location_id": (missing := new_id())}]
    )
    report_error = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_oruk", str(write_feed(tmp_path, [record])), stderr=report_error)
    assert f"location_id: no location has the id {missing}" in report_error.getvalue()
    assert not Service.objects.exists()


def test_ids_and_links_spelt_differently_in_one_feed_are_one_record(tmp_path):
    service = service_record()
    place = {"id": new_id(), "name": "Tilbury Hub", "location_type": "physical"}
    link = {"id": new_id(), "location_id": "{" + place["id"].upper() + "}"}
    feed = write_feed(
        tmp_path,
        {
            "services.csv": [service, {**service, "id": service["id"].upper(), "name": "Renamed"}],
            "locations.csv": [place],
            "service_at_location.csv": [{**link, "service_id": service["id"].upper()}],
        },
    )
    report = import_feed(str(feed))
    assert report.created["service"] == 1
    assert Service.objects.get().name == "Renamed"
    assert ServiceAtLocation.objects.get(service_id=service["id"]).location_id == uuid.UUID(
        place["id"]
    )
    assert import_feed(str(feed)).unchanged["service_at_location"] == 1


def test_reimporting_the_same_feed_changes_nothing(tmp_path):
    feed = write_feed(tmp_path, [service_record(), service_record(name="Rhyme Time")])
    import_feed(str(feed))
    before = directory_snapshot()
    report = import_feed(str(feed))
    assert report.created["service"] == report.updated["service"] == 0
    assert report.unchanged["service"] == 2
    assert directory_snapshot() == before


def test_a_changed_feed_updates_only_what_changed(tmp_path):
    same, changing = service_record(name="Same"), service_record(name="Old name")
    import_feed(str(write_feed(tmp_path, [same, changing])))
    kept = Service.objects.get(pk=same["id"]).last_modified
    was = Service.objects.get(pk=changing["id"]).last_modified
    changing["name"] = "New name"
    report = import_feed(str(write_feed(tmp_path, [same, changing])))
    assert (report.updated["service"], report.unchanged["service"]) == (1, 1)
    assert Service.objects.get(pk=changing["id"]).name == "New name"
    assert Service.objects.get(pk=changing["id"]).last_modified > was
    assert Service.objects.get(pk=same["id"]).last_modified == kept


def test_the_feeds_own_last_modified_is_kept(tmp_path):
    record = service_record(last_modified="2024-02-03T04:05:06.789Z")
    import_feed(str(write_feed(tmp_path, [record])))
    stored = Service.objects.get(pk=record["id"]).last_modified
    assert stored.isoformat() == "2024-02-03T04:05:06.789000+00:00"


def test_a_record_met_in_two_places_keeps_both_links(tmp_path):
    phone = {"id": new_id(), "number": "01375 000000"}
    contact = {"id": new_id(), "name": "Hub team", "phones": [phone]}
    record = service_record(phones=[phone], contacts=[contact])
    import_feed(str(write_feed(tmp_path, [record])))
    stored = Phone.objects.get(pk=phone["id"])
    assert str(stored.service_id) == record["id"]
    assert str(stored.contact_id) == contact["id"]


def test_our_own_service_fields_survive_a_round_trip_through_hsds(client, tmp_path):
    service = ServiceFactory(for_expectant_parents=True, join_method="referral")
    served = client.get(f"/api/services/{service.pk}").json()
    Service.objects.all().delete()
    import_feed(str(write_feed(tmp_path, [served])))
    back = Service.objects.get(pk=service.pk)
    assert (back.for_expectant_parents, back.join_method) == (True, "referral")


def test_a_record_of_no_known_table_is_rejected_by_name(tmp_path):
    with pytest.raises(CommandError):
        err = io.StringIO()
        call_command(
            "import_oruk",
            str(write_feed(tmp_path, [{"id": new_id(), "colour": "blue"}])),
            stderr=err,
        )
    assert "cannot tell which HSDS table" in err.getvalue()


def test_the_table_can_be_given_when_records_do_not_say(tmp_path):
    record = {"id": new_id(), "name": "Topics", "description": "Our topics."}
    run(write_feed(tmp_path, [record]), "--table", "organization")
    assert Service.objects.count() == 0
    from directory.models import Organization

    assert Organization.objects.filter(pk=record["id"], name="Topics").exists()


def test_a_file_that_is_not_json_is_reported_not_crashed_on(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text("[{not json")
    with pytest.raises(CommandError, match="Could not read"):
        run(path)
    with pytest.raises(CommandError, match="Could not read"):
        run(tmp_path / "missing.json")


def test_files_are_streamed_record_by_record(tmp_path):
    # The first records come out before the reader reaches the (broken) end of the file.
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([service_record(), service_record()])[:-1] + ", {broken")
    records = records_from(str(path))
    assert next(records)[1]["name"] == "Stay and Play"
    assert next(records)[1]["name"] == "Stay and Play"
    with pytest.raises(Exception, match=r"(?i)json|lexical|parse"):
        next(records)


def test_progress_is_shown_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        meter = Progress(stream)
        meter.show(1000)
        meter.show(1234, final=True)
    assert "1,000 records read" in terminal.getvalue()
    assert "1,234 records read" in terminal.getvalue()
    assert pipe.getvalue() == ""


@pytest.fixture
def oruk_server():
    """An ORUK API on 127.0.0.1 serving fixed pages (services over two pages); a page given
    as "fail" is answered with a server error."""
    pages: dict[str, dict] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path, _, query = self.path.partition("?")
            params = dict(p.split("=") for p in query.split("&") if p)
            body = pages.get(path, {}).get(params.get("page", "1"))
            if body is None:
                body = {
                    "total_items": 0,
                    "total_pages": 1,
                    "page_number": 1,
                    "size": 0,
                    "first_page": True,
                    "last_page": True,
                    "empty": True,
                    "contents": [],
                }
            if body == "fail":
                self.send_error(500)
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, pages
    server.shutdown()
    server.server_close()


def page(number: int, of: int, contents: list) -> dict:
    return {
        "total_items": 3,
        "total_pages": of,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number == of,
        "empty": not contents,
        "contents": contents,
    }


def test_a_base_url_is_imported_page_by_page(oruk_server):
    server, pages = oruk_server
    records = [service_record(name=f"Service {n}") for n in range(3)]
    pages["/api/services"] = {"1": page(1, 2, records[:2]), "2": page(2, 2, records[2:])}
    base = f"http://127.0.0.1:{server.server_address[1]}/api/"
    out, _ = run(base)
    assert sorted(Service.objects.values_list("name", flat=True)) == [
        "Service 0",
        "Service 1",
        "Service 2",
    ]
    assert "Imported 3 records" in out


def test_our_own_api_can_be_read_back_by_the_importer(client, tmp_path):
    # What /api/services?full=true serves is a feed the importer takes whole.
    from oruk.tests.factories import full_service

    service = full_service()
    served = client.get("/api/services?full=true").json()
    feed = write_feed(tmp_path, served)
    report = import_feed(str(feed))
    assert report.rejected == []
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert report.unchanged["service"] == 1
    assert ServiceAtLocation.objects.get().service == service
    assert Location.objects.count() == 1


def test_an_import_leaves_what_s_on_current(tmp_path):
    """The import writes in bulk (no signals), so the command rebuilds what's on itself."""
    from directory.tests.factories import WeeklyScheduleFactory
    from timetable.models import UpcomingSession

    WeeklyScheduleFactory()  # at a Family Hub
    UpcomingSession.objects.all().delete()

    out, _ = run(write_feed(tmp_path, [service_record(name="New group")]))

    listed = UpcomingSession.objects.count()
    assert listed >= 12  # a weekly session through the 12-week window
    assert f"What's on now lists {listed} upcoming sessions." in out


def test_an_id_is_the_same_record_however_the_feed_spells_it(tmp_path):
    record = service_record(name="Stay and Play")
    import_feed(str(write_feed(tmp_path, [record])))
    shouting = {**record, "id": record["id"].upper(), "name": "Stay and Play!"}
    braces = {**record, "id": "{" + record["id"] + "}", "name": "Stay and Play again"}
    import_feed(str(write_feed(tmp_path, [shouting])))
    import_feed(str(write_feed(tmp_path, [braces])))
    assert list(Service.objects.values_list("pk", "name")) == [
        (uuid.UUID(record["id"]), "Stay and Play again")
    ]


def test_a_feed_of_many_batches_is_read_while_the_last_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_RECORDS", 1)  # a batch every 8 rows
    place = {"id": new_id(), "name": "Tilbury Hub", "location_type": "physical"}
    services = [
        service_record(
            name=f"Group {n}",
            service_at_locations=[{"id": new_id(), "location_id": place["id"]}],
        )
        for n in range(30)
    ]
    # The place comes last, batches after the services that link to it.
    report = import_feed(str(write_feed(tmp_path, [*services, place])))
    assert report.created["service"] == 30
    assert ServiceAtLocation.objects.filter(location_id=place["id"]).count() == 30


def test_a_failure_in_writing_stops_the_reading_and_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_RECORDS", 1)
    written = importer._write

    def fail_on_the_second_batch(batch, report, pull):
        if report.created["service"]:
            raise RuntimeError("the database went away")
        written(batch, report, pull)

    monkeypatch.setattr(importer, "_write", fail_on_the_second_batch)
    feed = write_feed(tmp_path, [service_record(name=f"Group {n}") for n in range(50)])
    with pytest.raises(RuntimeError, match="went away"):
        import_feed(str(feed))
    assert not Service.objects.exists()
    assert "oruk-import-reader" not in [t.name for t in threading.enumerate()]


def test_whole_numbers_out_of_their_columns_range_are_rejected_by_name(tmp_path):
    too_old = service_record(maximum_age=10**9)
    negative = service_record(phones=[{"id": new_id(), "number": "01375 000000", "extension": -1}])
    with pytest.raises(ImportRejected) as rejected:
        import_feed(str(write_feed(tmp_path, [too_old, negative])))
    assert [str(r) for r in rejected.value.report.rejected] == [
        f"service {too_old['id']}: maximum_age: is too large",
        f"phone {negative['phones'][0]['id']}: extension: must be 0 or more",
    ]
    fits = service_record(maximum_age=18, cost_options=[{"id": new_id(), "amount": 12}])
    import_feed(str(write_feed(tmp_path, [fits])))
    assert Service.objects.get().maximum_age == 18
    assert str(Service.objects.get().cost_options.get().amount) in {"12", "12.00"}


def test_a_malformed_id_is_rejected_by_name(tmp_path):
    almost = service_record(id="8b6d3b7e-c7b2-4d49-95a4-10ce513fea2g")
    with pytest.raises(ImportRejected) as rejected:
        import_feed(str(write_feed(tmp_path, [almost])))
    assert [str(r) for r in rejected.value.report.rejected] == [
        f"service {almost['id']}: id: is not a valid id (a UUID)"
    ]
