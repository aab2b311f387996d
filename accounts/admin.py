from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import HubMembership


class HubMembershipInline(admin.TabularInline):
    model = HubMembership
    extra = 1
    autocomplete_fields = ["location"]
    verbose_name = "family hub this person works at"


# Hubs are given to staff on their user page, next to their groups.
admin.site.unregister(User)
# Authenticator keys stay out of the back office: resetting is the one thing to do with them.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(User)
class UserWithHubsAdmin(UserAdmin):
    inlines = [HubMembershipInline]
    actions = ["reset_two_factor"]

    @admin.action(
        description="Reset two-factor sign-in (they set up their app again)", permissions=["change"]
    )
    def reset_two_factor(self, request, queryset) -> None:
        for user in queryset:
            two_factor.reset(user, by=request.user)
        self.message_user(
            request,
            f"Two-factor sign-in reset for {len(queryset)} people. They will set it up again "
            "when they next sign in.",
            messages.SUCCESS,
        )
