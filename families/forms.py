"""The questions a family answers, used by the parent's pages and by staff alike."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.forms import EMAIL_ERRORS
from core.forms import PlainErrorsMixin
from directory.models import Location
from families.models import Adult, Child, Family
from geo.postcodes import is_uk_postcode, normalise_postcode

# A pregnancy lasts about 40 weeks; a due date further ahead than this is a typing mistake.
LONGEST_PREGNANCY = timedelta(weeks=42)


class DatePartsWidget(forms.MultiWidget):
    """Day, month and year boxes, as in the GOV.UK date input."""

    def __init__(self):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateField(forms.MultiValueField):
    widget = DatePartsWidget

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        not_a_date = f"The {what} must be a real date, like 27 3 2026"
        parts = [
            forms.CharField(required=False, max_length=4, error_messages={"max_length": not_a_date})
            for _ in range(3)
        ]
        kwargs.setdefault("error_messages", {"required": f"Enter the {what}"})
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list) -> date | None:
        if not data_list or not any(data_list):
            return None
        if not all(data_list):
            raise ValidationError(f"The {self.what} must include a day, month and year")
        try:
            day, month, year = (int(part) for part in data_list)
            if year < 1900:
                raise ValueError
            return date(year, month, day)
        except ValueError:
            raise ValidationError(f"The {self.what} must be a real date, like 27 3 2026") from None


def today() -> date:
    return timezone.localdate()


class AdultForm(PlainErrorsMixin, forms.ModelForm):
    class Meta:
        model = Adult
        fields = ["first_name", "last_name", "email", "phone", "preferred_contact"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(
                attrs={"autocomplete": "tel", "width": "govuk-input--width-20"}
            ),
            "preferred_contact": forms.RadioSelect,
        }
        error_messages = {
            "first_name": {"required": "Enter the first name"},
            "last_name": {"required": "Enter the last name"},
            "email": EMAIL_ERRORS,
            "preferred_contact": {"required": "Choose how we should contact you"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"
        self.fields["preferred_contact"].choices = Adult.ContactMethod.choices

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = "".join(character for character in phone if character.isdigit())
        if phone and not 10 <= len(digits) <= 13:
            raise ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return phone

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("preferred_contact")
        if method == Adult.ContactMethod.EMAIL and not cleaned.get("email"):
            self.add_error("email", "Enter an email address, or choose another way to contact you")
        if method in (Adult.ContactMethod.SMS, Adult.ContactMethod.PHONE) and not cleaned.get(
            "phone"
        ):
            self.add_error("phone", "Enter a phone number, or choose another way to contact you")
        return cleaned


def example_date(days_from_today: int) -> str:
    """A date for a hint, in the format the date boxes take, e.g. '27 3 2026'."""
    return f"{today() + timedelta(days=days_from_today):%-d %-m %Y}"


class ChildForm(PlainErrorsMixin, forms.ModelForm):
    """A new child, or changes to one. A new child or an expected baby is asked whether the baby
    has been born, and then only the date that answer needs; a child already born is asked
    their date of birth."""

    # Rendered with the date for each answer right under it (families/includes/child_fields.html).
    govuk_template = "families/includes/child_fields.html"

    born = forms.TypedChoiceField(
        label="Has the baby been born?",
        choices=[("yes", "Yes"), ("no", "No, we are expecting a baby")],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        error_messages={"required": "Select yes if the baby has been born"},
    )
    date_of_birth = DateField(what="date of birth", label="Date of birth", required=False)
    due_date = DateField(what="due date", label="Due date", required=False)

    class Meta:
        model = Child
        fields = ["first_name", "born", "date_of_birth", "due_date"]
        widgets = {"first_name": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {"first_name": "Leave this empty if the baby has not been named yet."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].help_text = f"For example, {example_date(-200)}"
        self.fields["due_date"].help_text = f"For example, {example_date(90)}"
        child = self.instance
        # A UUID primary key is set before the child is saved: only a saved child is "existing".
        if child._state.adding:
            return
        if child.is_expected:
            self.fields["born"].label = f"Has {child.first_name or 'the baby'} been born?"
            self.initial["born"] = "no"
        else:
            del self.fields["born"], self.fields["due_date"]
            self.fields["date_of_birth"].required = True

    def clean(self):
        cleaned = super().clean()
        born = cleaned.get("born") if "born" in self.fields else True
        if born is True:
            self._ignore("due_date")
            self._check_date_of_birth(cleaned)
        elif born is False:
            self._ignore("date_of_birth")
            self._check_due_date(cleaned)
        return cleaned

    def _ignore(self, name: str) -> None:
        """The date for the other answer is not asked for: drop it, and any mistake in it."""
        self.cleaned_data[name] = None
        self._errors.pop(name, None)

    def _check_date_of_birth(self, cleaned) -> None:
        born_on = cleaned.get("date_of_birth")
        if born_on is None:
            if "date_of_birth" not in self.errors:
                self.add_error("date_of_birth", "Enter the date of birth")
            return
        if born_on > today():
            self.add_error("date_of_birth", "The date of birth must be today or in the past")
        elif born_on < today() - timedelta(days=19 * 365):
            self.add_error("date_of_birth", "Family hubs are for children up to 19 years old")

    def _check_due_date(self, cleaned) -> None:
        due = cleaned.get("due_date")
        if due is None:
            if "due_date" not in self.errors:
                self.add_error("due_date", "Enter the due date")
            return
        if due < today() - timedelta(weeks=6):
            self.add_error(
                "due_date", "The due date is in the past: if the baby has been born, choose yes"
            )
        elif due > today() + LONGEST_PREGNANCY:
            self.add_error("due_date", "The due date must be within the next 9 months")

    def _post_clean(self):
        # Put the cleared date on the instance too, so an expected baby who is born loses
        # the due date, and a correction the other way loses the date of birth.
        super()._post_clean()
        if "born" in self.cleaned_data:
            self.instance.date_of_birth = self.cleaned_data.get("date_of_birth")
            self.instance.due_date = self.cleaned_data.get("due_date")


class BirthForm(PlainErrorsMixin, forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the first name"}
    )
    date_of_birth = DateField(what="date of birth", label="Date of birth")

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["first_name"].initial = child.first_name

    def clean_date_of_birth(self) -> date:
        born_on = self.cleaned_data["date_of_birth"]
        if born_on > today():
            raise ValidationError("The date of birth must be today or in the past")
        if self.child.due_date and born_on < self.child.due_date - LONGEST_PREGNANCY:
            raise ValidationError("The date of birth must be after the pregnancy began")
        return born_on


class HubChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, location: Location) -> str:
        return location.name


class HouseholdForm(PlainErrorsMixin, forms.ModelForm):
    hub = HubChoiceField(
        label="Which family hub would you like to use?",
        queryset=Location.objects.filter(is_family_hub=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a family hub"},
    )

    class Meta:
        model = Family
        fields = ["home_postcode", "hub", "languages", "accessibility_needs"]
        widgets = {
            "home_postcode": forms.TextInput(
                attrs={"autocomplete": "postal-code", "width": "govuk-input--width-10"}
            ),
            "accessibility_needs": forms.Textarea,
        }
        help_texts = {
            "languages": "For example, English and Polish.",
            "accessibility_needs": "Anything that helps you or your children take part, "
            "such as step-free access or an interpreter.",
        }
        error_messages = {"home_postcode": {"required": "Enter your home postcode"}}

    def __init__(self, *args, hubs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_postcode"].required = True
        if hubs is not None:
            self.fields["hub"].queryset = hubs

    def clean_home_postcode(self) -> str:
        postcode = self.cleaned_data["home_postcode"]
        if not is_uk_postcode(postcode):
            raise ValidationError("Enter a real UK postcode, like RM18 7AA")
        return normalise_postcode(postcode)


class ConsentForm(PlainErrorsMixin, forms.Form):
    registration = forms.BooleanField(
        label="I agree that the family hub holds these details so we can use it and book sessions",
        error_messages={"required": "You must agree for us to hold your details to register"},
    )
    updates = forms.BooleanField(
        label="Send us news about sessions and events (you can stop this at any time)",
        required=False,
    )


class StaffConsentForm(ConsentForm):
    registration = forms.BooleanField(
        label="The parent has been given the privacy notice and agrees that the family hub "
        "holds these details",
        error_messages={"required": "Confirm that the parent agrees, or do not register them"},
    )
    updates = forms.BooleanField(
        label="The parent would like news about sessions and events", required=False
    )


class FamilySearchForm(PlainErrorsMixin, forms.Form):
    q = forms.CharField(label="Search by name or postcode", required=False, max_length=100)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that this deletes my account and my family's details, and cannot "
        "be undone",
        error_messages={
            "required": "Tick the box to confirm you want to delete your account and your "
            "family's details"
        },
    )
