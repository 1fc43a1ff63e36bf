"""The timeline's steps in plain sentences, in the user's language.

A sentence names the client plan and its services, never "you": the client, a relative acting for them and the
case manager read the same sentences, and the page's heading says whose plan it is.
"""

from flask_babel import gettext as _
from flask_babel import pgettext

from portal.domain.service_types import ServiceKind
from portal.domain.timeline import Step, StepKind
from portal.web.i18n import date_numeric, month_name


def service_in_sentence(code: str) -> str:
    """The service's name inside a sentence about it (the context "service in a sentence"): in Finnish its
    genitive ("Kotihoidon palveluntuottajaksi valittiin…", "…aloitti kotihoidon"), in Swedish its definite form
    ("…för hemvården"). The context is written out in each call, for the extraction to find it."""
    match ServiceKind(code):
        case ServiceKind.HOME_CARE:
            return pgettext("service in a sentence", "home care")
        case ServiceKind.HOME_HELP:
            return pgettext("service in a sentence", "home help and cleaning")
        case ServiceKind.MEALS:
            return pgettext("service in a sentence", "the meal service")
        case ServiceKind.RESPITE_CARE:
            return pgettext("service in a sentence", "respite care")
        case ServiceKind.PERSONAL_ASSISTANCE:
            return pgettext("service in a sentence", "personal assistance")
        case ServiceKind.DAY_ACTIVITIES:
            return pgettext("service in a sentence", "day activities")
        case ServiceKind.TRANSPORT:
            return pgettext("service in a sentence", "the transport service")


def _first_up(sentence: str) -> str:
    """A sentence begins with a capital, also when it begins with a service's name."""
    return sentence[:1].upper() + sentence[1:]


def step_sentence(step: Step, upcoming: bool = False) -> str:
    """What happened on the step's day (or is to happen, when `upcoming`), in one sentence."""
    service = service_in_sentence(step.service) if step.service else ""
    named = {"provider": step.provider, "service": service}
    match step.kind:
        case StepKind.PLAN_PROPOSED:
            text = _("The case manager proposed version %(version)s of the client plan.", version=step.version)
        case StepKind.PLAN_ACCEPTED:
            text = _("Version %(version)s of the client plan was accepted.", version=step.version)
        case StepKind.PLAN_IN_FORCE if upcoming:
            text = _("Version %(version)s of the client plan takes effect.", version=step.version)
        case StepKind.PLAN_IN_FORCE:
            text = _("Version %(version)s of the client plan took effect.", version=step.version)
        case StepKind.PROVIDER_CHOSEN if step.starts is not None:
            text = _("%(provider)s was chosen as the provider of %(service)s from %(start)s.",
                     start=date_numeric(step.starts), **named)
        case StepKind.PROVIDER_CHOSEN:
            text = _("%(provider)s was chosen as the provider of %(service)s.", **named)
        case StepKind.PROVIDER_CONFIRMED:
            text = _("%(provider)s confirmed it will provide %(service)s.", **named)
        case StepKind.PROVIDER_DECLINED:
            text = _("%(provider)s declined to provide %(service)s.", **named)
            if step.reason.strip():
                text += " " + _("Reason given: %(reason)s", reason=step.reason.strip())
        case StepKind.FIRST_SERVICE:
            text = _("%(provider)s started %(service)s.", **named)
        case StepKind.SETTLEMENT_PAID:
            text = _("The settlement for %(service)s (%(month)s) was paid to %(provider)s.",
                     month=month_name(step.month), **named)
        case StepKind.AGREEMENT_PROPOSED if step.version and step.version > 1:
            text = _("%(provider)s proposed new terms for the service agreement for %(service)s.", **named)
        case StepKind.AGREEMENT_PROPOSED:
            text = _("%(provider)s proposed a service agreement for %(service)s.", **named)
        case StepKind.AGREEMENT_CHANGES_ASKED:
            text = _("Changes were asked for in the service agreement for %(service)s that %(provider)s proposed.",
                     **named)
        case StepKind.AGREEMENT_ACCEPTED:
            text = _("The service agreement for %(service)s with %(provider)s was accepted.", **named)
        case StepKind.AGREEMENT_NOTICE_GIVEN if step.by_provider:
            text = _("%(provider)s gave notice to end the service agreement for %(service)s on %(date)s.",
                     date=date_numeric(step.last_day), **named)
        case StepKind.AGREEMENT_NOTICE_GIVEN:
            text = _("Notice was given to end the service agreement for %(service)s with %(provider)s on %(date)s.",
                     date=date_numeric(step.last_day), **named)
        case StepKind.AGREEMENT_ENDS if upcoming:
            text = _("The service agreement for %(service)s with %(provider)s ends.", **named)
        case StepKind.AGREEMENT_ENDS:
            text = _("The service agreement for %(service)s with %(provider)s ended.", **named)
        case StepKind.REVIEW_DUE if upcoming:
            text = _("The client plan is due to be reviewed.")
        case StepKind.REVIEW_DUE:
            text = _("The client plan was due to be reviewed.")
    return _first_up(text)
