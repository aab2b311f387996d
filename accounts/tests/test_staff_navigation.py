"""The staff navigation marks the section a page belongs to, and only that one."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import DIRECTORY_EDITORS
from accounts.tests.factories import sign_in_with_two_factor
from referrals.tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db


def active_sections(html: str) -> list[str]:
    items = re.findall(
        r'<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
        r"<a [^>]*>([^<]+)</a>",
        html,
    )
    return [item.strip() for item in items]


@pytest.fixture
def editor_in_a_team(client):
    """An editor who also answers a service's requests for support: both links show."""
    member = TeamMemberFactory()
    member.user.groups.add(Group.objects.get_or_create(name=DIRECTORY_EDITORS)[0])
    sign_in_with_two_factor(client, member.user)
    return member.user


def test_the_requests_inbox_lights_requests_not_directory(client, editor_in_a_team):
    html = client.get(reverse("referral_inbox:list")).content.decode()
    assert "Directory" in html  # the editor's link is there, just not marked
    assert active_sections(html) == ["Requests"]


def test_the_directorys_pages_light_directory(client, editor_in_a_team):
    html = client.get(reverse("manage_directory:services")).content.decode()
    assert active_sections(html) == ["Directory"]
