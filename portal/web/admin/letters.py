"""Paper letters for those who chose them, printed in batches; and, in development, the e-mails the portal wrote."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal.domain.access_log import AccessAction
from portal.domain.roles import Role
from portal.services.mail import FolderMailer, mailer_for
from portal.services.use_cases import county as use_cases
from portal.web.access import role_required
from portal.web.audit import log_reads
from portal.web.decisions import decision_text
from portal.web.i18n import in_language
from portal.web.once import binding
from portal.web.routing import Routes
from portal.web.sessions import now

routes = Routes()


@routes.get("/letters")
@role_required(Role.ADMIN)
def letters():
    return render_template("admin/letters.html", page=use_cases.letters_page())


@routes.post("/letters/batch")
@role_required(Role.ADMIN)
@binding("make_letter_batch")
def make_batch():
    batch = use_cases.make_letter_batch(current_user, now())
    if batch is None:
        flash(_("No letters were waiting. Nothing was printed."), "info")
        return redirect(url_for("admin.letters"), 303)
    return redirect(url_for("admin.letter_batch", batch_id=batch.id), 303)


@routes.get("/letters/<int:batch_id>")
@role_required(Role.ADMIN)
def letter_batch(batch_id: int):
    page = use_cases.letter_batch(batch_id)
    if page is None:
        abort(404)
    log_reads({letter.client_id for letter in page.letters}, AccessAction.PRINT_LETTERS, f"batch {batch_id}")
    written = []
    for letter in page.letters:  # each in the language its reader chose; a decision in its own
        with in_language(letter.language):
            decision = decision_text(letter.decision, 3, f"letter-{letter.alert_id}") if letter.decision else None
            written.append(Markup(render_template("admin/_decision_letter.html" if decision else "admin/_letter.html",
                                                  letter=letter, county=page.county, batch=page.batch,
                                                  decision=decision)))
    return render_template("admin/letter_batch.html", page=page, written=written)


@routes.get("/mail")
@role_required(Role.ADMIN)
def mail():
    """Development only: the e-mails written to MAIL_FOLDER instead of being sent."""
    mailer = mailer_for(current_app.config)
    if not isinstance(mailer, FolderMailer):
        abort(404)
    return render_template("admin/mail.html", messages=mailer.messages(), folder=mailer.folder)
