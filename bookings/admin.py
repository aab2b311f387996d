"""Back office: booking settings are edited here; sessions are shown read-only.

Bookings and attendance hold family data, so they are seen on the audited staff pages
(/bookings/staff/), not in the admin.
"""

from django.contrib import admin, messages

from bookings.models import BookingSettings, SessionOccurrence
from bookings.services import apply_settings_to_future_sessions


@admin.register(BookingSettings)
class BookingSettingsAdmin(admin.ModelAdmin):
    list_display = ["service", "capacity", "places_counted_per", "booking_closes_hours_before"]
    list_select_related = ["service"]
    search_fields = ["service__name"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        changed = apply_settings_to_future_sessions(obj)
        if changed:
            messages.info(request, f"Updated {changed} upcoming session(s) that people had booked.")


@admin.register(SessionOccurrence)
class SessionOccurrenceAdmin(admin.ModelAdmin):
    list_display = ["service", "location", "starts_at", "capacity", "places_taken", "cancelled_at"]
    list_filter = ["location"]
    list_select_related = ["service", "location"]
    date_hierarchy = "starts_at"
    search_fields = ["service__name", "location__name"]
    readonly_fields = [
        "schedule",
        "service",
        "location",
        "starts_at",
        "ends_at",
        "capacity",
        "places_counted_per",
        "places_taken",
        "cancelled_at",
        "cancellation_reason",
        "version",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
