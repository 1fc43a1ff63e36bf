"""A client's or a relative's alerts, and how they want to be told of them."""

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.alerts import Channel, services_month_of
from portal.domain.plans import iso_month
from portal.domain.roles import Role
from portal.services.use_cases import public as use_cases
from portal.web.access import role_required
from portal.web.acting import current_acting, start_acting
from portal.web.audit import log_reads
from portal.web.once import binding
from portal.web.paging import pager_links, where_from_query
from portal.web.public.forms import NotificationSettingsForm
from portal.web.routing import Routes
from portal.web.sessions import now

routes = Routes()
TOLD = (Role.CLIENT, Role.RELATIVE)


@routes.get("/notifications")
@role_required(*TOLD)
def notifications():
    page = use_cases.alerts_page(current_user, where_from_query())
    log_reads({alert.client_id for alert in page.rows} - {current_user.client_id}, AccessAction.VIEW_NOTIFICATIONS)
    acting = current_acting()
    return render_template("public/notifications.html", page=page, pager=pager_links(page),
                           for_client_id=current_user.client_id, acting_id=acting.client.id if acting else None,
                           months={alert.id: services_month_of(alert.event_key) for alert in page.rows})


@routes.post("/notifications/<int:alert_id>/open")
@role_required(*TOLD)
def open_alert(alert_id: int):
    """An alert's page, in the matters of the client it is about: one's own, or a client's under a mandate in force,
    acting for them from now on (as choosing whom to act for does)."""
    opened = use_cases.alert_to_open(current_user, alert_id, date.today())
    if opened is None:
        abort(404)
    if not opened.own and opened.mandate is None:
        flash(_("Your mandate is no longer valid, so you can no longer see that person's information."), "info")
        return redirect(url_for("public.notifications"), 303)
    start_acting(opened.mandate)
    flash(_("You are now handling your own matters.") if opened.own else
          _("You are now acting on behalf of %(name)s.", name=opened.mandate.client.full_name), "switch")
    return redirect(url_for("client.services_to_confirm", month=iso_month(opened.month)), 303)


@routes.post("/notifications/read")
@role_required(*TOLD)
@binding("mark_alerts_read")
def mark_read():
    use_cases.mark_alerts_read(current_user, now())
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("public.notifications"), 303)


@routes.route("/notifications/settings", methods=["GET", "POST"])
@role_required(*TOLD)
@binding("notification_settings")
def notification_settings():
    settings = use_cases.notification_settings(current_user)
    form = NotificationSettingsForm(obj=settings)
    for_client = settings.register_address is not None
    if form.checked(for_client):
        use_cases.save_notification_settings(
            current_user, Channel(form.channel.data), form.language.data, form.email.data or "",
            form.letter_name.data or "", form.street_address.data or "", form.postal_code.data or "",
            form.post_office.data or "")
        flash(_("Your choice is saved. It applies to the next notifications."), "success")
        return redirect(url_for("public.notification_settings"), 303)
    return render_template("public/notification_settings.html", form=form, settings=settings,
                           for_client=for_client)
