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


def paragraphs(label: str, when_empty: str) -> forms.CharField:
    """A required box for text of several paragraphs."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        max_length=LONG_TEXT,
        help_text="Leave a blank line between paragraphs.",
        error_messages={"required": when_empty},
    )


def service_label(service: Service) -> str:
    return f"{service.name} ({service.organization.name})" if service.organization else service.name


def checkboxes(label: str, describe=str, help_text: str = "") -> forms.ModelMultipleChoiceField:
    """Records to tick; each form sets the queryset when it is made (so it is read then)."""
    field = forms.ModelMultipleChoiceField(
        label=label,
        help_text=help_text,
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field.label_from_instance = describe
    return field


def offered_or_held(model, offered: Q, held: QuerySet | None) -> QuerySet:
    """The records a form offers to link, and any the record already links to (so saving keeps
    them). Offering only a few keeps the page short however big the directory grows."""
    if held is not None:
        offered |= Q(pk__in=held.values("pk"))
    return model.objects.filter(offered)


def linkable_services(form: forms.ModelForm, offered: Q, none_yet: str) -> None:
    """Offer the services parents can see among `offered`; say how to get some if there are none."""
    held = None if form.instance._state.adding else form.instance.services.all()
    services = offered_or_held(Service, offered & Q(status=Service.Status.ACTIVE), held)
    field = form.fields["services"]
    field.queryset = services.select_related("organization").order_by("name", "pk")
    if not field.queryset.exists():
        field.help_text = none_yet


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
    description = paragraphs("Description", "Enter a description")
    organizations = checkboxes("Organisations taking part")
    services = checkboxes(
        "Services to tell parents about",
        service_label,
        help_text="The services of the organisations taking part.",
    )

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
        error_messages = {
            "name": {"required": "Enter the campaign's name"},
            "summary": {"required": "Enter a summary"},
            "url": {"invalid": "Enter the link in full, like https://www.example.org"},
        }
        help_texts = {
            "summary": "One sentence, shown in lists of campaigns.",
            "url": "For example, the national campaign's website.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = Organization.objects.order_by("name", "pk")
        taking_part = (
            Organization.objects.none()
            if self.instance._state.adding
            else self.instance.organizations.all()
        )
        linkable_services(
            self,
            Q(organization__in=taking_part),
            "Tick the organisations taking part and save: their services are then listed here.",
        )

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
        label="Which family hub is it at?",
        queryset=Location.objects.none(),
        error_messages={
            "required": "Select the family hub it is at",
            "invalid_choice": "Select the family hub from the list",
        },
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
    description = paragraphs("Description", "Enter a description")

    class Meta:
        model = Event
        fields = ["title", "location", "description", "for_expectant_parents", "cancelled"]
        labels = {
            "title": "Title",
            "for_expectant_parents": "Expectant parents can come",
            "cancelled": "Cancelled (parents see it is not happening)",
        }
        error_messages = {"title": {"required": "Enter the event's title"}}

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
        event = self.instance
        held = None if event._state.adding else Location.objects.filter(pk=event.location_id)
        self.fields["location"].queryset = offered_or_held(
            Location, Q(is_family_hub=True), held
        ).order_by("name", "pk")
        for name in ("starts_at_time", "ends_at_time"):
            self.fields[name].widget.attrs["width"] = "govuk-input--width-5"
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
    body = paragraphs("Story", "Enter the story")
    campaigns = checkboxes("Campaigns it is about")
    locations = checkboxes("Family hubs it is about")
    services = checkboxes(
        "Services it is about", service_label, help_text="The services of its campaigns."
    )

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
        error_messages = {
            "title": {"required": "Enter the title"},
            "summary": {"required": "Enter a summary"},
        }
        help_texts = {"summary": "One sentence, shown in the list of news."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        adding = self.instance._state.adding
        self.fields["campaigns"].queryset = Campaign.objects.order_by("-starts_on", "name")
        held_places = None if adding else self.instance.locations.all()
        self.fields["locations"].queryset = offered_or_held(
            Location, Q(is_family_hub=True), held_places
        ).order_by("name", "pk")
        about = Campaign.objects.none() if adding else self.instance.campaigns.all()
        linkable_services(
            self,
            Q(pk__in=Service.objects.filter(campaigns__in=about).values("pk")),
            "Tick the campaigns it is about and save: their services are then listed here.",
        )
