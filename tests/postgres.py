"""A throw-away PostgreSQL server for the tests: initdb in a temporary folder, on loopback.

`make test` installs Debian's postgresql when it is missing. When the tests run as
root, the server runs as the `postgres` user, as initdb refuses root.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import text

from portal.db.models import Base
from portal.db.session import make_engine


def _bin_dir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if candidates:
        return candidates[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL is not installed: run `make test`, which installs it")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class TemporaryPostgres:
    def __init__(self):
        # Its own folder under the system temp, which the server's user can reach.
        self.folder = Path(tempfile.mkdtemp(prefix="portal-postgres-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.bin = _bin_dir()

    def start(self) -> "TemporaryPostgres":
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        subprocess.run(
            _as_server_user([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "portal", "-E", "UTF8"]),
            check=True, capture_output=True,
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                             "-l", str(self.folder / "server.log"), "-w", "start"]),
            check=True, capture_output=True,
        )
        return self

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database; with `template`, a copy of that one (which nobody may be connected to)."""
        copy = ["-T", template] if template else []
        subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "portal", *copy, name],
            check=True, capture_output=True,
        )
        return f"postgresql://portal@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(
            _as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def copy_rows(source_url: str, target_url: str) -> None:
    """Every row of a migrated database into an empty migrated one, table by table in the order of
    their foreign keys, and each id sequence moved past the ids copied. The demo data reaches
    PostgreSQL in seconds this way, instead of the minute that loading it row by row takes."""
    source, target = make_engine(source_url), make_engine(target_url)
    with source.connect() as reading, target.begin() as writing:
        for table in Base.metadata.sorted_tables:
            rows = [dict(row._mapping) for row in reading.execute(table.select())]
            if rows:
                writing.execute(table.insert(), rows)
        for table in Base.metadata.sorted_tables:
            if [column.name for column in table.primary_key.columns] == ["id"]:
                writing.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                     f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)"))
    source.dispose()
    target.dispose()
