"""The directory, modelled on Open Referral UK / HSDS 3.0.

Models and fields use the HSDS names so that the ORUK API and the importer are thin layers.
Ids are UUIDs, as HSDS requires. Where we need more precision than HSDS gives (for example
whether expectant parents may come), the extra field is ours and says so in its help text.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone

from geo.postcodes import normalise_postcode, validate_uk_postcode


class HSDSRecord(models.Model):
    """Common to every HSDS table: a UUID id and the time the record last changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    last_modified = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    illustrative = models.BooleanField(
        default=False,
        help_text="Demo data that is not from a real source (for example a made-up address).",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Any save is a change; the ORUK importer passes keep_last_modified to keep the feed's time.
        if not kwargs.pop("keep_last_modified", False):
            self.last_modified = timezone.now()
        super().save(*args, **kwargs)


class Organization(HSDSRecord):
    name = models.CharField(max_length=255, db_index=True)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    tax_status = models.CharField(max_length=255, blank=True)
    tax_id = models.CharField(max_length=255, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(null=True, blank=True)
    legal_status = models.CharField(max_length=255, blank=True)
    logo = models.URLField(blank=True)
    uri = models.URLField(blank=True)
    # No database constraint: ORUK feeds name parents that are not in the feed (HSDS allows it).
    parent_organization = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        db_constraint=False,
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(HSDSRecord):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(max_length=255)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField()

    def __str__(self) -> str:
        return self.name


class Service(HSDSRecord):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    class JoinMethod(models.TextChoices):
        DROP_IN = "drop_in", "Just come along"
        BOOKING = "booking", "Book a place"
        REFERRAL = "referral", "Ask your midwife or health visitor for a referral"

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services", null=True, blank=True
    )
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="services"
    )
    name = models.CharField(max_length=255, db_index=True)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(
        blank=True, help_text="How to get the service, in the words a parent will read."
    )
    fees_description = models.TextField(blank=True)
    wait_time = models.CharField(max_length=255, blank=True)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Youngest child's age in years (for example 0). Leave blank for no minimum.",
    )
    maximum_age = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Oldest child's age in years, inclusive: 2 means up to and including 24 months.",
    )
    for_expectant_parents = models.BooleanField(
        default=False,
        help_text="Expectant parents may use this service (not an HSDS field; exported as an attribute).",
    )
    join_method = models.CharField(
        max_length=10,
        choices=JoinMethod.choices,
        default=JoinMethod.DROP_IN,
        help_text="How families join: just come along, book a place, or by referral only.",
    )
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    licenses = models.TextField(blank=True)
    alert = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        # Lists page through services by name then id; this index serves deep pages too.
        indexes = [
            models.Index(fields=["name", "id"], name="service_name_id"),
            # A search lists the service named exactly as searched first (directory.search).
            models.Index(Upper("name"), name="service_name_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True) | Q(minimum_age__gte=0),
                name="service_minimum_age_not_negative",
                violation_error_message="The minimum age cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(maximum_age__isnull=True) | Q(maximum_age__gte=0),
                name="service_maximum_age_not_negative",
                violation_error_message="The maximum age cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=F("maximum_age")),
                name="service_minimum_age_at_most_maximum",
                violation_error_message="The minimum age must not be more than the maximum age.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# HSDS records link to others by id, and feeds often name records held in another feed
# (a contact's organisation, a phone's location). Optional links therefore have no database
# constraint (db_constraint=False); required ones (a service at a location, an address's
# location) keep theirs.


class Location(HSDSRecord):
    class LocationType(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        POSTAL = "postal", "Postal"
        VIRTUAL = "virtual", "Virtual"

    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        db_constraint=False,
    )
    name = models.CharField(max_length=255, blank=True, db_index=True)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True, help_text="How to get there, as text.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=255, blank=True)
    external_identifier_type = models.CharField(max_length=255, blank=True)
    is_family_hub = models.BooleanField(
        default=False, db_index=True, help_text="A Family Hub (not an HSDS field)."
    )
    slug = models.SlugField(
        max_length=100,
        blank=True,
        null=True,
        unique=True,
        help_text="Short web address for a hub page, for example tilbury.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="location_lat_lon"),
            # The few virtual places, for the "online" filter (a scan of every place otherwise).
            models.Index(
                fields=["location_type"],
                condition=Q(location_type="virtual"),
                name="location_virtual",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="location_latitude_and_longitude_together",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(HSDSRecord):
    class AddressType(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        POSTAL = "postal", "Postal"
        VIRTUAL = "virtual", "Virtual"

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=255, blank=True)
    address_1 = models.CharField("address line 1", max_length=255)
    address_2 = models.CharField("address line 2", max_length=255, blank=True)
    city = models.CharField("town or city", max_length=255)
    region = models.CharField(max_length=255, blank=True)
    state_province = models.CharField("county", max_length=255)
    postal_code = models.CharField("postcode", max_length=20, db_index=True)
    country = models.CharField(max_length=2, default="GB", help_text="ISO 3166-1 code, e.g. GB.")
    address_type = models.CharField(
        max_length=10, choices=AddressType.choices, default=AddressType.PHYSICAL
    )

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(p for p in [self.address_1, self.city, self.postal_code] if p)

    def clean(self) -> None:
        super().clean()
        if self.country.upper() in {"GB", "UK"} and self.postal_code:
            validate_uk_postcode(self.postal_code)
            self.postal_code = normalise_postcode(self.postal_code)


class ServiceAtLocation(HSDSRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = "service at location"
        verbose_name_plural = "services at locations"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"],
                name="service_at_location_unique",
                violation_error_message="This service is already listed at this location.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Schedule(HSDSRecord):
    """When a service runs, in RFC 5545 terms (as HSDS 3.0 does).

    A recurring schedule has freq and byday/bymonthday; a one-off has only dtstart.
    Times are local to `timezone` (an IANA name; HSDS's numeric offset cannot follow clock changes).
    """

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
        db_constraint=False,
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
        db_constraint=False,
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
        db_constraint=False,
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(
        null=True, blank=True, help_text="First date it runs (the only date, for a one-off)."
    )
    timezone = models.CharField(max_length=64, default="Europe/London")
    until = models.DateField(null=True, blank=True, help_text="Last date it may run.")
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True, choices=[(c, c) for c in WEEKDAY_CODES])
    freq = models.CharField(max_length=10, choices=Freq.choices, blank=True)
    interval = models.PositiveIntegerField(
        null=True, blank=True, help_text="Every n weeks or months (1 if blank)."
    )
    byday = models.CharField(
        max_length=64, blank=True, help_text="Days, e.g. FR, or MO,WE, or 1MO for the first Monday."
    )
    byweekno = models.CharField(max_length=255, blank=True)
    bymonthday = models.CharField(
        max_length=128, blank=True, help_text="Days of the month, e.g. 1,15."
    )
    byyearday = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(blank=True)
    attending_type = models.CharField(
        max_length=255,
        blank=True,
        help_text="How people take part, in words: in person, online (or by video), or by phone.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="schedule_closes_after_opens",
                violation_error_message="The closing time must be after the opening time.",
            ),
            models.CheckConstraint(
                condition=~Q(byday="") | ~Q(bymonthday="") | Q(dtstart__isnull=False),
                name="schedule_has_day_or_date",
                violation_error_message=(
                    "Say which days it runs (for example every Friday) or give the date it runs."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="schedule_valid_to_not_before_valid_from",
                violation_error_message="'Valid to' must not be before 'valid from'.",
            ),
            models.CheckConstraint(
                condition=Q(interval__isnull=True) | Q(interval__gte=1),
                name="schedule_interval_at_least_one",
                violation_error_message="The interval must be 1 or more.",
            ),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(count__gte=1),
                name="schedule_count_at_least_one",
                violation_error_message="The number of times must be 1 or more.",
            ),
            models.CheckConstraint(
                condition=Q(service__isnull=False)
                | Q(location__isnull=False)
                | Q(service_at_location__isnull=False),
                name="schedule_belongs_to_something",
                violation_error_message="A schedule must belong to a service, location or both.",
            ),
        ]
        # Few schedules say how they are attended: the 'online' and 'by phone' filters read
        # only those, not every schedule (directory.filters).
        indexes = [
            models.Index(
                fields=["service", "service_at_location"],
                condition=~Q(attending_type=""),
                name="schedule_says_how_attended",
            )
        ]

    def __str__(self) -> str:
        return self.description or f"{self.freq or 'Once'} {self.byday or self.dtstart}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        for code in filter(None, (d.strip() for d in self.byday.split(","))):
            if code[-2:] not in WEEKDAY_CODES:
                errors["byday"] = f"'{code}' is not a day. Use MO, TU, WE, TH, FR, SA or SU."
        if self.until and self.dtstart and self.until < self.dtstart:
            errors["until"] = "The last date must not be before the first date."
        if errors:
            raise ValidationError(errors)
        self._reject_overlap()

    def _reject_overlap(self) -> None:
        """Two weekly sessions of one service at one place must not overlap on the same day."""
        if not (self.service_at_location_id and self.opens_at and self.closes_at and self.byday):
            return
        days = {d.strip()[-2:] for d in self.byday.split(",")}
        others = Schedule.objects.filter(
            service_at_location_id=self.service_at_location_id,
            opens_at__lt=self.closes_at,
            closes_at__gt=self.opens_at,
        ).exclude(pk=self.pk)
        for other in others:
            if days & {d.strip()[-2:] for d in other.byday.split(",")} and _periods_overlap(
                (self.valid_from, self.valid_to), (other.valid_from, other.valid_to)
            ):
                raise ValidationError(
                    f"This overlaps another session of this service here "
                    f"({other.opens_at:%H:%M} to {other.closes_at:%H:%M}). Change the times or days."
                )


def _periods_overlap(a: tuple, b: tuple) -> bool:
    (a_from, a_to), (b_from, b_to) = a, b
    return (a_to is None or b_from is None or b_from <= a_to) and (
        b_to is None or a_from is None or a_from <= b_to
    )


class CostOption(HSDSRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=255, blank=True, help_text="For example 'Per session'.")
    currency = models.CharField(max_length=3, default="GBP")
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="0 means free."
    )
    amount_description = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="cost_option_amount_not_negative",
                violation_error_message="The price cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        if self.amount == 0:
            return "Free"
        return self.amount_description or f"£{self.amount}"


class Contact(HSDSRecord):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        db_constraint=False,
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        db_constraint=False,
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        db_constraint=False,
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        db_constraint=False,
    )
    name = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name or self.department or self.email or str(self.id)


class Phone(HSDSRecord):
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
        db_constraint=False,
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
        db_constraint=False,
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
        db_constraint=False,
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
        db_constraint=False,
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
        db_constraint=False,
    )
    number = models.CharField(max_length=50)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=50, blank=True, help_text="For example voice, text, fax.")
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.number


class Language(HSDSRecord):
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="languages",
        db_constraint=False,
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="languages",
        db_constraint=False,
    )
    phone = models.ForeignKey(
        Phone,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="languages",
        db_constraint=False,
    )
    name = models.CharField(max_length=255, blank=True)
    code = models.CharField(max_length=20, blank=True, help_text="ISO 639 code, e.g. en, pl, ur.")
    note = models.TextField(blank=True)

    class Meta:
        # On UPPER(code), as the language filter compares it: besides the lookup, the index's
        # statistics tell the planner how many rows a language has (else it guesses 1 in 200).
        # Name and code follow so the list of languages offered skips from one code to the next
        # in the index (directory.filters.languages_offered) instead of reading every row.
        indexes = [models.Index(Upper("code"), F("name"), F("code"), name="language_code_name")]

    def __str__(self) -> str:
        return self.name or self.code


class Accessibility(HSDSRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(blank=True)

    class Meta:
        verbose_name_plural = "accessibility"
        # As on Language.code: the venue filters compare UPPER(description), and without these
        # statistics the planner took "step-free access" (a third of places) for a rare feature
        # and built the whole national set before looking near the family.
        indexes = [models.Index(Upper("description"), name="accessibility_upper")]

    def __str__(self) -> str:
        return self.description[:60] or str(self.id)


class ServiceArea(HSDSRecord):
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_areas",
        db_constraint=False,
    )
    name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=50, blank=True)
    uri = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.name or str(self.id)


class Taxonomy(HSDSRecord):
    name = models.CharField(max_length=255)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HSDSRecord):
    code = models.CharField(max_length=255, null=True, blank=True, unique=True)
    name = models.CharField(max_length=255)
    description = models.TextField()
    # No database constraints: feeds name parent terms and taxonomies held elsewhere (HSDS allows it).
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        db_constraint=False,
    )
    taxonomy = models.ForeignKey(
        Taxonomy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="terms",
        db_constraint=False,
    )
    taxonomy_name = models.CharField(
        max_length=255, blank=True, help_text="HSDS 'taxonomy': the taxonomy's name, as free text."
    )
    language = models.CharField(max_length=20, blank=True)
    term_uri = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="taxonomy_term_not_own_parent",
                violation_error_message="A term cannot be its own parent.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Attribute(HSDSRecord):
    """Links a taxonomy term to any record (HSDS: link_id and link_type name the record)."""

    link_id = models.UUIDField(db_index=True)
    link_type = models.CharField(max_length=50, blank=True)
    link_entity = models.CharField(max_length=50, help_text="The table, e.g. service or location.")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    value = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["link_entity", "link_id"], name="attribute_link")]

    def __str__(self) -> str:
        return f"{self.link_entity} {self.link_id}: {self.taxonomy_term}"


class Funding(HSDSRecord):
    """Where the money for an organisation or a service comes from."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding",
        db_constraint=False,
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding",
        db_constraint=False,
    )
    source = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "funding"

    def __str__(self) -> str:
        return self.source[:60] or str(self.id)


class OrganizationIdentifier(HSDSRecord):
    """A register's id for an organisation, e.g. its Companies House or charity number."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="organization_identifiers"
    )
    identifier_scheme = models.TextField(blank=True, help_text="For example GB-COH.")
    identifier_type = models.TextField(help_text="For example 'Company number'.")
    identifier = models.TextField()

    def __str__(self) -> str:
        return f"{self.identifier_type} {self.identifier}"


class RequiredDocument(HSDSRecord):
    """A document someone must bring or show to use a service."""

    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="required_documents",
        db_constraint=False,
    )
    document = models.TextField(blank=True)
    uri = models.URLField(blank=True, max_length=2000)

    def __str__(self) -> str:
        return self.document[:60] or str(self.id)


class Metadata(HSDSRecord):
    """HSDS change history: who changed which field of which record, and when."""

    resource_id = models.UUIDField(db_index=True, help_text="The record changed.")
    resource_type = models.TextField(blank=True, help_text="Its table, e.g. service.")
    last_action_date = models.DateField()
    last_action_type = models.TextField()
    field_name = models.TextField()
    previous_value = models.TextField(blank=True)
    replacement_value = models.TextField(blank=True)
    updated_by = models.TextField()

    class Meta:
        verbose_name_plural = "metadata"

    def __str__(self) -> str:
        return f"{self.resource_type} {self.field_name} {self.last_action_type}"
