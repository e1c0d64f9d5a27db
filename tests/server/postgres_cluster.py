"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a Unix socket only.

``initdb`` and ``postgres`` refuse to run as root, so when the tests run as root (CI, containers)
both run as the ``postgres`` system user the Debian package creates, through ``runuser``, in a
folder that user owns. The server listens on no TCP address; clients reach it through the socket
in the cluster's folder, with ``trust`` authentication that only local processes can use.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"


class ClusterUnavailable(Exception):
    """PostgreSQL's server programs are not installed (the tests are skipped with this reason)."""


def server_bin_dir() -> Path:
    """The folder of initdb/pg_ctl: the newest Debian ``/usr/lib/postgresql/N/bin``, else PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    raise ClusterUnavailable(
        "PostgreSQL's server is not installed (Debian package 'postgresql'; "
        "scripts/install-system-packages.sh installs it)"
    )


@dataclass
class Cluster:
    """A running cluster: its folder (data dir and socket) and how to reach it."""

    root: Path
    bin_dir: Path
    run_as: str | None
    durable: bool = False

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    def conninfo(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq connection string to ``dbname`` as ``user`` over the cluster's socket."""
        return f"host={self.socket_dir} dbname={dbname} user={user}"

    def url(self, dbname: str) -> str:
        """A ``postgresql://`` address of ``dbname`` over the socket (user from the environment)."""
        return f"postgresql:///{dbname}?host={self.socket_dir}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)

    def start(self) -> None:
        result = self._run(
            "initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed: {result.stderr or result.stdout}")
        # Tests trade durability for speed; benchmarks (durable=True) keep the server's defaults.
        speed = [] if self.durable else [
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
        ]
        options = " ".join(
            [
                "-c listen_addresses=''",
                f"-c unix_socket_directories='{self.socket_dir}'",
                *speed,
                "-c max_connections=60",
                "-c shared_buffers=32MB",
            ]
        )
        result = self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        )
        if result.returncode != 0:
            log = self.root / "server.log"
            detail = log.read_text(errors="replace") if log.exists() else result.stderr
            raise RuntimeError(f"the test cluster did not start: {detail}")

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(*, durable: bool = False) -> Cluster:
    """initdb and start a cluster in a new temporary folder; the caller must ``stop`` it."""
    bin_dir = server_bin_dir()
    run_as: str | None = None
    root = Path(tempfile.mkdtemp(prefix="coder-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam(SUPERUSER)
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            raise ClusterUnavailable(
                "running as root and there is no 'postgres' system user to run the server as"
            ) from None
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = SUPERUSER
    os.chmod(root, 0o700)
    cluster = Cluster(root=root, bin_dir=bin_dir, run_as=run_as, durable=durable)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    # Root reaches the socket through the folder; other local users cannot enter it.
    return cluster
