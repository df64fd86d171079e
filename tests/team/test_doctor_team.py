"""`companion doctor`'s team line: not joined; joined and reachable with the role, the encryption, the
keyring and what waits to be sent; the server away, said so, with the queued hand-off counted. The
password never appears."""

from __future__ import annotations

from tests.team.conftest import PASSWORDS


def team_line(out: str) -> str:
    lines = [line for line in out.splitlines() if line.startswith("team:")]
    assert len(lines) == 1, out
    return lines[0]


def test_doctor_says_when_the_agent_is_in_no_team(agents):
    anna = agents("anna")
    code, out, err = anna("doctor")
    assert "not joined (companion team join URL)" in team_line(out)


def test_doctor_reports_the_server_role_encryption_keyring_and_queue(team, agents):
    lena, anna = agents("lena"), agents("anna")
    lena.join(team)
    anna.join(team)

    code, out, _err = lena("doctor")
    line = team_line(out)
    assert line.startswith(f"team:           lena@127.0.0.1/{team.database}: ")
    assert "reachable, lead, not encrypted" in line  # the test server listens without TLS
    assert "keyring: fake" in line and "no hand-off actions waiting" in line
    assert PASSWORDS["lena"] not in out

    code, out, _err = anna("doctor")
    assert "reachable, agent, not encrypted" in team_line(out)


def test_doctor_says_the_server_is_away_and_counts_what_waits(team, agents, pg):
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "SUP-1", "--client", "Olga")
    assert anna("team", "status")[0] == 0  # the board, so Boris can be named
    # The server's address now points nowhere: the offer is queued locally.
    code, _out, err = anna("settings", "set", "team_url", team.member_url("anna").replace(f":{pg.port}/", ":1/"))
    assert code == 0, err
    code, out, err = anna("ticket", "handoff", "SUP-1", "--to", "boris")
    assert code == 0, err
    code, out, _err = anna("doctor")
    line = team_line(out)
    assert "unreachable (" in line and "1 hand-off action(s) waiting to be sent" in line
    assert PASSWORDS["anna"] not in out
