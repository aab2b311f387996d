import pytest
from django.urls import reverse

from accounts.tests.factories import HubStaffFactory, sign_in_with_two_factor
from directory.tests.factories import LocationFactory
from families.tests.factories import AdultFactory, FamilyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    return LocationFactory()


def test_the_list_takes_the_same_queries_for_5_or_25_families(
    client, hub, django_assert_max_num_queries
):
    sign_in_with_two_factor(client, HubStaffFactory(hub=hub))
    FamilyFactory.create_batch(5, hub=hub)
    # 16: three of them are the staff session noting its last use (it ends after 30 idle
    # minutes), one whether they manage a hub (the navigation's Reports link).
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("families:staff_families"))
    FamilyFactory.create_batch(20, hub=hub)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("families:staff_families"))
    assert len(response.context["page"].object_list) == 25


def test_staff_find_a_family_by_name_or_postcode(client, hub):
    sign_in_with_two_factor(client, HubStaffFactory(hub=hub))
    found = FamilyFactory(hub=hub, home_postcode="RM17 5TP", with_members=False)
    AdultFactory(family=found, first_name="Wilhelmina")
    FamilyFactory(hub=hub)
    by_name = client.post(reverse("families:staff_families"), {"q": "wilhel"}, follow=True)
    assert list(by_name.context["page"]) == [found]
    by_postcode = client.post(reverse("families:staff_families"), {"q": "rm175tp"}, follow=True)
    assert list(by_postcode.context["page"]) == [found]
    # The search never reaches the address bar (or the access logs).
    assert by_postcode.redirect_chain == [(reverse("families:staff_families"), 302)]
    everyone = client.post(reverse("families:staff_families"), {"q": ""}, follow=True)
    assert len(everyone.context["page"]) == 2


def test_the_list_pages_by_25(client, hub):
    sign_in_with_two_factor(client, HubStaffFactory(hub=hub))
    FamilyFactory.create_batch(26, hub=hub)
    second = client.get(reverse("families:staff_families"), {"page": 2})
    assert len(second.context["page"].object_list) == 1
