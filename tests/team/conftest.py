"""A real PostgreSQL server for the team tests (tests/team/pgserver.py), a fresh team database on it for
each test, and agents: each with a data folder of their own, a login on the server, and a keyring.

The server is started once per session; `fresh_server` starts one of its own for a test that kills it.
Without PostgreSQL's programs the team tests are skipped, except in CI, where that is a failure.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from companion.cli import main
from companion.platform.secrets import FakeSecrets
from companion.store.db import close_database
from tests.team import pgserver

_numbers = itertools.count(1)
PASSWORDS = {"anna": "anna-secret-1", "boris": "boris-secret-2", "lena": "lena-secret-3"}
NAMES = {"anna": "Анна Петрова", "boris": "Борис Смирнов", "lena": "Лена Орлова"}


def _need_server() -> None:
    why = pgserver.available()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs PostgreSQL for the team tests: {why}")
        pytest.skip(why)


def _running(root: Path):
    _need_server()
    server = pgserver.PgServer(root)
    server.init()
    server.start()
    return server


@pytest.fixture(scope="session")
def pg(tmp_path_factory):
    server = _running(tmp_path_factory.mktemp("pg"))
    yield server
    server.stop()


@pytest.fixture
def fresh_server(tmp_path_factory):
    """A server of the test's own, to kill and restart."""
    server = _running(tmp_path_factory.mktemp("pg-own"))
    yield server
    server.stop()


@dataclass
class Team:
    server: pgserver.PgServer
    database: str

    def member_url(self, login: str, with_password: bool = False) -> str:
        return self.server.url(login, PASSWORDS[login] if with_password else None, self.database)

    @property
    def admin_url(self) -> str:
        return self.server.url(database=self.database)


def make_team(server: pgserver.PgServer, capsys, leads: tuple[str, ...] = ("lena",)) -> Team:
    name = f"team_{os.getpid()}_{next(_numbers)}"
    server.psql(f"CREATE DATABASE {name}")
    team = Team(server, name)
    code = main(["team", "init-server", team.admin_url])
    assert code == 0, capsys.readouterr().err
    for login, password in PASSWORDS.items():
        args = ["team", "add-member", team.admin_url, login, "--member-password-stdin"]
        if login in leads:
            args.append("--lead")
        import io
        import sys

        saved = sys.stdin
        sys.stdin = io.StringIO(password + "\n")
        try:
            assert main(args) == 0, capsys.readouterr().err
        finally:
            sys.stdin = saved
    capsys.readouterr()
    return team


@pytest.fixture
def team(pg, capsys):
    return make_team(pg, capsys)


@pytest.fixture
def keyring(monkeypatch):
    """One in-memory keyring for the in-process agents (their entries differ by login)."""
    secrets = FakeSecrets()
    monkeypatch.setattr("companion.cli.team.keyring", lambda: secrets)
    return secrets


class Agent:
    """One agent's CLI on their own data folder: `agent("ticket", "list")` → (code, out, err)."""

    def __init__(self, login: str, data: Path, capsys, clock=None):
        self.login, self.data, self.capsys, self.clock = login, data, capsys, clock

    def __call__(self, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
        import io
        import sys

        saved = sys.stdin
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        try:
            code = main(["--data-dir", str(self.data), *args], clock=self.clock)
        finally:
            sys.stdin = saved
            close_database()
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def join(self, team: Team) -> None:
        code, out, err = self("team", "join", team.member_url(self.login), "--name", NAMES[self.login],
                              "--password-stdin", stdin=PASSWORDS[self.login] + "\n")
        assert code == 0, err
        assert "joined the team" in out


@pytest.fixture
def agents(tmp_path, capsys, keyring):
    def make(login: str, clock=None) -> Agent:
        agent = Agent(login, tmp_path / f"data-{login}", capsys, clock)
        agent("settings", "set", "timezone", "Europe/Moscow")
        agent("settings", "set", "schedule", "mon-sun 00:00-24:00")
        return agent
    return make


class OtherProcess:
    """An agent whose CLI runs in a process of its own (another machine, as far as the test's app
    knows), with a keyring file of its own."""

    def __init__(self, login: str, data: Path, keyring_file: Path):
        self.login, self.data, self.keyring_file = login, data, keyring_file

    def env(self) -> dict[str, str]:
        root = str(Path(__file__).resolve().parents[2])
        return {**os.environ, "PYTHON_KEYRING_BACKEND": "tests.team.file_keyring.FileKeyring",
                "COMPANION_TEST_KEYRING": str(self.keyring_file), "PYTHONPATH": root,
                "COMPANION_LANG": "en"}

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        import subprocess
        import sys

        done = subprocess.run([sys.executable, "-m", "companion", "--data-dir", str(self.data), *args],
                              input=stdin, capture_output=True, text=True, env=self.env(), timeout=120)
        return done.returncode, done.stdout, done.stderr

    def join(self, team: Team) -> None:
        code, out, err = self("team", "join", team.member_url(self.login), "--name", NAMES[self.login],
                              "--password-stdin", stdin=PASSWORDS[self.login] + "\n")
        assert code == 0, err


@pytest.fixture
def other_process(tmp_path):
    def make(login: str) -> OtherProcess:
        agent = OtherProcess(login, tmp_path / f"proc-{login}", tmp_path / f"keyring-{login}.json")
        agent("settings", "set", "timezone", "Europe/Moscow")
        agent("settings", "set", "schedule", "mon-sun 00:00-24:00")
        return agent
    return make
