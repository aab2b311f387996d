"""One sign-in for everyone: each role lands on its own work, with its own navigation."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import COMMISSIONERS
from accounts.tests.factories import (
    PASSWORD,
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from directory.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def landing_after_both_steps(client, user) -> str:
    sign_in_with_two_factor(client, user)
    response = client.post(reverse("accounts:sign_in"), {"email": user.email, "password": PASSWORD})
    return response.url


def test_hub_staff_land_on_todays_sessions_at_their_hubs(client):
    staff = HubStaffFactory(hub=LocationFactory(name="Tilbury Family Hub"))
    assert landing_after_both_steps(client, staff) == reverse("bookings:staff_day")
    page = client.get(reverse("bookings:staff_day"))
    nav = page.text.split('id="navigation"')[1].split("</ul>")[0]
    assert "Sessions" in nav and "Families" in nav and "Your work" in nav
    assert "Back office" not in nav and "Your family" not in nav


def test_editors_land_on_the_directory_and_their_home_has_the_back_office_and_nothing_else(
    client,
):
    editor = DirectoryEditorFactory()
    assert landing_after_both_steps(client, editor) == reverse("manage_directory:services")
    nav = client.get(reverse("manage_directory:services")).text.split('id="navigation"')[1]
    assert "Directory" in nav.split("</ul>")[0]
    page = client.get(reverse("accounts:staff_home"))
    assert "Manage the directory" in page.text and "People and their roles" in page.text
    assert "Edit the directory, timetables, campaigns and news" in page.text
    assert "Back office" in page.text
    assert "Families at your hubs" not in page.text


def test_commissioners_land_on_their_reports(client):
    commissioner = UserFactory(email="commissioner@council.example")
    commissioner.groups.add(Group.objects.get(name=COMMISSIONERS))
    assert landing_after_both_steps(client, commissioner) == reverse("reports:index")
    page = client.get(reverse("accounts:staff_home"))
    assert "Reach, sessions and attendance" in page.text
    assert "There are no staff pages for your role yet" not in page.text
    assert "/admin/" not in page.text


def test_parents_land_on_their_family_and_cannot_open_the_staff_home(client):
    parent = UserFactory()
    response = client.post(
        reverse("accounts:sign_in"), {"email": parent.email, "password": PASSWORD}
    )
    assert response.url == reverse("families:home")
    assert client.get(reverse("accounts:staff_home")).status_code == 404


def test_the_footer_staff_link_opens_the_one_sign_in_page(client):
    assert f'href="{reverse("accounts:sign_in")}">Staff sign in' in client.get("/").text
