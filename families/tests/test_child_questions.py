"""The questions about a child: nothing chosen for a parent, each date shown under the answer that
needs it, nothing labelled optional then required, and words that fit an existing child."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from families.forms import ChildForm
from families.models import Child
from families.tests.factories import AdultFactory, ChildFactory
from families.tests.test_register_online import date_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(client):
    adult = AdultFactory()
    client.force_login(adult.user)
    return adult


def radios(html: str) -> list[str]:
    return re.findall(r'<input class="govuk-radios__input"[^>]*>', html)


def test_a_new_child_has_no_answer_chosen(client, parent):
    html = client.get(reverse("families:add_child")).text
    assert len(radios(html)) == 2
    assert not [radio for radio in radios(html) if "checked" in radio]
    assert not ChildForm().initial.get("born")


def test_each_date_sits_under_the_answer_that_needs_it_and_is_not_called_optional(client, parent):
    html = client.get(reverse("families:add_child")).text
    yes, no = html.split('value="no"')
    assert "Date of birth" in yes.split('value="yes"')[1] and "Due date" not in yes
    assert "Due date" in no and "Date of birth" not in no
    assert 'class="govuk-radios fh-reveal"' in html
    assert "Date of birth (optional)" not in html and "Due date (optional)" not in html
    assert "aria-expanded" not in html  # axe rejects it on radios


def test_the_due_date_example_is_in_the_future(client, parent):
    example = re.search(r"For example, (\d+) (\d+) (\d{4})", ChildForm()["due_date"].help_text)
    day, month, year = (int(part) for part in example.groups())
    assert timezone.datetime(year, month, day).date() > timezone.localdate()


def test_the_date_for_the_other_answer_is_ignored_even_if_half_typed(client, parent):
    due = timezone.localdate() + timedelta(days=60)
    response = client.post(
        reverse("families:add_child"),
        {"born": "no", "first_name": "", "date_of_birth_0": "3", **date_parts("due_date", due)},
    )
    assert response.status_code == 302
    child = parent.family.children.get(due_date=due)
    assert child.date_of_birth is None


def test_a_born_baby_without_a_name_yet_is_fine_as_the_name_is_optional(client, parent):
    born = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("families:add_child"),
        {"born": "yes", "first_name": "", **date_parts("date_of_birth", born)},
    )
    assert response.status_code == 302
    assert parent.family.children.get(date_of_birth=born).first_name == ""


def test_an_existing_toddler_is_asked_their_date_of_birth_not_whether_born(client, parent):
    toddler = ChildFactory(
        family=parent.family,
        first_name="Zara",
        date_of_birth=timezone.localdate().replace(year=2024),
    )
    url = reverse("families:change_child", args=[toddler.pk])
    html = client.get(url).text
    assert "Has the baby been born?" not in html and not radios(html)
    assert "Due date" not in html
    assert re.search(r'name="date_of_birth_2"[^>]*value="2024"', html)

    emptied = client.post(url, {"first_name": "Zara"})
    assert "Enter the date of birth" in emptied.text
    toddler.refresh_from_db()
    assert toddler.date_of_birth is not None


def test_an_expected_baby_is_asked_by_name_with_no_answer_chosen_for_the_parent(client, parent):
    bump = ChildFactory(
        family=parent.family,
        first_name="Bean",
        date_of_birth=None,
        due_date=timezone.localdate() + timedelta(days=30),
    )
    html = client.get(reverse("families:change_child", args=[bump.pk])).text
    assert "Has Bean been born?" in html
    checked = [radio for radio in radios(html) if "checked" in radio]
    assert len(checked) == 1 and 'value="no"' in checked[0]


def test_an_expected_baby_who_arrives_loses_the_due_date(client, parent):
    bump = ChildFactory(
        family=parent.family, date_of_birth=None, due_date=timezone.localdate() + timedelta(days=3)
    )
    born = timezone.localdate()
    client.post(
        reverse("families:change_child", args=[bump.pk]),
        {"born": "yes", "first_name": "Ada", **date_parts("date_of_birth", born)},
    )
    bump = Child.objects.get(pk=bump.pk)
    assert (bump.date_of_birth, bump.due_date, bump.first_name) == (born, None, "Ada")
