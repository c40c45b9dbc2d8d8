"""A throwaway PostgreSQL cluster for the tests (tests/test_sql_postgres.py): initdb and
pg_ctl from Debian's ``postgresql`` package in a temporary folder, listening on a unix
socket there only (no TCP), on a port number no one else holds, removed afterwards.

PostgreSQL refuses to run as root: as root the cluster belongs to the ``postgres`` user
and its programs run through ``runuser -u postgres --``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROGRAMS = ("initdb", "pg_ctl", "postgres")


def bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: on PATH, or where Debian puts
    them (/usr/lib/postgresql/<version>/bin, newest first); None when absent."""
    found = shutil.which("pg_ctl")
    if found and all((Path(found).resolve().parent / p).is_file() for p in PROGRAMS):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                      key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                      else 0, reverse=True)
    for folder in versions:
        if all((Path(folder) / p).is_file() for p in PROGRAMS):
            return Path(folder)
    return None


def missing() -> str | None:
    """Why no cluster can be made here, or None."""
    if bindir() is None:
        return ("PostgreSQL's server programs (initdb, pg_ctl, postgres) are not installed: "
                "apt-get install postgresql")
    if os.geteuid() == 0 and (shutil.which("runuser") is None or _user() is None):
        return "running as root needs runuser and a 'postgres' user to run PostgreSQL"
    return None


def _user() -> str | None:
    import pwd

    try:
        return pwd.getpwnam("postgres").pw_name
    except KeyError:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    """Where to connect: the socket folder and port (user ``postgres``, trust)."""

    host: str
    port: int
    user: str = "postgres"
    dbname: str = "postgres"


@contextmanager
def cluster() -> Iterator[Cluster]:
    """A running cluster, stopped and deleted on exit."""
    folder = bindir()
    assert folder is not None, missing()
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    home = Path(tempfile.mkdtemp(prefix="baji-pg-"))
    if as_root:
        shutil.chown(home, "postgres", "postgres")
    data, port = home / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120,
                              check=False)
        if done.returncode != 0:
            log = home / "log"
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}"
                               + (log.read_text() if log.is_file() else ""))

    try:
        run(str(folder / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8")
        # -F: no fsync (a test cluster); no TCP, the socket in the folder only
        run(str(folder / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w",
            "-o", f"-F -k {home} -p {port} -c listen_addresses=", "start")
        try:
            yield Cluster(str(home), port)
        finally:
            run(str(folder / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def require() -> None:
    """Skip the calling test module when PostgreSQL's programs are missing, or fail it
    when ``BAJI_REQUIRE_POSTGRES`` is set (``.ci/run`` installs them: a skip there would
    hide a missing step)."""
    import pytest

    why = missing()
    if why is not None:  # pragma: no cover - .ci/run installs PostgreSQL
        if os.environ.get("BAJI_REQUIRE_POSTGRES"):
            raise RuntimeError(f"BAJI_REQUIRE_POSTGRES is set, but {why}")
        pytest.skip(why, allow_module_level=True)


@contextmanager
def layout_connection() -> Iterator[Any]:
    """A psycopg connection to a fresh cluster holding the warehouse layout's empty
    tables (``baji sql --ddl --dialect postgres``)."""
    import psycopg

    from baji.backends.tables import ddl

    with cluster() as where:
        con = psycopg.connect(host=where.host, port=where.port, user=where.user,
                              dbname=where.dbname, autocommit=True)
        for statement in ddl("postgres").split(";"):
            if statement.strip():
                con.execute(statement)
        try:
            yield con
        finally:
            con.close()


def load(con: Any, tables: dict[str, list[dict[str, Any]]]) -> None:
    """The layout's tables hold exactly ``tables`` (rows as ``to_tables`` gives them)."""
    from baji.backends.tables import layout

    con.execute("TRUNCATE " + ", ".join(layout()))
    for table, cols in layout().items():
        names = [n for n, _ in cols]
        with con.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in tables.get(table, []):
                copy.write_row([row.get(n) for n in names])
