"""The sections of a service's task list: what each asks, and how answers become a listing.

Each section is one or a few question pages (`core.questions`) with its own check answers. It
reads the current listing snapshot into the answers a person would have typed (`answers_from`),
writes checked answers back into a copy of the snapshot (`write`), and says whether the listing
already answers it (`is_complete`). Saving always goes through `directory.listing`.
"""

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django import forms

from core.questions import Question
from directory import forms as questions
from directory.filters import send_needs
from directory.models import Service

RawAnswers = dict[str, list[str]]


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    questions: tuple[Question, ...]
    # {question slug: what the person would have typed}, from a snapshot.
    answers_from: Callable[[dict], dict[str, RawAnswers]]
    # Writes {question slug: cleaned data} into the snapshot.
    write: Callable[[dict, dict], None]
    is_complete: Callable[[dict], bool]
    required: bool = True


def _text(value) -> list[str]:
    return ["" if value is None else str(value)]


def _ticked(value: bool) -> list[str]:
    return ["on"] if value else []


def _send_ids() -> set[str]:
    return {str(pk) for pk in send_needs().values_list("pk", flat=True)}


def _rows_needed(rows: list, at_least: int) -> int:
    """Room for every row held and one more, so a new row can be added without JavaScript."""
    return max(at_least, len(rows) + 1)


# Details ------------------------------------------------------------------------------------


def _details_answers(snapshot: dict) -> dict[str, RawAnswers]:
    service = snapshot["service"]
    return {
        "details": {
            "name": _text(service["name"]),
            "organization": _text(service["organization_id"]),
            "description": _text(service["description"]),
            "url": _text(service["url"]),
        }
    }


def _write_details(snapshot: dict, answers: dict) -> None:
    given = answers["details"]
    snapshot["service"].update(
        name=given["name"],
        organization_id=str(given["organization"].pk),
        description=given["description"],
        url=given["url"],
    )


def _details_complete(snapshot: dict) -> bool:
    service = snapshot["service"]
    return bool(service["name"] and service["organization_id"] and service["description"])


# Who it is for ------------------------------------------------------------------------------


def _who_for_answers(snapshot: dict) -> dict[str, RawAnswers]:
    service = snapshot["service"]
    youngest, youngest_unit = questions.age_answer(
        None if service["minimum_age"] is None else Decimal(service["minimum_age"])
    )
    oldest, oldest_unit = questions.age_answer(
        None if service["maximum_age"] is None else Decimal(service["maximum_age"])
    )
    return {
        "who-for": {
            "for_expectant_parents": _ticked(service["for_expectant_parents"]),
            "minimum_age": _text(youngest),
            "minimum_age_unit": [youngest_unit],
            "maximum_age": _text(oldest),
            "maximum_age_unit": [oldest_unit],
            "eligibility_description": _text(service["eligibility_description"]),
            "send_needs": sorted(set(snapshot["topics"]) & _send_ids()),
        }
    }


def _write_who_for(snapshot: dict, answers: dict) -> None:
    given = answers["who-for"]
    snapshot["service"].update(
        for_expectant_parents=given["for_expectant_parents"],
        minimum_age=None if given["minimum_years"] is None else str(given["minimum_years"]),
        maximum_age=None if given["maximum_years"] is None else str(given["maximum_years"]),
        eligibility_description=given["eligibility_description"],
    )
    kept = set(snapshot["topics"]) - _send_ids()
    snapshot["topics"] = sorted(kept | {str(term.pk) for term in given["send_needs"]})


def _who_for_complete(snapshot: dict) -> bool:
    service = snapshot["service"]
    return bool(
        service["for_expectant_parents"]
        or service["minimum_age"] is not None
        or service["maximum_age"] is not None
    )


# Cost -----------------------------------------------------------------------------------------


def _paid(snapshot: dict) -> list[dict]:
    return [row for row in snapshot["cost_options"] if row.get("amount") not in (None, "0.00")]


def _cost_answers(snapshot: dict) -> dict[str, RawAnswers]:
    held = snapshot["cost_options"]
    answer: RawAnswers = {"fees_description": _text(snapshot["service"]["fees_description"])}
    if held or snapshot["service"]["fees_description"]:
        answer["is_free"] = ["no" if _paid(snapshot) else "yes"]
    for number, row in enumerate(_paid(snapshot), start=1):
        answer[f"amount_{number}"] = _text(row["amount"])
        answer[f"option_{number}"] = _text(row.get("option", ""))
    return {"cost": answer}


def _write_cost(snapshot: dict, answers: dict) -> None:
    form_data = answers["cost"]
    snapshot["service"]["fees_description"] = form_data["fees_description"]
    free_rows = [row for row in snapshot["cost_options"] if row not in _paid(snapshot)]
    paid_rows = _paid(snapshot)
    if form_data["is_free"]:
        free = free_rows[:1] or [{"option": "Free"}]
        snapshot["cost_options"] = [{**free[0], "amount": "0.00"}]
        return
    prices = [
        (form_data[f"amount_{number}"], form_data[f"option_{number}"])
        for number in range(1, len(form_data))
        if form_data.get(f"amount_{number}") is not None
    ]
    # A price keeps the id of the row it replaces (ORUK readers hold ids).
    snapshot["cost_options"] = [
        {
            **(paid_rows[index] if index < len(paid_rows) else {}),
            "amount": str(amount),
            "option": option,
            "amount_description": "",
        }
        for index, (amount, option) in enumerate(prices)
    ]


def _cost_complete(snapshot: dict) -> bool:
    return bool(snapshot["cost_options"] or snapshot["service"]["fees_description"])


# How to join ------------------------------------------------------------------------------------


def _join_answers(snapshot: dict) -> dict[str, RawAnswers]:
    service = snapshot["service"]
    return {
        "how-to-join": {
            "join_method": _text(service["join_method"]),
            "application_process": _text(service["application_process"]),
        }
    }


def _write_join(snapshot: dict, answers: dict) -> None:
    snapshot["service"].update(answers["how-to-join"])


def _join_complete(snapshot: dict) -> bool:
    return bool(snapshot["service"]["application_process"])


# Contacts ---------------------------------------------------------------------------------------


def _contacts_answers(snapshot: dict) -> dict[str, RawAnswers]:
    answer: RawAnswers = {"email": _text(snapshot["service"]["email"])}
    for number, row in enumerate(snapshot["phones"], start=1):
        answer[f"phone_{number}"] = _text(row["number"])
        answer[f"phone_{number}_description"] = _text(row.get("description", ""))
    return {"contacts": answer}


def _write_contacts(snapshot: dict, answers: dict) -> None:
    given = answers["contacts"]
    snapshot["service"]["email"] = given["email"]
    numbers = [
        (given[name], given[f"{name}_description"])
        for name in given
        if name.startswith("phone_") and not name.endswith("_description") and given[name]
    ]
    held = snapshot["phones"]
    snapshot["phones"] = [
        {**(held[index] if index < len(held) else {}), "number": number, "description": words}
        for index, (number, words) in enumerate(numbers)
    ]


def _contacts_complete(snapshot: dict) -> bool:
    return bool(snapshot["service"]["email"] or snapshot["phones"])


# Topics -----------------------------------------------------------------------------------------


def _topics_answers(snapshot: dict) -> dict[str, RawAnswers]:
    return {"topics": {"topics": sorted(set(snapshot["topics"]) - _send_ids())}}


def _write_topics(snapshot: dict, answers: dict) -> None:
    kept = set(snapshot["topics"]) & _send_ids()
    snapshot["topics"] = sorted(kept | {str(term.pk) for term in answers["topics"]["topics"]})


def _topics_complete(snapshot: dict) -> bool:
    return bool(set(snapshot["topics"]) - _send_ids())


# Languages -------------------------------------------------------------------------------------


def _languages_answers(snapshot: dict) -> dict[str, RawAnswers]:
    answer: RawAnswers = {
        "interpretation_services": _text(snapshot["service"]["interpretation_services"])
    }
    for number, row in enumerate(snapshot["languages"], start=1):
        answer[f"language_{number}"] = _text(row["name"])
        answer[f"language_{number}_code"] = _text(row.get("code", ""))
    return {"languages": answer}


def _write_languages(snapshot: dict, answers: dict) -> None:
    given = answers["languages"]
    snapshot["service"]["interpretation_services"] = given["interpretation_services"]
    named = [
        (given[name], given[f"{name}_code"].lower())
        for name in given
        if name.startswith("language_") and not name.endswith("_code") and given[name]
    ]
    held = snapshot["languages"]
    snapshot["languages"] = [
        {**(held[index] if index < len(held) else {}), "name": name, "code": code}
        for index, (name, code) in enumerate(named)
    ]


def _languages_complete(snapshot: dict) -> bool:
    return bool(snapshot["languages"] or snapshot["service"]["interpretation_services"])


SECTIONS = (
    Section(
        "details",
        "Service details",
        (Question("details", questions.DetailsForm, "Service details"),),
        _details_answers,
        _write_details,
        _details_complete,
    ),
    Section(
        "who-for",
        "Who it is for",
        (Question("who-for", questions.WhoForForm, "Who is it for?"),),
        _who_for_answers,
        _write_who_for,
        _who_for_complete,
    ),
    Section(
        "cost",
        "Cost",
        (Question("cost", questions.CostForm, "What does it cost?"),),
        _cost_answers,
        _write_cost,
        _cost_complete,
    ),
    Section(
        "how-to-join",
        "How to join",
        (Question("how-to-join", questions.JoinForm, "How do families join?"),),
        _join_answers,
        _write_join,
        _join_complete,
    ),
    Section(
        "contacts",
        "Contact details",
        (Question("contacts", questions.ContactsForm, "How can families get in touch?"),),
        _contacts_answers,
        _write_contacts,
        _contacts_complete,
    ),
    Section(
        "topics",
        "Topics",
        (Question("topics", questions.TopicsForm, "Which topics is it about?"),),
        _topics_answers,
        _write_topics,
        _topics_complete,
        required=False,
    ),
    Section(
        "languages",
        "Languages and interpreters",
        (Question("languages", questions.LanguagesForm, "Languages and interpreters"),),
        _languages_answers,
        _write_languages,
        _languages_complete,
        required=False,
    ),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


def form_kwargs(snapshot: dict, organisations) -> dict[str, dict]:
    """Extra arguments for each question's form: the organisations one may choose, and room
    for every row already held."""
    return {
        "details": {"organisations": organisations},
        "cost": {"rows": _rows_needed(_paid(snapshot), 3)},
        "contacts": {"rows": _rows_needed(snapshot["phones"], 2)},
        "languages": {"rows": _rows_needed(snapshot["languages"], 3)},
    }


def written(section: Section, snapshot: dict, answers: dict) -> dict:
    """A copy of the snapshot with a section's answers written in."""
    changed = copy.deepcopy(snapshot)
    section.write(changed, answers)
    return changed


def ready_to_publish(snapshot: dict) -> bool:
    return all(section.is_complete(snapshot) for section in SECTIONS if section.required)


def published_status(snapshot: dict) -> dict:
    """The snapshot, made public."""
    changed = copy.deepcopy(snapshot)
    changed["service"]["status"] = Service.Status.ACTIVE
    return changed


REPEATED_ROW = re.compile(r"_\d+(_|$)")


def is_spare_row(field: forms.BoundField, value) -> bool:
    """An empty one of a question's repeated rows (price 2, phone number 3): not worth a line
    on check answers."""
    return value in (None, "") and bool(REPEATED_ROW.search(field.name))


def display_value(field: forms.BoundField, value) -> str:
    """An answer as check answers shows it."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value in (None, "", []):
        return "Not given"
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ", ".join(str(item) for item in value) or "None"
    choices = dict(getattr(field.field, "choices", []) or [])
    return str(choices.get(value, value))
