"""Stored records as nested HSDS JSON, with a fixed number of queries per nesting level.

A shape says which nested records to include: {"phones": {"languages": {}}} means a
record's phones, and each phone's languages. Each key costs one query for the whole
batch of records, never one per record; attributes and metadata cost one more each.
"""

from collections import defaultdict
from collections.abc import Sequence

from django.db import connection, models

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
    objects = list(objects)
    if not objects:
        return []
    nodes: list[tuple[str, object, dict]] = []
    roots = _in_list(table, [obj.pk for obj in objects])
    out = _build(table, objects, shape, _rows_by_table(table, roots, shape), nodes)
    if annotate:
        _attach_attributes_and_metadata(nodes)
    return out


def _in_list(table: str, ids: list) -> tuple[str, list]:
    """`%s, %s, ...` and the ids as the database stores them."""
    pk = hsds.MODELS[table]._meta.pk
    return ", ".join(["%s"] * len(ids)), [pk.get_db_prep_value(i, connection) for i in ids]


def _rows_by_table(table: str, roots: tuple[str, list], shape: Shape) -> dict[str, list]:
    """Every record the tree below the roots (ids given as SQL) holds, with one query per table:
    a UNION ALL of one semi-join per place the table appears, each place's ids a subquery of
    its parent's. So the number of queries is fixed by the shape, never by what the records
    hold. Plain SQL built from the models' metadata (names quoted, every value a parameter):
    the ORM's building of these nested subqueries cost more CPU than the queries it saved."""
    quote = connection.ops.quote_name
    wheres: dict[str, list[tuple[str, list]]] = defaultdict(list)

    def plan(table: str, ids_sql: str, params: list, shape: Shape) -> None:
        for key, inner in shape.items():
            if key in hsds.CHILDREN.get(table, {}):
                found_table, link = hsds.CHILDREN[table][key]
                where = f"{quote(_column(found_table, link))} IN ({ids_sql})"
            else:
                found_table, link = hsds.PARENTS[table][key]
                where = (
                    f"{_pk(found_table)} IN (SELECT {quote(_column(table, link))} "  # noqa: S608
                    f"FROM {_table(table)} WHERE {_pk(table)} IN ({ids_sql}))"
                )
            wheres[found_table].append((where, params))
            found_ids = f"SELECT {_pk(found_table)} FROM {_table(found_table)} WHERE {where}"  # noqa: S608
            plan(found_table, found_ids, params, inner)

    plan(table, *roots, shape)
    rows = {}
    for found_table, places in wheres.items():
        model = hsds.MODELS[found_table]
        columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
        union = " UNION ALL ".join(
            f"SELECT {columns} FROM {_table(found_table)} WHERE {where}"  # noqa: S608
            for where, _ in places
        )
        params = [param for _, place_params in places for param in place_params]
        found = model.objects.raw(f"{union} ORDER BY {_pk(found_table)}", params)
        rows[found_table] = list({row.pk: row for row in found}.values())
    return rows


def _table(table: str) -> str:
    return connection.ops.quote_name(hsds.MODELS[table]._meta.db_table)


def _pk(table: str) -> str:
    return connection.ops.quote_name(hsds.MODELS[table]._meta.pk.column)


def _column(table: str, attname: str) -> str:
    return next(
        field.column
        for field in hsds.MODELS[table]._meta.concrete_fields
        if field.attname == attname
    )


def _build(
    table: str, objects: list, shape: Shape, rows: dict[str, list], nodes: list
) -> list[dict]:
    dicts = []
    for obj in objects:
        data = hsds.record(table, obj)
        dicts.append(data)
        nodes.append((table, obj, data))
    if not objects:
        return dicts
    for key, inner in shape.items():
        if key in hsds.CHILDREN.get(table, {}):
            child_table, link = hsds.CHILDREN[table][key]
            ids = {obj.pk for obj in objects}
            children = [row for row in rows[child_table] if getattr(row, link) in ids]
            by_parent: dict = defaultdict(list)
            for child, child_data in zip(
                children, _build(child_table, children, inner, rows, nodes), strict=True
            ):
                by_parent[getattr(child, link)].append(child_data)
            for obj, data in zip(objects, dicts, strict=True):
                data[key] = by_parent.get(obj.pk, [])
        else:
            parent_table, link = hsds.PARENTS[table][key]
            wanted = {getattr(obj, link) for obj in objects} - {None}
            parents = [row for row in rows[parent_table] if row.pk in wanted]
            built = dict(
                zip(
                    [p.pk for p in parents],
                    _build(parent_table, parents, inner, rows, nodes),
                    strict=True,
                )
            )
            for obj, data in zip(objects, dicts, strict=True):
                if getattr(obj, link) in built:
                    data[key] = built[getattr(obj, link)]
    return dicts


def _attach_attributes_and_metadata(nodes: list[tuple[str, object, dict]]) -> None:
    ids = list({obj.pk for _, obj, _ in nodes})
    attributes: dict = defaultdict(list)
    # The attributes' terms are read through a subquery too, so a record with no attributes
    # costs the same queries as one with many.
    in_ids, params = _in_list("attribute", ids)
    linked_ids = (
        f"SELECT {_pk('attribute')} FROM {_table('attribute')} "  # noqa: S608
        f"WHERE link_id IN ({in_ids})"
    )
    terms = _rows_by_table("attribute", (linked_ids, params), ATTRIBUTE)
    linked = list(Attribute.objects.filter(link_id__in=ids).order_by("pk"))
    linked_data = _build("attribute", linked, ATTRIBUTE, terms, [])
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
