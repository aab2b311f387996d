from django.contrib import admin

from campaigns.models import Campaign, Event, NewsPost


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ("title", "location", "starts_at", "ends_at", "cancelled")
    show_change_link = True


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on")
    search_fields = ("name", "summary")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("organizations", "services")
    inlines = [EventInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "location", "starts_at", "campaign", "cancelled")
    list_filter = ("cancelled", "campaign", "location")
    search_fields = ("title", "description")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("location", "campaign")
    filter_horizontal = ("organizations",)
    date_hierarchy = "starts_at"


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ("title", "published_on", "is_published")
    list_filter = ("is_published", "campaigns")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("campaigns", "locations", "services")
    date_hierarchy = "published_on"
