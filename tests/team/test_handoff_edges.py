"""The edges a review found: withdrawing an offer whose sending was never confirmed, leaving with
offers open, a note past the server's bound, a ticket changed after it was offered, a name two
colleagues share, and the team thread outliving a failure. Real PostgreSQL (tests/team/conftest.py)."""

from __future__ import annotations

import json

import pytest

from companion.store.team import TeamSession, TeamUnavailable


def keys(agent, view: str = "all") -> list[str]:
    code, out, err = agent("ticket", "list", "--view", view, "--json")
    assert code == 0, err
    return [t["key"] for t in json.loads(out)]


def states(team) -> list[str]:
    return team.server.psql("SELECT state FROM companion.offer ORDER BY id", team.database).split()


def test_an_offer_whose_sending_was_never_confirmed_is_withdrawn_on_the_server_too(team, agents, monkeypatch):
    anna, boris, lena = agents("anna"), agents("boris"), agents("lena")
    for agent in (anna, boris, lena):
        agent.join(team)
    anna("team", "status")
    anna("ticket", "add", "SUP-1")
    real = TeamSession.send_offer

    def lost_answer(self, *args, **kwargs):
        real(self, *args, **kwargs)  # stored on the server…
        raise TeamUnavailable("server closed the connection unexpectedly")  # …and the answer never came

    monkeypatch.setattr(TeamSession, "send_offer", lost_answer)
    code, out, err = anna("ticket", "handoff", "SUP-1", "--to", "boris")
    assert code == 0 and "when the team server answers" in out
    monkeypatch.setattr(TeamSession, "send_offer", real)
    code, out, err = anna("team", "withdraw", "SUP-1")
    assert code == 0, err
    assert "is withdrawn" in out
    assert states(team) == ["withdrawn"]  # by its token: the server had it though this app never knew
    assert json.loads(boris("team", "offers", "--json")[1])["to_me"] == []
    assert anna("ticket", "handoff", "SUP-1", "--to", "lena")[0] == 0
    offer = json.loads(lena("team", "offers", "--json")[1])["to_me"][0]
    assert lena("team", "accept", str(offer["id"]))[0] == 0
    anna("team", "status")
    assert keys(lena) == ["SUP-1"] and keys(boris) == [] and keys(anna) == []  # in exactly one list


def test_leaving_withdraws_open_offers_first_and_refuses_while_the_server_is_away(fresh_server, capsys, agents):
    from tests.team.conftest import make_team

    team = make_team(fresh_server, capsys)
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "SUP-2")
    anna("ticket", "add", "SUP-3")
    assert anna("ticket", "handoff", "SUP-2", "--to", "boris")[0] == 0
    fresh_server.kill()
    assert anna("ticket", "handoff", "SUP-3", "--to", "boris")[0] == 0  # queued
    code, out, err = anna("team", "leave")
    assert code == 2 and "not left" in err and "waiting for an answer" in err
    fresh_server.start()
    code, out, err = anna("team", "leave")
    assert code == 0, err
    assert sorted(states(team)) == ["withdrawn", "withdrawn"]
    assert json.loads(boris("team", "offers", "--json")[1])["to_me"] == []
    assert keys(anna) == ["SUP-2", "SUP-3"] and keys(boris) == []


def test_a_note_past_the_servers_bound_is_refused_here_and_never_blocks_a_sync(team, agents, monkeypatch):
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "SUP-4")
    code, out, err = anna("ticket", "handoff", "SUP-4", "--to", "boris", "--note", "н" * 4001)
    assert code == 2 and "at most 4000" in err
    # One that slipped past (an older app): the server refuses that offer; the rest of the sync goes on.
    monkeypatch.setattr("companion.core.team.MAX_NOTE", 100_000)
    code, out, err = anna("ticket", "handoff", "SUP-4", "--to", "boris", "--note", "н" * 5000)
    assert code == 1 and "offer_note_check" in err
    boris("ticket", "add", "SUP-5")
    assert boris("ticket", "handoff", "SUP-5", "--to", "anna")[0] == 0
    offers = json.loads(anna("team", "offers", "--json")[1])
    assert [o["ticket"] for o in offers["to_me"]] == ["SUP-5"]  # heard, though her own offer failed


def test_a_ticket_changed_after_it_was_offered_stays_open_with_the_sender(team, agents):
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "SUP-6")
    assert anna("ticket", "handoff", "SUP-6", "--to", "boris")[0] == 0
    anna("ticket", "updated", "SUP-6", "--note", "позвонила клиенту, пока ждали ответа")
    offer = json.loads(boris("team", "offers", "--json")[1])["to_me"][0]
    assert boris("team", "accept", str(offer["id"]))[0] == 0
    code, out, err = anna("team", "status")
    assert "you changed it since, so your copy stays open" in out
    assert keys(anna) == ["SUP-6"] and keys(boris) == ["SUP-6"]


def test_a_name_two_colleagues_share_is_not_guessed(team, agents):
    anna = agents("anna")
    anna.join(team)
    board = [{"login": login, "name": "Олег", "active": 1, "due_today": 0, "done_today": 0, "capacity_updates": 20,
              "capacity_tickets": 25, "schedule": "", "tz": "UTC", "days_off": ""} for login in ("oleg_a", "oleg_b")]
    from companion.core.settings import Settings
    from companion.core.team import HandoffError, TeamSync
    from companion.store.db import close_database, open_database
    from companion.store.team import TeamServer, TeamUrl

    open_database(anna.data)
    try:
        Settings().set("team_cache", {"board": board, "me": "anna"})
        sync = TeamSync(None, Settings(), TeamServer(TeamUrl.parse(team.member_url("anna"))))  # type: ignore[arg-type]
        with pytest.raises(HandoffError, match="more than one colleague is called 'Олег': say the login"):
            sync.resolve("Олег")
        assert sync.resolve("oleg_b") == ("oleg_b", "Олег")
    finally:
        close_database()


def test_a_key_already_open_is_recognised_whatever_its_case_in_cyrillic_too(team, agents):
    """The same comparison as the list's unique rule (casefold), not SQLite's ASCII-only lower()."""
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "ЗАЯВКА-7")
    boris("ticket", "add", "заявка-7")
    assert anna("ticket", "handoff", "ЗАЯВКА-7", "--to", "boris")[0] == 0
    offer = json.loads(boris("team", "offers", "--json")[1])["to_me"][0]
    code, out, err = boris("team", "accept", str(offer["id"]))
    assert code == 2 and "already have an open ticket ЗАЯВКА-7" in err
