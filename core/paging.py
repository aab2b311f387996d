"""Whole numbers typed by people or put in query strings, parsed one safe way.

`str.isdigit()` accepts "²" and "①", which `int()` then refuses; `str.isdecimal()` accepts
Arabic-Indic digits, which `int()` takes but people never mean. Only ASCII 0-9 count here.
"""

import re

ASCII_WHOLE_NUMBER = re.compile(r"[0-9]+")
# Longer than any page count or date part we use; stops "9" * 5000 becoming a huge int.
MAX_DIGITS = 9


def whole_number(text: object) -> int | None:
    """The value of a string of ASCII digits (spaces around allowed), or None for anything else."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if len(text) > MAX_DIGITS or not ASCII_WHOLE_NUMBER.fullmatch(text):
        return None
    return int(text)


def positive_page_number(text: object) -> int | None:
    """A page number from a query string: 1 or more, or None when it is not one."""
    number = whole_number(text)
    return number if number is not None and number >= 1 else None
