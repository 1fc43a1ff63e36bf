"""What the confirmation pages say of a refusal, in the form's words."""

from flask_babel import gettext as _


def dispute_problem(form, code: str) -> None:
    """A dispute the rules refused, as an error on the form's field it is about (or on the reason)."""
    messages = {
        "no_reason": _("Choose what is wrong with the service"),
        "no_note": _("Tell what is wrong with the service"),
        "too_long": _("Use at most 2000 characters"),
        "already_disputed": _("This service has already been disputed."),
        "confirmed": _("This service has already been confirmed, so it can no longer be disputed."),
        "too_late": _("The days to confirm this service are over: it counts as confirmed. Ask your case manager if it was wrong."),
        "month_settled": _("The provider has already been paid for this month. Ask your case manager."),
    }
    field = form.note if code in ("no_note", "too_long") else form.reason
    field.errors = [*field.errors, messages.get(code, messages["no_reason"])]


def resolve_problem(form, code: str) -> None:
    messages = {
        "no_resolution": _("Choose how the dispute is resolved"),
        "no_units": _("Enter the units to credit back: at least 1, at most the units not yet credited"),
        "resolved": _("The dispute has already been resolved."),
        "month_settled": _("Every month up to this one has been settled. Nothing was changed."),
    }
    field = form.units if code in ("no_units", "too_many_units", "no_units") else form.resolution
    field.errors = [*field.errors, messages.get(code, messages["resolved"])]
