"""Easy language (selkosuomi, lättläst svenska): a way of reading beside the language, not a language of its own.

Finnish read easy is still `lang="fi"`, Swedish read easy `lang="sv"`. The reader chooses it from the language menu
or from the link on a page that has an easy version; choosing a standard language ends it. The choice is kept in a
cookie beside the language's, so a signed-out visitor has it too. The same views, use cases, access checks and
access-log entries serve both ways of reading: only the template differs, and it is chosen here, nowhere else.
"""

from urllib.parse import quote

from flask import Response, current_app, has_request_context, request, url_for

from portal.web.i18n import current_language

READING_COOKIE = "reading"
EASY = "easy"
# The languages that have an easy way of reading, and its name in the language menu.
EASY_LANGUAGES = {"fi": "Selkosuomi", "sv": "Lättläst svenska"}

# Each page (and the help at the foot of every page) that has an easy-language version, and that version.
EASY_TEMPLATES = {
    "public/sign_in.html": "easy/sign_in.html",
    "client/overview.html": "easy/overview.html",
    "client/plan.html": "easy/plan.html",
    "client/providers.html": "easy/providers.html",
    "client/mandates.html": "easy/mandates.html",
    "relative/home.html": "easy/my_mandates.html",
    "client/access_log.html": "easy/access_log.html",
    "client/sharing.html": "easy/sharing.html",
    "components/help.html": "easy/_help.html",
}


def reads_easy() -> bool:
    """Whether this request is read in easy language: chosen, and in a language that has it."""
    return (has_request_context() and request.cookies.get(READING_COOKIE) == EASY
            and current_language() in EASY_LANGUAGES)


def readable(template: str) -> str:
    """The template to render: its easy-language version when the reader chose easy language and it has one."""
    return EASY_TEMPLATES.get(template, template) if reads_easy() else template


def here() -> str:
    """This page's path and query, to come back to after a choice of language."""
    return request.full_path.rstrip("?") if request.endpoint != "public.sign_out" else "/"


def choice_href(code: str, easy: bool) -> str:
    """The link that chooses a language, read easy or not, and comes back to this page."""
    endpoint = "public.easy_language" if easy else "public.language"
    return url_for(endpoint, code=code) + "?next=" + quote(here(), safe="")


def switch_href() -> str | None:
    """A page's link to its other way of reading ("Lue selkosuomeksi", and back); None in a language without one."""
    code = current_language()
    return choice_href(code, not reads_easy()) if code in EASY_LANGUAGES else None


def remember(response: Response, easy: bool) -> Response:
    """Keep the choice for a year, as the language is kept; a standard language forgets it."""
    if easy:
        response.set_cookie(READING_COOKIE, EASY, max_age=365 * 24 * 3600,
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    elif READING_COOKIE in request.cookies:
        response.delete_cookie(READING_COOKIE, secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True,
                               samesite="Lax")
    return response
