"""Language: chosen from the cookie, else the browser; money and dates per locale."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations
from flask import Flask, current_app, has_request_context, request
import flask_babel
from flask_babel import Babel

from portal.domain.money import to_euros

LANGUAGE_COOKIE = "lang"
# Finland's Swedish and British English: dates as 22.11.2026 and 22 November 2026.
BABEL_LOCALE = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
NUMERIC_DATE = {"fi": "d.M.yyyy", "sv": "d.M.yyyy", "en": "d MMM yyyy"}


@dataclass(frozen=True)
class RequestLanguage:
    """The language a request is answered in, looked up once: a page asks for it hundreds of times."""

    code: str
    locale: Locale
    translations: NullTranslations


def request_language() -> RequestLanguage:
    """This request's language (Flask-Babel's choice, so both always agree); the default outside a request."""
    if not has_request_context():
        code = current_app.config["BABEL_DEFAULT_LOCALE"]
        return RequestLanguage(code, flask_babel.get_locale() or _babel_locale(code), flask_babel.get_translations())
    language = request.environ.get("portal.language")
    if language is None:
        language = request.environ["portal.language"] = RequestLanguage(
            _chosen_language(), flask_babel.get_locale(), flask_babel.get_translations()
        )
    return language


@contextmanager
def in_language(code: str) -> Iterator[None]:
    """Within a request, words, dates and money in another language than the request's: an e-mail or a
    letter in the language its reader chose."""
    saved = request.environ.get("portal.language")
    with flask_babel.force_locale(BABEL_LOCALE[code]):
        request.environ["portal.language"] = RequestLanguage(code, flask_babel.get_locale(),
                                                             flask_babel.get_translations())
        try:
            yield
        finally:
            if saved is None:
                request.environ.pop("portal.language", None)
            else:
                request.environ["portal.language"] = saved


@lru_cache(maxsize=None)
def _babel_locale(code: str) -> Locale:
    return Locale.parse(BABEL_LOCALE[code])


def current_language() -> str:
    """fi, sv or en: what <html lang> says and what the catalogues are named."""
    return request_language().code


def get_locale() -> Locale:
    return request_language().locale


def _chosen_language() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _select_locale() -> str:
    return BABEL_LOCALE[_chosen_language()]


def money(cents: int) -> str:
    return _money_in(cents, get_locale())


@lru_cache(maxsize=16384)
def _money_in(cents: int, locale: Locale) -> str:
    return format_currency(to_euros(cents), "EUR", locale=locale)


def euros(cents: int) -> str:
    """An amount as easy language writes it, with the word in full: "312 euroa", "312,50 euroa" ("312 euro" in
    Swedish); cents only when there are some. Formatting, not computing: the figure is the ledger's."""
    amount = to_euros(cents)
    whole = amount == amount.to_integral_value()
    figure = format_decimal(amount, format="#,##0" if whole else "#,##0.00", locale=get_locale())
    return flask_babel.ngettext("%(amount)s euro", "%(amount)s euros", 1 if amount == 1 else 2, amount=figure)


def euros_input(cents: int) -> str:
    """An amount as a money field shows it, to be typed over: 1234,50 (or 1234.50), without grouping."""
    return format_decimal(to_euros(cents), format="0.00", locale=get_locale())


def number(value: int | Decimal) -> str:
    return format_decimal(value, locale=get_locale())


def one_decimal(value: Decimal) -> str:
    """A rating average as 4,0 or 4.5: always one decimal."""
    return format_decimal(value, format="0.0", locale=get_locale())


def percent(value: Decimal | None) -> str:
    """A share to one decimal, as the language writes it: 12,5 % (or 12.5%); a dash for none."""
    if value is None:
        return "–"
    figure = format_decimal(value, format="0.0", locale=get_locale())
    return f"{figure}%" if current_language() == "en" else f"{figure}\u00a0%"


def date_numeric(day: date) -> str:
    return format_date(day, NUMERIC_DATE[current_language()], locale=get_locale())


def date_long(day: date) -> str:
    return format_date(day, "long", locale=get_locale())


def date_time(moment: datetime) -> str:
    """A moment in Finnish time: 22.11.2026 14.05 (or 22 Nov 2026 14:05)."""
    local = flask_babel.to_user_timezone(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return f"{date_numeric(local.date())} {format_time(local, 'short', locale=get_locale())}"


def date_time_long(moment: datetime) -> str:
    """A moment in Finnish time as easy language writes it: "7. joulukuuta 2026 kello 14.05"."""
    local = flask_babel.to_user_timezone(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return flask_babel.pgettext("easy language", "%(date)s at %(time)s", date=date_long(local.date()),
                                time=format_time(local, "short", locale=get_locale()))


def time_of_day(moment: datetime) -> str:
    """A time today in Finnish time, as a clock shows it: 14.05 (or 2:05 PM)."""
    local = flask_babel.to_user_timezone(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return format_time(local, "short", locale=get_locale())


def month_name(day: date) -> str:
    """The month and year, as a heading or a choice shows it: "marraskuu 2026"."""
    return format_date(day, "LLLL yyyy", locale=get_locale())


def month_in(day: date) -> str:
    """The month and year as a sentence says "in" it: "joulukuussa 2026" in Finnish (every Finnish month
    name ends in -kuu and takes -ssa), "december 2026" and "December 2026" after "i" and "In"."""
    if current_language() == "fi":
        return f"{format_date(day, 'LLLL', locale=get_locale())}ssa {day.year}"
    return month_name(day)


def month_of(day: date) -> str:
    """The month and year as "the services of" it says them: "lokakuun 2026" in Finnish (every Finnish month name
    ends in -kuu and takes -n), "oktober 2026" and "October 2026" after "från" and "of"."""
    if current_language() == "fi":
        return f"{format_date(day, 'LLLL', locale=get_locale())}n {day.year}"
    return month_name(day)


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=_select_locale, default_translation_directories="../translations")
    app.jinja_env.filters.update(
        money=money, number=number, one_decimal=one_decimal, percent=percent, date=date_numeric, datetime=date_time, date_input=date_input, date_long=date_long, month=month_name, month_in=month_in, month_of=month_of, euros_input=euros_input,
        euros=euros, datetime_long=date_time_long,
    )
    app.jinja_env.globals.update(current_language=current_language)
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: request_language().translations.ugettext(string),
        ngettext=lambda singular, plural, num: request_language().translations.ungettext(singular, plural, num),
        pgettext=lambda context, string: request_language().translations.upgettext(context, string),
        npgettext=lambda context, singular, plural, num: request_language().translations.unpgettext(
            context, singular, plural, num
        ),
        newstyle=True,
    )


def date_input(day: date) -> str:
    """A date as the date fields take it, in every language: 1.12.2026."""
    return f"{day.day}.{day.month}.{day.year}"


def parse_date(text: str | None) -> date | None:
    """A date as people write it here: 1.12.2026 (or 2026-12-01); None if it is not one."""
    text = (text or "").strip()
    try:
        if "." in text:
            day, month, year = (int(part) for part in text.rstrip(".").split("."))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None
