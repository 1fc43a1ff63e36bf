"""Numbers as people type them and as addresses carry them: checked, bounded, never a server error.

Only the digits 0–9 count (Python's int() would also take ١٢٣ or ١٢ from other scripts),
euros may be written 45,00 or 1 000,50, and no number is larger than the database takes.
"""

import re
from datetime import date
from decimal import Decimal

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter
from wtforms import Field, IntegerField
from wtforms.widgets import TextInput

from portal.domain.money import to_cents
from portal.domain.plans import month_of_iso, month_start
from portal.web.i18n import euros_input

LARGEST_ID = 2**31 - 1  # PostgreSQL's integer
WHOLE = re.compile(r"-?[0-9]{1,10}")
# 1234,50 · 1234.50 · 1 234,50 (a space between thousands, as Finnish and Swedish write them); at most 9 999 999,99.
EUROS = re.compile(r"(?:[0-9]{1,7}|[0-9]{1,3} [0-9]{3}|[0-9] [0-9]{3} [0-9]{3})(?:[.,][0-9]{1,2})?")
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})  # no-break spaces, as copied from a page


class BoundedIntegerConverter(IntegerConverter):
    """<int:…> in URLs: a number beyond what the database holds is simply not found (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def query_month(today: date) -> date:
    """The month the address names (?month=2026-03), or this month when it names none."""
    return month_of_iso(request.args.get("month")) or month_start(today)


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


def parse_euros(text: str | None) -> Decimal | None:
    """Euros as people here write them, "1 234,50", "1234.50" or "1 234,50 €", all the same; None for anything else."""
    text = (text or "").translate(SPACES).strip().removesuffix("€").rstrip()
    if not EUROS.fullmatch(text):
        return None
    return Decimal(text.replace(" ", "").replace(",", "."))


def euros_to_cents(text: str | None, most: int = 10_000) -> int | None:
    """Euros as typed (see parse_euros) to cents, more than zero and at most `most` euros; otherwise None."""
    amount = parse_euros(text)
    return to_cents(amount) if amount is not None and 0 < amount <= most else None


class EuroField(Field):
    """An amount of euros, typed as in parse_euros; its data is whole cents (None when left empty)."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return euros_input(self.data)

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        amount = parse_euros(valuelist[0])
        if amount is None:
            self.data = None
            raise ValueError(_l("Enter the amount in euros, for example 1 234,50"))
        self.data = to_cents(amount)


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
