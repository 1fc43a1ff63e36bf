"""A client's or a relative's alerts, and how they want to be told of them."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.alerts import Channel
from portal.domain.roles import Role
from portal.services.use_cases import public as use_cases
from portal.web.access import role_required
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
    return render_template("public/notifications.html", page=page, pager=pager_links(page),
                           for_client_id=current_user.client_id)


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
