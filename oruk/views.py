"""The Open Referral UK read API: thin views over oruk.selectors and oruk.serializers."""

import hashlib
import json
import math
from collections.abc import Callable, Iterator
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max, Model, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from directory.models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from geo.postcodes import UnknownPostcode, locate
from oruk import hsds, selectors, serializers
from oruk.openapi import ENDPOINT_PARAMETERS, openapi_document
from oruk.parameters import DEFAULT_PER_PAGE, DEFAULT_PROXIMITY_M, BadParameter, read

HSDS_VERSION = "3.0"
PROFILE_URL = "https://openreferraluk.org/"
NDJSON_CHUNK = 500


def _error(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    body: dict = {"status": status, "message": message}
    if parameter:
        body["parameter"] = parameter
        body["errors"] = [{"parameter": parameter, "message": message}]
    return JsonResponse(body, status=status)


def api_view(view: Callable) -> Callable:
    """GET/HEAD only (other methods 405, not a CSRF 403); a bad parameter is a 400 naming it."""

    @csrf_exempt
    @require_safe
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BadParameter as bad:
            return _error(400, bad.message, bad.parameter)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _json(request: HttpRequest, data, last_modified=None) -> HttpResponse:
    """JSON with an ETag (and Last-Modified when known); 304 if the client has it already."""
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # HTTP dates have whole seconds; a fraction would make If-Modified-Since never match.
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _page(
    request: HttpRequest,
    params: dict,
    queryset: QuerySet,
    render: Callable[[list[Model]], list[dict]],
    modified_field: str | None = None,
) -> HttpResponse:
    if params.get("format") == "ndjson":
        return StreamingHttpResponse(_ndjson(queryset, render), content_type="application/x-ndjson")
    per_page = params.get("per_page", DEFAULT_PER_PAGE)
    page = params.get("page", 1)
    total = queryset.count()
    total_pages = max(1, math.ceil(total / per_page))
    objects = _page_of(queryset, (page - 1) * per_page, per_page) if total else []
    contents = render(objects)
    last_modified = None
    if modified_field and objects:
        last_modified = max(_modified(obj, modified_field) for obj in objects)
    return _json(
        request,
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        },
        last_modified,
    )


def _page_of(queryset: QuerySet, offset: int, limit: int) -> list[Model]:
    """One page of records: ids first (a deep OFFSET walks only the ordering's index), then
    those records whole."""
    # Columns from extra() (SQLite's search rank) must be selected to be ordered by.
    extra = list(queryset.query.extra_select)
    rows = queryset.values_list("pk", *extra)[offset : offset + limit]
    ids = [row[0] for row in rows]
    found = queryset.model.objects.filter(pk__in=ids)
    if queryset.query.select_related:
        found = found.select_related(*queryset.query.select_related)
    by_id = {obj.pk: obj for obj in found}
    return [by_id[pk] for pk in ids]


def _modified(obj: Model, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def _ndjson(queryset: QuerySet, render: Callable[[list[Model]], list[dict]]) -> Iterator[bytes]:
    batch: list[Model] = []
    for obj in queryset.iterator(chunk_size=NDJSON_CHUNK):
        batch.append(obj)
        if len(batch) == NDJSON_CHUNK:
            yield from _lines(render(batch))
            batch = []
    yield from _lines(render(batch))


def _lines(records: list[dict]) -> Iterator[bytes]:
    for record in records:
        yield json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False).encode() + b"\n"


def _filters(params: dict) -> selectors.ServiceFilters:
    near = None
    if "proximity" in params and "postcode" not in params:
        raise BadParameter("proximity", "Give a postcode with proximity.")
    if params.get("postcode"):
        try:
            place = locate(params["postcode"])
        except UnknownPostcode as unknown:
            raise BadParameter("postcode", str(unknown)) from None
        except ValueError as malformed:
            raise BadParameter("postcode", str(malformed)) from None
        near = selectors.Near(
            place.latitude, place.longitude, params.get("proximity", DEFAULT_PROXIMITY_M)
        )
    return selectors.ServiceFilters(
        search=params.get("search", ""),
        taxonomy_term_id=params.get("taxonomy_term_id"),
        taxonomy_id=params.get("taxonomy_id"),
        organization_id=params.get("organization_id"),
        modified_after=params.get("modified_after"),
        near=near,
    )


def _one(model: type[Model], id: str, queryset=None) -> Model | None:
    queryset = model.objects.all() if queryset is None else queryset
    try:
        return queryset.get(pk=UUID(id))
    except (ValueError, model.DoesNotExist):
        return None


def _not_found(what: str, id: str) -> JsonResponse:
    return _error(404, f"There is no {what} with id {id}.")


@api_view
def index(request: HttpRequest) -> HttpResponse:
    """Which HSDS version and profile this API follows, and where its OpenAPI description is."""
    return _json(
        request,
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        },
    )


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    return _json(request, openapi_document(request.build_absolute_uri(reverse("oruk:index"))))


def _minimal(services: list[Service]) -> list[dict]:
    return [
        {
            "id": str(s.pk),
            "name": s.name,
            "status": s.status,
            "last_modified": hsds.json_datetime(s.last_modified),
        }
        for s in services
    ]


@api_view
def services(request: HttpRequest) -> HttpResponse:
    params = read(request.GET, ENDPOINT_PARAMETERS["/services"])
    queryset = selectors.services(_filters(params))
    if params.get("minimal"):
        render = _minimal
        queryset = queryset.only("id", "name", "status", "last_modified")
    elif params.get("full"):
        render = lambda objs: serializers.serialize("service", objs, serializers.SERVICE_FULL)  # noqa: E731
    else:
        render = lambda objs: serializers.serialize(  # noqa: E731
            "service", objs, serializers.SERVICE_LIST, annotate=False
        )
    return _page(request, params, queryset, render, "last_modified")


@api_view
def service(request: HttpRequest, id: str) -> HttpResponse:
    found = _one(Service, id, selectors.published_services())
    if found is None:
        return _not_found("service", id)
    [data] = serializers.serialize("service", [found], serializers.SERVICE_FULL)
    return _json(request, data, found.last_modified)


@api_view
def service_at_locations(request: HttpRequest) -> HttpResponse:
    params = read(request.GET, ENDPOINT_PARAMETERS["/service_at_locations"])
    queryset = selectors.service_at_locations(_filters(params)).select_related("service")
    shape = serializers.SAL_FULL if params.get("full") else serializers.SAL_LIST
    return _page(
        request,
        params,
        queryset,
        lambda objs: serializers.serialize(
            "service_at_location", objs, shape, annotate=bool(params.get("full"))
        ),
        "service__last_modified",
    )


@api_view
def service_at_location(request: HttpRequest, id: str) -> HttpResponse:
    found = _one(
        ServiceAtLocation,
        id,
        ServiceAtLocation.objects.filter(service__in=selectors.published_services()),
    )
    if found is None:
        return _not_found("service at location", id)
    [data] = serializers.serialize("service_at_location", [found], serializers.SAL_FULL)
    return _json(request, data, found.service.last_modified)


@api_view
def organizations(request: HttpRequest) -> HttpResponse:
    params = read(request.GET, ENDPOINT_PARAMETERS["/organizations"])
    if params.get("full_service"):
        shape = serializers.ORGANIZATION_FULL_SERVICES
    elif params.get("full"):
        shape = serializers.ORGANIZATION_FULL
    else:
        shape = serializers.ORGANIZATION_BASIC
    annotate = shape is not serializers.ORGANIZATION_BASIC
    return _page(
        request,
        params,
        selectors.organizations(params.get("search", "")),
        lambda objs: serializers.serialize("organization", objs, shape, annotate=annotate),
    )


@api_view
def organization(request: HttpRequest, id: str) -> HttpResponse:
    params = read(request.GET, ENDPOINT_PARAMETERS["/organizations/{id}"])
    found = _one(Organization, id)
    if found is None:
        return _not_found("organization", id)
    shape = (
        serializers.ORGANIZATION_FULL_SERVICES
        if params.get("full_service")
        else serializers.ORGANIZATION_FULL
    )
    [data] = serializers.serialize("organization", [found], shape)
    latest = found.services.aggregate(latest=Max("last_modified"))["latest"]
    return _json(request, data, max(filter(None, [latest, found.last_modified])))


@api_view
def taxonomies(request: HttpRequest) -> HttpResponse:
    params = read(request.GET, ENDPOINT_PARAMETERS["/taxonomies"])
    return _page(
        request,
        params,
        selectors.taxonomies(params.get("search", "")),
        lambda objs: serializers.serialize("taxonomy", objs, {}),
    )


@api_view
def taxonomy(request: HttpRequest, id: str) -> HttpResponse:
    found = _one(Taxonomy, id)
    if found is None:
        return _not_found("taxonomy", id)
    [data] = serializers.serialize("taxonomy", [found], {})
    return _json(request, data, found.last_modified)


@api_view
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    params = read(request.GET, ENDPOINT_PARAMETERS["/taxonomy_terms"])
    queryset = selectors.taxonomy_terms(
        search=params.get("search", ""),
        taxonomy_id=params.get("taxonomy_id"),
        parent_id=params.get("parent_id"),
        top_only=bool(params.get("top_only")),
    )
    return _page(
        request,
        params,
        queryset,
        lambda objs: serializers.serialize("taxonomy_term", objs, serializers.TAXONOMY_TERM),
    )


@api_view
def taxonomy_term(request: HttpRequest, id: str) -> HttpResponse:
    found = _one(TaxonomyTerm, id)
    if found is None:
        return _not_found("taxonomy term", id)
    [data] = serializers.serialize("taxonomy_term", [found], serializers.TAXONOMY_TERM)
    return _json(request, data, found.last_modified)
