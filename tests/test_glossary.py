"""One word for one thing (issue 14): the Finnish and Swedish catalogues keep the glossary of ../shared/DESIGN.md
and the words an elderly reader understands. The checks read the .po files, so they hold every page at once."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)s")

# An English term in a message, and the word its Finnish and Swedish translation must use for it.
GLOSSARY = [
    (r"\bproviders?\b", {"fi": r"palveluntuotta", "sv": r"serviceproducent"}),
    (r"\bvouchers?\b", {"fi": r"palvelusetel", "sv": r"servicesed(e)?l"}),
    (r"\bcase managers?\b", {"fi": r"palveluohjaaj", "sv": r"servicehandledar"}),
    (r"\bmandates?\b", {"fi": r"valtuutu", "sv": r"fullmakt"}),
    (r"\bclient plans?\b", {"fi": r"asiakassuunnitelm", "sv": r"klientplan"}),
    (r"\bown share\b", {"fi": r"omavastuuosuu", "sv": r"självriskandel"}),
    (r"\brelatives?\b", {"fi": r"omai", "sv": r"anhörig"}),
    (r"\bsettlements?\b", {"fi": r"tilit", "sv": r"redovisning"}),
    (r"\bservice agreements?\b", {"fi": r"palvelusopimu", "sv": r"serviceavtal"}),
    (r"\bagreements?\b", {"fi": r"sopimu|sopimuks", "sv": r"avtal"}),
    (r"\bdisput(e|es|ed)\b", {"fi": r"kiistä|kiiste", "sv": r"bestr"}),
]

# Words that are never right, whatever the message: what to write instead.
NEVER = {
    "fi": [
        (r"\basti\b", "“saakka”: one word for “until”, “Voimassa 31.12.2027 saakka”"),
        (r"^Kuukausi %\(month\)s", "a sentence with the month in it (the `month_in` filter: “joulukuussa 2026”)"),
        (r"\bTapahtumat\b", "“Mihin budjettia on käytetty”, the name of the transactions page"),
        (r"\(%\(money_left\)s / %\(money_total\)s\)", "a sentence: “Tämän kuun budjetti on …, ja siitä on jäljellä …”"),
    ],
    "sv": [
        (r"(?<!service)producent", "“serviceproducent”, never “producent” alone"),
        (r"\btransaktion", "“Vad budgeten har använts till”, the name of the transactions page"),
        (r"\bpå kvällen\b", "“på kvällarna”: in the evenings"),
        (r"\bavräkning", "“redovisning”, the glossary's word for a settlement"),
        (r"\(%\(money_left\)s av %\(money_total\)s\)", "a sentence: “Månadens budget är …, och av den återstår …”"),
    ],
}


def _messages(language: str):
    """(English, translation) for every string of the catalogue, plural forms each on their own."""
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=language)
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            if string:
                yield english, string


def glossary_breaks(messages, language: str) -> list[str]:
    wrong = []
    for english, string in messages:
        words = PLACEHOLDER.sub("", english)
        for term, translations in GLOSSARY:
            if re.search(term, words, re.I) and not re.search(translations[language], string, re.I):
                wrong.append(f"{english!r} says {term!r} but {string!r} has no {translations[language]!r}")
        for pattern, instead in NEVER[language]:
            if re.search(pattern, string, re.I):
                wrong.append(f"{string!r}: write {instead}")
    return wrong


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_catalogue_keeps_one_word_for_one_thing(language):
    wrong = glossary_breaks(_messages(language), language)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language, english, string", [
    ("sv", "Compare the ticked providers", "Jämför de producenter du har kryssat för"),
    ("sv", "Choose a provider", "Välj leverantör"),
    ("sv", "%(num)s hours in the evening", "%(num)s timmar på kvällen"),
    ("fi", "Valid until", "Voimassa asti"),
    ("fi", "In %(month)s, …", "Kuukausi %(month)s: budjetista maksettiin …"),
    ("fi", "Transactions", "Tapahtumat"),
    ("fi", "Your case manager", "Asiakasohjaajasi"),
    ("fi", "Your service agreement", "Palvelun sopimuksesi"),
    ("sv", "Dispute the service", "Ifrågasätt tjänsten"),
])
def test_a_word_against_the_glossary_is_found(language, english, string):
    """The check can fail: a translation planted with a word the glossary does not use."""
    assert glossary_breaks([(english, string)], language)
