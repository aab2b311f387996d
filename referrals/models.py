"""Requests for support: a professional's referral or a family asking for themselves, sent to a
service that takes them, with consent recorded as data, every change kept, and the family's words
encrypted (`referrals.encryption`). The life of a request is in `referrals.states`; every change
goes through `referrals.services`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from referrals.encryption import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from referrals.states import OPEN, Actor, Status


class ServiceIntake(models.Model):
    """How a service takes requests. A service with no intake takes none."""

    service = models.OneToOneField(
        "directory.Service", on_delete=models.CASCADE, related_name="intake"
    )
    accepts_professional_referrals = models.BooleanField(default=False)
    accepts_self_referrals = models.BooleanField(default=False)
    response_target_working_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="We reply (accept or decline) within this many working days; empty: no promise.",
    )

    def __str__(self) -> str:
        return f"Intake for service {self.service_id}"


class IntakeQuestion(models.Model):
    """A question a service asks beyond the common ones."""

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        YES_NO = "yes_no", "Yes or no"
        CHOICE = "choice", "Choose one"
        DATE = "date", "Date"

    intake = models.ForeignKey(ServiceIntake, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(max_length=255)
    hint = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(default=list, blank=True, help_text="The options, for 'Choose one'.")
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class ReceivingTeamMember(models.Model):
    """Someone who triages a service's requests."""

    intake = models.ForeignKey(ServiceIntake, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="receiving_teams"
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intake", "user"], name="one_membership_per_team")
        ]

    def __str__(self) -> str:
        return f"Team member {self.user_id} of intake {self.intake_id}"


class RoutingTeamMember(models.Model):
    """The council's family hub team, which receives the requests of any service with no active
    team member and passes them on (transfer) or handles them: no request goes unseen."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routing_team"
    )
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Routing team member {self.user_id}"


class ProfessionalProfile(models.Model):
    """What a professional does and where (shown to the team with each referral)."""

    class Job(models.TextChoices):
        MIDWIFE = "midwife", "Midwife"
        HEALTH_VISITOR = "health_visitor", "Health visitor"
        GP = "gp", "GP"
        HUB_PRACTITIONER = "hub_practitioner", "Family hub practitioner"
        OTHER = "other", "Other professional"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="professional_profile"
    )
    job = models.CharField(max_length=20, choices=Job.choices)
    organisation = models.CharField(max_length=255)
    phone = models.CharField("work phone number", max_length=30, blank=True)

    def __str__(self) -> str:
        return f"{self.get_job_display()}, {self.organisation}"


class RequestForSupport(models.Model):
    """One request to one service. Personal fields are encrypted and blanked by erasure or
    anonymisation; the statuses and clocks stay for reporting."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", "Referral by a professional"
        SELF = "self", "Asked for themselves"

    class Urgency(models.IntegerChoices):
        ROUTINE = 1, "Routine"
        SOON = 2, "Soon"
        URGENT = 3, "Urgent"

    class ChildDate(models.TextChoices):
        BORN = "born", "Date of birth"
        EXPECTED = "expected", "Due date"

    class DeclineCategory(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", "Not eligible for this service"
        BETTER_ELSEWHERE = "better_elsewhere", "Needs are better met by another service"
        NO_CAPACITY = "no_capacity", "No capacity, or the waiting list is closed"
        NO_CONTACT = "no_contact", "Could not contact the family"
        NOT_WANTED = "not_wanted", "The family did not want it"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        SEEN = "seen", "Seen by the service"
        DID_NOT_ENGAGE = "did_not_engage", "Did not engage"
        NOT_NEEDED = "not_needed", "Not needed any more"
        MOVED_AWAY = "moved_away", "Moved away"
        OTHER = "other", "Other"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, related_name="requests_for_support"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_sent",
        help_text="The professional who sent it; empty when the family asked themselves.",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_for_support_made",
        help_text="The parent who asked, signed in (they may have no family record yet).",
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_for_support",
        help_text="The registered family, when known; otherwise the details below say who.",
    )
    # The person's details: encrypted, blanked by erasure and anonymisation.
    person_name = EncryptedTextField(blank=True)
    child_date = EncryptedDateField(blank=True, null=True)
    child_date_kind = models.CharField(max_length=10, choices=ChildDate.choices, blank=True)
    email = EncryptedTextField(blank=True)
    phone = EncryptedTextField(blank=True)
    safe_contact = EncryptedTextField(
        "safe ways and times to contact", blank=True, help_text="e.g. text only, after 6pm"
    )
    interpreter_language = EncryptedTextField(blank=True)
    reason = EncryptedTextField(blank=True)
    answers = EncryptedJSONField(
        blank=True,
        help_text='The service\'s questions as asked: [{"question": ..., "answer": ...}]',
    )
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices, default=Urgency.ROUTINE)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SENT)
    # Optimistic locking: each change is UPDATE ... WHERE version = n, then n + 1.
    version = models.PositiveIntegerField(default=1)
    # The clocks.
    sent_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateField(
        null=True, blank=True, help_text="The service's reply target, in working days from sending."
    )
    received_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it ended: closed, declined, withdrawn or transferred.",
    )
    # The waits in working days, stored at each step so reports take medians in SQL.
    working_days_to_response = models.PositiveIntegerField(null=True, blank=True)
    working_days_to_acceptance = models.PositiveIntegerField(null=True, blank=True)
    working_days_to_first_contact = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_detail = EncryptedTextField(blank=True)
    decline_category = models.CharField(
        max_length=20,
        choices=DeclineCategory.choices,
        blank=True,
        help_text="Why, in one of a few words, for reports (the reason says it for the family).",
    )
    decline_reason = EncryptedTextField(
        blank=True, help_text="In plain words: the family reads it."
    )
    transferred_to = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transferred_from",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["service", "status", "sent_at"], name="request_inbox"),
            # The inbox's order: most urgent first, then the longest waiting (a page of 25
            # is read off the index, not sorted from every open request). The filters'
            # columns follow the unique id (keys rather than INCLUDE, which SQLite lacks), so
            # a page's ids, however deep, and the urgency counts come from the index alone.
            models.Index(
                fields=["service", "-urgency", "sent_at", "id", "status", "respond_by"],
                name="request_triage",
            ),
            # Overdue: counted per service in the inbox, and across services by the reminder.
            models.Index(fields=["status", "respond_by", "service"], name="request_overdue"),
            models.Index(fields=["status", "closed_at"], name="request_retention"),
            # Reports count the requests sent in the days since their monthly tallies.
            models.Index(fields=["sent_at"], name="request_sent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="self")
                | Q(referrer__isnull=False)
                | Q(anonymised_at__isnull=False),
                name="professional_referral_names_referrer",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined")
                | ~Q(decline_reason="")
                | Q(anonymised_at__isnull=False),
                name="decline_gives_reason",
            ),
        ]
        verbose_name_plural = "requests for support"

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class ConsentRecord(models.Model):
    """The family's consent to a professional's referral, as it was given."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "By phone"
        WRITTEN = "written", "In writing"

    request = models.OneToOneField(
        RequestForSupport, on_delete=models.CASCADE, related_name="consent"
    )
    given_by = EncryptedTextField("who gave consent", blank=True)
    relationship = models.CharField("their relationship to the family", max_length=100, blank=True)
    given_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=Method.choices)
    privacy_notice_version = models.CharField(max_length=20)
    what_may_be_shared = EncryptedTextField("what may be shared, and with whom", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Consent for request {self.request_id}"


class RequestEvent(models.Model):
    """One change of state: who, when, from what to what. Never edited."""

    request = models.ForeignKey(RequestForSupport, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.CharField(max_length=10, choices=Actor.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the family acting through a link, or the system.",
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=255, blank=True, help_text="No personal details.")

    class Meta:
        ordering = ["at", "id"]
        # The nightly tally refresh looks for requests changed since the last one.
        indexes = [models.Index(fields=["at"], name="request_event_at")]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status}"


class RequestNote(models.Model):
    """An internal note: for the team only, never shown to the referrer or the family."""

    request = models.ForeignKey(RequestForSupport, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on request {self.request_id}"


class HeldSelfReferral(models.Model):
    """A self-referral waiting for its email address to be confirmed by link (the link may open
    in another browser, so the answers wait here, encrypted, not in a session or the link).
    Deleted when the request is sent; the journey purges ones older than the link's life."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="+")
    email = EncryptedTextField()
    answers = EncryptedJSONField(help_text="The typed answers of the question pages.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Held self-referral {self.pk}"
