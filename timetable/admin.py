"""Back office for hub staff: cancel a session, close a hub, keep the bank holidays."""

from django.contrib import admin

from timetable.models import BankHoliday, Cancellation, Closure


@admin.register(Cancellation)
class CancellationAdmin(admin.ModelAdmin):
    list_display = ("date", "service_name", "schedule", "reason")
    list_filter = ("date",)
    search_fields = ("schedule__service__name", "schedule__description", "reason")
    autocomplete_fields = ("schedule",)
    list_select_related = ("schedule__service",)
    date_hierarchy = "date"
    fields = ("schedule", "date", "reason")

    @admin.display(description="Service", ordering="schedule__service__name")
    def service_name(self, cancellation: Cancellation) -> str:
        service = cancellation.schedule.service
        return service.name if service else ""


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("__str__", "location", "starts_on", "ends_on", "reason")
    list_filter = ("location",)
    search_fields = ("location__name", "reason")
    autocomplete_fields = ("location",)
    list_select_related = ("location",)
    date_hierarchy = "starts_on"
    fields = ("location", ("starts_on", "ends_on"), "reason")


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    search_fields = ("name",)
    date_hierarchy = "date"
