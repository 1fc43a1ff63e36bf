"""What every page's layout needs: navigation, help contacts, language links."""

from datetime import date

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.domain.providers import choice_in_force
from portal.domain.roles import Role
from portal.services import county, feedback, submissions
from portal.services.use_cases import public as public_use_cases
from portal.web import labels
from portal.web.access import opens
from portal.web.acting import current_acting
from portal.web.easy import EASY_LANGUAGES, choice_href, readable, reads_easy, switch_href
from portal.web.help import help_audience
from portal.web.i18n import current_language
from portal.web.sessions import idle_seconds_left
from portal.web.unread import inbox_label, unread_messages
from portal.web.timeline import step_sentence

LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}

CLIENT_NAVIGATION = [
    ("client.overview", _l("My budget")),
    ("client.plan", _l("My plan")),
    ("client.timeline", _l("Timeline")),
    ("client.transactions", _l("What the budget has been used for")),
    ("client.messages", _l("Messages")),
    ("client.mandate_list", _l("Mandates")),
    ("client.access_log_page", _l("Who has viewed my information")),
    ("public.notifications", _l("Notifications")),
]
ON_BEHALF_NAVIGATION = [
    ("client.overview", _l("Budget")),
    ("client.plan", _l("Plan")),
    ("client.timeline", _l("Timeline")),
    ("client.transactions", _l("What the budget has been used for")),
    ("client.messages", _l("Messages")),
    ("client.access_log_page", _l("Who has viewed the information")),
    ("public.notifications", _l("Notifications")),
]
# Signed in with a decision's code: the limited view (what `open_to_decision_code` opens).
DECISION_CODE_NAVIGATION = [("client.overview", _l("My service vouchers")), ("client.decisions", _l("My decisions"))]
HOLDER_NAVIGATION = [("relative.home", _l("My mandates")), ("public.notifications", _l("Notifications"))]
ADMIN_NAVIGATION = [
    ("admin.overview", _l("Overview")),
    ("admin.reports_page", _l("Reports")),
    ("admin.application_list", _l("Applications")),
    ("admin.feedback_inbox", _l("Feedback")),
    ("admin.letters", _l("Letters")),
    ("admin.contacts", _l("Contacts")),
    ("admin.price_changes", _l("Price changes")),
    ("admin.quality_list", _l("Quality information")),
    ("admin.settlements_page", _l("Settlements")),
    ("admin.prices", _l("Reference prices")),
    ("admin.users", _l("Users and sessions")),
]
PROVIDER_NAVIGATION = [
    ("provider.clients", _l("Clients")),
    ("provider.services", _l("Recorded services")),
    ("provider.settlements_page", _l("Settlements")),
    ("provider.prices", _l("Prices")),
    ("provider.quality", _l("Quality information")),
    ("provider.ratings", _l("Ratings")),
]
CASE_MANAGER_NAVIGATION = [("case_manager.clients", _l("My clients")), ("case_manager.inbox", _l("Messages")),
                           ("case_manager.follow_up", _l("Follow-up"))]


def _navigation(acting) -> list[tuple[str, str, bool]]:
    if not current_user.is_authenticated:
        return []
    if current_user.role == Role.DECISION_CODE:
        items = DECISION_CODE_NAVIGATION
    elif acting is not None:
        items = CLIENT_NAVIGATION if acting.for_self else ON_BEHALF_NAVIGATION
    elif current_user.role == Role.CASE_MANAGER:
        items = CASE_MANAGER_NAVIGATION
    elif current_user.role == Role.RELATIVE:
        items = HOLDER_NAVIGATION
    elif current_user.role == Role.ADMIN:
        items = ADMIN_NAVIGATION
    elif current_user.role == Role.PROVIDER:
        items = PROVIDER_NAVIGATION
    else:
        items = []
    here = request.endpoint or ""
    return [(url_for(endpoint), _with_count(endpoint, label), here == endpoint or _section(here) == endpoint)
            for endpoint, label in items if opens(endpoint)]


def _with_count(endpoint: str, label) -> str:
    """A navigation item with what waits there: "Notifications (2 new)"."""
    if endpoint == "case_manager.inbox":
        return inbox_label(label)
    if endpoint == "admin.feedback_inbox":
        return _feedback_label(label)
    if endpoint != "public.notifications":
        return str(label)
    unread = public_use_cases.unread_alerts(current_user.id)
    return ngettext("%(label)s (%(num)s new)", "%(label)s (%(num)s new)", unread, label=label) if unread else str(label)


def _feedback_label(label) -> str:
    """The county's feedback inbox with how much waits for a reply (one count): "Feedback (3 not answered)"."""
    waiting = feedback.unanswered_count()
    return ngettext("%(label)s (%(num)s not answered)", "%(label)s (%(num)s not answered)", waiting,
                    label=label) if waiting else str(label)


def _section(endpoint: str) -> str:
    """The navigation item a page belongs to: a plan version to the plan, and so on."""
    sections = {
        "client.plan_version": "client.plan",
        "client.providers": "client.overview",
        "client.compare": "client.overview",
        "client.provider": "client.overview",
        "client.choose": "client.overview",
        "client.rating": "client.overview",
        "client.grant_mandate": "client.mandate_list",
        "client.decide_mandate": "client.mandate_list",
        "relative.request_mandate": "relative.home",
        "case_manager.client_mandates": "case_manager.clients",
        "case_manager.timeline": "case_manager.clients",
        "case_manager.client": "case_manager.clients",
        "case_manager.plan": "case_manager.clients",
        "case_manager.message": "case_manager.inbox",
        "case_manager.follow_up_lines": "case_manager.follow_up",
        "admin.price_rules": "admin.prices",
        "admin.application": "admin.application_list",
        "admin.user": "admin.users",
        "admin.feedback": "admin.feedback_inbox",
        "provider.record": "provider.clients",
        "provider.correct": "provider.services",
        "provider.answer_rating": "provider.ratings",
        "client.proposal": "client.plan",
        "public.notification_settings": "public.notifications",
        "admin.letter_batch": "admin.letters",
        "client.decisions": "client.plan",
        "client.decision": "client.plan",
        "case_manager.decision": "case_manager.clients",
        "admin.mail": "admin.letters",
    }
    return sections.get(endpoint, endpoint)


def _language_links() -> list[dict]:
    """Each language, and after Finnish and Swedish the same read in easy language (selkosuomi, lättläst)."""
    chosen, easy = current_language(), reads_easy()
    links = []
    for code, name in LANGUAGE_NAMES.items():
        links.append({"code": code, "name": name, "href": choice_href(code, easy=False),
                      "current": code == chosen and not easy})
        if code in EASY_LANGUAGES:
            links.append({"code": code, "name": EASY_LANGUAGES[code], "href": choice_href(code, easy=True),
                          "current": code == chosen and easy})
    return links


def _help_contacts():
    return county.the_county()


def _layout_context() -> dict:
    if request.endpoint == "static":
        return {}
    acting = current_acting() if current_user.is_authenticated else None
    return {
        "acting": acting,
        "navigation": _navigation(acting),
        "language_links": _language_links(),
        "help_county": _help_contacts(),
        "help_for": help_audience(current_user, acting),
        "idle_seconds": int(current_app.config["IDLE_TIMEOUT"].total_seconds()),
        "idle_warning_seconds": int(current_app.config["IDLE_WARNING"].total_seconds()),
        "idle_seconds_left": idle_seconds_left(),
    }


def provider_in_force(line):
    """The provider chosen for a plan line that serves the client today, if any."""
    choice = choice_in_force(line.choices, date.today())
    return choice.provider if choice else None


def init_app(app: Flask) -> None:
    app.context_processor(_layout_context)
    app.jinja_env.globals.update(labels=labels, provider_in_force=provider_in_force, submission_key=submissions.new_key,
                                 step_sentence=step_sentence, unread_messages=unread_messages,
                                 reads_easy=reads_easy, readable=readable, reading_switch_href=switch_href)
    app.jinja_env.filters.update(
        language_name=labels.language_name,
        municipality_name=labels.municipality_name,
        specialism_name=labels.specialism_name,
    )
