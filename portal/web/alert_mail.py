"""An alert as an e-mail, in the language its reader chose: what happened, never an amount; sign in to read more."""

from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from flask import Flask, render_template

from portal.services.delivery import Outgoing
from portal.web.i18n import in_language


def composer(app: Flask, county_name: Callable[[str], str]) -> Callable[[Outgoing], EmailMessage]:
    """A function that writes the e-mail of an alert; links point at PORTAL_URL."""
    sender, base_url = app.config["MAIL_FROM"], app.config["PORTAL_URL"].rstrip("/")
    domain = sender.rsplit("@", 1)[-1]

    def compose(alert: Outgoing) -> EmailMessage:
        with app.test_request_context("/", base_url=base_url), in_language(alert.language):
            subject = render_template("mail/alert_subject.txt", alert=alert).strip()
            body = render_template("mail/alert.txt", alert=alert, county=county_name(alert.language))
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = sender, alert.address, subject
        message["Date"] = format_datetime(datetime.now(UTC))
        # One alert, one Message-ID: a receiving server that sees it twice may drop the second.
        message["Message-ID"] = f"<alert-{alert.alert_id}@{domain}>"
        message["Content-Language"] = alert.language
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(body)
        return message

    return compose
