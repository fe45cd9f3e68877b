"""A throwaway PostgreSQL cluster for the hub tests: initdb + pg_ctl in a temp folder, TLS on
with a CA and server certificate made by openssl for the run.

The server refuses to run as root, so under root the cluster runs as the ``postgres`` OS
user (Debian's package creates it). Clients connect over TCP with ``sslmode=verify-full``
against the run's CA, or as the cluster superuser over the cluster's own Unix socket.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUPERUSER = "postgres"
OWNER_ROLE = "mash_owner"
OWNER_PASSWORD = "owner-password-for-tests"


def postgres_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian layout, or pg_config's)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_reason() -> str | None:
    """Why a cluster cannot be started here, or None."""
    if postgres_bindir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if shutil.which("openssl") is None:
        return "openssl is not installed (the test cluster needs a TLS certificate)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' OS user to run the server"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresCluster:
    root: Path
    port: int
    bindir: Path
    ca_file: Path = field(init=False)
    data: Path = field(init=False)
    run_dir: Path = field(init=False)
    log_file: Path = field(init=False)

    def __post_init__(self) -> None:
        self.data = self.root / "data"
        self.run_dir = self.root / "run"
        self.log_file = self.root / "server.log"
        self.ca_file = self.root / "tls" / "ca.crt"

    # --- running commands as the server's OS user ---------------------------------------
    def _as_server_user(self) -> dict[str, Any]:
        if os.geteuid() != 0:
            return {}
        entry = pwd.getpwnam("postgres")
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            cwd=self.root,
            **self._as_server_user(),
        )

    def _chown(self, path: Path) -> None:
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(path, entry.pw_uid, entry.pw_gid)

    # --- life cycle -----------------------------------------------------------------------
    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self._chown(self.root)
        self.run_dir.mkdir()
        self._chown(self.run_dir)
        self._make_certificates()
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        conf = self.data / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as fh:
            fh.write(
                "\n# MASH Desktop test cluster\n"
                f"port = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.run_dir}'\n"
                "ssl = on\n"
                f"ssl_cert_file = '{self.root / 'tls' / 'server.crt'}'\n"
                f"ssl_key_file = '{self.root / 'tls' / 'server.key'}'\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
                "max_connections = 200\n"
                "shared_buffers = 64MB\n"
                "log_statement = 'ddl'\n"
                "log_min_error_statement = error\n"
                "password_encryption = 'scram-sha-256'\n"
            )
        hba = self.data / "pg_hba.conf"
        # TLS only over TCP; the superuser only over the local socket.
        hba.write_text(
            "local all all trust\n"
            f"hostssl all {SUPERUSER} 0.0.0.0/0 reject\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "hostnossl all all 0.0.0.0/0 reject\n",
            encoding="utf-8",
        )

    def _make_certificates(self) -> None:
        tls = self.root / "tls"
        tls.mkdir()

        def ssl(*args: str) -> None:
            subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=tls)

        ssl(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=MASH test hub CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
        )
        ssl(
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        )
        (tls / "san.ext").write_text(
            "subjectAltName = DNS:localhost, IP:127.0.0.1\n", encoding="utf-8"
        )
        ssl(
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.ext",
            "-out",
            "server.crt",
        )
        (tls / "server.key").chmod(0o600)
        for item in (tls, tls / "server.key", tls / "server.crt"):
            self._chown(item)

    def start(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log_file), "-w", "-t", "60", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    # --- connecting -------------------------------------------------------------------------
    def superuser_dsn(self, dbname: str = "postgres") -> str:
        return f"host={self.run_dir} port={self.port} user={SUPERUSER} dbname={dbname}"

    def superuser_sql(self, *statements: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.superuser_dsn(dbname), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement.encode())

    def url(self, dbname: str) -> str:
        """The hub URL a workstation is given: host, port and database, no credentials."""
        return f"postgresql://localhost:{self.port}/{dbname}"

    def tls_dsn(self, dbname: str, user: str, password: str) -> str:
        return (
            f"host=localhost port={self.port} dbname={dbname} user={user} "
            f"password={password} sslmode=verify-full sslrootcert={self.ca_file}"
        )

    def dump(self, dbname: str, target: Path) -> None:
        """``pg_dump --format=custom`` of one database, as the README's backup says."""
        subprocess.run(
            [
                str(self.bindir / "pg_dump"),
                "-h",
                str(self.run_dir),
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                "--format=custom",
                "-f",
                str(target),
                dbname,
            ],
            check=True,
            capture_output=True,
        )

    def restore(self, dbname: str, source: Path) -> None:
        """Put a dump back in place of the database (the database is dropped first)."""
        self.superuser_sql(
            f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)",
            f"CREATE DATABASE {dbname} OWNER {OWNER_ROLE}",
        )
        subprocess.run(
            [
                str(self.bindir / "pg_restore"),
                "-h",
                str(self.run_dir),
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                "-d",
                dbname,
                str(source),
            ],
            check=True,
            capture_output=True,
        )

    def server_log(self) -> str:
        return self.log_file.read_text(encoding="utf-8", errors="replace")


def cluster_folder(session_tmp: Path) -> tuple[Path, bool]:
    """Where the cluster lives, and whether it must be removed afterwards.

    Under root, the server runs as ``postgres`` and must reach its data folder by absolute
    path for as long as it runs; pytest resets its shared root temp folder to owner-only
    whenever any pytest run starts, which would cut the server off mid-session. So the
    cluster gets a private folder of its own in the system temp folder, removed at the end.
    """
    if os.geteuid() != 0:
        return session_tmp, False
    folder = Path(tempfile.mkdtemp(prefix="mash-test-pg-"))
    folder.chmod(0o711)
    return folder, True


@contextlib.contextmanager
def running_cluster(session_tmp: Path) -> Iterator[PostgresCluster]:
    bindir = postgres_bindir()
    assert bindir is not None
    root, remove = cluster_folder(session_tmp)
    cluster = PostgresCluster(root=root / "cluster", port=free_port(), bindir=bindir)
    cluster.init()
    cluster.start()
    try:
        cluster.superuser_sql(
            f"CREATE ROLE {OWNER_ROLE} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'",
            # Suspending an account ends its open connections at once.
            f"GRANT pg_signal_backend TO {OWNER_ROLE}",
        )
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.stop("immediate")
        if remove:
            shutil.rmtree(root, ignore_errors=True)
