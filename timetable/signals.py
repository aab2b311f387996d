"""Keep what's on's upcoming sessions current when anything they are made from changes.

Bulk writes (imports, `QuerySet.update`) send no signals: `manage.py rebuild_whats_on` (run
daily, and after an import) puts those right.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from campaigns.models import Event
from directory.models import Location, Schedule, Service, ServiceAtLocation
from timetable import upcoming
from timetable.models import BankHoliday, Cancellation, Closure, TermTimeOnly
from timetable.schedules import schedules_without_a_place, settle_place


def _today():
    return timezone.localdate()


@receiver(post_save, sender=Schedule)
def schedule_changed(sender, instance: Schedule, raw: bool = False, **kwargs) -> None:
    if not raw:
        upcoming.refresh_schedules([instance.pk], _today())


@receiver(pre_save, sender=Schedule)
def schedule_place_settled(sender, instance: Schedule, raw: bool = False, **kwargs) -> None:
    """Service, place and their link agree before any schedule is saved (see settle_place)."""
    if not raw:
        settle_place(instance)


@receiver(post_save, sender=ServiceAtLocation)
def sessions_follow_the_services_place(
    sender, instance: ServiceAtLocation, created: bool, raw: bool = False, **kwargs
) -> None:
    """A service given its place after its sessions were saved: they run there now."""
    if created and not raw:
        for schedule in schedules_without_a_place(instance.service_id):
            schedule.save()


@receiver(post_save, sender=Service)
def service_changed(sender, instance: Service, raw: bool = False, **kwargs) -> None:
    if not raw:
        upcoming.refresh_schedules(upcoming.schedules_of_service(instance.pk), _today())


@receiver(post_save, sender=Location)
def location_changed(sender, instance: Location, raw: bool = False, **kwargs) -> None:
    if not raw:
        upcoming.refresh_schedules(upcoming.schedules_at_location(instance.pk), _today())
        upcoming.refresh_events(
            Event.objects.filter(location=instance).values_list("pk", flat=True), _today()
        )


@receiver(post_save, sender=ServiceAtLocation)
@receiver(post_delete, sender=ServiceAtLocation)
def service_at_location_changed(sender, instance: ServiceAtLocation, **kwargs) -> None:
    if not kwargs.get("raw"):
        schedules = Schedule.objects.filter(service_at_location_id=instance.pk)
        upcoming.refresh_schedules(schedules.values_list("pk", flat=True), _today())


@receiver(post_save, sender=TermTimeOnly)
@receiver(post_delete, sender=TermTimeOnly)
def term_time_changed(sender, instance: TermTimeOnly, **kwargs) -> None:
    """Sessions in school holidays come and go as a schedule becomes term time only or not."""
    if not kwargs.get("raw"):
        upcoming.refresh_schedules([instance.schedule_id], _today())


@receiver(post_save, sender=Cancellation)
@receiver(post_delete, sender=Cancellation)
def cancellation_changed(sender, instance: Cancellation, **kwargs) -> None:
    if not kwargs.get("raw"):
        upcoming.refresh_dates_off(instance.date, instance.date, schedule_id=instance.schedule_id)


@receiver(post_save, sender=Event)
@receiver(post_delete, sender=Event)
def event_changed(sender, instance: Event, **kwargs) -> None:
    if not kwargs.get("raw"):
        upcoming.refresh_events([instance.pk], _today())


@receiver(pre_save, sender=Closure)
@receiver(pre_save, sender=BankHoliday)
def remember_dates_before_change(sender, instance, raw: bool = False, **kwargs) -> None:
    """A closure moved to other dates or another hub frees the sessions it covered before."""
    instance._dates_before = (
        None if raw or instance.pk is None else sender.objects.filter(pk=instance.pk).first()
    )


def _refresh_closed(closure: Closure | None) -> None:
    if closure is not None:
        upcoming.refresh_dates_off(
            closure.starts_on, closure.ends_on, location_id=closure.location_id
        )


def _refresh_holiday(holiday: BankHoliday | None) -> None:
    if holiday is not None:
        upcoming.refresh_dates_off(holiday.date, holiday.date)


@receiver(post_save, sender=Closure)
@receiver(post_delete, sender=Closure)
def closure_changed(sender, instance: Closure, **kwargs) -> None:
    if not kwargs.get("raw"):
        _refresh_closed(getattr(instance, "_dates_before", None))
        _refresh_closed(instance)


@receiver(post_save, sender=BankHoliday)
@receiver(post_delete, sender=BankHoliday)
def bank_holiday_changed(sender, instance: BankHoliday, **kwargs) -> None:
    if not kwargs.get("raw"):
        _refresh_holiday(getattr(instance, "_dates_before", None))
        _refresh_holiday(instance)
