"""Finnish personal identity codes (henkilötunnus / personbeteckning): DDMMYYCZZZQ.

C is the century sign, ZZZ the individual number and Q the check character (the nine digits
DDMMYYZZZ modulo 31). Individual numbers 900–999 are for tests; the demo and the tests use them.
"""

from datetime import date

CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
             "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
CHECKS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def normalized(code: str) -> str:
    return code.strip().upper()


def is_valid(code: str) -> bool:
    """A well-formed identity code with a real birth date and the right check character."""
    code = normalized(code)
    if len(code) != 11 or code[6] not in CENTURIES or not (code[:6] + code[7:10]).isdigit():
        return False
    try:
        date(CENTURIES[code[6]] + int(code[4:6]), int(code[2:4]), int(code[:2]))
    except ValueError:
        return False
    return code[10] == check_character(code[:6] + code[7:10])


def check_character(nine_digits: str) -> str:
    return CHECKS[int(nine_digits) % 31]


def for_tests(born: date, individual: int) -> str:
    """A valid code with a test individual number (900–999), for the demo and the tests."""
    if not 900 <= individual <= 999:
        raise ValueError("test identity codes use the individual numbers 900-999")
    sign = "-" if born.year < 2000 else "A"
    digits = f"{born:%d%m}{born.year % 100:02d}"
    return f"{digits}{sign}{individual}{check_character(digits + str(individual))}"
