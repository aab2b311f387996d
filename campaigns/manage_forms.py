"""The questions council editors answer about a campaign, one of its events and a news post."""

from datetime import datetime

from django import forms
from django.db.models import Q, QuerySet

from campaigns.models import Campaign, Event, NewsPost
from core.forms import PlainErrorsMixin
from directory.models import Location, Organization, Service
from families.forms import DateField
from timetable.manage_forms import TimeField
from timetable.selectors import LONDON

# Longer than the shared 2,000-character limit for text boxes: a campaign or a story runs to
# several paragraphs.
LONG_TEXT = 10_000
PARAGRAPHS_HINT = "Leave a blank line between paragraphs."


def service_label(service: Service) -> str:
    return f"{service.name} ({service.organization.name})" if service.organization else service.name


def place_label(place: Location) -> str:
    return f"{place.name} (family hub)" if place.is_family_hub else place.name


def checkboxes(label: str, describe=str) -> forms.ModelMultipleChoiceField:
    """Records to tick; each form sets the queryset when it is made (so it is read then)."""
    field = forms.ModelMultipleChoiceField(
        label=label,
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field.label_from_instance = describe
    return field


def linkable_services(held: QuerySet[Service] | None) -> QuerySet[Service]:
    """Services parents can see, and any the record already links to (so saving keeps them)."""
    wanted = Q(status=Service.Status.ACTIVE)
    if held is not None:
        wanted |= Q(pk__in=held.values("pk"))
    return Service.objects.filter(wanted).select_related("organization").order_by("name", "pk")


def places() -> QuerySet[Location]:
    return Location.objects.order_by("-is_family_hub", "name", "pk")


class CampaignForm(PlainErrorsMixin, forms.ModelForm):
    starts_on = DateField(
        what="start date",
        label="Start date",
        required=False,
        help_text="Leave it empty for an ongoing campaign. For example, 8 6 2026",
    )
    ends_on = DateField(
        what="end date",
        label="End date",
        required=False,
        help_text="Leave it empty if it carries on. For example, 14 6 2026",
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea, max_length=LONG_TEXT, help_text=PARAGRAPHS_HINT
    )
    organizations = checkboxes("Organisations taking part")
    services = checkboxes("Services to tell parents about", service_label)

    class Meta:
        model = Campaign
        fields = [
            "name",
            "starts_on",
            "ends_on",
            "summary",
            "description",
            "organizations",
            "services",
            "url",
        ]
        labels = {"name": "Name", "summary": "Summary", "url": "Link to find out more"}
        help_texts = {
            "summary": "One sentence, shown in lists of campaigns.",
            "url": "For example, the national campaign's website.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        held = None if self.instance._state.adding else self.instance.services.all()
        self.fields["organizations"].queryset = Organization.objects.order_by("name", "pk")
        self.fields["services"].queryset = linkable_services(held)

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data


class EventForm(PlainErrorsMixin, forms.ModelForm):
    """An event's start and end as a GOV.UK date input and a time each; the end date may be
    left empty for an event that ends the day it starts."""

    location = forms.ModelChoiceField(
        label="Where is it?",
        queryset=Location.objects.none(),
        help_text="Family hubs come first. Only events at a family hub show in what's on.",
    )
    starts_on = DateField(what="date it starts", label="Date", help_text="For example, 8 6 2026")
    starts_at_time = TimeField(what="start time", label="Start time")
    ends_on = DateField(
        what="end date",
        label="End date",
        required=False,
        help_text="Leave it empty if it ends on the day it starts. For example, 8 6 2026",
    )
    ends_at_time = TimeField(what="end time", label="End time")
    description = forms.CharField(
        label="Description", widget=forms.Textarea, max_length=LONG_TEXT, help_text=PARAGRAPHS_HINT
    )

    class Meta:
        model = Event
        fields = ["title", "location", "description", "for_expectant_parents", "cancelled"]
        labels = {
            "title": "Title",
            "for_expectant_parents": "Expectant parents can come",
            "cancelled": "Cancelled (parents see it is not happening)",
        }

    field_order = [
        "title",
        "location",
        "starts_on",
        "starts_at_time",
        "ends_on",
        "ends_at_time",
        "description",
        "for_expectant_parents",
        "cancelled",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = places()
        self.fields["location"].label_from_instance = place_label
        event = self.instance
        if not event._state.adding and not self.is_bound:
            starts, ends = event.starts_at.astimezone(LONDON), event.ends_at.astimezone(LONDON)
            self.initial.update(
                starts_on=starts.date(),
                starts_at_time=starts.time(),
                ends_on=ends.date() if ends.date() != starts.date() else None,
                ends_at_time=ends.time(),
            )

    def clean(self) -> dict:
        data = super().clean()
        starts_on, starts_time = data.get("starts_on"), data.get("starts_at_time")
        ends_time = data.get("ends_at_time")
        if not (starts_on and starts_time and ends_time) or "ends_on" in self.errors:
            return data
        starts = datetime.combine(starts_on, starts_time, tzinfo=LONDON)
        ends = datetime.combine(data.get("ends_on") or starts_on, ends_time, tzinfo=LONDON)
        if ends <= starts:
            self.add_error("ends_at_time", "The event must end after it starts")
            return data
        self.instance.starts_at, self.instance.ends_at = starts, ends
        # The editor typed these times: they are the real ones, not a source's guess.
        self.instance.times_are_illustrative = False
        return data


class NewsPostForm(PlainErrorsMixin, forms.ModelForm):
    published_on = DateField(what="date", label="Date", help_text="For example, 8 6 2026")
    body = forms.CharField(
        label="Story", widget=forms.Textarea, max_length=LONG_TEXT, help_text=PARAGRAPHS_HINT
    )
    campaigns = checkboxes("Campaigns it is about")
    locations = checkboxes("Places it is about", place_label)
    services = checkboxes("Services it is about", service_label)

    class Meta:
        model = NewsPost
        fields = [
            "title",
            "published_on",
            "summary",
            "body",
            "campaigns",
            "locations",
            "services",
            "is_published",
        ]
        labels = {
            "title": "Title",
            "summary": "Summary",
            "is_published": "Published (parents can read it)",
        }
        help_texts = {"summary": "One sentence, shown in the list of news."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        held = None if self.instance._state.adding else self.instance.services.all()
        self.fields["campaigns"].queryset = Campaign.objects.order_by("-starts_on", "name")
        self.fields["locations"].queryset = places()
        self.fields["services"].queryset = linkable_services(held)
