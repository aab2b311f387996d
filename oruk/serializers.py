"""Stored records as nested HSDS JSON, with a fixed number of queries per nesting level.

A shape says which nested records to include: {"phones": {"languages": {}}} means a
record's phones, and each phone's languages. Each key costs one query for the whole
batch of records, never one per record; attributes and metadata cost one more each.
"""

from collections import defaultdict
from collections.abc import Sequence

from django.db import models

from directory.models import Attribute, Metadata
from oruk import hsds

Shape = dict[str, "Shape"]

PHONES: Shape = {"languages": {}}
CONTACTS: Shape = {"phones": PHONES}
LOCATION_FULL: Shape = {
    "languages": {},
    "addresses": {},
    "contacts": CONTACTS,
    "accessibility": {},
    "phones": PHONES,
    "schedules": {},
}
ORGANIZATION_BASIC: Shape = {}
ORGANIZATION_DETAIL: Shape = {
    "funding": {},
    "contacts": CONTACTS,
    "phones": PHONES,
    "locations": LOCATION_FULL,
    "programs": {},
    "organization_identifiers": {},
}
SERVICE_LIST: Shape = {"organization": {}, "program": {}}
_SERVICE_CHILDREN: Shape = {
    "phones": PHONES,
    "schedules": {},
    "service_areas": {},
    "languages": {},
    "funding": {},
    "cost_options": {},
    "required_documents": {},
    "contacts": CONTACTS,
    "program": {},
    "organization": ORGANIZATION_DETAIL,
}
SAL_IN_SERVICE: Shape = {
    "contacts": CONTACTS,
    "phones": PHONES,
    "schedules": {},
    "location": LOCATION_FULL,
}
SERVICE_FULL: Shape = {**_SERVICE_CHILDREN, "service_at_locations": SAL_IN_SERVICE}
SAL_LIST: Shape = {"location": {}, "service": SERVICE_LIST}
SAL_FULL: Shape = {**SAL_IN_SERVICE, "service": _SERVICE_CHILDREN}
ORGANIZATION_FULL: Shape = {**ORGANIZATION_DETAIL, "services": SERVICE_LIST}
ORGANIZATION_FULL_SERVICES: Shape = {
    **ORGANIZATION_DETAIL,
    "services": {k: v for k, v in SERVICE_FULL.items() if k != "organization"},
}
ATTRIBUTE: Shape = {"taxonomy_term": {"taxonomy_detail": {}}}
TAXONOMY_TERM: Shape = {"taxonomy_detail": {}}


def serialize(
    table: str, objects: Sequence[models.Model], shape: Shape, *, annotate: bool = True
) -> list[dict]:
    """HSDS dictionaries for `objects` (records of `table`), nested as `shape` says.

    With `annotate`, every record in the tree also gets its attributes and metadata.
    """
    nodes: list[tuple[str, object, dict]] = []
    out = _build(table, list(objects), shape, nodes)
    if annotate:
        _attach_attributes_and_metadata(nodes)
    return out


def _build(table: str, objects: list, shape: Shape, nodes: list) -> list[dict]:
    dicts = []
    for obj in objects:
        data = hsds.record(table, obj)
        dicts.append(data)
        nodes.append((table, obj, data))
    if not objects:
        return dicts
    ids = [obj.pk for obj in objects]
    for key, inner in shape.items():
        if key in hsds.CHILDREN.get(table, {}):
            child_table, link = hsds.CHILDREN[table][key]
            children = list(
                hsds.MODELS[child_table].objects.filter(**{f"{link}__in": ids}).order_by("pk")
            )
            by_parent: dict = defaultdict(list)
            for child, child_data in zip(
                children, _build(child_table, children, inner, nodes), strict=True
            ):
                by_parent[getattr(child, link)].append(child_data)
            for obj, data in zip(objects, dicts, strict=True):
                data[key] = by_parent.get(obj.pk, [])
        else:
            parent_table, link = hsds.PARENTS[table][key]
            wanted = {getattr(obj, link) for obj in objects} - {None}
            parents = list(hsds.MODELS[parent_table].objects.filter(pk__in=wanted).order_by("pk"))
            built = dict(
                zip(
                    [p.pk for p in parents],
                    _build(parent_table, parents, inner, nodes),
                    strict=True,
                )
            )
            for obj, data in zip(objects, dicts, strict=True):
                if getattr(obj, link) in built:
                    data[key] = built[getattr(obj, link)]
    return dicts


def _attach_attributes_and_metadata(nodes: list[tuple[str, object, dict]]) -> None:
    ids = {obj.pk for _, obj, _ in nodes}
    attributes: dict = defaultdict(list)
    linked = list(Attribute.objects.filter(link_id__in=ids).order_by("pk"))
    linked_data = serialize("attribute", linked, ATTRIBUTE, annotate=False)
    for attribute, data in zip(linked, linked_data, strict=True):
        attributes[attribute.link_id].append(data)
    metadata: dict = defaultdict(list)
    changes = list(Metadata.objects.filter(resource_id__in=ids).order_by("pk"))
    for change in changes:
        metadata[change.resource_id].append(hsds.record("metadata", change))
    for table, obj, data in nodes:
        found = list(attributes.get(obj.pk, []))
        found += hsds.extra_attributes(table, obj)
        if found and table not in hsds.WITHOUT_ATTRIBUTES:
            data["attributes"] = found
        if metadata.get(obj.pk) and table not in hsds.WITHOUT_METADATA:
            data["metadata"] = metadata[obj.pk]
