"""Our OpenAPI description, built from the same parameter declarations the views parse.

It follows the official HSDS 3.0 openapi.json path for path; records are described by the
official compiled schemas, referred to by their published URLs as the official file does.
"""

from oruk.parameters import MAX_PER_PAGE, PARAMETERS

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

SERVICE_LIST = [
    "search",
    "page",
    "per_page",
    "format",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimal",
    "full",
    "postcode",
    "proximity",
]
ENDPOINT_PARAMETERS: dict[str, list[str]] = {
    "/services": SERVICE_LIST,
    "/service_at_locations": [name for name in SERVICE_LIST if name != "minimal"],
    "/organizations": ["search", "full_service", "full", "page", "per_page", "format"],
    "/organizations/{id}": ["full_service"],
    "/taxonomies": ["search", "page", "per_page", "format"],
    "/taxonomy_terms": [
        "search",
        "page",
        "per_page",
        "format",
        "taxonomy_id",
        "top_only",
        "parent_id",
    ],
}

# path -> (summary, schema of one record, whether it is a paged list)
ENDPOINTS: dict[str, tuple[str, str, bool]] = {
    "/services": ("Paged services.", "compiled/service_list.json", True),
    "/services/{id}": ("A fully nested service.", "compiled/service.json", False),
    "/service_at_locations": (
        "Paged services at locations.",
        "compiled/service_at_location_list.json",
        True,
    ),
    "/service_at_locations/{id}": (
        "A fully nested service at a location.",
        "compiled/service_at_location.json",
        False,
    ),
    "/organizations": ("Paged organizations.", "compiled/organization_list.json", True),
    "/organizations/{id}": (
        "A fully nested organization.",
        "compiled/organization.json",
        False,
    ),
    "/taxonomies": ("Paged taxonomies.", "taxonomy.json", True),
    "/taxonomies/{id}": ("A taxonomy.", "taxonomy.json", False),
    "/taxonomy_terms": ("Paged taxonomy terms.", "taxonomy_term.json", True),
    "/taxonomy_terms/{id}": ("A taxonomy term.", "taxonomy_term.json", False),
}

ERROR = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {
        "status": {"type": "integer"},
        "message": {"type": "string"},
        "parameter": {"type": "string", "description": "The query parameter at fault."},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"parameter": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
PAGE = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    },
}


def _json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _operation(path: str) -> dict:
    summary, record_schema, paged = ENDPOINTS[path]
    record = {"$ref": SCHEMA_BASE + record_schema}
    body = (
        {
            "allOf": [{"$ref": "#/components/schemas/Page"}],
            "properties": {"contents": {"type": "array", "items": record}},
        }
        if paged
        else record
    )
    responses = {
        "200": _json_response(summary, body),
        "400": _json_response(
            "A query parameter is not valid; `parameter` names it.",
            {"$ref": "#/components/schemas/Error"},
        ),
    }
    if paged:
        responses["200"]["content"]["application/x-ndjson"] = {
            "schema": record,
            "x-description": "With format=ndjson: every record, one a line.",
        }
    else:
        responses["404"] = _json_response(
            "No record has this id.", {"$ref": "#/components/schemas/Error"}
        )
    operation: dict = {
        "summary": summary,
        "operationId": path.strip("/").replace("/{id}", "_by_id") or "index",
        "responses": responses,
    }
    parameters = [PARAMETERS[name].openapi() for name in ENDPOINT_PARAMETERS.get(path, [])]
    if "{id}" in path:
        parameters.insert(
            0,
            {
                "in": "path",
                "name": "id",
                "required": True,
                "description": "The record's id.",
                "schema": {"type": "string"},
            },
        )
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def openapi_document(server_url: str) -> dict:
    """The OpenAPI 3.1 description of this API, served at /api/openapi.json."""
    paths = {
        "/": {
            "get": {
                "summary": "Which HSDS version and profile this API follows.",
                "operationId": "api_info",
                "responses": {
                    "200": _json_response(
                        "Version information.",
                        {
                            "type": "object",
                            "required": ["version", "profile", "openapi_url"],
                            "properties": {
                                "version": {"type": "string"},
                                "profile": {"type": "string", "format": "uri"},
                                "openapi_url": {"type": "string", "format": "uri"},
                            },
                        },
                    )
                },
            }
        }
    }
    paths.update({path: _operation(path) for path in ENDPOINTS})
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Family Hubs directory: Open Referral UK API",
            "version": "1.0.0",
            "summary": "The family services directory as HSDS 3.0 (Open Referral UK).",
            "description": (
                "Read-only and open: no key, CORS open for GET. Lists are paged "
                f"(per_page at most {MAX_PER_PAGE}); every response has an ETag, and records "
                "with a modification time a Last-Modified, so clients can poll with "
                "If-None-Match. Bad query parameters answer 400 with JSON naming the "
                "parameter. Schedule timezone is the zone's standard UTC offset in hours "
                "(we store IANA names; Europe/London is 0). Our own service fields "
                "for_expectant_parents and join_method are service attributes under the "
                "'Family Hubs' taxonomy."
            ),
            "license": {"name": "Open Government Licence v3.0", "identifier": "OGL-UK-3.0"},
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": paths,
        "components": {"schemas": {"Page": PAGE, "Error": ERROR}},
    }
