"""What the team server refuses a member who goes around the app: straight SQL on their own login's
connection, as anyone holding the password could. The server's roles, row-level security and offer
trigger are what say no here, not the app. Then hostile offers (sent by a member's SQL, received by
the app) and the team URL as typed by a user."""

from __future__ import annotations

import json
import uuid

import peewee as pw
import pytest

from companion.core.team import ticket_payload
from companion.store.team import TeamRefused, TeamServer, TeamUnavailable, TeamUrl, TeamUrlError
from tests.team.conftest import NAMES, PASSWORDS

def server(team, login: str, password: str | None = None) -> TeamServer:
    return TeamServer(TeamUrl.parse(team.member_url(login)), PASSWORDS[login] if password is None else password)


def sql(team, login: str, statement: str, params: tuple = ()) -> list[tuple]:
    """Run one statement as the member; the rows it returned (or, for a change, [(rowcount,)])."""
    with server(team, login).session() as session:
        cursor = session.database.execute_sql(statement, params)
        return cursor.fetchall() if cursor.description else [(cursor.rowcount,)]


def admin(team, statement: str) -> str:
    return team.server.psql(statement, team.database)


def payload(**ticket) -> dict:
    """A well-formed payload for one ticket, changed by `ticket`."""
    from companion.core.transfer import FORMAT, VERSION

    return {"format": FORMAT, "version": VERSION, "settings": {},
            "tickets": [{"key": "SUP-9", "client": "Ромашка", "updates": [], **ticket}]}


def send(team, sender: str, recipient: str, body: dict, key: str = "SUP-9", note: str = "") -> int:
    with server(team, sender).session() as session:
        return session.send_offer(str(uuid.uuid4()), recipient, key, "", note, body)


@pytest.fixture
def members(team):
    for login in PASSWORDS:
        with server(team, login).session() as session:
            session.introduce(NAMES[login])
    return team


# --- rows that are not yours -------------------------------------------------------------------------

def test_a_member_cannot_read_or_change_offers_between_two_others(members):
    team = members
    offer_id = send(team, "anna", "lena", payload())
    assert sql(team, "boris", "SELECT count(*) FROM companion.offer") == [(0,)]
    assert sql(team, "boris", "SELECT count(*) FROM companion.offer WHERE id = %s", (offer_id,)) == [(0,)]
    assert sql(team, "boris", "UPDATE companion.offer SET state = 'declined', reason = 'mine now' WHERE id = %s",
               (offer_id,)) == [(0,)]
    assert sql(team, "boris", "UPDATE companion.offer SET state = 'accepted' WHERE true") == [(0,)]
    with server(team, "boris").session() as session:
        assert session.offers() == [] and session.offers_to_me() == []
        with pytest.raises(TeamRefused, match="there is no offer"):
            session.decide(offer_id, "accepted")
    assert admin(team, f"SELECT state, reason FROM companion.offer WHERE id = {offer_id}") == "offered|"


def test_only_the_recipient_accepts_and_nobody_rewrites_a_sent_offer(members):
    team = members
    offer_id = send(team, "boris", "anna", payload())
    # Boris sent it and may read it, but accepting it for Anna is the trigger's to refuse.
    with pytest.raises(TeamRefused, match="only the recipient accepts"):
        sql(team, "boris", "UPDATE companion.offer SET state = 'accepted' WHERE id = %s", (offer_id,))
    # The ticket offered stays as sent: payload and note are not columns a member may update at all.
    for column, value in (("payload", json.dumps(payload(client="Другой"))), ("note", "changed"),
                          ("recipient", "lena"), ("sender", "lena")):
        with pytest.raises(TeamRefused, match="permission denied"):
            sql(team, "boris", f"UPDATE companion.offer SET {column} = %s WHERE id = %s", (value, offer_id))
    # The recipient cannot take it back once answered, nor the sender withdraw it then.
    assert sql(team, "anna", "UPDATE companion.offer SET state = 'declined' WHERE id = %s", (offer_id,)) == [(1,)]
    with pytest.raises(TeamRefused, match="already declined"):
        sql(team, "anna", "UPDATE companion.offer SET state = 'accepted' WHERE id = %s", (offer_id,))
    with pytest.raises(TeamRefused, match="already declined"):
        sql(team, "boris", "UPDATE companion.offer SET state = 'withdrawn' WHERE id = %s", (offer_id,))
    with pytest.raises(TeamRefused, match="only the recipient settles"):
        sql(team, "boris", "UPDATE companion.offer SET recipient_done = true WHERE id = %s", (offer_id,))
    assert admin(team, f"SELECT state, recipient_done FROM companion.offer WHERE id = {offer_id}") == "declined|f"


def test_a_member_cannot_send_an_offer_in_someone_elses_name(members):
    team = members
    with pytest.raises(TeamRefused, match="sent only in its sender's own name"):
        sql(team, "boris", "INSERT INTO companion.offer (token, sender, recipient, ticket_key, payload) "
                           "VALUES (%s, 'anna', 'lena', 'SUP-1', '{}')", (str(uuid.uuid4()),))
    assert admin(team, "SELECT count(*) FROM companion.offer") == "0"


def test_setting_the_group_role_does_not_make_a_member_someone_else(members):
    """A member may SET ROLE companion_agent (a granted role can be set); the server still knows them by
    the login they connected as, so they neither join as the role, nor send or read as it."""
    team = members
    to_lena = send(team, "boris", "lena", payload())
    with server(team, "anna").session() as session:
        run = session.database.execute_sql
        run("SET ROLE companion_agent")
        assert run("SELECT current_user").fetchone() == ("companion_agent",)
        with pytest.raises(pw.ProgrammingError, match="row-level security"):
            run("INSERT INTO companion.member (login, name) VALUES ('companion_agent', 'Борис С.')")
        with pytest.raises(pw.ProgrammingError, match="sent only in its sender's own name"):
            run("INSERT INTO companion.offer (token, sender, recipient, ticket_key, payload) "
                "VALUES (%s, 'companion_agent', 'boris', 'SUP-1', '{}')", (str(uuid.uuid4()),))
        sent = run("INSERT INTO companion.offer (token, recipient, ticket_key, payload) "
                   "VALUES (%s, 'boris', 'SUP-1', '{}') RETURNING sender", (str(uuid.uuid4()),)).fetchall()
        assert sent == [("anna",)]
        loaded = run("INSERT INTO companion.load (active, due_today, capacity_updates, capacity_tickets) "
                     "VALUES (1, 1, 1, 1) RETURNING login").fetchall()
        assert loaded == [("anna",)]
        assert run("SELECT sender, recipient FROM companion.offer").fetchall() == [("anna", "boris")]
        assert run("UPDATE companion.offer SET state = 'declined' WHERE id = %s", (to_lena,)).rowcount == 0
        assert run("UPDATE companion.member SET name = 'Борис (уволен)' WHERE login = 'boris'").rowcount == 0
        assert session.is_member() and not session.is_lead()
    with server(team, "lena").session() as session:
        session.database.execute_sql("SET ROLE companion_agent")
        assert session.is_lead()  # the lead is still the lead, as the server's policies see her
    assert admin(team, "SELECT string_agg(login || '=' || name, ', ' ORDER BY login) FROM companion.member") == (
        "anna=Анна Петрова, boris=Борис Смирнов, lena=Лена Орлова")
    assert admin(team, f"SELECT state FROM companion.offer WHERE id = {to_lena}") == "offered"


def test_an_offer_inserted_as_already_accepted_arrives_just_offered(members, agents):
    """A sender's INSERT cannot carry the recipient's consent: the server makes every new offer an offer,
    sent now, so the recipient's sync has nothing to take in until they accept it."""
    team = members
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    sql(team, "anna", "INSERT INTO companion.offer (token, recipient, ticket_key, payload, state, reason, "
                      "created_at, decided_at, recipient_done, sender_done) VALUES (%s, 'boris', 'SUP-9', %s, "
                      "'accepted', 'agreed by phone', '2000-01-01', '2000-01-02', true, true)",
        (str(uuid.uuid4()), json.dumps(payload())))
    assert admin(team, "SELECT state, reason, decided_at IS NULL, created_at > now() - interval '1 hour', "
                       "recipient_done, sender_done FROM companion.offer") == "offered||t|t|f|f"
    with server(team, "boris").session() as session:
        assert session.accepted_not_taken() == []
        assert [o.ticket_key for o in session.offers_to_me()] == ["SUP-9"]
    assert boris("team", "status")[0] == 0
    assert json.loads(boris("ticket", "list", "--json")[1]) == []
    # Nor is an id of one's choosing allowed: it would take the next one the sequence hands out.
    with pytest.raises(TeamRefused, match="permission denied"):
        sql(team, "anna", "INSERT INTO companion.offer (id, token, recipient, ticket_key, payload) "
                          "VALUES (1000, %s, 'boris', 'SUP-8', '{}')", (str(uuid.uuid4()),))


def test_a_member_cannot_take_a_colleagues_name(members):
    team = members
    with server(team, "boris").session() as session:
        with pytest.raises(TeamRefused) as caught:
            session.introduce(NAMES["anna"])
        assert str(caught.value) == (f"the name “{NAMES['anna']}” is already used by another member of the team; "
                                     "choose another")
        session.introduce("Борис С.")  # a name of his own is his to change
    with server(team, "lena").session() as session:
        session.introduce("Lena Orlova")
    # Straight SQL meets the same index, whatever the case or the spaces around.
    for taken in (f" {NAMES['anna']} ", "LENA ORLOVA"):
        with pytest.raises(pw.IntegrityError, match="member_name"):
            sql(team, "boris", "UPDATE companion.member SET name = %s WHERE login = 'boris'", (taken,))
    # An empty name (shown as the login) is nobody's.
    assert sql(team, "boris", "UPDATE companion.member SET name = '' WHERE login = 'boris'") == [(1,)]
    assert sql(team, "anna", "UPDATE companion.member SET name = '' WHERE login = 'anna'") == [(1,)]
    assert admin(team, "SELECT string_agg(login || '=' || name, ', ' ORDER BY login) FROM companion.member") == (
        "anna=, boris=, lena=Lena Orlova")


def test_a_member_writes_only_their_own_load_and_names(members):
    team = members
    with server(team, "anna").session() as session:
        session.publish_load({"active": 3, "due_today": 4, "capacity_updates": 40, "capacity_tickets": 20})
    assert sql(team, "boris", "UPDATE companion.load SET active = 99 WHERE login = 'anna'") == [(0,)]
    assert sql(team, "boris", "DELETE FROM companion.load WHERE login = 'anna'") == [(0,)]
    assert sql(team, "boris", "UPDATE companion.member SET name = 'Анна (уволена)' WHERE login = 'anna'") == [(0,)]
    with pytest.raises(TeamRefused, match="row-level security"):
        sql(team, "boris", "INSERT INTO companion.load (login, active, due_today, capacity_updates, "
                           "capacity_tickets) VALUES ('lena', 0, 0, 1, 1)")
    assert admin(team, "SELECT login, active FROM companion.load") == "anna|3"
    assert admin(team, "SELECT name FROM companion.member WHERE login = 'anna'") == NAMES["anna"]


def test_an_agent_cannot_publish_packs_and_a_lead_can(members):
    from companion.store.team import PackRow

    team = members
    pack = PackRow("greetings", "Приветствия", "Greetings", 0,
                   ({"slug": "hello", "position": 0, "title_ru": "Привет", "body_ru": "Здравствуйте!",
                     "title_en": "Hi", "body_en": "Hello!"},))
    with pytest.raises(TeamRefused, match="permission denied"), server(team, "anna").session() as session:
        session.publish_pack(pack)
    with pytest.raises(TeamRefused, match="permission denied"):
        sql(team, "anna", "DELETE FROM companion.pack_category")
    with server(team, "lena").session() as session:
        session.publish_pack(pack)
    assert admin(team, "SELECT slug, published_by FROM companion.pack_category") == "greetings|lena"


def test_a_login_that_is_not_a_member_reads_nothing(members):
    team = members
    admin(team, "CREATE ROLE mallory LOGIN PASSWORD 'mallory-secret'")
    outsider = TeamServer(TeamUrl.parse(team.server.url("mallory", None, team.database)), "mallory-secret")
    # The team's database is closed to logins that were not added to it…
    with pytest.raises(TeamUnavailable, match="permission denied for database"), outsider.session():
        pass
    # …and one let in for something else still reads none of the team's tables.
    admin(team, f'GRANT CONNECT ON DATABASE "{team.database}" TO mallory')
    database = outsider._database()
    database.connect()
    try:
        for table in ("offer", "load", "member", "schema_version"):
            with pytest.raises(pw.ProgrammingError, match="permission denied"):
                database.execute_sql(f"SELECT * FROM companion.{table}")
            database.rollback()
    finally:
        database.close()
    with pytest.raises(TeamRefused, match="permission denied for schema companion"), outsider.session():
        pass


def test_a_wrong_password_is_a_clear_refusal_that_does_not_repeat_it(members):
    with pytest.raises(TeamUnavailable) as caught:
        with server(members, "anna", password="not-annas-password").session():
            pass
    message = str(caught.value)
    assert 'password authentication failed for user "anna"' in message
    assert "not-annas-password" not in message and "\n" not in message


# --- the team URL ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "why"), [
    ("", "starts with postgresql://"),
    ("db.example.com/support", "starts with postgresql://"),
    ("http://anna@db.example.com/support", "starts with postgresql://"),
    ("postgresql:///support", "names no server"),
    ("postgresql://db.example.com/support", "names no user"),
    ("postgresql://anna@db.example.com", "names no database"),
    ("postgresql://anna@db.example.com:99999/support", "cannot be read"),
    ("postgresql://anna@db.example.com:port/support", "cannot be read"),
    ("postgresql://anna@db.example.com/support?password=x", "before the @"),
    ("postgresql://anna@[::1/support", "cannot be read"),
])
def test_the_url_parser_rejects_junk_with_a_reason(text, why):
    with pytest.raises(TeamUrlError, match=why):
        TeamUrl.parse(text)


@pytest.mark.parametrize("text", ["postgresql://anna:s3cr/et@db.example.com/team",
                                  "postgresql://anna:s3cr#et@db.example.com/team",
                                  "postgresql://anna:s3cr?et@db.example.com/team",
                                  "postgresql://anna:[s3cr@db.example.com/team",
                                  "postgresql://anna:1234/5678@db.example.com/team"])
def test_a_url_that_cannot_be_read_does_not_repeat_the_password(text):
    """A password with / # ? unencoded breaks the URL apart; the reason given quotes none of it."""
    with pytest.raises(TeamUrlError) as caught:
        TeamUrl.parse(text)
    message = str(caught.value)
    assert "s3cr" not in message and "1234" not in message and "5678" not in message
    assert "s3cr" in text and "cannot be read" in message or "names no user" in message


def test_the_url_keeps_the_password_apart():
    url = TeamUrl.parse(" postgres://anna:p%40ss:w0rd@db.example.com:6543/support%20desk?sslmode=require ")
    assert url.password == "p@ss:w0rd"
    assert "p%40ss" not in url.url and "w0rd" not in url.url
    assert url.url == "postgresql://anna@db.example.com:6543/support%20desk?sslmode=require"
    assert (url.user, url.host, url.database, url.sslmode) == ("anna", "db.example.com", "support desk", "require")
    assert url.place == "anna@db.example.com/support desk"
    assert "w0rd" not in repr(url) and "w0rd" not in f"{url}"  # a log line that prints it leaks nothing


# --- hostile offers received by the app --------------------------------------------------------------

def hostile_payloads() -> dict[str, dict]:
    from companion.core.transfer import FORMAT, VERSION

    two = payload()
    two["tickets"].append({"key": "SUP-10", "client": "Лютик", "updates": []})
    return {
        "not our format": {"hello": "world"},
        "another version": {**payload(), "version": VERSION + 1},
        "two tickets": two,
        "no tickets": {"format": FORMAT, "version": VERSION, "settings": {}, "tickets": []},
        # (under the server's 4 MB bound on a payload, far over what a note may hold)
        "a 3 MB note": payload(notes="x" * 3_000_000),
        "a 3 MB update": payload(updates=[{"at": "2025-01-01T10:00:00+00:00", "channel": "chat",
                                          "note": "y" * 3_000_000}]),
        "wrong types": payload(client=5, updates="many"),
        "tickets not a list": {**payload(), "tickets": "SUP-9"},
        "an instant far in the future": payload(next_update_at="9999-12-31T23:59:59+00:00"),
        "a 3 MB instant": payload(promised_at="9" * 3_000_000),
        "a setting smuggled in": {**payload(), "settings": {"team_url": "postgresql://evil@evil/evil"}},
    }


def test_a_hostile_offer_is_refused_on_accept_and_nothing_is_half_imported(members, agents):
    team = members
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    sent = {send(team, "anna", "boris", body, key=f"H-{i}"): what
            for i, what, body in ((i, what, body) for i, (what, body) in enumerate(hostile_payloads().items()))}
    to_me = json.loads(boris("team", "offers", "--json")[1])["to_me"]
    assert sorted(o["id"] for o in to_me) == sorted(sent)
    for offer_id, what in sent.items():
        code, out, err = boris("team", "accept", str(offer_id))
        assert code != 0, what
        last = err.splitlines()[-1]
        assert last.startswith(f"companion: error: offer {offer_id}: the "), (what, err)
        assert last.endswith("declined, so it stays with Анна Петрова"), (what, err)
        assert len(last) < 600, what  # one readable line, not the payload echoed back
        assert json.loads(boris("ticket", "list", "--json")[1]) == [], what
        assert json.loads(boris("ticket", "list", "--view", "archived", "--json")[1]) == [], what
    # The sender hears the offer was not taken; the next syncs on both sides run clean.
    states = admin(team, "SELECT DISTINCT state FROM companion.offer")
    assert states == "declined"
    code, out, err = boris("team", "status")
    assert code == 0 and "reachable" in out, err
    assert anna("team", "status")[0] == 0


def test_a_payload_past_the_servers_bound_is_not_stored(members):
    """No colleague's app is made to load a flood: the server keeps an offered ticket under 4 MB."""
    team = members
    with pytest.raises(pw.IntegrityError, match="offer_payload_check"):
        send(team, "anna", "boris", payload(notes="x" * 5_000_000))
    assert admin(team, "SELECT count(*) FROM companion.offer") == "0"


def test_an_offer_note_past_the_servers_bound_is_not_stored(members):
    team = members
    with pytest.raises(pw.IntegrityError, match="offer_note_check"):
        send(team, "anna", "boris", payload(), note="z" * 10_000_000)
    assert admin(team, "SELECT count(*) FROM companion.offer") == "0"


def test_sql_metacharacters_travel_literally(members, agents):
    team = members
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    key = "O'Hara\"; DROP TABLE companion.offer; --"
    note = "'); DELETE FROM companion.member; -- %s %(x)s \\ $$ ;"
    reason = "Robert'); DROP TABLE handoff;-- 100% %%"
    assert anna("ticket", "add", key, "--client", "'; SELECT pg_sleep(10); --")[0] == 0
    code, out, err = anna("ticket", "handoff", key, "--to", "boris", "--note", note)
    assert code == 0, err
    offer = json.loads(boris("team", "offers", "--json")[1])["to_me"][0]
    assert (offer["ticket"], offer["note"]) == (key, note)
    assert boris("team", "decline", str(offer["id"]), "--reason", reason)[0] == 0
    code, out, _ = anna("team", "offers")
    assert f"Борис Смирнов declined {key}: {reason}" in out
    code, out, err = anna("ticket", "handoff", key, "--to", "boris", "--note", note)
    assert code == 0, err
    offer = json.loads(boris("team", "offers", "--json")[1])["to_me"][0]
    assert boris("team", "accept", str(offer["id"]))[0] == 0
    got = json.loads(boris("ticket", "show", key, "--json")[1])
    assert (got["key"], got["client"]) == (key, "'; SELECT pg_sleep(10); --")
    assert admin(team, "SELECT count(*) FROM companion.member") == "3"
    assert admin(team, "SELECT note FROM companion.offer ORDER BY id LIMIT 1") == note


def test_a_payload_built_by_the_app_passes_the_same_checks(members, agents):
    """The refusals above are the checks, not a broken import: the app's own payload goes through."""
    team = members
    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "SUP-9", "--client", "Ромашка")
    from companion.store.db import close_database, open_database
    from companion.store.models import Ticket

    open_database(anna.data)
    try:
        body = ticket_payload(Ticket.get(Ticket.key == "SUP-9"))
    finally:
        close_database()
    offer_id = send(team, "anna", "boris", body)
    assert boris("team", "accept", str(offer_id))[0] == 0
    assert [t["key"] for t in json.loads(boris("ticket", "list", "--json")[1])] == ["SUP-9"]


def test_another_teams_database_on_the_same_server_is_closed_to_a_member(pg, team, agents, capsys):
    """Roles are the server's: anna holds companion_agent for every database on it. Her team's
    database is open to her; another team's, where she was never added, is not."""
    from tests.team.conftest import make_team

    other = make_team(pg, capsys, leads=())
    pg.psql(f'REVOKE CONNECT ON DATABASE {other.database} FROM "anna"')  # as if never added there
    anna = agents("anna")
    code, out, err = anna("team", "join", other.member_url("anna"), "--name", "Анна", "--password-stdin",
                          stdin="anna-secret-1\n")
    assert code == 1 and "permission denied for database" in err, err
    anna.join(team)  # her own team's is open


def test_a_removed_member_is_refused_and_the_history_stays(team, agents, capsys):
    from companion.cli import main

    anna, boris = agents("anna"), agents("boris")
    anna.join(team)
    boris.join(team)
    anna("ticket", "add", "SUP-9")
    assert anna("ticket", "handoff", "SUP-9", "--to", "boris")[0] == 0
    assert main(["team", "remove-member", team.admin_url, "boris"]) == 0
    assert "can no longer connect" in capsys.readouterr().out
    code, out, err = boris("team", "offers")
    assert "permission denied for database" in err  # what was last heard is still shown
    code, out, err = anna("team", "offers", "--json")
    assert [o["ticket"] for o in json.loads(out)["from_me"]] == ["SUP-9"]
    board = json.loads(anna("team", "status", "--json")[1])["colleagues"]
    assert board == []  # he is off the board: nobody offers him a ticket he could never pick up


def test_the_board_lists_only_members_in_the_team_now(members, capsys):
    from companion.cli import main

    team = members
    with server(team, "boris").session() as session:
        session.publish_load({"active": 3, "due_today": 4, "capacity_updates": 40, "capacity_tickets": 20})
    with server(team, "anna").session() as session:
        assert [m.login for m in session.board()] == ["anna", "boris", "lena"]
    assert main(["team", "remove-member", team.admin_url, "boris"]) == 0
    with server(team, "anna").session() as session:
        assert [m.login for m in session.board()] == ["anna", "lena"]
        assert session.members()["boris"] == NAMES["boris"]  # his name stays for the history
    # One who leaves is off the board too, and back on it when they join again.
    with server(team, "lena").session() as session:
        session.leave()
    with server(team, "anna").session() as session:
        assert [m.login for m in session.board()] == ["anna"]
    with server(team, "lena").session() as session:
        session.introduce(NAMES["lena"])
        assert [m.login for m in session.board()] == ["anna", "lena"]
    capsys.readouterr()


def test_withdrawing_by_token_says_how_the_offer_stands(members):
    team = members
    withdrawn, accepted = str(uuid.uuid4()), str(uuid.uuid4())
    with server(team, "anna").session() as session:
        session.send_offer(withdrawn, "boris", "SUP-1", "", "", payload())
        accepted_id = session.send_offer(accepted, "boris", "SUP-2", "", "", payload())
        assert session.withdraw_by_token(withdrawn) == "withdrawn"
        assert session.withdraw_by_token(withdrawn) == "withdrawn"  # again, after a lost answer: the same
        assert session.withdraw_by_token(str(uuid.uuid4())) is None  # the sending never reached the server
    with server(team, "boris").session() as session:
        session.decide(accepted_id, "accepted")
        assert session.withdraw_by_token(accepted) is None  # not his offer to withdraw
    with server(team, "anna").session() as session:
        assert session.withdraw_by_token(accepted) == "accepted"  # answered first: it stays answered
    assert admin(team, "SELECT string_agg(ticket_key || '=' || state, ', ' ORDER BY id) FROM companion.offer") == (
        "SUP-1=withdrawn, SUP-2=accepted")
