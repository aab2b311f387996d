"""Finding services: ranked free-text search and 'near a point' search.

Both take and return a Service queryset, so callers (the public search page, the ORUK API)
can combine them with their own filters and paging.

Free text uses the database's own full-text index: on PostgreSQL a stored tsvector column
with a GIN index (migration 0006), on SQLite an FTS5 table kept in step by triggers (0002). Nearness narrows with the (latitude, longitude) index on Location before
computing exact great-circle distances in SQL.
"""

import math
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Expression, RawSQL

from directory.models import Service, ServiceAtLocation
from geo.distance import EARTH_RADIUS_M, bounding_box


class ServiceSearchDocument(Expression):
    """PostgreSQL: the service's stored search document (migration 0006), with its GIN index.

    Names weigh more (A) than descriptions (B). The column is PostgreSQL's alone, so it is
    not a model field; this expression names it under whatever alias the query gives the
    service table, so it works inside subqueries too.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        return f"{service_table(compiler)}.{connection.ops.quote_name('search_document')}", []


def service_table(compiler) -> str:
    # The service table's alias in the query being compiled, read then rather than when the
    # expression is resolved: inside a subquery the table is renamed (U0, V0...) later, and
    # an ORDER BY would otherwise name the outer query's table.
    return compiler.quote_name(compiler.query.get_initial_alias())


class ServiceNameDocument(ServiceSearchDocument):
    """PostgreSQL: the search document of the service's name alone, as its GIN index
    (migration 0010) holds it, to find matches with every word in the name first."""

    def as_sql(self, compiler, connection):
        name = f"{service_table(compiler)}.{connection.ops.quote_name('name')}"
        return f"to_tsvector('english'::regconfig, {name})", []


# SQLite: an FTS5 table and the key table mapping its rowids to service ids (migration 0002).
SQLITE_FTS_TABLE = "directory_service_fts"
SQLITE_FTS_KEYS = "directory_service_fts_key"
# bm25 weights per FTS5 column (name, description): a word in the name counts ten times.
SQLITE_BM25 = f"bm25({SQLITE_FTS_TABLE}, 10.0, 1.0)"

WORD = re.compile(r"\w+", re.UNICODE)


def search_words(text: str) -> list[str]:
    """The words of a search, without punctuation or search-engine operators."""
    return WORD.findall(text or "")


def _fts5_query(words: list[str]) -> str:
    # Each word quoted, so nothing a person types is read as FTS5 syntax; all must appear.
    return " ".join('"{}"'.format(word.replace('"', "")) for word in words)


def services_matching(text: str) -> QuerySet[Service]:
    """Services with every word of `text`, unranked: safe to use inside another query.

    For filtering other tables (services at locations, say) by a search.
    """
    return with_words(Service.objects.all(), text)


def with_words(queryset: QuerySet[Service], text: str) -> QuerySet[Service]:
    """`queryset` narrowed to services with every word of `text`, unranked (no words: none).

    On PostgreSQL the test is on each row's own search document, so a query driven by
    something else (the places near a family) checks only its few candidates.
    """
    words = search_words(text)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        return queryset.alias(search_document=ServiceSearchDocument()).filter(
            search_document=SearchQuery(" ".join(words), config="english")
        )
    ids = RawSQL(
        "SELECT k.service_id FROM directory_service_fts_key k"
        " JOIN directory_service_fts f ON f.rowid = k.id WHERE directory_service_fts MATCH %s",
        (_fts5_query(words),),
    )
    return queryset.filter(pk__in=ids)


def one_of(service_ids: list) -> list | RawSQL:
    """`service_ids` for an IN. On PostgreSQL as one array, not one parameter per id: binding
    the 2,000 online services' ids one by one cost more than the query took to run."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT UNNEST(%s::uuid[])", (service_ids,))
    return service_ids


def search_services(queryset: QuerySet[Service], text: str) -> QuerySet[Service]:
    """Services whose name or description has every word of `text`, best match first.

    A service whose name is exactly the search comes first; then by relevance (annotated
    as `search_rank`, higher is better), then by name. No words at all finds nothing.
    On PostgreSQL a search matching more than MOST_RANKED services lists that many (and
    the exact name), chosen by _best_matches in one or two queries made here; the queryset
    returned counts and pages through those alone.
    """
    words = search_words(text)
    if not words:
        return queryset.none()
    exact_name = Case(
        When(name__iexact=text.strip(), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    if connection.vendor == "postgresql":
        query = SearchQuery(" ".join(words), config="english")
        best = _best_matches(queryset.order_by(), query, exact_name, text)
        matched = queryset.filter(pk__in=best).annotate(
            search_rank=SearchRank(ServiceSearchDocument(), query)
        )
    else:
        matched = _sqlite_matches(queryset, words)
    return matched.annotate(exact_name_match=exact_name).order_by(*RANKING)


RANKING = (F("exact_name_match").desc(), F("search_rank").desc(), "name", "id")
# Ranking every match made a search's time grow with the directory (8 ms at 10,000 services,
# 52 ms at 100,000): a common word matches a fixed share of services. Past this many matches
# only a bounded set is ranked, and the best this many of it are listed.
MOST_RANKED = 1000


def _best_matches(
    queryset: QuerySet[Service], query: SearchQuery, exact_name: Case, text: str
) -> list:
    """The ids of up to MOST_RANKED of the matches in `queryset`: all of them when there are
    no more than that; else any named exactly as searched and up to MOST_RANKED with every word
    in the name (the name's own GIN index), topped up, if those are fewer, with other matches
    and the best MOST_RANKED of them all kept. Each query stops after MOST_RANKED rows.
    """
    matched = queryset.alias(search_document=ServiceSearchDocument()).filter(search_document=query)
    in_name = queryset.alias(name_document=ServiceNameDocument()).filter(name_document=query)
    named = list(
        matched.filter(name__iexact=text.strip())
        .values_list("pk", flat=True)
        .union(in_name.values_list("pk", flat=True)[:MOST_RANKED])
        .order_by()
    )
    if len(named) >= MOST_RANKED:
        return named
    # Few names match: the descriptions' matches too (a second query, only for such searches).
    candidates = set(named) | set(matched.values_list("pk", flat=True)[:MOST_RANKED])
    return list(
        Service.objects.filter(pk__in=candidates)
        .annotate(
            search_rank=SearchRank(ServiceSearchDocument(), query), exact_name_match=exact_name
        )
        .order_by(*RANKING)
        .values_list("pk", flat=True)[:MOST_RANKED]
    )


def _sqlite_matches(queryset: QuerySet[Service], words: list[str]) -> QuerySet[Service]:
    # A join (not a subquery) so FTS5 ranks each match once; extra() is the ORM's way to join
    # a table Django has no model for. (Inside another query use services_matching.)
    return queryset.extra(  # noqa: S610 (constant SQL; the search is a parameter)
        tables=[SQLITE_FTS_KEYS, SQLITE_FTS_TABLE],
        where=[
            f"{SQLITE_FTS_KEYS}.service_id = directory_service.id",
            f"{SQLITE_FTS_TABLE}.rowid = {SQLITE_FTS_KEYS}.id",
            f"{SQLITE_FTS_TABLE} MATCH %s",
        ],
        params=[_fts5_query(words)],
        select={"search_rank": f"-{SQLITE_BM25}"},
    )


class GreatCircleMetres(Expression):
    """The great-circle distance in metres from a point to a row's coordinates: the haversine
    formula of geo.distance.haversine_m, so Python and SQL agree. Written as one SQL template
    (the point's trigonometry done here once) because the ORM's twenty-odd function nodes
    cost more to build, several times a search, than the database took to evaluate them."""

    output_field = FloatField()

    def __init__(
        self, latitude_field: str, longitude_field: str, latitude: float, longitude: float
    ):
        super().__init__()
        self.latitude, self.longitude = F(latitude_field), F(longitude_field)
        self.point = (math.radians(latitude), math.radians(longitude))

    def get_source_expressions(self):
        return [self.latitude, self.longitude]

    def set_source_expressions(self, expressions):
        self.latitude, self.longitude = expressions

    def as_sql(self, compiler, connection):
        lat, lat_params = compiler.compile(self.latitude)
        lon, lon_params = compiler.compile(self.longitude)
        least = "MIN" if connection.vendor == "sqlite" else "LEAST"  # SQLite's MIN takes two
        lat0, lon0 = self.point
        sql = (
            f"(%s * ASIN({least}(SQRT(POWER(SIN((RADIANS({lat}) - %s) / 2.0), 2)"
            f" + %s * COS(RADIANS({lat})) * POWER(SIN((RADIANS({lon}) - %s) / 2.0), 2)), 1.0)))"
        )
        params = [
            2 * EARTH_RADIUS_M,
            *lat_params,
            lat0,
            math.cos(lat0),
            *lat_params,
            *lon_params,
            lon0,
        ]
        return sql, params


def distance_m_expression(
    latitude_field: str, longitude_field: str, latitude: float, longitude: float
) -> GreatCircleMetres:
    """SQL for the great-circle distance in metres from a point to a row's coordinates."""
    return GreatCircleMetres(latitude_field, longitude_field, latitude, longitude)


def _nearest_places(latitude: float, longitude: float, metres: float):
    """Per service, the distance to its nearest location within `metres` of a point.

    The bounding box lets the (latitude, longitude) index find the candidate locations,
    so only those have their exact distance computed.
    """
    min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, metres)
    return (
        ServiceAtLocation.objects.filter(
            location__latitude__gte=min_lat,
            location__latitude__lte=max_lat,
            location__longitude__gte=min_lon,
            location__longitude__lte=max_lon,
        )
        .values("service_id")
        .annotate(
            distance_m=Min(
                distance_m_expression(
                    "location__latitude", "location__longitude", latitude, longitude
                )
            )
        )
        .filter(distance_m__lte=metres)
    )


def nearest_distance_m(latitude: float, longitude: float, metres: float) -> Subquery:
    """A service's distance to its nearest location within `metres` of a point; NULL if none."""
    return Subquery(
        _nearest_places(latitude, longitude, metres)
        .filter(service_id=OuterRef("pk"))
        .values("distance_m"),
        output_field=FloatField(),
    )


def services_near(
    queryset: QuerySet[Service], latitude: float, longitude: float, metres: float
) -> QuerySet[Service]:
    """Services with a location within `metres` of a point, nearest first.

    Each service is annotated with `distance_m`, the distance to its nearest location.
    The caller's queryset gains a filter and an annotation only (no grouping), so it
    composes with search_services.
    """
    return (
        queryset.filter(pk__in=_nearest_places(latitude, longitude, metres).values("service_id"))
        .annotate(distance_m=nearest_distance_m(latitude, longitude, metres))
        .order_by("distance_m", "name", "id")
    )
