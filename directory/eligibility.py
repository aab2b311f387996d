"""Who a service is for: the one eligibility check used by search, booking and the API."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from directory.models import Service


def age_in_months(date_of_birth: date, on: date) -> int:
    """Whole months of age on a date: a baby born on 15 March is 1 month old from 15 April.

    A birthday on the 31st counts as reached on the last day of a shorter month.
    """
    months = (on.year - date_of_birth.year) * 12 + (on.month - date_of_birth.month)
    if on.day < date_of_birth.day and not _is_last_day_of_month(on):
        months -= 1
    return months


def _is_last_day_of_month(day: date) -> bool:
    return (day + timedelta(days=1)).month != day.month


@dataclass(frozen=True)
class Child:
    """A child as search and booking see one: born (date_of_birth) or expected (due_date)."""

    date_of_birth: date | None = None
    due_date: date | None = None

    def is_expected_on(self, on: date) -> bool:
        return self.date_of_birth is None or self.date_of_birth > on


def months_from_years(years: Decimal | None) -> Decimal | None:
    return None if years is None else Decimal(years) * 12


def is_eligible(service: Service, child: Child, on: date) -> bool:
    """Whether a service is for this child on the day of the session.

    An expected baby (not yet born on that day) qualifies only for services for expectant
    parents. A born child qualifies when their age in whole months on that day is within the
    service's minimum and maximum ages (inclusive; HSDS ages are in years, so 2 means 24 months).
    """
    if child.is_expected_on(on):
        return service.for_expectant_parents
    months = age_in_months(child.date_of_birth, on)
    minimum, maximum = (
        months_from_years(service.minimum_age),
        months_from_years(service.maximum_age),
    )
    if minimum is not None and months < minimum:
        return False
    return maximum is None or months <= maximum


def who_it_is_for(service: Service) -> str:
    """A plain-English line: 'Expectant parents and children up to 2 years old'."""
    parts = []
    if service.for_expectant_parents:
        parts.append("expectant parents")
    minimum, maximum = service.minimum_age, service.maximum_age
    if maximum == 0:
        parts.append("babies in their first month")
    elif maximum is not None and not minimum:
        parts.append(f"children up to {_age(maximum)} old")
    elif maximum is not None:
        parts.append(f"children aged {_age(minimum)} to {_age(maximum)} old")
    elif minimum:
        parts.append(f"children aged {_age(minimum)} and over")
    if not parts:
        return "Everyone"
    text = " and ".join(parts)
    return text[0].upper() + text[1:]


def _age(years: Decimal) -> str:
    """2 -> '2 years', 0.5 -> '6 months'."""
    years = Decimal(years)
    if years < 1 or years != years.to_integral_value():
        months = int(years * 12)
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{int(years)} year{'s' if years != 1 else ''}"
