"""The ORUK API's query parameters: read and checked here, and described in /api/openapi.json.

Each parameter is declared once, with its OpenAPI description, and parsed by the same
declaration, so the published description cannot drift from what the code accepts.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 1_000_000  # far past any directory's end, and inside every database's OFFSET
DEFAULT_PROXIMITY_M = 10_000
MAX_PROXIMITY_M = 1_000_000


class BadParameter(ValueError):
    """A query parameter we cannot use; answered as 400 with JSON naming it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    schema: dict
    parse: Callable[[str, str], object]

    def openapi(self) -> dict:
        return {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema,
        }


def _integer(minimum: int, maximum: int | None = None):
    def parse(name: str, raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise BadParameter(name, f"{name} must be a whole number.") from None
        if value < minimum or (maximum is not None and value > maximum):
            limit = f"between {minimum} and {maximum}" if maximum else f"{minimum} or more"
            raise BadParameter(name, f"{name} must be {limit}.")
        return value

    return parse


def _boolean(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"true", "1"}:
        return True
    if value in {"false", "0"}:
        return False
    raise BadParameter(name, f"{name} must be true or false.")


def _uuid(name: str, raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be an id (a UUID).") from None


def _text(name: str, raw: str) -> str:
    if len(raw) > 200:
        raise BadParameter(name, f"{name} must be 200 characters or fewer.")
    if "\x00" in raw:
        raise BadParameter(name, f"{name} must not contain a NUL character.")
    return raw.strip()


def _datetime(name: str, raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.strip().replace(" ", "+"))
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(raw.strip()), datetime.min.time())
        except ValueError:
            raise BadParameter(
                name, f"{name} must be a date and time, like 2025-06-01T09:00:00Z."
            ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)  # databases take only everyday offsets
    except OverflowError:
        raise BadParameter(name, f"{name} is out of range.") from None


def _proximity(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a distance in metres, like 1000.") from None
    if not 0 < value <= MAX_PROXIMITY_M:
        raise BadParameter(name, f"{name} must be more than 0 and at most {MAX_PROXIMITY_M}.")
    return value


def _format(name: str, raw: str) -> str:
    if raw not in {"json", "ndjson"}:
        raise BadParameter(name, f"{name} must be json or ndjson.")
    return raw


PARAMETERS = {
    p.name: p
    for p in [
        Parameter("search", "Full text search.", {"type": "string", "maxLength": 200}, _text),
        Parameter(
            "page",
            f"Page number of paginated result, from 1 (at most {MAX_PAGE}).",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            _integer(1, MAX_PAGE),
        ),
        Parameter(
            "per_page",
            f"Number of results requested in a single page (at most {MAX_PER_PAGE}).",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE,
            },
            _integer(1, MAX_PER_PAGE),
        ),
        Parameter(
            "format",
            "json (default): a page. ndjson: every result, one JSON record a line, no paging.",
            {"type": "string", "enum": ["json", "ndjson"], "default": "json"},
            _format,
        ),
        Parameter(
            "taxonomy_term_id",
            "Only services with this taxonomy term.",
            {"type": "string", "format": "uuid"},
            _uuid,
        ),
        Parameter(
            "taxonomy_id",
            "Only services with any term of this taxonomy.",
            {"type": "string", "format": "uuid"},
            _uuid,
        ),
        Parameter(
            "organization_id",
            "Only services this organization provides.",
            {"type": "string", "format": "uuid"},
            _uuid,
        ),
        Parameter(
            "modified_after",
            "Only services modified on or after this date and time (ISO 8601; UTC if no offset).",
            {"type": "string", "format": "date-time"},
            _datetime,
        ),
        Parameter(
            "minimal",
            "Only each service's id, name, status and last_modified (the fewest fields that "
            "keep records valid HSDS).",
            {"type": "boolean"},
            _boolean,
        ),
        Parameter(
            "full",
            "Fully nested records.",
            {"type": "boolean"},
            _boolean,
        ),
        Parameter(
            "full_service",
            "An organization's services fully nested.",
            {"type": "boolean"},
            _boolean,
        ),
        Parameter(
            "postcode",
            "A UK postcode or outward code (RM18 7AA, RM18): results nearest its centroid first, "
            f"within proximity metres ({DEFAULT_PROXIMITY_M} if not given). "
            "An unknown or malformed postcode is a 400.",
            {"type": "string", "maxLength": 200},
            _text,
        ),
        Parameter(
            "proximity",
            f"Metres from the postcode's centroid (more than 0, at most {MAX_PROXIMITY_M}); "
            "needs postcode.",
            {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_PROXIMITY_M},
            _proximity,
        ),
        Parameter(
            "top_only",
            "Only top-level taxonomy terms (those with no parent).",
            {"type": "boolean"},
            _boolean,
        ),
        Parameter(
            "parent_id",
            "Only taxonomy terms whose parent has this id.",
            {"type": "string", "format": "uuid"},
            _uuid,
        ),
    ]
}


def read(query: dict, names: list[str]) -> dict[str, object]:
    """The named parameters present in `query`, parsed; BadParameter for the first bad one."""
    values: dict[str, object] = {}
    for name in names:
        raw = query.get(name)
        if raw is None or raw == "":
            continue
        values[name] = PARAMETERS[name].parse(name, raw)
    return values
