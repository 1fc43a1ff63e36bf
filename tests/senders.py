"""Two `flask --app portal send-alerts` processes at once, as from cron on two servers, against one
database and one real SMTP server: each alert must arrive once (used by the SQLite and PostgreSQL tests)."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.models import Alert, NotificationSetting, User
from portal.db.session import make_engine
from portal.domain.alerts import AlertKind, Channel, Delivery
from tests.conftest import SECRET
from tests.smtp import smtp_server

FLASK = str(Path(sys.executable).parent / "flask")


def waiting_emails(url: str, per_person: int) -> int:
    """The demo client and relative chose e-mail, and each has `per_person` alerts waiting to be sent."""
    engine = make_engine(url)
    with Session(engine) as db:
        people = list(db.scalars(select(User).where(User.username.in_(("client", "relative")))))
        aino_id = next(person.client_id for person in people if person.client_id)
        for person in people:
            db.merge(NotificationSetting(user_id=person.id, channel=Channel.EMAIL, language="fi",
                                         email=f"{person.username}@example.fi"))
            db.add_all(Alert(user_id=person.id, client_id=aino_id, kind=AlertKind.MESSAGE, event_key=f"test:{n}",
                             channel=Channel.EMAIL, delivery=Delivery.WAITING, attempts=0, failure="")
                       for n in range(per_person))
        db.commit()
    engine.dispose()
    return per_person * len(people)


def two_senders_at_once(url: str, tmp_path: Path) -> tuple[list, list[str]]:
    """What the SMTP server received, and what each sender said."""
    with smtp_server(pause=0.01) as (host, port, inbox):
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "SMTP_HOST": host, "SMTP_PORT": str(port),
               "SMTP_TLS": "none", "MAIL_FOLDER": str(tmp_path / "unused")}
        senders = [subprocess.Popen([FLASK, "--app", "portal", "send-alerts"], env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True) for _ in range(2)]
        said = [sender.communicate(timeout=300)[0] for sender in senders]
        assert [sender.returncode for sender in senders] == [0, 0], said
        return list(inbox.messages), said


def check_each_alert_arrives_once(url: str, tmp_path: Path) -> None:
    expected = waiting_emails(url, per_person=60)
    received, said = two_senders_at_once(url, tmp_path)
    ids = [message["Message-ID"] for message in received]
    engine = make_engine(url)
    with Session(engine) as db:
        deliveries = list(db.scalars(select(Alert.delivery).where(Alert.channel == Channel.EMAIL)))
    engine.dispose()
    # and those the day's look wrote for them (a month's services to confirm, in its first two weeks)
    assert len(ids) == len(set(ids)) == len(deliveries) >= expected, said
    assert set(deliveries) == {Delivery.SENT}
    assert sum("already done today" in words for words in said) == 1, said  # one of them looked over the lines
