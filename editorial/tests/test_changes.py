"""Submitting, approving, sending back, restoring and trusting: who publishes, who waits."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.tests.factories import DirectoryEditorFactory, UserFactory
from audit.models import AuditEvent
from directory.listing import listing_snapshot, save_listing_change
from directory.models import Service
from directory.tests.factories import OrganizationFactory, ServiceFactory
from editorial import changes
from editorial.models import ListingVersion, PendingChange
from editorial.tests.factories import provider_of
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def renamed(service: Service, name: str) -> dict:
    snapshot = listing_snapshot(service)
    snapshot["service"]["name"] = name
    return snapshot


def test_an_editor_publishes_at_once_and_the_version_is_kept():
    service = ServiceFactory(name="Baby group")
    editor = DirectoryEditorFactory()

    outcome = changes.submit(service, editor, renamed(service, "Baby and toddler group"))

    assert outcome == changes.Outcome.PUBLISHED == "published"
    service.refresh_from_db()
    assert service.name == "Baby and toddler group"
    assert service.assured_date == timezone.localdate()
    version = ListingVersion.objects.get()
    assert (version.number, version.published_by, version.written_by) == (1, editor, editor)
    assert version.snapshot["service"]["name"] == "Baby and toddler group"


def test_a_providers_change_waits_and_parents_keep_the_published_listing():
    service = ServiceFactory(name="Baby group")
    provider = provider_of(service.organization)

    outcome = save_listing_change(service, provider, renamed(service, "Wrong name"))

    assert outcome == "waiting for review"
    assert Service.objects.get(pk=service.pk).name == "Baby group"
    change = PendingChange.objects.get()
    assert change.snapshot["service"]["name"] == "Wrong name"
    assert change.submitted_by == provider
    assert not ListingVersion.objects.exists()


def test_a_second_change_updates_the_one_waiting():
    service = ServiceFactory()
    provider = provider_of(service.organization)
    changes.submit(service, provider, renamed(service, "First try"))

    changes.submit(service, provider, renamed(service, "Second try"))

    change = PendingChange.objects.get()
    assert change.snapshot["service"]["name"] == "Second try"
    assert change.revision == 2


def test_a_provider_of_another_organisation_may_not_submit():
    service = ServiceFactory()
    outsider = provider_of(OrganizationFactory())

    with pytest.raises(PermissionDenied):
        changes.submit(service, outsider, renamed(service, "Taken over"))
    assert not PendingChange.objects.exists()


def test_a_parent_may_not_submit():
    service = ServiceFactory()
    with pytest.raises(PermissionDenied):
        changes.submit(service, UserFactory(), renamed(service, "Mine now"))


def test_a_trusted_organisations_provider_publishes_directly_and_trust_is_audited():
    service = ServiceFactory()
    provider = provider_of(service.organization)
    editor = DirectoryEditorFactory()
    changes.trust(service.organization, editor)

    assert changes.submit(service, provider, renamed(service, "Trusted")) == "published"

    assert Service.objects.get(pk=service.pk).name == "Trusted"
    event = AuditEvent.objects.get()
    assert (event.actor, event.action) == (editor, "trusted to publish")
    changes.stop_trusting(service.organization, editor)
    assert changes.submit(service, provider, renamed(service, "Again")) == "waiting for review"


def test_only_editors_trust_organisations():
    organization = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        changes.trust(organization, provider_of(organization))


def test_approving_publishes_the_change_and_tells_the_provider():
    service = ServiceFactory(name="Baby group")
    provider = provider_of(service.organization, email="team@trust.example")
    editor = DirectoryEditorFactory()
    changes.submit(service, provider, renamed(service, "Baby group at the library"))
    change = PendingChange.objects.get()

    version = changes.approve(change, change.revision, editor)

    assert Service.objects.get(pk=service.pk).name == "Baby group at the library"
    assert (version.published_by, version.written_by, version.note) == (
        editor,
        provider,
        "Approved",
    )
    assert not PendingChange.objects.exists()
    email = Notification.objects.get(to_address="team@trust.example")
    assert "was published" in email.subject
    assert "approved your change to Baby group at the library" in email.body


def test_a_new_service_becomes_public_on_first_approval():
    service = ServiceFactory(status=Service.Status.INACTIVE)
    provider = provider_of(service.organization)
    snapshot = listing_snapshot(service)
    snapshot["service"]["status"] = Service.Status.ACTIVE
    assert save_listing_change(service, provider, snapshot) == "waiting for review"
    assert Service.objects.get(pk=service.pk).status == Service.Status.INACTIVE

    change = PendingChange.objects.get()
    changes.approve(change, change.revision, DirectoryEditorFactory())

    assert Service.objects.get(pk=service.pk).status == Service.Status.ACTIVE


def test_approving_a_change_the_provider_has_changed_since_is_refused():
    service = ServiceFactory()
    provider = provider_of(service.organization)
    changes.submit(service, provider, renamed(service, "What the editor saw"))
    seen = PendingChange.objects.get()
    changes.submit(service, provider, renamed(service, "Changed meanwhile"))

    with pytest.raises(changes.ChangeNotWaiting):
        changes.approve(seen, seen.revision, DirectoryEditorFactory())
    assert Service.objects.get(pk=service.pk).name != "What the editor saw"


def test_of_two_editors_approving_at_once_one_wins_and_the_other_is_told():
    service = ServiceFactory()
    changes.submit(service, provider_of(service.organization), renamed(service, "New"))
    first_look = PendingChange.objects.get()
    second_look = PendingChange.objects.get()

    changes.approve(first_look, first_look.revision, DirectoryEditorFactory())
    with pytest.raises(changes.ChangeNotWaiting):
        changes.approve(second_look, second_look.revision, DirectoryEditorFactory())
    assert ListingVersion.objects.count() == 1


def test_sending_back_keeps_the_reason_tells_the_provider_and_a_new_change_rejoins_the_queue():
    service = ServiceFactory(name="Baby group")
    provider = provider_of(service.organization, email="team@trust.example")
    changes.submit(service, provider, renamed(service, "BABY GROUP!!!"))
    change = PendingChange.objects.get()

    changes.send_back(
        change, change.revision, DirectoryEditorFactory(), "Please keep the name plain."
    )

    change.refresh_from_db()
    assert change.status == PendingChange.Status.SENT_BACK
    assert change.sent_back_reason == "Please keep the name plain."
    assert Service.objects.get(pk=service.pk).name == "Baby group"
    email = Notification.objects.get(to_address="team@trust.example")
    assert "Please keep the name plain." in email.body

    changes.submit(service, provider, renamed(service, "Baby group (Tilbury)"))
    change.refresh_from_db()
    assert change.status == PendingChange.Status.WAITING
    assert change.sent_back_reason == ""


def test_restoring_an_earlier_version_publishes_it_as_a_new_version():
    service = ServiceFactory(name="First name")
    editor = DirectoryEditorFactory()
    changes.submit(service, editor, renamed(service, "First name"))
    changes.submit(service, editor, renamed(service, "Second name"))
    first = ListingVersion.objects.get(number=1)

    restored = changes.restore(first, editor)

    assert restored.number == 3
    assert restored.note == "Restored version 1"
    assert Service.objects.get(pk=service.pk).name == "First name"


def test_providers_may_not_restore():
    service = ServiceFactory()
    editor = DirectoryEditorFactory()
    changes.submit(service, editor, renamed(service, "Published"))
    with pytest.raises(PermissionDenied):
        changes.restore(ListingVersion.objects.get(), provider_of(service.organization))


def test_confirming_a_listing_is_still_right_sets_its_last_checked_date():
    service = ServiceFactory(assured_date=None)
    changes.confirm_still_right(service, provider_of(service.organization))
    assert Service.objects.get(pk=service.pk).assured_date == timezone.localdate()
    with pytest.raises(PermissionDenied):
        changes.confirm_still_right(service, provider_of(OrganizationFactory()))


def test_editors_are_told_once_when_a_change_joins_the_queue_and_again_when_it_rejoins():
    service = ServiceFactory(name="Baby group")
    provider = provider_of(service.organization)
    DirectoryEditorFactory(email="editor.one@council.example")
    DirectoryEditorFactory(email="editor.two@council.example")
    waiting = Notification.objects.filter(kind="editorial.change_waiting")

    changes.submit(service, provider, renamed(service, "Baby group (Tilbury)"))
    change = PendingChange.objects.get()
    assert sorted(waiting.values_list("to_address", flat=True)) == [
        "editor.one@council.example",
        "editor.two@council.example",
    ]
    email = waiting.first()
    assert email.subject == "A change to Baby group is waiting for review"
    assert f"/manage/review/{change.pk}/" in email.body

    changes.submit(service, provider, renamed(service, "Baby group at Tilbury"))
    assert waiting.count() == 2  # a second save while it waits tells nobody again

    changes.send_back(change, 2, DirectoryEditorFactory(email=""), "Please keep the name plain.")
    changes.submit(service, provider, renamed(service, "Baby group"))
    assert waiting.count() == 4  # sent back and changed again: back in the queue, told again


def test_an_editors_own_change_tells_no_editor():
    service = ServiceFactory()
    DirectoryEditorFactory(email="editor.one@council.example")

    changes.submit(service, DirectoryEditorFactory(), renamed(service, "Stay and play"))

    assert not Notification.objects.filter(kind="editorial.change_waiting").exists()
