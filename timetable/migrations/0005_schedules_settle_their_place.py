"""Repair schedules saved half-way before `timetable.schedules.settle_place` ran on every save:
a session of a service held at one place that named no place (so what's on, hub pages and
bookings missed it), and a session naming its service and place without the link between them
(so search near a postcode and the ORUK API missed the place)."""

from django.db import migrations
from django.db.models import Count

REMOTE_WORDS = ("online", "video", "remote", "phone", "telephone")


def settle_places(apps, schema_editor):
    Schedule = apps.get_model("directory", "Schedule")
    ServiceAtLocation = apps.get_model("directory", "ServiceAtLocation")
    Location = apps.get_model("directory", "Location")
    Service = apps.get_model("directory", "Service")
    # Links have no database constraint (feeds name records held elsewhere): only real ones.
    unlinked = Schedule.objects.filter(
        service__in=Service.objects.values("pk"),
        location__in=Location.objects.values("pk"),
        service_at_location__isnull=True,
    )
    for schedule in unlinked.iterator():
        link, _ = ServiceAtLocation.objects.get_or_create(
            service_id=schedule.service_id, location_id=schedule.location_id
        )
        Schedule.objects.filter(pk=schedule.pk).update(service_at_location=link)
    held_at_one_place = (
        ServiceAtLocation.objects.values("service_id")
        .annotate(places=Count("id"))
        .filter(places=1)
        .values("service_id")
    )
    placeless = Schedule.objects.filter(
        service__in=held_at_one_place, location__isnull=True, service_at_location__isnull=True
    )
    for schedule in placeless.iterator():
        if any(word in schedule.attending_type.lower() for word in REMOTE_WORDS):
            continue
        link = ServiceAtLocation.objects.get(service_id=schedule.service_id)
        Schedule.objects.filter(pk=schedule.pk).update(
            service_at_location=link, location_id=link.location_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("timetable", "0004_school_holidays_and_term_time"),
    ]

    operations = [migrations.RunPython(settle_places, migrations.RunPython.noop)]
