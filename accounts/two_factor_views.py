"""Two-factor sign-in pages: set up an authenticator app, give a code or a recovery code, make
new recovery codes, and (parents only) turn it off."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import two_factor
from accounts.forms import AppCodeForm, RecoveryCodeForm
from accounts.middleware import two_factor_exempt
from accounts.roles import is_staff_member
from accounts.views import landing_page, parent_login_required, posted

WRONG_CODE = "The code is not right. Enter the 6-digit code your authenticator app shows now"
WRONG_RECOVERY_CODE = "The recovery code is not right, or it has been used already"
TOO_MANY = "You have entered too many wrong codes. Wait {minutes} {unit} and try again"


def too_many(wait_until) -> str:
    minutes = two_factor.wait_minutes(wait_until)
    return TOO_MANY.format(minutes=minutes, unit="minute" if minutes == 1 else "minutes")


def next_path(request: HttpRequest) -> str:
    return request.POST.get("next") or request.GET.get("next", "")


def with_next(request: HttpRequest, name: str) -> str:
    """The address of another step, carrying on to where the person was going."""
    wanted = next_path(request)
    return reverse(name) + (f"?{urlencode({'next': wanted})}" if wanted else "")


def show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """Recovery codes are shown once, in the answer to the form that made them: they are never
    stored as written, so no later page can show them again."""
    response = render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {"codes": codes, "continue_to": landing_page(request, request.user)},
    )
    response["Cache-Control"] = "no-store"
    return response


@two_factor_exempt
@parent_login_required
@sensitive_post_parameters("code")
def set_up(request: HttpRequest) -> HttpResponse:
    user = request.user
    if two_factor.has_two_factor(user):
        # Only a code from the app already set up may lead on; a second app needs a reset.
        if user.is_verified():
            return redirect("accounts:account")
        return redirect(with_next(request, "accounts:two_factor"))
    device = two_factor.device_to_set_up(user)
    form = AppCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        check, codes = two_factor.confirm_app(request, device, form.cleaned_data["code"])
        if check.device is not None:
            return show_recovery_codes(request, codes)
        form.add_error("code", too_many(check.wait_until) if check.wait_until else WRONG_CODE)
    return render(
        request,
        "accounts/two_factor/set_up.html",
        {
            "form": form,
            "next": next_path(request),
            "staff": is_staff_member(user),
            "qr_code": two_factor.qr_code_svg(device),
            "key": two_factor.typed_key(device),
        },
    )


@two_factor_exempt
@parent_login_required
@sensitive_post_parameters("code")
def enter_code(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = two_factor.app_device(user)
    if device is None:
        return redirect(with_next(request, "accounts:two_factor_set_up"))
    if user.is_verified():
        return redirect(landing_page(request, user))
    form = AppCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        check = two_factor.check_app_code(device, form.cleaned_data["code"])
        if check.device is not None:
            two_factor.verified(request, check.device)
            return redirect(landing_page(request, user))
        form.add_error("code", too_many(check.wait_until) if check.wait_until else WRONG_CODE)
    return render(
        request,
        "accounts/two_factor/enter_code.html",
        {"form": form, "next": next_path(request), "staff": is_staff_member(user)},
    )


@two_factor_exempt
@parent_login_required
@sensitive_post_parameters("code")
def enter_recovery_code(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.has_two_factor(user):
        return redirect(with_next(request, "accounts:two_factor_set_up"))
    if user.is_verified():
        return redirect(landing_page(request, user))
    form = RecoveryCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        check = two_factor.check_recovery_code(user, form.cleaned_data["code"])
        if check.device is not None:
            two_factor.verified(request, check.device)
            left = two_factor.recovery_codes_left(user)
            messages.info(
                request,
                f"You have {left} recovery code{'' if left == 1 else 's'} left. "
                "You can make new ones from your account page.",
            )
            return redirect(landing_page(request, user))
        form.add_error(
            "code", too_many(check.wait_until) if check.wait_until else WRONG_RECOVERY_CODE
        )
    return render(
        request,
        "accounts/two_factor/enter_recovery_code.html",
        {"form": form, "next": next_path(request), "staff": is_staff_member(user)},
    )


@require_POST
@parent_login_required
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not two_factor.has_two_factor(request.user):
        raise Http404
    return show_recovery_codes(request, two_factor.new_recovery_codes(request.user))


@require_POST
@parent_login_required
def turn_off(request: HttpRequest) -> HttpResponse:
    """Parents may turn two-factor sign-in off again; staff may not."""
    if is_staff_member(request.user) or not two_factor.has_two_factor(request.user):
        raise Http404
    two_factor.turn_off(request.user)
    messages.success(request, "Two-factor sign-in is off.")
    return redirect("accounts:account")
