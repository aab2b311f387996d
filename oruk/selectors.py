"""The records each ORUK list returns, filtered as its query parameters say."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet

from directory.models import (
    Attribute,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.search import (
    MOST_RANKED,
    distance_m_expression,
    one_of,
    search_services,
    services_matching,
    services_near,
    with_words,
)


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float
    metres: float


@dataclass(frozen=True)
class ServiceFilters:
    search: str = ""
    taxonomy_term_id: UUID | None = None
    taxonomy_id: UUID | None = None
    organization_id: UUID | None = None
    modified_after: datetime | None = None
    near: Near | None = None


def _with_term(queryset: QuerySet, link: str, filters: ServiceFilters) -> QuerySet:
    """Services (or services at locations, via `link`) tagged with the term or taxonomy."""
    if filters.taxonomy_term_id:
        terms = Q(taxonomy_term_id=filters.taxonomy_term_id)
    else:
        terms = Q(taxonomy_term__taxonomy_id=filters.taxonomy_id)
    tagged = Attribute.objects.filter(terms, link_entity="service", link_id=OuterRef(link))
    return queryset.filter(Exists(tagged))


def published_services() -> QuerySet[Service]:
    """What the API lists: the services parents can see. A draft, a provider's new service
    waiting for its first review and a service a feed retired are all inactive."""
    return Service.objects.filter(status=Service.Status.ACTIVE)


def services(filters: ServiceFilters) -> QuerySet[Service]:
    queryset = published_services()
    if filters.organization_id:
        queryset = queryset.filter(organization_id=filters.organization_id)
    if filters.modified_after:
        queryset = queryset.filter(last_modified__gte=filters.modified_after)
    if filters.taxonomy_term_id or filters.taxonomy_id:
        queryset = _with_term(queryset, "pk", filters)
    if filters.near:
        queryset = services_near(
            queryset, filters.near.latitude, filters.near.longitude, filters.near.metres
        )
    if filters.search:
        if filters.near:
            queryset = _nearby_matches(queryset, filters.search)
        # Relevance first; nearness is then a filter, as on the public search page.
        return search_services(queryset, filters.search)
    if filters.near:
        return queryset
    return queryset.order_by("name", "id")


def _nearby_matches(nearby: QuerySet[Service], text: str) -> QuerySet[Service]:
    """The services near a point with every word of `text`, found once and named by id when
    there are few enough to rank them all (else `nearby` as it is): otherwise each of the
    search's queries (candidates, count, page) finds the places near the point again."""
    ids = list(with_words(nearby.order_by(), text).values_list("pk", flat=True)[: MOST_RANKED + 1])
    if len(ids) > MOST_RANKED:
        return nearby
    return Service.objects.filter(pk__in=one_of(ids))


def service_at_locations(filters: ServiceFilters) -> QuerySet[ServiceAtLocation]:
    queryset = ServiceAtLocation.objects.filter(service__status=Service.Status.ACTIVE)
    if filters.organization_id:
        queryset = queryset.filter(service__organization_id=filters.organization_id)
    if filters.modified_after:
        queryset = queryset.filter(service__last_modified__gte=filters.modified_after)
    if filters.taxonomy_term_id or filters.taxonomy_id:
        queryset = _with_term(queryset, "service_id", filters)
    if filters.search:
        queryset = queryset.filter(service_id__in=services_matching(filters.search).values("id"))
    if filters.near:
        return _service_at_locations_near(queryset, filters.near)
    # By id: any stable order does for paging, and this one needs no join or sort.
    return queryset.order_by("id")


def _service_at_locations_near(queryset: QuerySet, near: Near) -> QuerySet:
    from geo.distance import bounding_box

    min_lat, max_lat, min_lon, max_lon = bounding_box(near.latitude, near.longitude, near.metres)
    distance = distance_m_expression(
        "location__latitude", "location__longitude", near.latitude, near.longitude
    )
    return (
        queryset.filter(
            location__latitude__gte=min_lat,
            location__latitude__lte=max_lat,
            location__longitude__gte=min_lon,
            location__longitude__lte=max_lon,
        )
        .annotate(distance_m=distance)
        .filter(distance_m__lte=near.metres)
        .order_by("distance_m", "id")
    )


def organizations(search: str = "") -> QuerySet[Organization]:
    queryset = Organization.objects.order_by("name", "id")
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return queryset


def taxonomies(search: str = "") -> QuerySet[Taxonomy]:
    queryset = Taxonomy.objects.order_by("name", "id")
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return queryset


def taxonomy_terms(
    search: str = "",
    taxonomy_id: UUID | None = None,
    parent_id: UUID | None = None,
    top_only: bool = False,
) -> QuerySet[TaxonomyTerm]:
    queryset = TaxonomyTerm.objects.order_by("name", "id")
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(description__icontains=search) | Q(code=search)
        )
    if taxonomy_id:
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    if parent_id:
        queryset = queryset.filter(parent_id=parent_id)
    if top_only:
        queryset = queryset.filter(parent__isnull=True)
    return queryset
