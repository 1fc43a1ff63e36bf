"""The county's price form writes decimals as its reader does (issue 14): "1,15" in Finnish and Swedish, in its
hints, its typed values and its errors; "1.15" in English."""

import re

import pytest
from sqlalchemy import select

from portal.db.models import ServiceType
from tests.pages import Page

DECIMAL = {"fi": re.compile(r"\d,\d\d"), "sv": re.compile(r"\d,\d\d"), "en": re.compile(r"\d\.\d\d")}
WRONG = {"fi": re.compile(r"\b\d+\.\d\d\b(?!\.\d)"), "sv": re.compile(r"\b\d+\.\d\d\b(?!\.\d)"), "en": re.compile(r"\b\d+,\d\d\b")}


def numbers_of(page: Page) -> list[str]:
    """The hints, the error messages and the values in the fields of a form."""
    hints = [" ".join(found.get_text(" ").split()) for found in page.soup.select(".hint, .field-error")]
    return hints + [field.get("value", "") for field in page.soup.select("main input[type=text]")]


def wrongly_written(texts: list[str], language: str) -> list[str]:
    return [text for text in texts if WRONG[language].search(text)]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_price_form_writes_decimals_as_its_reader_does(client, db, language):
    client.use_language(language)
    client.sign_in("admin")
    home_care = db.scalar(select(ServiceType).where(ServiceType.code == "home_care"))
    url = f"/admin/prices/{home_care.id}"
    page = Page(client.get(url).get_data(as_text=True))
    texts = numbers_of(page)
    assert sum(bool(DECIMAL[language].search(text)) for text in texts) >= 8, texts  # five hints, the typed values
    assert not wrongly_written(texts, language)
    token = page.soup.select_one("input[name=csrf_token]")["value"]
    error = Page(client.post(url, data={"csrf_token": token, "reference_price": "45", "evening": "9"}).get_data(as_text=True))
    assert not wrongly_written(numbers_of(error), language)
    assert any(DECIMAL[language].search(text) for text in numbers_of(error) if text.startswith(("Error", "Virhe", "Fel")))


def test_a_decimal_point_in_finnish_is_found():
    """The check can fail: a Finnish hint with a decimal point."""
    assert wrongly_written(["Esimerkiksi 1.15.", "Esimerkiksi 1.1.2027."], "fi") == ["Esimerkiksi 1.15."]
