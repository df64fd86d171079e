"""A real PostgreSQL server for the team tests: initdb and pg_ctl in a temporary folder, listening on
loopback with password (SCRAM) authentication, as a user's team server would.

initdb refuses to run as root, so as root (CI) the cluster belongs to the `postgres` user the Debian
package creates, and its programs run through runuser. `kill()` ends the postmaster with SIGKILL,
the way a crashed or unplugged server goes; `start()` brings the same cluster back.
"""

from __future__ import annotations

import glob
import os
import select
import shutil
import signal
import socket
import subprocess
from pathlib import Path

ADMIN = "team_admin"
ADMIN_PASSWORD = "admin-secret"


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


def available() -> str:
    """Why the server cannot run here ('' when it can)."""
    if _bindir() is None:
        return "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0 and (shutil.which("runuser") is None or _uid("postgres") is None):
        return "running as root without a postgres user to own the cluster"
    return ""


def _uid(name: str) -> int | None:
    import pwd

    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self, root: Path):
        bindir = _bindir()
        assert bindir is not None, available()
        self.bin = bindir
        self.root = root
        self.data = root / "cluster"
        self.sockets = root / "sockets"
        self.log = root / "server.log"
        self.port = _free_port()
        self.as_user: list[str] = []
        root.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            uid = _uid("postgres")
            for path in (root, self.sockets):
                os.chown(path, uid or 0, -1)
            os.chmod(root, 0o755)
            parent = root.parent
            while parent != parent.parent and parent.stat().st_mode & 0o001 == 0:  # pytest's tmp is 0700
                os.chmod(parent, parent.stat().st_mode | 0o011)
                parent = parent.parent

    def _run(self, *argv: str) -> None:
        subprocess.run([*self.as_user, *argv], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(ADMIN_PASSWORD + "\n")
        if self.as_user:
            os.chown(pwfile, _uid("postgres") or 0, -1)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", ADMIN, f"--pwfile={pwfile}",
                  "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--no-sync",
                  "--locale=C.UTF-8")
        pwfile.unlink()
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.sockets}'\nfsync = off\n"
                       "max_connections = 300\nshared_buffers = 32MB\n")

    def enable_tls(self) -> Path:
        """Serve TLS with a self-signed certificate for 127.0.0.1; return the certificate (what a client
        trusts with sslrootcert=…). Takes effect at the next start()."""
        cert, key = self.root / "server.crt", self.root / "server.key"
        subprocess.run(["openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-newkey", "rsa:2048",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
        os.chmod(key, 0o600)
        if self.as_user:
            uid = _uid("postgres") or 0
            os.chown(key, uid, -1)
            os.chown(cert, uid, -1)
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"\nssl = on\nssl_cert_file = '{cert}'\nssl_key_file = '{key}'\n")
        return cert

    def start(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self) -> None:
        if self.pid() is not None:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def pid(self) -> int | None:
        pidfile = self.data / "postmaster.pid"
        try:
            return int(pidfile.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def kill(self) -> None:
        """SIGKILL the postmaster and its backends: no shutdown, no goodbye to the clients."""
        pid = self.pid()
        if pid is None:
            return
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        ended = []  # pidfds: each readable once its process has ended (no polling)
        for each in [pid, *map(int, children)]:
            try:
                ended.append(os.pidfd_open(each))
                os.kill(each, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            while ended:
                ready, _, _ = select.select(ended, [], [], 30)
                if not ready:
                    break
                for fd in ready:
                    ended.remove(fd)
                    os.close(fd)
        finally:
            for fd in ended:
                os.close(fd)
        # A killed postmaster may stay a zombie until init reaps it; the lock files it left would name a
        # PID that still exists, and the next start would refuse. They are stale: remove them.
        for lock in self.sockets.glob(".s.PGSQL.*.lock"):
            lock.unlink(missing_ok=True)
        (self.data / "postmaster.pid").unlink(missing_ok=True)

    def url(self, user: str = ADMIN, password: str | None = ADMIN_PASSWORD, database: str = "postgres") -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        env = {**os.environ, "PGPASSWORD": ADMIN_PASSWORD}
        done = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                               "-p", str(self.port), "-U", ADMIN, "-d", database, "-c", sql],
                              capture_output=True, text=True, env=env, timeout=60)
        if done.returncode:
            raise RuntimeError(done.stderr)
        return done.stdout.strip()
