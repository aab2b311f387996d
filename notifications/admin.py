from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: staff can see what was sent and what failed, never edit or resend by hand."""

    list_display = ["kind", "channel", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status", "channel"]
    fields = [
        "kind",
        "event_key",
        "channel",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "claimed_at",
        "sent_at",
        "provider_id",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
