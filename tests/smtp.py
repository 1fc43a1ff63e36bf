"""A real SMTP server for the tests (aiosmtpd, on loopback, in a thread), and what it received."""

import socket
import threading
import time
from contextlib import contextmanager
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """Keeps each message the server accepted; `pause` slows the server so that senders overlap."""

    def __init__(self, pause: float = 0.0):
        self.messages: list[EmailMessage] = []
        self.pause = pause
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.pause:
            time.sleep(self.pause)
        with self._lock:
            self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@contextmanager
def smtp_server(pause: float = 0.0):
    """(host, port, inbox) of a running server; stopped afterwards."""
    inbox = Inbox(pause)
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port, inbox
    finally:
        controller.stop()
