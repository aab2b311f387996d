"""Sign-in, sign-up, password reset and staff access forms, with GOV.UK-style error messages."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.emails import absolute_url, send_email
from accounts.services import normalise_email
from accounts.staff_access import ROLES, Access
from core.forms import PlainErrorsMixin
from directory.models import Location, Organization

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
}
TOO_LONG_128 = "Your password must be 128 characters or fewer"


class SignInForm(PlainErrorsMixin, forms.Form):
    email = forms.EmailField(label="Email address", max_length=254, error_messages=EMAIL_ERRORS)
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )


class SignUpForm(PlainErrorsMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        help_text="We will send you a link to confirm it.",
    )
    password = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput,
        help_text="At least 8 characters. Do not use a password you use anywhere else.",
        max_length=128,
        error_messages={"required": "Create a password", "max_length": TOO_LONG_128},
    )
    password_again = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput,
        max_length=128,
        error_messages={"required": "Type the password again", "max_length": TOO_LONG_128},
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The passwords do not match")
        elif password:
            email = cleaned.get("email", "")
            candidate = get_user_model()(username=email, email=email)
            try:
                validate_password(password, user=candidate)
            except ValidationError as error:
                self.add_error("password", password_problems(error))
        return cleaned


def password_problems(error: ValidationError) -> list[str]:
    """What Django's password validators found, in words that say what to do."""
    words = {
        "password_too_short": "Your password must be at least {min_length} characters",
        "password_too_common": "Choose a password that is harder to guess: this one is very common",
        "password_entirely_numeric": "Your password must include letters, not only numbers",
        "password_too_similar": "Your password must not be like your email address",
    }
    return [
        words[problem.code].format(**(problem.params or {}))
        if problem.code in words
        else problem.messages[0]
        for problem in error.error_list
    ]


class NewPasswordForm(PlainErrorsMixin, SetPasswordForm):
    """Django's form for a new password (after a reset link), with our words."""

    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        first, again = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "Create a new password"
        first.help_text = "At least 8 characters. Do not use a password you use anywhere else."
        first.error_messages.update(required="Create a new password", max_length=TOO_LONG_128)
        again.label, again.help_text = "Type the new password again", ""
        again.error_messages.update(required="Type the new password again", max_length=TOO_LONG_128)

    def validate_password_for_user(self, user, password_field_name: str) -> None:
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.add_error(password_field_name, password_problems(error))


class ResetPasswordForm(PlainErrorsMixin, PasswordResetForm):
    """Django's reset form (it never says whether the address has an account), sending
    through our one email function."""

    email = forms.EmailField(label="Email address", max_length=254, error_messages=EMAIL_ERRORS)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        send_email(
            to_email,
            "Reset your password",
            "accounts/email/password_reset.txt",
            {"reset_url": absolute_url(path)},
        )


class AppCodeForm(PlainErrorsMixin, forms.Form):
    """A 6-digit code from an authenticator app; spaces are fine (GOV.UK's security code pattern)."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        help_text="The 6-digit code the app shows now, for example 123 456",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "max_length": "Enter the code as 6 numbers, like 123 456",
        },
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise ValidationError("Enter the code as 6 numbers, like 123 456")
        return code


class RecoveryCodeForm(PlainErrorsMixin, forms.Form):
    code = forms.CharField(
        label="Recovery code",
        max_length=40,
        help_text="One of the codes you saved when you set up two-factor sign-in, like abcd-efgh-jkmn",
        error_messages={
            "required": "Enter one of your recovery codes",
            "max_length": "Enter the recovery code as it was shown, like abcd-efgh-jkmn",
        },
    )


class StaffAccessForm(PlainErrorsMixin, forms.Form):
    """Which roles someone has, and the organisations and hubs their roles cover."""

    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=[(value, words) for value, _, words in ROLES],
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
        error_messages={"required": "Choose at least one role"},
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations (for providers)",
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Providers manage these organisations' listings.",
    )
    hubs = forms.ModelMultipleChoiceField(
        label="Family hubs (for hub staff)",
        queryset=Location.objects.filter(is_family_hub=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Hub staff run these hubs' sessions and see their families.",
    )

    def clean(self):
        cleaned = super().clean()
        chosen = set(cleaned.get("roles", []))
        if "provider" in chosen and not cleaned.get("organisations"):
            self.add_error("organisations", "Choose the organisations this provider works for")
        if "hub_staff" in chosen and not cleaned.get("hubs"):
            self.add_error("hubs", "Choose the family hubs this person works at")
        return cleaned

    def access(self) -> Access:
        return Access(
            roles=frozenset(self.cleaned_data["roles"]),
            organisations=frozenset(org.pk for org in self.cleaned_data["organisations"]),
            hubs=frozenset(hub.pk for hub in self.cleaned_data["hubs"]),
        )


class InviteForm(StaffAccessForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": EMAIL_ERRORS["invalid"],
        },
        help_text="We send them a link to set a password.",
    )
    field_order = ["email", "roles", "organisations", "hubs"]

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])
