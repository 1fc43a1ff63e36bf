"""The provider as the tests run it: a process of its own on a free loopback port, waited for until it answers,
told what to do through its control endpoints, and stopped (by the process started) whatever happens."""

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningProvider:
    def __init__(self, url: str, client_id: str):
        self.url = url
        self.client_id = client_id

    def make_next_token(self, fault: str) -> None:
        """The next ID token it issues comes with this fault (server.FAULTS)."""
        requests.post(f"{self.url}/control/fault", json={"fault": fault}, timeout=5).raise_for_status()

    def open_sessions(self) -> list[str]:
        """The ids of the sessions signed in at the provider and not yet ended."""
        return requests.get(f"{self.url}/control/sessions", timeout=5).json()["open"]


def _wait_until_it_answers(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OpenID provider stopped: {log.read_text()[-2000:]}")
        try:
            if requests.get(f"{url}/.well-known/openid-configuration", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the OpenID provider did not answer in 30 s: {log.read_text()[-2000:]}")


@contextmanager
def running_provider(log: Path, client_jwks: str, redirect_uri: str, post_logout_redirect_uri: str,
                     client_id: str = "portal-test", encrypt: bool = False, port: int | None = None):
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "tests.oidc_provider", "--port", str(port), "--client-id", client_id,
               "--client-jwks", client_jwks, "--redirect-uri", redirect_uri,
               "--post-logout-redirect-uri", post_logout_redirect_uri, *(["--encrypt"] if encrypt else [])]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_it_answers(process, url, log)
        yield RunningProvider(url, client_id)
    finally:
        process.kill()  # it keeps nothing worth a clean stop
        process.wait()
