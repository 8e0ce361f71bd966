"""A throwaway PostgreSQL cluster for the live run: one per service that owns a database.

initdb and pg_ctl come from PATH or Debian's /usr/lib/postgresql/<version>/bin (apt's
`postgresql`). The cluster lives in a temporary directory, listens on 127.0.0.1 at a free
port, requires passwords (scram-sha-256) and is stopped and deleted by `stop()`. initdb
refuses to run as root; as root the cluster runs as the `postgres` user the package creates.
Each service gets its own role and database, reached with its own password.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"


def bindir() -> Path:
    """The directory holding initdb, pg_ctl and psql."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted((p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
                        key=lambda b: int(b.parent.name) if b.parent.name.isdigit() else 0)
    if not candidates:
        raise ClusterError("PostgreSQL not found (no initdb on PATH or in /usr/lib/postgresql/*/bin): "
                           "apt-get install postgresql")
    return candidates[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ClusterError(Exception):
    """initdb, pg_ctl or psql failed; the message carries their output."""


@dataclass
class Cluster:
    """A running cluster; `url(db)` is a connection URL for one of its databases."""

    root: Path
    port: int
    password: str
    bin: Path
    user: pwd.struct_passwd | None

    def _run(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(  # noqa: S603 - PostgreSQL's own programs
            args, cwd=self.root, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            user=self.user.pw_uid if self.user else None, group=self.user.pw_gid if self.user else None,
            extra_groups=[] if self.user else None, check=False, timeout=120,
        )
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterError(f"{Path(args[0]).name} failed: {done.stdout}{done.stderr}{tail}".strip())
        return done.stdout

    def psql(self, sql: str, *, user: str = SUPERUSER, password: str | None = None, database: str = "postgres") -> str:
        """Run SQL over TCP with a password, as USER; return the unaligned rows."""
        env = dict(os.environ, PGPASSWORD=password or self.password, PGCONNECT_TIMEOUT="5")
        return self._run(str(self.bin / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                         "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", database, "-c", sql,
                         env=env).strip()

    def create_database(self, name: str) -> str:
        """A role and a database both called NAME, the role owning it; returns its URL."""
        password = secrets.token_hex(12)
        self.psql(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")
        self.psql(f"CREATE DATABASE \"{name}\" OWNER \"{name}\"")
        return f"postgresql://{name}:{password}@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        except (ClusterError, subprocess.TimeoutExpired):
            pass
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start() -> Cluster:
    """initdb + pg_ctl start; the caller stops it."""
    programs = bindir()
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise ClusterError("initdb refuses root and there is no `postgres` user to run it as") from None
    root = Path(tempfile.mkdtemp(prefix="stackcraft-pg-"))
    cluster = Cluster(root, _free_port(), secrets.token_hex(12), programs, user)
    password_file = root / "password"
    password_file.write_text(cluster.password)
    if user is not None:
        for path in (root, password_file):
            os.chown(path, user.pw_uid, user.pw_gid)
    try:
        cluster._run(str(programs / "initdb"), "-D", str(root / "data"), "-U", SUPERUSER, "-E", "UTF8",
                     "--auth=scram-sha-256", f"--pwfile={password_file}", "--no-sync")
        cluster._run(str(programs / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "server.log"),
                     "-o", f"-c listen_addresses=127.0.0.1 -p {cluster.port} -k {root} -c fsync=off",
                     "-w", "-t", "60", "start")
    except BaseException:
        cluster.stop()
        raise
    return cluster
