"""Forms for editing the directory, shared by the back office and the management pages.

The back office's `ServiceForm` and `AccessibilityForm` and the management pages' questions ask
for the same things in the same words (SEND needs ticked, venue features chosen from the words
parents search by), through the helpers here.
"""

from decimal import Decimal

from django import forms
from django.db.models import QuerySet

from core.forms import PlainErrorsMixin
from directory import models
from directory.filters import ACCESS_FEATURES, SEND_TAXONOMY, send_needs
from geo.postcodes import normalise_postcode, validate_uk_postcode

SEND_LABEL = "Supports children with additional needs (SEND)"
SEND_HINT = "Parents can search for these. Leave all unticked if it is not a SEND service."


def send_needs_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=SEND_LABEL,
        queryset=send_needs(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=SEND_HINT,
    )


def venue_feature_choices(held: str = "") -> list[tuple[str, str]]:
    """The features parents filter by; a feed's own words for a feature stay as they are."""
    choices = [(label, label) for _, label in ACCESS_FEATURES]
    if held and held not in dict(choices):
        choices.append((held, held))
    return choices


class ServiceForm(forms.ModelForm):
    """The back office's service form, and which additional needs (SEND) it supports."""

    send_needs = send_needs_field()

    class Meta:
        model = models.Service
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose the fields shown)
        labels = {"interpretation_services": "Interpreters"}
        help_texts = {
            "interpretation_services": (
                "Whether an interpreter can be booked, and how: parents read this as it is."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["send_needs"].queryset = send_needs()
        if self.instance.pk:
            self.initial["send_needs"] = list(
                self.fields["send_needs"].queryset.filter(
                    attributes__link_id=self.instance.pk, attributes__link_entity="service"
                )
            )

    def save_send_needs(self, service: models.Service) -> None:
        chosen = set(self.cleaned_data["send_needs"])
        tagged = models.Attribute.objects.filter(
            link_id=service.pk, link_entity="service", taxonomy_term__in=send_needs()
        )
        tagged.exclude(taxonomy_term__in=chosen).delete()
        held = set(tagged.values_list("taxonomy_term_id", flat=True))
        models.Attribute.objects.bulk_create(
            models.Attribute(
                link_id=service.pk, link_entity="service", link_type="service", taxonomy_term=term
            )
            for term in chosen
            if term.pk not in held
        )


class AccessibilityForm(forms.ModelForm):
    """One venue feature per row, chosen in the words parents search by."""

    class Meta:
        model = models.Accessibility
        fields = ("description", "details", "url")
        labels = {"description": "Venue feature", "details": "More about it (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        held = self.instance.description if self.instance.pk else ""
        self.fields["description"] = forms.ChoiceField(
            label="Venue feature",
            choices=[("", "Choose a feature"), *venue_feature_choices(held)],
            required=True,
        )


# Management questions ---------------------------------------------------------------------
#
# Each form is one question page of a service's task list. Their cleaned data is turned into a
# listing snapshot by directory.manage.sections; these forms only ask and check.


class DetailsForm(PlainErrorsMixin, forms.Form):
    name = forms.CharField(label="Name of the service", max_length=255)
    organization = forms.ModelChoiceField(
        label="Organisation that runs it",
        queryset=models.Organization.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label="Describe the service",
        widget=forms.Textarea,
        help_text="What happens there and who it helps, in plain words parents will read.",
    )
    url = forms.URLField(
        label="Website", required=False, help_text="The full address, like https://example.org"
    )

    def __init__(self, *args, organisations: QuerySet | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organization"].queryset = organisations


AGE_UNITS = [("months", "Months"), ("years", "Years")]


def age_in_years(number: int | None, unit: str) -> Decimal | None:
    if number is None:
        return None
    years = Decimal(number) / 12 if unit == "months" else Decimal(number)
    return years.quantize(Decimal("0.01"))


def age_answer(years: Decimal | None) -> tuple[int | None, str]:
    """An age in years as people say it: months under two, years from two."""
    if years is None:
        return None, "months"
    months = years * 12
    if years < 2 and months == months.to_integral_value():
        return int(months), "months"
    return int(years), "years"


class WhoForForm(PlainErrorsMixin, forms.Form):
    for_expectant_parents = forms.BooleanField(label="Expectant parents can come", required=False)
    minimum_age = forms.IntegerField(
        label="Youngest child's age", required=False, min_value=0, max_value=216
    )
    minimum_age_unit = forms.ChoiceField(
        label="Youngest age is in", choices=AGE_UNITS, widget=forms.RadioSelect, initial="months"
    )
    maximum_age = forms.IntegerField(
        label="Oldest child's age",
        required=False,
        min_value=0,
        max_value=216,
        help_text="Inclusive: 24 months means up to and including 24 months.",
    )
    maximum_age_unit = forms.ChoiceField(
        label="Oldest age is in", choices=AGE_UNITS, widget=forms.RadioSelect, initial="months"
    )
    eligibility_description = forms.CharField(
        label="Who else it is for, or who it is not for",
        required=False,
        widget=forms.Textarea,
        help_text="For example: families living in Thurrock.",
    )
    send_needs = send_needs_field()

    def clean(self):
        cleaned = super().clean()
        youngest = age_in_years(cleaned.get("minimum_age"), cleaned.get("minimum_age_unit", ""))
        oldest = age_in_years(cleaned.get("maximum_age"), cleaned.get("maximum_age_unit", ""))
        if youngest is not None and oldest is not None and youngest > oldest:
            self.add_error("maximum_age", "The oldest age must not be less than the youngest age")
        if youngest is None and oldest is None and not cleaned.get("for_expectant_parents"):
            self.add_error(
                "minimum_age", "Give an age range, or say that expectant parents can come"
            )
        cleaned["minimum_years"], cleaned["maximum_years"] = youngest, oldest
        return cleaned


class CostForm(PlainErrorsMixin, forms.Form):
    is_free = forms.TypedChoiceField(
        label="Is it free?",
        choices=[("yes", "Yes, it is free"), ("no", "No, there is a cost")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
    )
    fees_description = forms.CharField(
        label="What it costs, in words",
        required=False,
        widget=forms.Textarea,
        help_text="For example: £3 a session, free for families on Universal Credit.",
    )

    def __init__(self, *args, rows: int = 3, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, rows + 1):
            self.fields[f"amount_{number}"] = forms.DecimalField(
                label=f"Price {number} in pounds",
                required=False,
                min_value=Decimal("0.01"),
                max_digits=8,
                decimal_places=2,
                help_text="For example 3.50" if number == 1 else "",
            )
            self.fields[f"option_{number}"] = forms.CharField(
                label=f"What price {number} is for", required=False, max_length=255
            )

    @property
    def row_numbers(self) -> range:
        return range(1, sum(name.startswith("amount_") for name in self.fields) + 1)

    def prices(self) -> list[tuple[Decimal, str]]:
        return [
            (self.cleaned_data[f"amount_{n}"], self.cleaned_data[f"option_{n}"])
            for n in self.row_numbers
            if self.cleaned_data.get(f"amount_{n}") is not None
        ]

    def clean(self):
        cleaned = super().clean()
        for number in self.row_numbers:
            amount = f"amount_{number}"
            described = cleaned.get(f"option_{number}")
            if described and cleaned.get(amount) is None and amount not in self.errors:
                self.add_error(amount, f"Enter price {number}, like 3.50")
        if cleaned.get("is_free") is False and not (
            self.prices() or cleaned.get("fees_description")
        ):
            self.add_error("amount_1", "Enter a price, or say what it costs in words")
        return cleaned


class JoinForm(PlainErrorsMixin, forms.Form):
    join_method = forms.ChoiceField(
        label="How do families join?",
        choices=[
            (models.Service.JoinMethod.DROP_IN, "They just turn up"),
            (models.Service.JoinMethod.BOOKING, "They book a place"),
            (models.Service.JoinMethod.REFERRAL, "A professional refers them"),
        ],
        widget=forms.RadioSelect,
    )
    application_process = forms.CharField(
        label="What families need to do",
        widget=forms.Textarea,
        help_text="In the words a parent will read, for example: just come along, no need to book.",
    )


class ContactsForm(PlainErrorsMixin, forms.Form):
    email = forms.EmailField(label="Email address", required=False, max_length=254)

    def __init__(self, *args, rows: int = 2, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, rows + 1):
            self.fields[f"phone_{number}"] = forms.CharField(
                label=f"Phone number {number}", required=False, max_length=50
            )
            self.fields[f"phone_{number}_description"] = forms.CharField(
                label=f"When to call phone number {number}",
                required=False,
                help_text="For example: Monday to Friday, 9am to 5pm" if number == 1 else "",
            )

    def phones(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[name], self.cleaned_data[f"{name}_description"])
            for name in self.fields
            if name.startswith("phone_")
            and not name.endswith("_description")
            and self.cleaned_data.get(name)
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("email") or self.phones()):
            self.add_error("email", "Enter an email address or a phone number")
        return cleaned


def topic_terms() -> QuerySet[models.TaxonomyTerm]:
    """The topics a service can be listed under: every term but the SEND vocabulary's."""
    return models.TaxonomyTerm.objects.exclude(taxonomy__name=SEND_TAXONOMY).order_by("name")


class TopicsForm(PlainErrorsMixin, forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label="Topics",
        queryset=models.TaxonomyTerm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Parents find the service under these. Choose all that fit.",
        error_messages={"required": "Choose at least one topic"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topic_terms()


class LanguagesForm(PlainErrorsMixin, forms.Form):
    interpretation_services = forms.CharField(
        label="Interpreters",
        required=False,
        widget=forms.Textarea,
        help_text="Whether an interpreter can be booked, and how: parents read this as it is.",
    )

    def __init__(self, *args, rows: int = 3, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, rows + 1):
            self.fields[f"language_{number}"] = forms.CharField(
                label=f"Language {number}",
                required=False,
                max_length=255,
                help_text="A language the service is run in, for example Polish"
                if number == 1
                else "",
            )
            self.fields[f"language_{number}_code"] = forms.RegexField(
                label=f"Code for language {number}",
                regex=r"^[A-Za-z]{2,3}$",
                required=False,
                max_length=3,
                help_text="2 or 3 letters, for example pl for Polish" if number == 1 else "",
                error_messages={
                    "invalid": f"Enter the code for language {number} as 2 or 3 letters"
                },
            )

    def languages(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[name], self.cleaned_data[f"{name}_code"].lower())
            for name in self.fields
            if name.startswith("language_")
            and not name.endswith("_code")
            and self.cleaned_data.get(name)
        ]

    def clean(self):
        cleaned = super().clean()
        for name in list(self.fields):
            if name.endswith("_code") and cleaned.get(name) and not cleaned.get(name[:-5]):
                self.add_error(
                    name[:-5], f"Enter the name of {self.fields[name[:-5]].label.lower()}"
                )
        return cleaned


class OrganisationForm(PlainErrorsMixin, forms.ModelForm):
    class Meta:
        model = models.Organization
        fields = ("name", "description", "website", "email")
        labels = {"name": "Name of the organisation", "description": "What the organisation does"}


class LocationForm(PlainErrorsMixin, forms.Form):
    """A place, its address (the postcode is checked and placed on the map) and venue features."""

    name = forms.CharField(label="Name of the place", max_length=255)
    is_family_hub = forms.BooleanField(label="This is a family hub", required=False)
    organization = forms.ModelChoiceField(
        label="Organisation that runs it",
        queryset=models.Organization.objects.all(),
        required=False,
        empty_label="None",
    )
    address_1 = forms.CharField(label="Address line 1", max_length=255)
    address_2 = forms.CharField(label="Address line 2", max_length=255, required=False)
    city = forms.CharField(label="Town or city", max_length=255)
    state_province = forms.CharField(label="County", max_length=255)
    postal_code = forms.CharField(label="Postcode", max_length=20)
    transportation = forms.CharField(
        label="How to get there", required=False, widget=forms.Textarea
    )
    features = forms.MultipleChoiceField(
        label="Venue features",
        choices=venue_feature_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Parents can search for places with these.",
    )

    def clean_postal_code(self) -> str:
        postcode = self.cleaned_data["postal_code"]
        validate_uk_postcode(postcode)
        return normalise_postcode(postcode)
