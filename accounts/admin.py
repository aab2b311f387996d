from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from accounts.models import HubMembership


class HubMembershipInline(admin.TabularInline):
    model = HubMembership
    extra = 1
    autocomplete_fields = ["location"]
    verbose_name = "family hub this person works at"


# Hubs are given to staff on their user page, next to their groups.
admin.site.unregister(User)


@admin.register(User)
class UserWithHubsAdmin(UserAdmin):
    inlines = [HubMembershipInline]
