"""One-time codes printed in a decision's letter: how they look, how a typed one is read, and when one expires.

A code is 12 characters from an alphabet without look-alikes (no 0/O/D, 1/I/L, 2/Z, 5/S, 6/G, 8/B, U/V),
printed in groups of four. 19 characters to the power of 12 is about 2^51 codes, and the sign-in makes every
guess wait longer than the last. It is typed back with or without spaces or dashes, in either case.
"""

import re
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from portal.domain.decisions import NUMBER_PREFIX
from portal.domain.feedback import FINNISH_TIME, day_in_finland

ALPHABET = "ACEFHJKMNPRTWXY3479"
LENGTH = 12
GROUP = 4
DEFAULT_DAYS = 30  # a code is valid until the end of this day after it was made (DECISION_CODE_DAYS)
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
_NUMBER = re.compile(rf"(?:{NUMBER_PREFIX})?([0-9]{{4}})([0-9]{{6,}})")


def new_code(choose: Callable[[str], str] = secrets.choice) -> str:
    """A new random code (the plain text, to print once and then forget)."""
    return "".join(choose(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """The code as the letter prints it: "ACEF HJKM NPRT"."""
    return " ".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def typed_code(text: str | None) -> str:
    """A code as someone typed it, in the form it was made: spaces and dashes left out, in capitals."""
    return _SEPARATORS.sub("", text or "").upper()


def typed_number(text: str | None) -> str:
    """A decision number as someone typed it, in the form it was given: "pb 2026 000123", "2026000123" and
    "PB-2026-000123" are all PB-2026-000123. Anything else is looked up as it was typed, in capitals."""
    key = typed_code(text)
    found = _NUMBER.fullmatch(key)
    return f"{NUMBER_PREFIX}-{found[1]}-{found[2]}" if found else key


def could_be_code(code: str) -> bool:
    """Whether a typed code (read with typed_code) has the form of one; any other is wrong without a look."""
    return len(code) == LENGTH and all(character in ALPHABET for character in code)


def valid_until(made_at: datetime, days: int) -> date:
    """The last day, in Finnish time, that a code made at that moment works on (the day the letter names)."""
    return day_in_finland(made_at) + timedelta(days=days)


def expires_at(made_at: datetime, days: int) -> datetime:
    """The moment a code made then stops working: the end of its last day in Finland, in UTC."""
    next_midnight = datetime.combine(valid_until(made_at, days) + timedelta(days=1), time(0), FINNISH_TIME)
    return next_midnight.astimezone(UTC)


def last_day(expires: datetime) -> date:
    """The last day a code works on, in Finnish time, from the moment it stops working."""
    return day_in_finland(expires - timedelta(seconds=1))


class CodeState(StrEnum):
    IN_FORCE = "in_force"
    USED = "used"
    WITHDRAWN = "withdrawn"  # a newer code was made for the client
    EXPIRED = "expired"


def state_of(used_at: datetime | None, withdrawn_at: datetime | None, expires: datetime, now: datetime) -> CodeState:
    """Where a code stands (moments without a zone are UTC, as the database gives them back)."""
    if used_at is not None:
        return CodeState.USED
    if withdrawn_at is not None:
        return CodeState.WITHDRAWN
    return CodeState.EXPIRED if (expires if expires.tzinfo else expires.replace(tzinfo=UTC)) <= now else CodeState.IN_FORCE
