"""Numbers as people type them and as addresses carry them: checked, bounded, never a server error.

Only the digits 0–9 count (Python's int() would also take ١٢٣ or ١٢ from other scripts),
euros may be written 45,00 or 1 000,50, and no number is larger than the database takes.
"""

import re
from decimal import Decimal, InvalidOperation

from flask import request
from werkzeug.routing import IntegerConverter
from wtforms import IntegerField

from portal.domain.money import to_cents

LARGEST_ID = 2**31 - 1  # PostgreSQL's integer
WHOLE = re.compile(r"-?[0-9]{1,10}")
EUROS = re.compile(r"[0-9]{1,7}([.,][0-9]{1,2})?")


class BoundedIntegerConverter(IntegerConverter):
    """<int:…> in URLs: a number beyond what the database holds is simply not found (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def whole_number(text: str | None, low: int = -LARGEST_ID, high: int = LARGEST_ID) -> int | None:
    """The number written with the digits 0–9, if it is within low..high; otherwise None."""
    text = (text or "").strip()
    if not WHOLE.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def query_number(name: str, default: int | None = None) -> int | None:
    """An id or a page number from the query string; a wrong one counts as none."""
    value = request.args.get(name)
    if value is None:
        return default
    number = whole_number(value, 1)
    return default if number is None else number


def query_numbers(name: str) -> list[int]:
    return [number for number in (whole_number(value, 1) for value in request.args.getlist(name)) if number is not None]


def euros_to_cents(text: str | None, most: int = 10_000) -> int | None:
    """Euros as typed here (45,00 · 45.00 · 1 000,50) to cents, more than zero and at most `most` euros."""
    text = (text or "").replace("\u00a0", "").replace(" ", "")
    if not EUROS.fullmatch(text):
        return None
    try:
        amount = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return to_cents(amount) if 0 < amount <= most else None


class WholeNumberField(IntegerField):
    """An IntegerField that takes only the digits 0–9 and numbers the database can hold."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0]
        if text is None or not str(text).strip():
            self.data = None
            return
        number = whole_number(str(text))
        if number is None:
            self.data = None
            raise ValueError(self.gettext("Enter a whole number, with the digits 0 to 9"))
        self.data = number
