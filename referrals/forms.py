"""The questions of the requests-for-support journeys, and of a service's intake settings.

A professional's referral and a family's own request ask many of the same things (how to contact
the family safely, an interpreter, the service's own questions); each form is written once and
worded for who is answering (`you` for the family, `the family` for a professional)."""

from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.forms import EMAIL_ERRORS
from accounts.roles import SERVICE_TEAMS
from core.forms import PlainErrorsMixin
from directory.models import Service
from families.forms import DateField, example_date, today
from geo.postcodes import is_uk_postcode, normalise_postcode
from referrals.models import ConsentRecord, IntakeQuestion, RequestForSupport

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, error: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": error},
    )


# A service's settings ---------------------------------------------------------------------


class IntakeSettingsForm(PlainErrorsMixin, forms.Form):
    """Who may send the service requests, how soon it replies, and who receives them."""

    TAKES = [
        ("both", "Professionals and families themselves"),
        ("professionals", "Only professionals (referrals)"),
        ("families", "Only families themselves"),
        ("none", "No one: the service does not take requests here"),
    ]
    takes = forms.ChoiceField(
        label="Who can send this service a request for support?",
        choices=TAKES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can send this service a request"},
    )
    response_target = forms.IntegerField(
        label="Reply within (working days)",
        required=False,
        min_value=1,
        max_value=60,
        help_text="How many working days the team takes to accept or decline a request, bank "
        "holidays not counted. Leave it empty if the service does not promise a time: families "
        "are then told nothing about when to expect a reply.",
        widget=forms.TextInput(attrs={"width": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "min_value": "The reply time must be at least 1 working day",
            "max_value": "The reply time must be 60 working days or fewer",
        },
    )
    # Choices, not a model field: a typed-in id (say, a 30-digit number) is refused as not on
    # the list, never sent to the database.
    team = forms.MultipleChoiceField(
        label="Who receives the requests?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People in the 'Service teams' role. If no one is chosen, requests go to the "
        "council's family hub team, who pass them on.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = (
            User.objects.filter(groups__name=SERVICE_TEAMS, is_active=True)
            .order_by("first_name", "last_name", "email")
            .distinct()
        )
        self.fields["team"].choices = [
            (
                str(user.pk),
                f"{user.get_full_name()} ({user.email})" if user.get_full_name() else user.email,
            )
            for user in people
        ]

    def clean_team(self) -> list[int]:
        return [int(user_id) for user_id in self.cleaned_data["team"]]


class IntakeQuestionForm(PlainErrorsMixin, forms.ModelForm):
    """One of the service's own questions. Options for 'Choose one' are typed one a line."""

    options = forms.CharField(
        label="Options",
        required=False,
        widget=forms.Textarea,
        help_text="For 'Choose one': each option on its own line, at least two.",
    )
    required = forms.TypedChoiceField(
        label="Must people answer it?",
        choices=[("yes", "Yes"), ("no", "No, it is optional")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if people must answer the question"},
    )

    class Meta:
        model = IntakeQuestion
        fields = ["label", "hint", "kind", "options", "required"]
        labels = {"label": "Question", "hint": "Hint (optional)", "kind": "Type of answer"}
        help_texts = {"hint": "A short example or explanation shown under the question."}
        widgets = {"kind": forms.RadioSelect, "hint": forms.Textarea}
        error_messages = {
            "label": {"required": "Enter the question"},
            "kind": {"required": "Select the type of answer"},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = IntakeQuestion.Kind.choices
        if self.instance.pk:
            self.initial["options"] = "\n".join(self.instance.choices)
            self.initial["required"] = "yes" if self.instance.required else "no"

    def clean(self):
        cleaned = super().clean()
        options = [line.strip() for line in cleaned.get("options", "").splitlines()]
        options = list(dict.fromkeys(option for option in options if option))
        if cleaned.get("kind") == IntakeQuestion.Kind.CHOICE and len(options) < 2:
            self.add_error("options", "Enter at least two options, each on its own line")
        cleaned["options"] = options if cleaned.get("kind") == IntakeQuestion.Kind.CHOICE else []
        return cleaned

    def save(self, commit: bool = True) -> IntakeQuestion:
        self.instance.choices = self.cleaned_data["options"]
        return super().save(commit=commit)


# Questions both journeys ask ----------------------------------------------------------------


class ServiceQuestionsForm(PlainErrorsMixin, forms.Form):
    """The service's own questions, one field each (named by the question's id)."""

    def __init__(self, *args, questions: list[IntakeQuestion] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = {f"question_{question.pk}": question for question in questions}
        for name, question in self.questions.items():
            self.fields[name] = service_question_field(question)


def service_question_field(question: IntakeQuestion) -> forms.Field:
    common = {"label": question.label, "required": question.required, "help_text": question.hint}
    if question.kind == IntakeQuestion.Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if question.kind == IntakeQuestion.Kind.CHOICE:
        options = [(option, option) for option in question.choices]
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if question.kind == IntakeQuestion.Kind.DATE:
        what = question.label.rstrip("?").lower()
        return DateField(what=what, **common)
    return forms.CharField(widget=forms.Textarea, **common)


def answer_in_words(answer) -> str:
    if answer is None or answer == "":
        return "Not answered"
    if isinstance(answer, date):
        return f"{answer:%-d %B %Y}"
    return {"yes": "Yes", "no": "No"}.get(answer, str(answer))


class WordedForm(PlainErrorsMixin, forms.Form):
    """A form asked of a family about themselves, or of a professional about a family.

    WORDING gives, by field, (label, hint, message when empty) for the family, then the same for a
    professional; a field's own label (the family's words) is what PlainErrorsMixin sees."""

    WORDING: dict[str, tuple[tuple[str, str, str], tuple[str, str, str]]] = {}

    def __init__(self, *args, about_family: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, wordings in self.WORDING.items():
            label, hint, when_empty = wordings[1 if about_family else 0]
            field = self.fields[name]
            field.label, field.help_text = label, hint
            if when_empty:
                field.error_messages["required"] = when_empty


class ContactForm(WordedForm):
    phone = forms.CharField(
        label="Your phone number",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "width": "govuk-input--width-20"}),
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        required=False,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    safe_contact = forms.CharField(
        label="How and when is it safe to contact you?", widget=forms.Textarea
    )

    WORDING = {
        "phone": (
            ("Your phone number", "", ""),
            ("The family's phone number", "", ""),
        ),
        "email": (
            ("Your email address", "", "Enter your email address"),
            ("The family's email address", "", ""),
        ),
        "safe_contact": (
            (
                "How and when is it safe to contact you?",
                "For example: text first, not before 10am, do not leave a voicemail.",
                "Tell us how and when it is safe to contact you",
            ),
            (
                "How and when is it safe to contact the family?",
                "For example: text the mother first, not when her partner is at home, "
                "no voicemail.",
                "Say how and when it is safe to contact the family",
            ),
        ),
    }

    def __init__(self, *args, email_required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"
        if email_required:
            self.fields["email"].required = True
            self.fields[
                "email"
            ].help_text = "We will email you a link to confirm it before your request is sent."

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = "".join(character for character in phone if character.isdigit())
        if phone and not 10 <= len(digits) <= 13:
            raise ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return phone

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", "Enter a phone number or an email address")
        return cleaned


class InterpreterForm(WordedForm):
    needs_interpreter = yes_no(
        "Would you like an interpreter?", "Select yes if you would like an interpreter"
    )
    language = forms.CharField(
        label="Which language?",
        max_length=100,
        required=False,
        help_text="If yes: for example, Polish or British Sign Language.",
    )

    WORDING = {
        "needs_interpreter": (
            (
                "Would you like an interpreter?",
                "",
                "Select yes if you would like an interpreter",
            ),
            (
                "Does the family need an interpreter?",
                "",
                "Select yes if the family needs an interpreter",
            ),
        ),
    }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("needs_interpreter") == "yes" and not cleaned.get("language", "").strip():
            self.add_error("language", "Enter the language the interpreter should speak")
        if cleaned.get("needs_interpreter") == "no":
            cleaned["language"] = ""
        return cleaned


# The professional's questions ----------------------------------------------------------------


class ChooseServiceForm(PlainErrorsMixin, forms.Form):
    service = forms.ModelChoiceField(
        label="Which service are you referring the family to?",
        queryset=Service.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the service"},
    )

    def __init__(self, *args, services=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if services is not None:
            self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda service: service.name


class FamilyRegisteredForm(PlainErrorsMixin, forms.Form):
    registered = forms.ChoiceField(
        label="Is the family registered with a family hub?",
        choices=[
            ("yes", "Yes, find their record"),
            ("no", "No, or I do not know: I will enter their details"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the family is registered with a family hub"},
    )


class FindFamilyForm(PlainErrorsMixin, forms.Form):
    """An exact search: a parent's full name, and their child's date of birth (or due date) or
    their home postcode. Only families matching all of it are shown."""

    first_name = forms.CharField(label="Parent's first name", max_length=100)
    last_name = forms.CharField(label="Parent's last name", max_length=100)
    child_date = DateField(
        what="date of birth or due date",
        label="Child's date of birth or due date",
        required=False,
    )
    postcode = forms.CharField(
        label="Or the family's home postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"width": "govuk-input--width-10"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child_date"].help_text = f"For example, {example_date(-200)}"

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not is_uk_postcode(postcode):
            raise ValidationError("Enter a real UK postcode, like RM18 7AA")
        return normalise_postcode(postcode) if postcode else ""

    def clean(self):
        cleaned = super().clean()
        if (
            "child_date" not in self.errors
            and "postcode" not in self.errors
            and not cleaned.get("child_date")
            and not cleaned.get("postcode")
        ):
            self.add_error(
                "child_date", "Enter the child's date of birth or due date, or a postcode"
            )
        return cleaned


NONE_OF_THESE = "none"


class ChooseFamilyForm(PlainErrorsMixin, forms.Form):
    family = forms.ChoiceField(
        label="Which family?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the family, or choose to enter their details"},
    )

    def __init__(self, *args, matches: list[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [
            *matches,
            (NONE_OF_THESE, "None of these: enter the family's details"),
        ]
        if not matches:
            self.fields["family"].label = "No registered family matches those details"


class PersonForm(WordedForm):
    person_name = forms.CharField(
        label="Your full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    WORDING = {
        "person_name": (
            ("Your full name", "", "Enter your full name"),
            ("The parent's full name", "", "Enter the parent's full name"),
        )
    }


class ConsentForm(PlainErrorsMixin, forms.Form):
    given = forms.ChoiceField(
        label="Has the family agreed to this request being sent?",
        choices=[
            ("yes", "Yes, they have agreed"),
            ("no", "No, or I have not been able to ask them"),
        ],
        widget=forms.RadioSelect,
        help_text="They need to know which service you are asking, what you will share and why.",
        error_messages={"required": "Select yes if the family has agreed"},
    )


class ConsentDetailsForm(PlainErrorsMixin, forms.Form):
    """Consent as data: who gave it, when, how, what they were shown, and what may be shared."""

    given_by = forms.CharField(
        label="Who gave consent?", max_length=200, help_text="Their full name."
    )
    relationship = forms.CharField(
        label="Their relationship to the baby",
        max_length=100,
        help_text="For example, mother, father or guardian.",
    )
    method = forms.ChoiceField(
        label="How did they give it?",
        choices=ConsentRecord.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they gave consent"},
    )
    given_on = DateField(what="date consent was given", label="When did they give it?")
    what_may_be_shared = forms.CharField(
        label="What may be shared, and with whom?",
        widget=forms.Textarea,
        help_text="For example: everything in this request, with the service's team and the "
        "family's health visitor.",
    )
    privacy_notice = forms.BooleanField(
        label="I told them what the privacy notice says (or gave it to them)",
        error_messages={"required": "Confirm you told them what the privacy notice says"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].help_text = f"For example, {example_date(0)}"
        self.fields["privacy_notice"].label = (
            "I told them what the privacy notice says (or gave it to them), version "
            f"{settings.FAMILYHUBS_PRIVACY_NOTICE_VERSION}"
        )

    def clean_given_on(self) -> date:
        given_on = self.cleaned_data["given_on"]
        if given_on > today():
            raise ValidationError("The date consent was given must be today or in the past")
        return given_on


def consent_given_at(given_on: date) -> datetime:
    """A consent date as a moment: now when it was today, else the start of that day."""
    if given_on == today():
        return timezone.now()
    return timezone.make_aware(datetime.combine(given_on, time.min))


class ReasonForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you asking for support for the family?",
        widget=forms.Textarea,
        help_text="What is happening, what the family would like help with, and anything the "
        "team should know to keep them safe.",
        error_messages={"required": "Enter why you are asking for support"},
    )
    urgency = forms.TypedChoiceField(
        label="How urgent is it?",
        choices=RequestForSupport.Urgency.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="If the family or baby is in danger now, call 999 and follow your "
        "safeguarding procedures: do not use this form.",
        error_messages={"required": "Select how urgent it is"},
    )


# The family's own questions ---------------------------------------------------------------------


class HelpWithForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="What would you like help with?",
        widget=forms.Textarea,
        help_text="Tell us as much or as little as you like. The team reads it before they "
        "contact you.",
        error_messages={"required": "Tell us what you would like help with"},
    )
