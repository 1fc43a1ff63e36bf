"""The CSV files speak their reader's language (issue 14): the header row in Finnish or Swedish, and each service
by its name in that language, never by its code ("home_care") nor in English."""

import csv
import io
from datetime import date, timedelta

import pytest

from portal.domain.service_types import ServiceKind

CODES = {kind.value for kind in ServiceKind}
ENGLISH_SERVICES = {"Home care", "Home help and cleaning", "Meal service", "Respite care", "Personal assistance",
                    "Day activities", "Transport service"}
LAST_MONTH = date.today().replace(day=1) - timedelta(days=1)


def _rows(response, language: str) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv", response.status_code
    text = response.get_data(as_text=True).removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";" if language in ("fi", "sv") else ","))


def csv_problems(files: dict[str, list[list[str]]]) -> list[str]:
    """What is not in its reader's language: a code as a cell, a Finnish or Swedish header cell left in English,
    an English service name in a Finnish or Swedish file."""
    problems = []
    english_header = files["en"][0]
    for language, rows in files.items():
        cells = {cell for row in rows for cell in row}
        problems += [f"{language}: the code {code!r} in a cell" for code in sorted(cells & CODES)]
        if language == "en":
            continue
        problems += [f"{language}: the header says {cell!r} in English" for cell, english in zip(rows[0], english_header)
                     if cell == english and any(letter.isalpha() for letter in cell)]
        problems += [f"{language}: the service {name!r} in English" for name in sorted(cells & ENGLISH_SERVICES)]
    return problems


@pytest.mark.parametrize("who, url, services", [
    ("provider", f"/provider/settlements/{LAST_MONTH.year}/{LAST_MONTH.month}.csv", {"fi": "Kotihoito", "sv": "Hemvård"}),
    ("admin", "/admin/reports.csv?by=service", {"fi": "Kotihoito", "sv": "Hemvård"}),
    ("admin", "/admin/reports.csv?by=municipality", {}),
    ("admin", "/admin/overview/satisfaction.csv", {}),
])
def test_a_csv_speaks_its_readers_language(client, who, url, services):
    client.sign_in(who)
    files = {}
    for language in ("fi", "sv", "en"):
        client.use_language(language)
        files[language] = _rows(client.get(url), language)
    assert not csv_problems(files), csv_problems(files)
    for language, name in services.items():
        assert name in {cell for row in files[language] for cell in row}, f"{language}: no {name!r} in {url}"


def test_a_csv_in_the_wrong_language_is_found():
    """The check can fail: a Finnish file with an English header cell, a code and an English service name."""
    english = [["Service", "Used (€)"], ["Home care", "1.00"]]
    planted = {"en": english, "fi": [["Service", "Käytetty (€)"], ["home_care", "1,00"], ["Meal service", "2,00"]],
               "sv": [["Tjänst", "Använt (€)"], ["Hemvård", "1,00"]]}
    assert csv_problems(planted) == ["fi: the code 'home_care' in a cell", "fi: the header says 'Service' in English",
                                     "fi: the service 'Meal service' in English"]
