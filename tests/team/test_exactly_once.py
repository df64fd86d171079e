"""Exactly once, on a real PostgreSQL server killed with SIGKILL at each point of a hand-off.

Every test ends the same way, checked by `assert_handed_once`: after the server is back and both sides
synced, the ticket is in the recipient's list once with its update log once, the sender's copy is
archived, and the server holds one offer, accepted and settled on both sides. The kill points are
reached by wrapping the real code (store/team's TeamSession, core/team's import), not by copying it.
"""

from __future__ import annotations

import json
import threading

import peewee as pw
import psycopg2
import pytest

from companion.store.team import TeamSession
from tests.team.conftest import PASSWORDS, Agent, make_team


class ProcessDied(BaseException):
    """The agent's process ending mid-statement: nothing in the app catches it."""


def keys(agent, view: str | None = None) -> list[str]:
    args = ["ticket", "list", "--json"] + (["--view", view] if view else [])
    return [t["key"] for t in json.loads(agent(*args)[1])]


def server_offers(team) -> list[str]:
    """state|recipient_done|sender_done of every offer, as the team's administrator sees them."""
    out = team.server.psql("SELECT state, recipient_done, sender_done FROM companion.offer ORDER BY id",
                           team.database)
    return out.splitlines()


def offered(team, agents) -> tuple[Agent, Agent, int]:
    """Anna has offered SUP-1 (with one logged update) to Boris, who has heard of it."""
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    assert anna("ticket", "add", "SUP-1", "--client", "Ромашка", "--every", "3h")[0] == 0
    assert anna("ticket", "updated", "SUP-1", "--note", "написала про обходной путь")[0] == 0
    code, _, err = anna("ticket", "handoff", "SUP-1", "--to", "boris", "--note", "у меня завал")
    assert code == 0, err
    to_me = json.loads(boris("team", "offers", "--json")[1])["to_me"]
    assert [o["ticket"] for o in to_me] == ["SUP-1"]
    return anna, boris, int(to_me[0]["id"])


def assert_handed_once(team, anna: Agent, boris: Agent) -> None:
    for _ in range(2):  # a second round of syncs changes nothing either
        assert boris("team", "status")[0] == 0
        assert anna("team", "status")[0] == 0
    assert keys(boris) == ["SUP-1"]
    shown = json.loads(boris("ticket", "show", "SUP-1", "--json")[1])
    assert [u["note"] for u in shown["updates"]] == ["написала про обходной путь"]
    assert keys(anna) == [] and keys(anna, "archived") == ["SUP-1"]
    assert server_offers(team) == ["accepted|t|t"]


def kill_after_offer_update(monkeypatch, server) -> None:
    """Kill the server as soon as the recipient's UPDATE of the offer has run, before COMMIT."""
    real_decide = TeamSession.decide

    def decide(self, *args, **kwargs):
        real_sql = self.database.execute_sql

        def execute_sql(sql, params=None):
            cursor = real_sql(sql, params)
            if sql.startswith("UPDATE") and '"offer"' in sql:
                server.kill()
            return cursor

        monkeypatch.setattr(self.database, "execute_sql", execute_sql)
        return real_decide(self, *args, **kwargs)

    monkeypatch.setattr(TeamSession, "decide", decide)


def test_server_killed_inside_the_accept_keeps_it_pending_then_accepts_once(fresh_server, capsys, agents,
                                                                            monkeypatch):
    team = make_team(fresh_server, capsys)
    anna, boris, offer_id = offered(team, agents)
    with monkeypatch.context() as m:
        kill_after_offer_update(m, fresh_server)
        code, out, _ = boris("team", "accept", str(offer_id))
    assert code == 0
    assert f"accept of offer {offer_id} queued: the team server is away" in out
    to_me = json.loads(boris("team", "offers", "--json")[1])
    assert not to_me["reachable"]
    assert [(o["id"], o["state"], o["pending"]) for o in to_me["to_me"]] == [(offer_id, "offered", "accept")]
    assert keys(boris) == []
    fresh_server.start()
    assert server_offers(team) == ["offered|f|f"]  # the UPDATE died with its transaction
    code, out, _ = boris("team", "status")
    assert out.count("taken: SUP-1 from Анна Петрова") == 1
    assert_handed_once(team, anna, boris)


def test_server_killed_after_the_accept_committed_the_retry_finds_it_accepted(fresh_server, capsys, agents,
                                                                             monkeypatch):
    team = make_team(fresh_server, capsys)
    anna, boris, offer_id = offered(team, agents)
    real_decide = TeamSession.decide

    def decide_answer_lost(self, *args, **kwargs):
        real_decide(self, *args, **kwargs)
        fresh_server.kill()
        raise pw.OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as m:
        m.setattr(TeamSession, "decide", decide_answer_lost)
        code, out, _ = boris("team", "accept", str(offer_id))
    assert code == 0 and "queued: the team server is away" in out
    fresh_server.start()
    assert server_offers(team) == ["accepted|f|f"]
    assert keys(boris) == []
    assert_handed_once(team, anna, boris)


def test_server_killed_after_the_import_does_not_import_again(fresh_server, capsys, agents, monkeypatch):
    team = make_team(fresh_server, capsys)
    anna, boris, offer_id = offered(team, agents)
    real_settle = TeamSession.settle_received

    def settle_on_a_dead_server(self, *args, **kwargs):
        fresh_server.kill()
        return real_settle(self, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(TeamSession, "settle_received", settle_on_a_dead_server)
        assert boris("team", "accept", str(offer_id))[0] == 0
    assert keys(boris) == ["SUP-1"]  # imported and committed locally before the server went
    fresh_server.start()
    assert server_offers(team) == ["accepted|f|f"]  # the server never heard it was taken
    code, out, _ = boris("team", "status")
    assert "taken:" not in out
    assert_handed_once(team, anna, boris)


def test_the_recipient_dying_inside_the_import_leaves_nothing_half_imported(team, agents, monkeypatch):
    anna, boris, offer_id = offered(team, agents)

    def die(*args, **kwargs):
        raise ProcessDied

    with monkeypatch.context() as m:
        m.setattr("companion.core.team.ClientUpdate.insert_many", die)
        with pytest.raises(ProcessDied):
            boris("team", "accept", str(offer_id))
    assert keys(boris) == [] and keys(boris, "archived") == []  # the ticket row went with the transaction
    assert server_offers(team)[0].startswith("accepted|f|")
    assert_handed_once(team, anna, boris)


def test_an_offer_made_while_the_server_is_down_is_sent_once(fresh_server, capsys, agents, monkeypatch):
    team = make_team(fresh_server, capsys)
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("team", "status")  # Boris is on Anna's team list from now on
    anna("ticket", "add", "SUP-1")
    anna("ticket", "updated", "SUP-1", "--note", "написала про обходной путь")
    fresh_server.kill()
    code, out, err = anna("ticket", "handoff", "SUP-1", "--to", "boris")
    assert code == 0, err
    assert "SUP-1 will be offered to Борис Смирнов when the team server answers" in out
    fresh_server.start()
    real_send = TeamSession.send_offer

    def send_answer_lost(self, *args, **kwargs):
        real_send(self, *args, **kwargs)
        raise pw.OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as m:  # the INSERT committed, the answer never came
        m.setattr(TeamSession, "send_offer", send_answer_lost)
        code, out, _ = anna("team", "status")
    assert "unreachable" in out and "1 action(s) waiting to be sent" in out
    assert server_offers(team) == ["offered|f|f"]
    code, out, _ = anna("team", "status")
    assert out.count("offered SUP-1 to Борис Смирнов") == 1
    anna("team", "status")
    assert server_offers(team) == ["offered|f|f"]
    to_me = json.loads(boris("team", "offers", "--json")[1])["to_me"]
    assert [o["ticket"] for o in to_me] == ["SUP-1"]
    assert boris("team", "accept", str(to_me[0]["id"]))[0] == 0
    assert_handed_once(team, anna, boris)


def test_two_data_files_of_one_login_accepting_the_same_offer_take_it_once(team, agents, capsys, tmp_path):
    anna, boris, offer_id = offered(team, agents)
    boris_laptop = Agent("boris", tmp_path / "data-boris-laptop", capsys)
    boris_laptop("settings", "set", "timezone", "Europe/Moscow")
    boris_laptop("settings", "set", "schedule", "mon-sun 00:00-24:00")
    boris_laptop.join(team)
    assert [o["id"] for o in json.loads(boris_laptop("team", "offers", "--json")[1])["to_me"]] == [offer_id]
    assert boris("team", "accept", str(offer_id))[0] == 0
    # The laptop still believed the offer open; its answer finds it taken, by the same login.
    assert boris_laptop("team", "accept", str(offer_id))[0] == 0
    boris_laptop("team", "status")
    assert keys(boris_laptop) == []
    assert_handed_once(team, anna, boris)


def _connect(team, login: str):
    connection = psycopg2.connect(team.member_url(login), password=PASSWORDS[login])
    return connection


def test_an_accept_and_a_withdrawal_racing_for_the_offer_have_one_winner(team, agents, monkeypatch):
    """Boris's accept holds the offer's row lock when Anna withdraws it: her UPDATE waits, then finds it
    no longer offered. Her withdrawal runs on a connection of its own, in another thread."""
    anna, boris, offer_id = offered(team, agents)
    withdrawn: list[int] = []
    waiting = threading.Event()
    watcher = psycopg2.connect(team.admin_url)
    watcher.autocommit = True

    def withdraw() -> None:
        connection = _connect(team, "anna")
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute("UPDATE companion.offer SET state = 'withdrawn' WHERE id = %s AND state = 'offered'",
                               (offer_id,))
                withdrawn.append(cursor.rowcount)
        finally:
            connection.close()

    def blocked_on_the_row() -> bool:
        with watcher.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = 'anna' AND wait_event_type = 'Lock'")
            return bool(cursor.fetchone()[0])

    racer = threading.Thread(target=withdraw)
    raced: list[bool] = []
    real_decide = TeamSession.decide

    def decide(self, *args, **kwargs):
        real_sql = self.database.execute_sql

        def execute_sql(sql, params=None):
            cursor = real_sql(sql, params)
            if sql.startswith("UPDATE") and '"offer"' in sql and not raced:
                raced.append(True)
                racer.start()
                while not blocked_on_the_row():  # a condition polled, not a time waited
                    waiting.wait(0.01)
            return cursor

        monkeypatch.setattr(self.database, "execute_sql", execute_sql)
        return real_decide(self, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(TeamSession, "decide", decide)
        assert boris("team", "accept", str(offer_id))[0] == 0
    racer.join(30)
    watcher.close()
    assert withdrawn == [0]
    assert_handed_once(team, anna, boris)
