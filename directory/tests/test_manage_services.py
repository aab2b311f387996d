"""The services' management pages: who may open which, the task list, question pages, check
answers and publishing."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import OrganisationMembership
from accounts.roles import PROVIDERS
from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from directory import listing
from directory.models import Service
from directory.tests.factories import (
    OrganizationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


def provider_for(*organisations):
    user = UserFactory(email=f"provider{UserFactory._meta.model.objects.count()}@trust.example")
    user.groups.add(Group.objects.get_or_create(name=PROVIDERS)[0])
    for organisation in organisations:
        OrganisationMembership.objects.create(user=user, organization=organisation)
    return user


def signed_in(client, user):
    sign_in_with_two_factor(client, user)
    return client


def service_urls(service) -> list[str]:
    return [
        reverse("manage_directory:service", args=[service.pk]),
        reverse("manage_directory:service_section", args=[service.pk, "details"]),
        reverse("manage_directory:service_question", args=[service.pk, "cost", "cost"]),
        reverse("manage_directory:service_check", args=[service.pk, "who-for"]),
    ]


def test_anonymous_people_are_asked_to_sign_in(client):
    service = ServiceFactory()
    for url in [reverse("manage_directory:services"), *service_urls(service)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in"))


@pytest.mark.parametrize("who", ["parent", "hub staff"])
def test_parents_and_hub_staff_get_not_found_on_every_directory_page(client, who):
    service = ServiceFactory()
    user = UserFactory() if who == "parent" else HubStaffFactory()
    signed_in(client, user)
    for url in [
        reverse("manage_directory:services"),
        reverse("manage_directory:add_service"),
        reverse("manage_directory:organisations"),
        reverse("manage_directory:locations"),
        *service_urls(service),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("manage_directory:publish", args=[service.pk])).status_code == 404


def test_a_provider_never_reaches_another_organisations_service_even_by_its_id(client):
    theirs = ServiceFactory(name="Their group")
    others = ServiceFactory(name="Someone else's group")
    signed_in(client, provider_for(theirs.organization))

    listed = client.get(reverse("manage_directory:services")).content.decode()
    assert "Their group" in listed
    assert "Someone else&#x27;s group" not in listed
    for url in service_urls(others):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("manage_directory:publish", args=[others.pk])).status_code == 404
    assert client.get(service_urls(theirs)[0]).status_code == 200
    # Editors' own pages stay closed to providers.
    assert client.get(reverse("manage_directory:organisations")).status_code == 404
    assert client.get(reverse("manage_users:users")).status_code == 404


def test_a_provider_adds_services_only_for_their_own_organisations(client):
    mine, other = OrganizationFactory(name="EPUT"), OrganizationFactory(name="Other trust")
    signed_in(client, provider_for(mine))

    page = client.get(reverse("manage_directory:add_service")).content.decode()
    assert "EPUT" in page and "Other trust" not in page
    response = client.post(
        reverse("manage_directory:add_service"),
        {"name": "Sneaky", "organization": other.pk, "description": "x"},
    )
    assert "Select organisation that runs it from the list" in response.content.decode()
    assert not Service.objects.filter(name="Sneaky").exists()


def test_editor_sees_every_service_found_by_name_a_page_at_a_time(client):
    for number in range(25):
        ServiceFactory(name=f"Stay and play {number:02}")
    ServiceFactory(name="Baby massage")
    signed_in(client, DirectoryEditorFactory())

    first = client.get(reverse("manage_directory:services")).content.decode()
    assert "Services you manage (26)" in first
    assert "Stay and play 19" not in first  # on page 2
    found = client.get(reverse("manage_directory:services"), {"q": "massage"}).content.decode()
    assert "Baby massage" in found and "Stay and play" not in found
    assert client.get(reverse("manage_directory:services"), {"page": "9"}).status_code == 404


def answer(client, service, section, data):
    client.get(reverse("manage_directory:service_section", args=[service.pk, section]))
    response = client.post(
        reverse("manage_directory:service_question", args=[service.pk, section, section]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse(
        "manage_directory:service_check", args=[service.pk, section]
    )
    return client.post(reverse("manage_directory:service_check", args=[service.pk, section]))


def test_editor_adds_a_service_through_the_task_list_and_publishes_it(client):
    organisation = OrganizationFactory(name="Thurrock Council")
    topic = TaxonomyTermFactory(name="Play and learning")
    signed_in(client, DirectoryEditorFactory())

    response = client.post(
        reverse("manage_directory:add_service"),
        {
            "name": "Messy play",
            "organization": organisation.pk,
            "description": "Paint, sand and water for babies and toddlers.",
        },
    )
    service = Service.objects.get(name="Messy play")
    assert response["Location"] == reverse("manage_directory:service", args=[service.pk])
    assert service.status == Service.Status.INACTIVE
    tasks = client.get(response["Location"]).content.decode()
    assert "Draft" in tasks and "Publish the service" not in tasks

    answer(
        client,
        service,
        "who-for",
        {
            "minimum_age": "0",
            "minimum_age_unit": "months",
            "maximum_age": "18",
            "maximum_age_unit": "months",
        },
    )
    answer(client, service, "cost", {"is_free": "no", "amount_1": "2.50", "option_1": "Per child"})
    answer(
        client,
        service,
        "how-to-join",
        {"join_method": "drop_in", "application_process": "Just come along."},
    )
    answer(client, service, "contacts", {"email": "play@thurrock.example"})
    answer(client, service, "topics", {"topics": [topic.pk]})

    tasks = client.get(reverse("manage_directory:service", args=[service.pk])).content.decode()
    assert "Publish the service" in tasks
    client.post(reverse("manage_directory:publish", args=[service.pk]))

    service.refresh_from_db()
    assert service.status == Service.Status.ACTIVE
    assert service.maximum_age == Decimal("1.50")
    assert list(service.cost_options.values_list("amount", "option")) == [
        (Decimal("2.50"), "Per child")
    ]
    assert listing.topic_ids(service) == [str(topic.pk)]
    public = client.get(reverse("web:service", args=[service.pk])).content.decode()
    assert "Messy play" in public and "Paint, sand and water" in public


def test_an_answer_with_errors_is_shown_again_with_everything_typed(client):
    service = ServiceFactory()
    signed_in(client, DirectoryEditorFactory())
    client.get(reverse("manage_directory:service_section", args=[service.pk, "who-for"]))

    response = client.post(
        reverse("manage_directory:service_question", args=[service.pk, "who-for", "who-for"]),
        {
            "minimum_age": "3",
            "minimum_age_unit": "years",
            "maximum_age": "6",
            "maximum_age_unit": "months",
            "eligibility_description": "Families living in Grays",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The oldest age must not be less than the youngest age" in page
    assert "Families living in Grays" in page
    assert 'value="3"' in page and 'value="6"' in page


def test_a_change_link_on_check_answers_comes_back_to_check_answers(client):
    service = ServiceFactory(application_process="Book at reception.")
    signed_in(client, DirectoryEditorFactory())
    opened = client.get(
        reverse("manage_directory:service_section", args=[service.pk, "how-to-join"])
    )
    check_url = reverse("manage_directory:service_check", args=[service.pk, "how-to-join"])
    assert opened["Location"] == check_url  # already answered: opens on check answers
    check = client.get(check_url).content.decode()
    change_url = reverse(
        "manage_directory:service_question", args=[service.pk, "how-to-join", "how-to-join"]
    )
    assert f"{change_url}?change=1" in check
    assert "Book at reception." in check

    response = client.post(
        f"{change_url}?change=1",
        {"join_method": "booking", "application_process": "Book online."},
    )

    assert response["Location"] == check_url
    assert "Book online." in client.get(check_url).content.decode()
    client.post(check_url)
    service.refresh_from_db()
    assert service.application_process == "Book online."
    assert service.join_method == Service.JoinMethod.BOOKING


def test_a_providers_change_to_a_published_listing_waits_and_parents_see_the_old_one(client):
    service = ServiceFactory(name="Stay and play", application_process="Just come along.")
    signed_in(client, provider_for(service.organization))

    answer(
        client,
        service,
        "how-to-join",
        {"join_method": "booking", "application_process": "Book a place first."},
    )

    service.refresh_from_db()
    assert service.application_process == "Just come along."
    tasks = client.get(reverse("manage_directory:service", args=[service.pk])).content.decode()
    assert "Waiting for review" in tasks or "cannot be published yet" in tasks


def test_an_incomplete_section_opens_with_what_the_listing_holds_and_no_error_yet(client):
    service = ServiceFactory(
        minimum_age=None,
        maximum_age=None,
        for_expectant_parents=False,
        eligibility_description="Families living in Thurrock",
    )
    signed_in(client, DirectoryEditorFactory())

    opened = client.get(reverse("manage_directory:service_section", args=[service.pk, "who-for"]))
    question = reverse("manage_directory:service_question", args=[service.pk, "who-for", "who-for"])
    assert opened["Location"] == question
    page = client.get(question).content.decode()

    assert "There is a problem" not in page
    assert "Families living in Thurrock" in page
