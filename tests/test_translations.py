"""Every message has a Finnish and a Swedish translation, none of them fuzzy."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"


def _catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def _template_ids(tmp_path: Path, root: Path = ROOT) -> set:
    """The messages in the code now, extracted afresh (pybabel takes "-o -" for a file named "-")."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", str(ROOT / "babel.cfg"),
         "-k", "lazy_gettext", "-k", "_l", "--no-location", "--omit-header", "-o", str(pot), "."],
        cwd=root, capture_output=True, text=True, check=True,
    )
    with open(pot, "rb") as extracted:
        catalog = read_po(extracted)
    ids = {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}
    assert len(ids) > 500, "the extraction found too few messages to be right"
    return ids


def _missing(language: str, ids: set) -> set:
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(language) if m.id}
    return ids - translated


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = _catalog(language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_catalogue_has_every_message_in_the_code(language, tmp_path):
    missing = _missing(language, _template_ids(tmp_path))
    assert not missing, f"run `make update-translations` and translate: {sorted(missing)}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_placeholders_survive_translation(language):
    wrong = []
    for message in _catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(re.findall(r"%\((\w+)\)s", ids[-1]))
        for string in strings:
            found = set(re.findall(r"%\((\w+)\)s", string))
            # A singular may say "one" in words instead of %(num)s; nothing else may be dropped.
            if found - expected or (expected - {"num"}) - found:
                wrong.append(message.id)
    assert not wrong, wrong


def test_a_string_added_to_the_code_without_a_translation_is_found(tmp_path):
    """The completeness check can fail: a copy of the code with one new message fails it."""
    copy = tmp_path / "code"
    shutil.copytree(ROOT / "portal", copy / "portal", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", copy / "templates")
    (copy / "portal" / "new_page.py").write_text('from flask_babel import gettext as _\n_("A sentence nobody has translated")\n')
    for language in ("fi", "sv"):
        assert _missing(language, _template_ids(tmp_path, copy)) == {"A sentence nobody has translated"}
