"""TLS as the URL says, against a real PostgreSQL serving a self-signed certificate: libpq does the
work, the app passes the URL through untouched and says whether the connection is encrypted."""

from __future__ import annotations

import subprocess

import pytest

from tests.team.conftest import NAMES, PASSWORDS, make_team


@pytest.fixture
def tls_team(fresh_server, capsys, tmp_path):
    cert = fresh_server.enable_tls()
    fresh_server.stop()
    fresh_server.start()
    return make_team(fresh_server, capsys), cert


def join(agent, url: str) -> tuple[int, str, str]:
    return agent("team", "join", url, "--name", NAMES[agent.login], "--password-stdin",
                 stdin=PASSWORDS[agent.login] + "\n")


def test_sslmode_require_encrypts_and_join_says_so(tls_team, agents):
    team, _cert = tls_team
    code, out, err = join(agents("anna"), team.member_url("anna") + "?sslmode=require")
    assert code == 0, err
    assert "TLSv1." in out and "not encrypted" not in out


def test_verify_full_trusts_only_the_certificate_it_is_given(tls_team, agents, tmp_path):
    team, cert = tls_team
    stranger = tmp_path / "stranger.crt"
    subprocess.run(["openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-newkey", "rsa:2048",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(tmp_path / "stranger.key"), "-out", str(stranger)],
                   check=True, capture_output=True, timeout=60)
    anna = agents("anna")
    code, out, err = join(anna, team.member_url("anna") + f"?sslmode=verify-full&sslrootcert={stranger}")
    assert code == 1 and "certificate verify failed" in err, err
    assert len(err.strip().splitlines()) == 1
    code, out, err = join(anna, team.member_url("anna") + f"?sslmode=verify-full&sslrootcert={cert}")
    assert code == 0, err
    assert "TLSv1." in out
    # The URL kept (without the password) keeps its TLS settings: later commands verify too.
    code, out, err = anna("team", "status", "--json")
    assert code == 0 and '"reachable": true' in out, err


def test_a_plain_server_refuses_a_url_that_requires_tls(team, agents):
    code, out, err = join(agents("anna"), team.member_url("anna") + "?sslmode=require")
    assert code == 1 and "SSL" in err, err


def test_the_running_app_knows_its_connection_is_encrypted(tls_team, database, schedule, qtbot):
    from companion.core.clock import SystemClock
    from companion.core.settings import Settings
    from companion.core.tickets import TicketService
    from companion.platform.secrets import FakeSecrets
    from companion.runtime.team import TeamLink

    team, _cert = tls_team
    link = TeamLink(TicketService(SystemClock(), schedule), Settings(), FakeSecrets())
    try:
        with qtbot.waitSignal(link.join_done, timeout=20000) as joined:
            link.join(team.member_url("anna") + "?sslmode=require", PASSWORDS["anna"], NAMES["anna"])
        assert joined.args[0] is True, joined.args
        qtbot.waitUntil(lambda: link.state().tls.startswith("TLSv1."), timeout=20000)
    finally:
        link.stop()
