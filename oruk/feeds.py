"""Keeping the directory in step with the feeds it is loaded from.

Every organisation, service and location an import writes is marked as seen in its feed
(`FeedRecord`). After a pull that read the whole feed, the feed's services it no longer lists
are retired: made inactive (public pages list active services only), never deleted, so their
history, bookings and links stay. A retired service the feed lists again comes back with the
status the feed gives it. Services entered by hand have no feed and are never retired.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db import connection

from directory.models import Service
from oruk.models import FeedRecord, FeedSource

# The records a feed lists; a service's parts (schedules, costs, places) go with the service.
TRACKED_TABLES = ("organization", "service", "location")
# Statuses a retirement leaves as they are: the service is already off the public pages.
NOT_LISTED = (Service.Status.INACTIVE, Service.Status.DEFUNCT)


def source_named(address: str) -> FeedSource:
    source, _ = FeedSource.objects.get_or_create(address=address)
    return source


def uuid_array(ids: Iterable[str]) -> str:
    """Ids as one PostgreSQL array literal, for `%s::uuid[]`: one text parameter is far
    cheaper to send than the driver's array of 16,000 values."""
    return "{" + ",".join(ids) + "}"


def previously_retired(table: str, ids: list[str]) -> set[uuid.UUID]:
    """Which of these records a complete pull had retired (they are coming back)."""
    found = FeedRecord.objects.filter(table=table, retired__isnull=False)
    return set(found.filter(record_id__in=ids).values_list("record_id", flat=True))


def mark_seen(source: FeedSource, table: str, ids: list[str], at: datetime) -> None:
    """Record that `source` gave these records at `at` (claiming them from any other feed)."""
    if not ids:
        return
    if connection.vendor == "postgresql":
        # One statement with an array, not one row of parameters per record.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO oruk_feedrecord "
                '(source_id, "table", record_id, first_seen, last_seen, retired) '
                "SELECT %s, %s, record_id, %s, %s, NULL FROM unnest(%s::uuid[]) AS record_id "
                'ON CONFLICT ("table", record_id) DO UPDATE SET source_id = EXCLUDED.source_id, '
                "last_seen = EXCLUDED.last_seen, retired = NULL",
                [source.pk, table, at, at, uuid_array(ids)],
            )
        return
    FeedRecord.objects.bulk_create(
        [
            FeedRecord(
                source=source, table=table, record_id=i, first_seen=at, last_seen=at, retired=None
            )
            for i in ids
        ],
        update_conflicts=True,
        unique_fields=["table", "record_id"],
        update_fields=["source", "last_seen", "retired"],
        batch_size=500,
    )


def keep_listed(source: FeedSource, table: str, ids: Iterable[uuid.UUID], at: datetime) -> None:
    """Records the feed still lists but that were rejected this time: not retired for that."""
    FeedRecord.objects.filter(source=source, table=table, record_id__in=list(ids)).update(
        last_seen=at
    )


def retire_unlisted(
    source: FeedSource, pulled_at: datetime, *, now: datetime
) -> list[tuple[uuid.UUID, str]]:
    """Make inactive the source's services that a complete pull at `pulled_at` did not list;
    returns their ids and names."""
    gone = FeedRecord.objects.filter(
        source=source, table="service", last_seen__lt=pulled_at, retired__isnull=True
    )
    services = Service.objects.filter(pk__in=gone.values("record_id")).exclude(
        status__in=NOT_LISTED
    )
    retired = list(services.order_by("name", "pk").values_list("pk", "name"))
    services.update(status=Service.Status.INACTIVE, last_modified=now)
    gone.update(retired=pulled_at)
    return retired
