"""Where e-mail goes: a real SMTP server, or, in development, a folder of .eml files.

`mailer_for(config)` chooses: SMTP when SMTP_HOST is set, else the folder MAIL_FOLDER.
"""

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Protocol


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class MailError(RuntimeError):
    """The message could not be handed over; it may be tried again."""


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int
    tls: str = "starttls"  # starttls, ssl or none
    user: str = ""
    password: str = ""
    timeout: float = 30

    def send(self, message: EmailMessage) -> None:
        try:
            if self.tls == "ssl":
                connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                              context=ssl.create_default_context())
            else:
                connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with connection as smtp:
                if self.tls == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(str(error)[:200]) from error


@dataclass(frozen=True)
class FolderMailer:
    """Development: each message a file, named by its Message-ID, never sent anywhere."""

    folder: Path

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").split("@")[0]
        (self.folder / f"{name}.eml").write_bytes(bytes(message))

    def messages(self, limit: int = 100) -> list[EmailMessage]:
        """The newest messages first."""
        if not self.folder.is_dir():
            return []
        files = sorted(self.folder.glob("*.eml"), key=lambda f: f.stat().st_mtime_ns, reverse=True)[:limit]
        parser = BytesParser(policy=default_policy)
        return [parser.parsebytes(f.read_bytes()) for f in files]


def mailer_for(config) -> Mailer:
    if config.get("SMTP_HOST"):
        return SmtpMailer(config["SMTP_HOST"], int(config["SMTP_PORT"]), config.get("SMTP_TLS", "starttls"),
                          config.get("SMTP_USER", ""), config.get("SMTP_PASSWORD", ""))
    return FolderMailer(Path(config["MAIL_FOLDER"]))
