"""Parent accounts: create, confirm email, sign in and out (everywhere), reset password."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import destinations, services, two_factor
from accounts.forms import NewPasswordForm, ResetPasswordForm, SignInForm, SignUpForm
from accounts.middleware import two_factor_exempt
from accounts.roles import (
    COMMISSIONERS,
    group_names,
    is_hub_staff,
    is_staff_member,
    may_use_back_office,
    staff_hubs,
)
from core.ratelimit import rate_limited
from directory.scopes import is_directory_editor, may_manage_directory

SIGN_IN_URL = reverse_lazy("accounts:sign_in")
parent_login_required = login_required(login_url=SIGN_IN_URL)

FAILED_SIGN_IN = (
    "Enter a correct email address and password. If you have just created an account, "
    "confirm your email address first using the link we sent you."
)
LOCKED_OUT = (
    "You have tried to sign in too many times. Wait {minutes} minutes and try again, "
    "or reset your password."
)


def posted(request: HttpRequest):
    """The form data of a POST, even an empty one (so it shows errors); None for a GET."""
    return request.POST if request.method == "POST" else None


def landing_page(request: HttpRequest, user) -> str:
    wanted = destinations.requested(request)
    if wanted:
        return wanted
    if is_hub_staff(user):
        return reverse("bookings:staff_day")
    if may_manage_directory(user):
        return reverse("manage_directory:services")
    if COMMISSIONERS in group_names(user):
        return reverse("reports:index")
    if is_staff_member(user):
        return reverse("accounts:staff_home")
    return reverse("families:home")


@two_factor_exempt
@sensitive_post_parameters("password")
@rate_limited("sign_in", account_field="email")
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(posted(request))
    if request.method == "POST" and form.is_valid():
        result = services.sign_in_attempt(
            request, form.cleaned_data["email"], form.cleaned_data["password"]
        )
        if result.user is not None:
            login(request, result.user)
            return redirect(landing_page(request, result.user))
        minutes = int(services.lockout_period().total_seconds() // 60)
        form.add_error(
            None, LOCKED_OUT.format(minutes=minutes) if result.locked_out else FAILED_SIGN_IN
        )
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@two_factor_exempt
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect(SIGN_IN_URL)


@parent_login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.end_all_sessions(request.user)
        logout(request)
        messages.success(request, "You have signed out on every device.")
        return redirect(SIGN_IN_URL)
    return render(request, "accounts/sign_out_everywhere.html")


@sensitive_post_parameters("password", "password_again")
@rate_limited("sign_up", account_field="email")
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(posted(request))
    next_path = destinations.requested(request)
    if request.method == "POST" and form.is_valid():
        services.start_sign_up(
            form.cleaned_data["email"], form.cleaned_data["password"], next_path=next_path
        )
        return redirect("accounts:check_email")
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_path})


def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/check_email.html")


def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = services.verify_email(uidb64, token)
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Your email address is confirmed.")
    return redirect(destinations.unsign(request.GET.get("next")) or "families:home")


@parent_login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "staff": is_staff_member(user),
            "two_factor_on": two_factor.has_two_factor(user),
            "recovery_codes_left": two_factor.recovery_codes_left(user),
        },
    )


@parent_login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Staff land here unless a page of their own comes first (hub staff: today's sessions).
    It lists only what each role can do today."""
    if not is_staff_member(request.user):
        raise Http404
    return render(
        request,
        "accounts/staff_home.html",
        {
            "hubs": list(staff_hubs(request.user).order_by("name")),
            "back_office": may_use_back_office(request.user),
            "directory": may_manage_directory(request.user),
            "editor": is_directory_editor(request.user),
        },
    )


@method_decorator(rate_limited("password_reset", account_field="email"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetPasswordForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_sent")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends every other session and lifts a lock-out.
        services.end_all_sessions(self.user)
        services.forget_sign_in_failures(self.user.email)
        return response
