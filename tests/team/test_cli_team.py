"""The team from the command line, on a real PostgreSQL server: join, the load board, hand-offs
accepted and declined, offers waiting for an agent who is away, the lead's packs."""

from __future__ import annotations

import json



def test_join_keeps_the_password_in_the_keyring_not_in_the_data_file(team, agents, keyring):
    anna = agents("anna")
    anna.join(team)
    assert keyring.stored[f"anna@127.0.0.1/{team.database}"] == "anna-secret-1"
    raw = (anna.data / "companion.sqlite3").read_bytes() + b"".join(
        p.read_bytes() for p in anna.data.glob("companion.sqlite3*"))
    assert b"anna-secret-1" not in raw
    code, out, _ = anna("team", "status", "--json")
    status = json.loads(out)
    assert status["joined"] and status["reachable"] and not status["lead"]
    assert {c["login"] for c in status["colleagues"]} == set()  # nobody else has joined yet


def test_a_ticket_handed_off_and_accepted_arrives_whole(team, agents):
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    assert anna("ticket", "add", "SUP-1", "--client", "Ромашка", "--contact", "Ольга", "--subject", "VPN падает",
                "--url", "https://help.example.com/SUP-1", "--every", "3h", "--notes", "клиент просил звонить",
                "--promise", "+2d")[0] == 0
    assert anna("ticket", "updated", "SUP-1", "--note", "написала про обходной путь")[0] == 0
    code, out, err = anna("ticket", "handoff", "SUP-1", "--to", "Борис Смирнов", "--note", "у меня завал")
    assert code == 0, err
    assert "offered SUP-1 to Борис Смирнов" in out
    code, out, _ = boris("team", "offers", "--json")
    offers = json.loads(out)["to_me"]
    assert [(o["ticket"], o["from"], o["note"]) for o in offers] == [("SUP-1", "Анна Петрова", "у меня завал")]
    code, out, err = boris("team", "accept", str(offers[0]["id"]))
    assert code == 0, err
    assert "SUP-1 from Анна Петрова is in your list" in out
    code, out, _ = boris("ticket", "show", "SUP-1", "--json")
    got = json.loads(out)
    assert (got["client"], got["contact"], got["subject"], got["url"], got["notes"], got["cadence"]) == (
        "Ромашка", "Ольга", "VPN падает", "https://help.example.com/SUP-1", "клиент просил звонить", "3h")
    assert [u["note"] for u in got["updates"]] == ["написала про обходной путь"]
    assert got["promised_at"] is not None
    # The sender's copy is archived as handed off, after the sender's next sync.
    code, out, _ = anna("team", "status")
    assert "Борис Смирнов accepted SUP-1" in out
    code, out, _ = anna("ticket", "list", "--json")
    assert json.loads(out) == [] or all(t["key"] != "SUP-1" for t in json.loads(out))
    code, out, _ = anna("ticket", "list", "--view", "archived", "--json")
    assert [t["key"] for t in json.loads(out)] == ["SUP-1"]
    # Accepting again, or syncing again, takes nothing twice.
    boris("team", "accept", str(offers[0]["id"]))
    boris("team", "status")
    code, out, _ = boris("ticket", "list", "--json")
    assert [t["key"] for t in json.loads(out)] == ["SUP-1"]


def test_a_declined_offer_stays_with_the_sender_with_the_reason(team, agents):
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "SUP-2", "--client", "Лютик")
    assert anna("ticket", "handoff", "SUP-2", "--to", "boris")[0] == 0
    offer = json.loads(boris("team", "offers", "--json")[1])["to_me"][0]
    code, out, err = boris("team", "decline", str(offer["id"]), "--reason", "ухожу в отпуск")
    assert code == 0, err
    assert json.loads(boris("team", "offers", "--json")[1])["to_me"] == []
    code, out, _ = anna("team", "offers")
    assert "Борис Смирнов declined SUP-2: ухожу в отпуск; it stays in your list" in out
    assert [t["key"] for t in json.loads(anna("ticket", "list", "--json")[1])] == ["SUP-2"]
    assert json.loads(boris("ticket", "list", "--json")[1]) == []
    # Declined, it can be offered again (to someone else).
    lena = agents("lena")
    lena.join(team)
    assert anna("ticket", "handoff", "SUP-2", "--to", "lena")[0] == 0


def test_an_offer_waits_on_the_server_for_an_agent_who_is_away(team, agents):
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    for key in ("SUP-3", "SUP-4"):
        anna("ticket", "add", key)
        assert anna("ticket", "handoff", key, "--to", "boris")[0] == 0
    # Boris was away all along: his data file heard nothing. When he looks, both are there.
    offers = json.loads(boris("team", "offers", "--json")[1])["to_me"]
    assert [o["ticket"] for o in offers] == ["SUP-3", "SUP-4"]
    assert boris("team", "accept", str(offers[1]["id"]))[0] == 0
    assert [t["key"] for t in json.loads(boris("ticket", "list", "--json")[1])] == ["SUP-4"]


def test_the_board_lists_the_least_loaded_first(team, agents):
    anna, boris, lena = agents("anna"), agents("boris"), agents("lena")
    for agent in (anna, boris, lena):
        agent.join(team)
    for i in range(6):
        boris("ticket", "add", f"B-{i}")
    lena("ticket", "add", "L-1")
    boris("team", "status")
    lena("team", "status")
    board = json.loads(anna("team", "status", "--json")[1])["colleagues"]
    assert [c["login"] for c in board] == ["lena", "boris"]
    assert board[0]["active"] == 1 and board[1]["active"] == 6
    assert all(c["on_shift"] is True for c in board)


def test_a_pack_the_lead_publishes_reaches_a_members_replies(team, agents, qapp):
    lena, anna = agents("lena"), agents("anna")
    lena.join(team)
    anna.join(team)
    code, out, err = lena("reply", "list", "--json")
    category = json.loads(out)[0]["category"]
    code, out, err = anna("team", "publish", category)
    assert code == 1 and "only a lead" in err
    code, out, err = lena("team", "publish", category)
    assert code == 0, err
    anna("team", "status")
    replies = json.loads(anna("reply", "list", "--json")[1])
    team_ones = [r for r in replies if r["category"].startswith("team:")]
    assert team_ones, replies
    assert lena("team", "unpublish", category)[0] == 0
    anna("team", "status")
    replies = json.loads(anna("reply", "list", "--json")[1])
    assert not [r for r in replies if r["category"].startswith("team:")]


def test_add_member_prints_a_new_password_and_the_url_to_join_with(team, agents, capsys):
    from companion.cli import main

    url = team.admin_url + "?sslmode=disable"
    assert main(["team", "add-member", url, "oleg_kim"]) == 0
    out = capsys.readouterr().out
    password = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("password: "))
    assert len(password) >= 20
    joined = next(line for line in out.splitlines() if line.startswith("they join with: "))
    assert joined.endswith(f"oleg_kim@127.0.0.1:{team.server.port}/{team.database}?sslmode=disable")
    assert "admin-secret" not in out
    oleg = agents("oleg_kim")
    code, out, err = oleg("team", "join", joined.rsplit(" ", 1)[1], "--name", "Олег Ким", "--password-stdin",
                          stdin=password + "\n")
    assert code == 0, err


def test_an_offer_withdrawn_before_the_answer_stays_with_the_sender(team, agents):
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "SUP-11")
    assert anna("ticket", "handoff", "SUP-11", "--to", "boris")[0] == 0
    offer = json.loads(boris("team", "offers", "--json")[1])["to_me"][0]
    code, out, err = anna("team", "withdraw", "SUP-11")
    assert code == 0, err
    assert "withdrawn; the ticket stays yours" in out
    assert json.loads(boris("team", "offers", "--json")[1])["to_me"] == []
    code, out, err = boris("team", "accept", str(offer["id"]))
    assert code == 2 and "withdrawn" in err
    assert [t["key"] for t in json.loads(anna("ticket", "list", "--json")[1])] == ["SUP-11"]
    assert json.loads(boris("ticket", "list", "--json")[1]) == []
    assert anna("ticket", "handoff", "SUP-11", "--to", "boris")[0] == 0  # it may be offered again


def test_a_ticket_too_large_for_the_server_is_refused_before_it_is_queued(team, agents, monkeypatch):
    monkeypatch.setattr("companion.core.team.MAX_PAYLOAD_BYTES", 2_000)  # the server's bound, made small
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "SUP-13", "--notes", "подробности " * 300)
    code, out, err = anna("ticket", "handoff", "SUP-13", "--to", "boris")
    assert code == 2 and "too large to hand off" in err, err
    assert json.loads(anna("team", "offers", "--json")[1])["from_me"] == []


def test_a_reply_already_in_another_team_pack_is_refused_with_a_reason(team, agents, qapp):
    from companion.core.clock import SystemClock
    from companion.core.reply_library import ReplyInput, ReplyLibrary, Variant
    from companion.store.db import close_database, open_database

    lena = agents("lena")
    lena.join(team)
    open_database(lena.data)
    try:
        library = ReplyLibrary(SystemClock())
        first, second = library.add_category("Почта", "Mail"), library.add_category("Сеть", "Network")
        reply = library.create(ReplyInput(first.id, {"ru": Variant("Шлюз", "Проверяем шлюз.")}))
        slugs = first.slug, second.slug
    finally:
        close_database()
    assert lena("team", "publish", slugs[0])[0] == 0
    open_database(lena.data)
    try:
        library = ReplyLibrary(SystemClock())
        library.update(reply.id, ReplyInput(second.id, {"ru": Variant("Шлюз", "Проверяем шлюз.")}))
    finally:
        close_database()
    code, out, err = lena("team", "publish", slugs[1])
    assert code == 1 and "same id as one in another team pack" in err
