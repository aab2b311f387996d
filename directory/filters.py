"""What families filter services by beyond place, age and topic, read from HSDS records we hold.

Each filter is a `Q` over `Service`, so any mix of them adds no queries to a search. Each is a
correlated EXISTS, probing a service's own rows through their foreign-key indexes: a search checks
the few services near the family, instead of building a national set (every service in Polish, at
a step-free venue...) for each query (at 100,000 services the widest circle spent most of its time
hashing those).

- Language: HSDS `language` rows on the service, or on a place it runs at (ISO 639 codes).
- Free: a cost option of 0, or, with no cost options at all, fees that say "free". A service that
  says nothing about cost is never called free.
- How it is delivered: in person (listed at a physical place), online (a virtual place, or a
  schedule whose HSDS `attending_type` says online), by phone (`attending_type` says phone).
- How to join: the service's `join_method` (just turn up, book a place, by referral).
- Venue access: HSDS `accessibility` rows on its places, one per feature, named in the words of
  `ACCESS_FEATURES` (the feature's label is the row's description).
- Additional needs (SEND): taxonomy terms of `SEND_TAXONOMY`, linked as HSDS attributes.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db import connection
from django.db.models import BooleanField, Expression, Q, QuerySet, UUIDField

from directory.models import (
    Accessibility,
    Attribute,
    CostOption,
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.search import service_table

IN_PERSON, ONLINE, BY_PHONE = "in-person", "online", "phone"
DELIVERY_CHOICES = [(IN_PERSON, "In person"), (ONLINE, "Online"), (BY_PHONE, "By phone")]
# Words in a schedule's free-text attending_type that say how it is attended.
ATTENDING_WORDS = {ONLINE: ("online", "video", "remote"), BY_PHONE: ("phone", "telephone")}

JOIN_CHOICES = [
    (Service.JoinMethod.DROP_IN, "Just turn up"),
    (Service.JoinMethod.BOOKING, "Book a place"),
    (Service.JoinMethod.REFERRAL, "By referral"),
]

# Venue features parents ask about: (value in URLs, the words an accessibility row uses).
ACCESS_FEATURES = [
    ("step-free", "Step-free access"),
    ("accessible-toilet", "Accessible toilet"),
    ("baby-changing", "Baby changing"),
    ("buggy-parking", "Buggy parking"),
    ("hearing-loop", "Hearing loop"),
    ("parking", "Parking"),
]
ACCESS_LABELS = dict(ACCESS_FEATURES)

SEND_TAXONOMY = "Family Hubs additional needs (SEND)"
# How fees text starts when it says a service costs nothing.
FREE_WORDS = ("free", "no charge", "no cost")


@dataclass(frozen=True)
class ServiceFilters:
    """The optional filters a parent chose; empty values filter nothing."""

    language: str = ""
    free_only: bool = False
    delivery: tuple[str, ...] = ()
    join: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    send_need: TaxonomyTerm | None = None
    any_send_need: bool = False

    @property
    def online_only(self) -> bool:
        """Only remote delivery asked for: distance does not matter."""
        return bool(self.delivery) and IN_PERSON not in self.delivery


def filter_services(
    services: QuerySet[Service], chosen: ServiceFilters, nationally: bool = False
) -> QuerySet[Service]:
    """`services` narrowed to those matching every chosen filter.

    `nationally` for candidates from all over the country (the online services), where one set
    of the services in a language costs less than probing each candidate's languages.
    """
    if chosen.language:
        services = services.filter(
            offered_in_set(chosen.language) if nationally else offered_in(chosen.language)
        )
    if chosen.free_only:
        services = services.filter(is_free())
    if chosen.delivery:
        services = services.filter(delivered(*chosen.delivery))
    if chosen.join:
        services = services.filter(join_method__in=chosen.join)
    for feature in chosen.access:
        services = services.filter(at_a_venue_with(feature))
    if chosen.send_need is not None:
        services = services.filter(tagged_with(chosen.send_need))
    elif chosen.any_send_need:
        services = services.filter(supports_send())
    return services


class ServiceHas(Expression):
    """EXISTS (`sql`) about the service of the query it is part of. `sql` names that service's
    table as {service} and other tables by their keys in TABLES. Written as SQL because the ORM
    took longer to build the filters' subqueries (for each circle of a search) than the
    database took to run them."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, sql: str, params: tuple = ()):
        super().__init__()
        self.sql, self.params = sql, params

    def as_sql(self, compiler, connection):
        tables = {key: connection.ops.quote_name(m._meta.db_table) for key, m in TABLES.items()}
        sql = self.sql.format(service=service_table(compiler), **tables)
        # Ids as the database keeps them (SQLite: 32 hex digits), as the ORM would send them.
        params = [
            UUIDField().get_db_prep_value(value, connection) if isinstance(value, UUID) else value
            for value in self.params
        ]
        return f"EXISTS ({sql})", params


TABLES = {
    "accessibility": Accessibility,
    "attribute": Attribute,
    "cost_option": CostOption,
    "language": Language,
    "location": Location,
    "service_at_location": ServiceAtLocation,
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
}


def at_its_places(join: str) -> str:
    """SQL selecting from the service's places (aliased sal) joined as `join` (a constant) says."""
    return (
        "SELECT 1 FROM {service_at_location} sal JOIN "  # noqa: S608 (no value from a request)
        + join
        + " WHERE sal.service_id = {service}.id"
    )


ITS_ATTRIBUTES = (
    "SELECT 1 FROM {attribute} a WHERE a.link_entity = 'service' AND a.link_id = {service}.id"
)


def offered_in(code: str) -> Q:
    """Offered in a language (ISO 639 code), by the service or at one of its places."""
    by_the_service = ServiceHas(
        "SELECT 1 FROM {language} l WHERE l.service_id = {service}.id"
        " AND UPPER(l.code) = UPPER(%s)",
        (code,),
    )
    at_a_place = ServiceHas(
        at_its_places("{language} l ON l.location_id = sal.location_id")
        + " AND UPPER(l.code) = UPPER(%s)",
        (code,),
    )
    return Q(by_the_service) | Q(at_a_place)


def offered_in_set(code: str) -> Q:
    """As offered_in, as sets of ids: the few thousand services (and places) in a language."""
    languages = Language.objects.filter(code__iexact=code)
    return Q(pk__in=languages.exclude(service=None).values("service_id")) | Q(
        pk__in=ServiceAtLocation.objects.filter(
            location__in=languages.exclude(location=None).values("location_id")
        ).values("service_id")
    )


def is_free() -> Q:
    options = "SELECT 1 FROM {cost_option} c WHERE c.service_id = {service}.id"
    says_free = Q()
    for words in FREE_WORDS:
        says_free |= Q(fees_description__istartswith=words) | Q(fees__istartswith=words)
    return Q(ServiceHas(options + " AND c.amount = 0")) | (~Q(ServiceHas(options)) & says_free)


def delivered(*ways: str) -> Q:
    """Delivered in any of the ways given."""
    found = Q(pk__in=[])
    for way in ways:
        found |= _delivered(way)
    return found


def _delivered(way: str) -> Q:
    if way == IN_PERSON:
        return Q(
            ServiceHas(
                at_its_places("{location} loc ON loc.id = sal.location_id")
                + " AND loc.location_type = %s",
                (Location.LocationType.PHYSICAL,),
            )
        )
    return Q(pk__in=delivered_remotely(way))


def delivered_remotely(way: str) -> QuerySet:
    """The ids of services delivered online or by phone: one set (a union), not an OR of sets,
    so the database can start from these few services (2,000 of 100,000 online) rather than
    test every service against each set."""
    said = Q()
    for word in ATTENDING_WORDS[way]:
        said |= Q(attending_type__icontains=word)
    schedules = Schedule.objects.exclude(attending_type="").filter(said)
    ways = [
        schedules.exclude(service=None).values_list("service_id", flat=True),
        ServiceAtLocation.objects.filter(
            pk__in=schedules.exclude(service_at_location=None).values("service_at_location_id")
        ).values_list("service_id", flat=True),
    ]
    if way == ONLINE:
        ways.append(
            ServiceAtLocation.objects.filter(
                location__location_type=Location.LocationType.VIRTUAL
            ).values_list("service_id", flat=True)
        )
    first, *rest = ways
    return first.union(*rest)


def at_a_venue_with(feature: str) -> Q:
    """Runs at a place with a venue feature (a value of ACCESS_FEATURES)."""
    return Q(
        ServiceHas(
            at_its_places("{accessibility} a ON a.location_id = sal.location_id")
            + " AND UPPER(a.description) = UPPER(%s)",
            (ACCESS_LABELS[feature],),
        )
    )


def tagged_with(term: TaxonomyTerm) -> Q:
    return Q(ServiceHas(ITS_ATTRIBUTES + " AND a.taxonomy_term_id = %s", (term.pk,)))


def supports_send() -> Q:
    """Tagged with any term of the SEND vocabulary."""
    return Q(
        ServiceHas(
            ITS_ATTRIBUTES  # noqa: S608 (constants; the taxonomy's name is a parameter)
            + " AND a.taxonomy_term_id IN (SELECT t.id FROM {taxonomy_term} t"
            " JOIN {taxonomy} x ON x.id = t.taxonomy_id WHERE x.name = %s)",
            (SEND_TAXONOMY,),
        )
    )


def send_needs() -> QuerySet[TaxonomyTerm]:
    """The SEND vocabulary's terms, for the filter's choices."""
    return TaxonomyTerm.objects.filter(taxonomy__name=SEND_TAXONOMY).order_by("name")


def languages_offered() -> list[tuple[str, str]]:
    """(ISO code, name) of every language a service or place is offered in, by name.

    Asked on every search page, so it reads the index of codes rather than the table: one step
    from each code to the next and one row per code (a handful, against a DISTINCT over every
    language row, 20,000 at 100,000 services). Each code is named as its first row by name.
    """
    table = connection.ops.quote_name(Language._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE codes (code) AS (
                SELECT MIN(UPPER(code)) FROM {table} WHERE UPPER(code) > ''
                UNION ALL
                SELECT (SELECT MIN(UPPER(code)) FROM {table} WHERE UPPER(code) > codes.code)
                FROM codes WHERE codes.code IS NOT NULL
            )
            SELECT codes.code, (
                SELECT CASE WHEN offered.name = '' THEN offered.code ELSE offered.name END
                FROM {table} offered
                WHERE UPPER(offered.code) = codes.code ORDER BY offered.name, offered.code LIMIT 1
            )
            FROM codes WHERE codes.code IS NOT NULL
            """  # noqa: S608 (the table name is the model's own; nothing comes from a request)
        )
        named = [(code.lower(), name) for code, name in cursor.fetchall()]
    return sorted(named, key=lambda item: item[1])


def venue_features(location: Location) -> list[str]:
    """The venue features a place has, in ACCESS_FEATURES order (needs `accessibility` loaded)."""
    held = {row.description.strip().lower() for row in location.accessibility.all()}
    return [label for _, label in ACCESS_FEATURES if label.lower() in held]
