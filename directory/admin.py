"""Back office for directory editors: organisations, services, locations and schedules."""

from django.contrib import admin

from directory import models
from directory.forms import AccessibilityForm, ServiceForm


class ReadOnlyTimesMixin:
    readonly_fields = ("id", "last_modified")


class ServiceAtLocationInline(admin.TabularInline):
    model = models.ServiceAtLocation
    extra = 0
    autocomplete_fields = ("location",)
    fields = ("location", "description")
    show_change_link = True
    verbose_name = "place where it runs"
    verbose_name_plural = "places where it runs"


class ScheduleInline(admin.StackedInline):
    model = models.Schedule
    extra = 0
    fk_name = "service"
    fieldsets = (
        (None, {"fields": ("description", ("freq", "interval"), "byday", "bymonthday")}),
        ("Times", {"fields": (("opens_at", "closes_at"), "timezone")}),
        ("Dates", {"fields": (("dtstart", "until", "count"), ("valid_from", "valid_to"))}),
        (
            "More",
            {
                "classes": ("collapse",),
                "fields": (
                    "location",
                    "service_at_location",
                    "attending_type",
                    "notes",
                    "schedule_link",
                ),
            },
        ),
    )


class CostOptionInline(admin.TabularInline):
    model = models.CostOption
    extra = 0
    fields = ("option", "amount", "currency", "amount_description", "valid_from", "valid_to")


class ContactInline(admin.TabularInline):
    model = models.Contact
    fk_name = "service"
    extra = 0
    fields = ("name", "title", "department", "email")


class PhoneInline(admin.TabularInline):
    model = models.Phone
    fk_name = "service"
    extra = 0
    fields = ("number", "extension", "type", "description")


class LanguageInline(admin.TabularInline):
    model = models.Language
    fk_name = "service"
    extra = 0
    fields = ("name", "code", "note")


class ServiceAreaInline(admin.TabularInline):
    model = models.ServiceArea
    extra = 0
    fields = ("name", "description", "extent_type", "extent")


@admin.register(models.Organization)
class OrganizationAdmin(ReadOnlyTimesMixin, admin.ModelAdmin):
    list_display = ("name", "website", "email", "last_modified", "illustrative")
    search_fields = ("name", "alternate_name", "description")
    list_filter = ("illustrative",)
    autocomplete_fields = ("parent_organization",)


@admin.register(models.Service)
class ServiceAdmin(ReadOnlyTimesMixin, admin.ModelAdmin):
    form = ServiceForm
    list_display = ("name", "organization", "status", "join_method", "who_for", "last_modified")
    list_filter = ("status", "join_method", "for_expectant_parents", "organization", "illustrative")
    search_fields = ("name", "alternate_name", "description", "organization__name")
    autocomplete_fields = ("organization", "program")
    date_hierarchy = "last_modified"
    inlines = [
        ServiceAtLocationInline,
        ScheduleInline,
        CostOptionInline,
        ContactInline,
        PhoneInline,
        LanguageInline,
        ServiceAreaInline,
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "id",
                    "name",
                    "alternate_name",
                    "organization",
                    "program",
                    "status",
                    "description",
                    "url",
                    "email",
                    "alert",
                )
            },
        ),
        (
            "Who it is for",
            {
                "fields": (
                    "for_expectant_parents",
                    ("minimum_age", "maximum_age"),
                    "eligibility_description",
                )
            },
        ),
        ("How to join", {"fields": ("join_method", "application_process", "wait_time")}),
        ("Cost", {"fields": ("fees_description", "fees")}),
        ("Languages and additional needs", {"fields": ("interpretation_services", "send_needs")}),
        (
            "Quality and more",
            {
                "classes": ("collapse",),
                "fields": (
                    "accreditations",
                    "licenses",
                    "assured_date",
                    "assurer_email",
                    "illustrative",
                    "last_modified",
                ),
            },
        ),
    )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        form.save_send_needs(form.instance)

    @admin.display(description="Who it is for")
    def who_for(self, service: models.Service) -> str:
        from directory.eligibility import who_it_is_for

        return who_it_is_for(service)


class AddressInline(admin.StackedInline):
    model = models.Address
    extra = 0
    fields = (
        ("address_1", "address_2"),
        ("city", "state_province"),
        ("postal_code", "country"),
        "address_type",
        "attention",
    )


class AccessibilityInline(admin.TabularInline):
    model = models.Accessibility
    form = AccessibilityForm
    extra = 0


@admin.register(models.Location)
class LocationAdmin(ReadOnlyTimesMixin, admin.ModelAdmin):
    list_display = ("name", "is_family_hub", "organization", "postcode", "last_modified")
    list_filter = ("is_family_hub", "location_type", "illustrative")
    search_fields = ("name", "alternate_name", "addresses__postal_code")
    autocomplete_fields = ("organization",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AddressInline, AccessibilityInline]

    @admin.display(description="Postcode")
    def postcode(self, location: models.Location) -> str:
        address = location.addresses.first()
        return address.postal_code if address else ""


@admin.register(models.ServiceAtLocation)
class ServiceAtLocationAdmin(ReadOnlyTimesMixin, admin.ModelAdmin):
    list_display = ("service", "location")
    search_fields = ("service__name", "location__name")
    autocomplete_fields = ("service", "location")
    list_select_related = ("service", "location")


@admin.register(models.Schedule)
class ScheduleAdmin(ReadOnlyTimesMixin, admin.ModelAdmin):
    list_display = ("__str__", "service", "freq", "byday", "opens_at", "closes_at", "valid_to")
    list_filter = ("freq",)
    search_fields = ("service__name", "description")
    autocomplete_fields = ("service", "location", "service_at_location")
    list_select_related = ("service",)


@admin.register(models.Program)
class ProgramAdmin(ReadOnlyTimesMixin, admin.ModelAdmin):
    list_display = ("name", "organization")
    search_fields = ("name",)


class TaxonomyTermInline(admin.TabularInline):
    model = models.TaxonomyTerm
    extra = 0
    fields = ("code", "name", "description", "parent")
    show_change_link = True


@admin.register(models.Taxonomy)
class TaxonomyAdmin(ReadOnlyTimesMixin, admin.ModelAdmin):
    list_display = ("name", "version", "uri")
    search_fields = ("name",)
    inlines = [TaxonomyTermInline]


@admin.register(models.TaxonomyTerm)
class TaxonomyTermAdmin(ReadOnlyTimesMixin, admin.ModelAdmin):
    list_display = ("name", "code", "taxonomy", "parent")
    list_filter = ("taxonomy",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent", "taxonomy")


@admin.register(models.Attribute)
class AttributeAdmin(ReadOnlyTimesMixin, admin.ModelAdmin):
    list_display = ("link_entity", "link_id", "taxonomy_term", "value")
    list_filter = ("link_entity",)
    autocomplete_fields = ("taxonomy_term",)
