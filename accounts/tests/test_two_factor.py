"""Two-factor sign-in: staff set up an app on first sign-in, then give a code every time;
recovery codes work once; wrong codes slow down; parents may turn it on."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.tests.factories import (
    PASSWORD,
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or a later one), computed from the key."""
    device.refresh_from_db()
    app = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    app.time = time.time() + steps_ahead * device.step
    return f"{app.token():06d}"


def sign_in(client, user, **extra):
    return client.post(
        reverse("accounts:sign_in"), {"email": user.email, "password": PASSWORD, **extra}
    )


def set_up_app(client, user) -> list[str]:
    """Walk the first sign-in: password, set-up page, a code from the app. Returns the codes shown."""
    sign_in(client, user)
    client.get(reverse("accounts:two_factor_set_up"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:two_factor_set_up"), {"code": code_for(device)})
    return re.findall(r"<code>([a-z0-9-]+)</code>", response.text)


def test_staff_first_sign_in_goes_to_set_up_and_nothing_else_opens(client):
    staff = HubStaffFactory()
    response = sign_in(client, staff)
    assert response.url == reverse("bookings:staff_day")
    gate = client.get(response.url)
    assert gate.url.startswith(reverse("accounts:two_factor_set_up"))
    assert client.get(reverse("families:staff_families")).status_code == 302
    page = client.get(gate.url)
    assert "Set up two-factor sign-in" in page.text
    assert 'autocomplete="one-time-code"' in page.text
    assert 'inputmode="numeric"' in page.text
    assert "<svg" in page.text
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert page.context["key"].replace(" ", "") in device.config_url


def test_the_key_stays_the_same_when_the_set_up_page_is_reloaded(client):
    sign_in(client, HubStaffFactory())
    first = client.get(reverse("accounts:two_factor_set_up")).context["key"]
    assert client.get(reverse("accounts:two_factor_set_up")).context["key"] == first


def test_a_code_with_spaces_finishes_set_up_shows_recovery_codes_and_lands_on_today(client):
    staff = HubStaffFactory()
    sign_in(client, staff)
    url = reverse("accounts:two_factor_set_up") + "?next=" + reverse("bookings:staff_day")
    client.get(url)
    code = code_for(TOTPDevice.objects.get(user=staff))
    response = client.post(url, {"code": f"{code[:3]} {code[3:]}", "next": "/bookings/staff/"})
    codes = re.findall(r"<code>([a-z0-9-]+)</code>", response.text)
    assert len(codes) == 10
    assert "This is the only time we will show these codes" in response.text
    assert response["Cache-Control"] == "no-store"
    assert 'href="/bookings/staff/"' in response.text
    assert client.get(reverse("bookings:staff_day")).status_code == 200
    assert AuditEvent.objects.filter(action="set up two-factor sign-in", actor=staff).exists()


def test_recovery_codes_are_stored_as_keyed_hashes_not_as_written(client):
    staff = HubStaffFactory()
    codes = set_up_app(client, staff)
    stored = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {code.replace("-", "") for code in codes}
    assert two_factor.recovery_code_digest(codes[0]) in stored


def test_a_wrong_or_badly_typed_code_is_explained_and_set_up_is_not_finished(client):
    staff = HubStaffFactory()
    sign_in(client, staff)
    client.get(reverse("accounts:two_factor_set_up"))
    empty = client.post(reverse("accounts:two_factor_set_up"), {"code": ""})
    assert "Enter the 6-digit code from your authenticator app" in empty.text
    letters = client.post(reverse("accounts:two_factor_set_up"), {"code": "12a456"})
    assert "Enter the code as 6 numbers, like 123 456" in letters.text
    device = TOTPDevice.objects.get(user=staff)
    wrong = client.post(reverse("accounts:two_factor_set_up"), {"code": code_for(device, 5)})
    assert "The code is not right" in wrong.text
    assert "There is a problem" in wrong.text
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_a_later_sign_in_asks_for_a_code_and_a_code_works_once(client, django_user_model):
    staff = HubStaffFactory()
    set_up_app(client, staff)
    client.post(reverse("accounts:sign_out"))

    response = sign_in(client, staff)
    gate = client.get(response.url)
    assert gate.url.startswith(reverse("accounts:two_factor"))
    assert "Enter the code from your authenticator app" in client.get(gate.url).text
    device = TOTPDevice.objects.get(user=staff)
    code = code_for(device, 1)
    done = client.post(gate.url, {"code": code, "next": "/bookings/staff/"})
    assert done.url == "/bookings/staff/"
    assert client.get("/bookings/staff/").status_code == 200

    client.post(reverse("accounts:sign_out"))
    sign_in(client, staff)
    again = client.post(reverse("accounts:two_factor"), {"code": code})
    assert "The code is not right" in again.text


def test_wrong_codes_are_throttled_even_when_the_next_is_right(client):
    staff = HubStaffFactory()
    set_up_app(client, staff)
    client.post(reverse("accounts:sign_out"))
    sign_in(client, staff)
    device = TOTPDevice.objects.get(user=staff)
    for _ in range(3):
        client.post(reverse("accounts:two_factor"), {"code": "000000"})
    right = client.post(reverse("accounts:two_factor"), {"code": code_for(device, 1)})
    assert "You have entered too many wrong codes. Wait 1 minute" in right.text
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_a_recovery_code_works_once(client):
    staff = HubStaffFactory()
    codes = set_up_app(client, staff)
    client.post(reverse("accounts:sign_out"))

    sign_in(client, staff)
    used = client.post(
        reverse("accounts:two_factor_recovery"), {"code": codes[0].upper().replace("-", " ")}
    )
    assert used.url == reverse("bookings:staff_day")
    assert "You have 9 recovery codes left" in client.get(used.url).text
    client.post(reverse("accounts:sign_out"))

    sign_in(client, staff)
    again = client.post(reverse("accounts:two_factor_recovery"), {"code": codes[0]})
    assert "The recovery code is not right, or it has been used already" in again.text
    assert client.get(reverse("bookings:staff_day")).status_code == 302


def test_half_signed_in_staff_cannot_set_up_a_second_app_to_skip_the_code(client):
    staff = HubStaffFactory()
    set_up_app(client, staff)
    client.post(reverse("accounts:sign_out"))
    sign_in(client, staff)
    response = client.get(reverse("accounts:two_factor_set_up"))
    assert response.url.startswith(reverse("accounts:two_factor"))
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_new_recovery_codes_replace_the_old_ones(client):
    staff = HubStaffFactory()
    old = set_up_app(client, staff)
    response = client.post(reverse("accounts:two_factor_new_recovery_codes"))
    new = re.findall(r"<code>([a-z0-9-]+)</code>", response.text)
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.check_recovery_code(staff, new[1]).device is not None
    assert two_factor.check_recovery_code(staff, old[1]).device is None


def test_every_staff_group_needs_two_factor_but_parents_do_not(client):
    editor = DirectoryEditorFactory()
    sign_in(client, editor)
    assert client.get(reverse("accounts:account")).url.startswith(
        reverse("accounts:two_factor_set_up")
    )
    parent = UserFactory()
    client.post(reverse("accounts:sign_out"))
    sign_in(client, parent)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_parent_may_turn_two_factor_on_and_is_then_asked_for_a_code(client):
    parent = UserFactory()
    sign_in(client, parent)
    account = client.get(reverse("accounts:account"))
    assert "Turn on two-factor sign-in" in account.text
    client.get(reverse("accounts:two_factor_set_up"))
    device = TOTPDevice.objects.get(user=parent)
    shown = client.post(
        reverse("accounts:two_factor_set_up"), {"code": code_for(device), "next": "/account/"}
    )
    assert 'href="/account/"' in shown.text
    assert "On: a code from your authenticator app" in client.get(reverse("accounts:account")).text
    client.post(reverse("accounts:sign_out"))

    sign_in(client, parent)
    assert client.get(reverse("families:home")).url.startswith(reverse("accounts:two_factor"))
    client.post(reverse("accounts:two_factor"), {"code": code_for(device, 1)})
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_parent_may_turn_two_factor_off_but_staff_may_not(client):
    parent = UserFactory()
    sign_in_with_two_factor(client, parent)
    client.post(reverse("accounts:two_factor_turn_off"))
    assert not two_factor.has_two_factor(parent)
    staff = HubStaffFactory()
    sign_in_with_two_factor(client, staff)
    assert client.post(reverse("accounts:two_factor_turn_off")).status_code == 404
    assert two_factor.has_two_factor(staff)
