"""Keep what reports store of their own in step with what it is counted from."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from reports.working_days import forget_from
from timetable.models import BankHoliday


@receiver(post_save, sender=BankHoliday)
@receiver(post_delete, sender=BankHoliday)
def bank_holiday_changed(sender, instance: BankHoliday, **kwargs) -> None:
    """Working days are numbered again from the earliest date the change touches (the date it
    had before, set by timetable's pre_save receiver, if it moved)."""
    before = getattr(instance, "_dates_before", None)
    forget_from(min(instance.date, before.date) if before is not None else instance.date)
