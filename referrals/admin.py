"""Back office for administrators: who is on the council's routing team, and professionals'
jobs and organisations. Requests themselves are never shown here: they are read in the team's
inbox, where every read is audited. Services' intakes and teams are set at /manage/."""

from django.contrib import admin

from referrals.models import ProfessionalProfile, RoutingTeamMember


@admin.register(RoutingTeamMember)
class RoutingTeamMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "active")
    list_filter = ("active",)
    autocomplete_fields = ("user",)


@admin.register(ProfessionalProfile)
class ProfessionalProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "job", "organisation")
    list_filter = ("job",)
    search_fields = ("user__email", "organisation")
    autocomplete_fields = ("user",)
