"""The Finnish business ID (Y-tunnus / FO-nummer): seven digits, a hyphen, a check digit."""

import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_FORMAT = re.compile(r"([0-9]{7})-([0-9])")  # the digits 0–9 only, not those of other scripts


def check_digit(first_seven: str) -> int | None:
    """The check digit for seven digits, or None when no valid ID can have them."""
    remainder = sum(int(d) * w for d, w in zip(first_seven, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def is_valid(business_id: str) -> bool:
    match = _FORMAT.fullmatch(business_id.strip())
    return bool(match) and check_digit(match.group(1)) == int(match.group(2))
