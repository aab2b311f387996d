"""Sign-in, sign-up and password reset forms, with GOV.UK-style error messages."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.emails import absolute_url, send_email
from accounts.services import normalise_email
from core.forms import PlainErrorsMixin

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
                self.add_error("password", error)
        return cleaned


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
