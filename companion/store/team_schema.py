"""The team server's schema: its versioned migrations, its two roles and the row-level security that
lets a member read only what is theirs to read.

Everything lives in the schema `companion` of a PostgreSQL database the team already runs. Two
group roles carry the rights: `companion_agent` (every member) and `companion_lead` (an agent who
may also publish reply packs). A member is a login role in one of them; who they are is
`session_user`, the login they connected as, so a member cannot speak for anyone else, whatever the app
sends:

  - member  — everyone reads the list (names for the hand-off chooser); a member writes their own row,
              under a display name no other member uses (case aside), so nobody passes for a colleague.
  - load    — today's numbers only (no ticket content); everyone reads, a member writes their own row.
  - offer   — a hand-off. A member reads the offers they sent or that are addressed to them, nothing
              else; sends only as themselves, and a new offer is always just offered (a trigger
              sets its state, dates and flags, so no sender inserts one already accepted); a trigger
              lets only the recipient accept or decline, only the sender withdraw, and keeps the
              offered ticket, its sender and recipient as they were sent.
  - pack_category, pack_reply — the team's shared replies: everyone reads, only a lead writes.

session_user, never current_user: a member may `SET ROLE companion_agent` (a granted role can be set),
and a default, policy or trigger that trusted current_user would then take them for the group role:
a member row named like a colleague, offers sent as no one, offers addressed to the role read by all.

Changes are announced with NOTIFY (`companion_offers` with "recipient sender", `companion_packs`), so
running apps hear of them within a second; apps that cannot listen poll.

The statements go through psycopg2, which reads % as a parameter mark: a literal one is written %%.
Migrations run as the database's owner (`companion team init-server`), each in its own transaction,
the version kept in `companion.schema_version`. Never edit a released migration: append one.
"""

from __future__ import annotations

import re

import peewee as pw

SCHEMA = "companion"
AGENT_ROLE = "companion_agent"
LEAD_ROLE = "companion_lead"
OFFERS_CHANNEL = "companion_offers"
PACKS_CHANNEL = "companion_packs"
LOGIN_PATTERN = re.compile(r"[a-z_][a-z0-9_]{0,62}")
MAX_PAYLOAD_BYTES = 4_000_000  # one ticket with its update log, as JSON: no colleague's app is flooded

_V1 = [
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
    f"CREATE TABLE {SCHEMA}.schema_version (version integer NOT NULL)",
    f"INSERT INTO {SCHEMA}.schema_version VALUES (0)",
    f"""CREATE TABLE {SCHEMA}.member (
        login text PRIMARY KEY DEFAULT session_user,
        name text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
        joined_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz NOT NULL DEFAULT now(),
        active boolean NOT NULL DEFAULT true  -- in the team now: false once they leave or are removed
    )""",
    # One display name per member: a colleague's name is not free for the taking. Spaces around it and
    # case do not make another name; an empty name (shown as the login) is no one's.
    f"CREATE UNIQUE INDEX member_name ON {SCHEMA}.member (lower(btrim(name))) WHERE btrim(name) <> ''",
    f"""CREATE TABLE {SCHEMA}.load (
        login text PRIMARY KEY DEFAULT session_user REFERENCES {SCHEMA}.member ON DELETE CASCADE,
        active integer NOT NULL CHECK (active >= 0),
        due_today integer NOT NULL CHECK (due_today >= 0),
        done_today integer NOT NULL DEFAULT 0 CHECK (done_today >= 0),
        capacity_updates integer NOT NULL CHECK (capacity_updates > 0),
        capacity_tickets integer NOT NULL CHECK (capacity_tickets > 0),
        schedule text NOT NULL DEFAULT '' CHECK (length(schedule) <= 500),
        tz text NOT NULL DEFAULT 'UTC' CHECK (length(tz) <= 64),
        days_off text NOT NULL DEFAULT '' CHECK (length(days_off) <= 4000),
        updated_at timestamptz NOT NULL DEFAULT now()
    )""",
    f"""CREATE TABLE {SCHEMA}.offer (
        id bigserial PRIMARY KEY,
        token uuid NOT NULL UNIQUE,
        sender text NOT NULL DEFAULT session_user REFERENCES {SCHEMA}.member,
        recipient text NOT NULL REFERENCES {SCHEMA}.member,
        ticket_key text NOT NULL CHECK (length(ticket_key) <= 200),
        summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 1000),
        note text NOT NULL DEFAULT '' CHECK (length(note) <= 4000),
        payload jsonb NOT NULL CHECK (octet_length(payload::text) <= {MAX_PAYLOAD_BYTES}),
        state text NOT NULL DEFAULT 'offered' CHECK (state IN ('offered', 'accepted', 'declined', 'withdrawn')),
        reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 4000),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        recipient_done boolean NOT NULL DEFAULT false,
        sender_done boolean NOT NULL DEFAULT false,
        CHECK (sender <> recipient)
    )""",
    f"CREATE INDEX offer_recipient ON {SCHEMA}.offer (recipient, state)",
    f"CREATE INDEX offer_sender ON {SCHEMA}.offer (sender, sender_done)",
    f"""CREATE TABLE {SCHEMA}.pack_category (
        slug text PRIMARY KEY CHECK (length(slug) <= 200),
        name_ru text NOT NULL DEFAULT '',
        name_en text NOT NULL DEFAULT '',
        position integer NOT NULL DEFAULT 0,
        published_by text NOT NULL DEFAULT session_user,
        published_at timestamptz NOT NULL DEFAULT now()
    )""",
    f"""CREATE TABLE {SCHEMA}.pack_reply (
        slug text PRIMARY KEY CHECK (length(slug) <= 200),
        category text NOT NULL REFERENCES {SCHEMA}.pack_category ON DELETE CASCADE,
        position integer NOT NULL DEFAULT 0,
        title_ru text NOT NULL DEFAULT '',
        body_ru text NOT NULL DEFAULT '',
        title_en text NOT NULL DEFAULT '',
        body_en text NOT NULL DEFAULT ''
    )""",
    f"CREATE INDEX pack_reply_category ON {SCHEMA}.pack_reply (category)",
    # A new offer is just offered, sent now, by whoever is connected: whatever else the INSERT says.
    f"""CREATE FUNCTION {SCHEMA}.offer_new() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.sender IS DISTINCT FROM session_user THEN
            RAISE EXCEPTION 'an offer is sent only in its sender''s own name' USING ERRCODE = '42501';
        END IF;
        NEW.state := 'offered';
        NEW.reason := '';
        NEW.created_at := now();
        NEW.decided_at := NULL;
        NEW.recipient_done := false;
        NEW.sender_done := false;
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER offer_new BEFORE INSERT ON {SCHEMA}.offer
        FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.offer_new()""",
    # Offers: who may change what. session_user is the member's login (see the module's docstring).
    f"""CREATE FUNCTION {SCHEMA}.offer_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.token <> OLD.token OR NEW.sender <> OLD.sender OR NEW.recipient <> OLD.recipient
           OR NEW.ticket_key <> OLD.ticket_key OR NEW.payload <> OLD.payload OR NEW.note <> OLD.note
           OR NEW.summary <> OLD.summary OR NEW.created_at <> OLD.created_at THEN
            RAISE EXCEPTION 'an offer cannot be changed once sent' USING ERRCODE = '42501';
        END IF;
        IF NEW.state <> OLD.state THEN
            IF OLD.state <> 'offered' THEN
                RAISE EXCEPTION 'this offer was already %%', OLD.state USING ERRCODE = '55000';
            END IF;
            IF NEW.state IN ('accepted', 'declined') AND session_user <> OLD.recipient THEN
                RAISE EXCEPTION 'only the recipient accepts or declines an offer' USING ERRCODE = '42501';
            END IF;
            IF NEW.state = 'withdrawn' AND session_user <> OLD.sender THEN
                RAISE EXCEPTION 'only the sender withdraws an offer' USING ERRCODE = '42501';
            END IF;
            NEW.decided_at := now();
        END IF;
        IF NEW.recipient_done <> OLD.recipient_done AND session_user <> OLD.recipient THEN
            RAISE EXCEPTION 'only the recipient settles an offer' USING ERRCODE = '42501';
        END IF;
        IF NEW.sender_done <> OLD.sender_done AND session_user <> OLD.sender THEN
            RAISE EXCEPTION 'only the sender settles an offer' USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER offer_guard BEFORE UPDATE ON {SCHEMA}.offer
        FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.offer_guard()""",
    f"""CREATE FUNCTION {SCHEMA}.offer_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('{OFFERS_CHANNEL}', NEW.recipient || ' ' || NEW.sender);
        RETURN NULL;
    END $$""",
    # Only what the two people concerned must act on: a new offer, and an answer. The settling flags
    # (recipient_done, sender_done) say nothing to anyone; announcing them made every app sync again.
    f"""CREATE TRIGGER offer_notify AFTER INSERT ON {SCHEMA}.offer
        FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.offer_notify()""",
    f"""CREATE TRIGGER offer_answer_notify AFTER UPDATE ON {SCHEMA}.offer
        FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION {SCHEMA}.offer_notify()""",
    f"""CREATE FUNCTION {SCHEMA}.packs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('{PACKS_CHANNEL}', '');
        RETURN NULL;
    END $$""",
    *(f"""CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {SCHEMA}.{table}
        FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.packs_notify()""" for table in ("pack_category", "pack_reply")),
    # Rights: the schema and its tables to the group roles, nothing to PUBLIC.
    f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC",
    f"GRANT USAGE ON SCHEMA {SCHEMA} TO {AGENT_ROLE}",
    f"GRANT SELECT ON {SCHEMA}.schema_version TO {AGENT_ROLE}",
    f"GRANT SELECT, INSERT, UPDATE (name, seen_at, active) ON {SCHEMA}.member TO {AGENT_ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON {SCHEMA}.load TO {AGENT_ROLE}",
    # Every column but id: an id picked by hand would take the number the sequence gives someone next.
    f"""GRANT SELECT, INSERT (token, sender, recipient, ticket_key, summary, note, payload, state, reason,
        created_at, decided_at, recipient_done, sender_done),
        UPDATE (state, reason, recipient_done, sender_done) ON {SCHEMA}.offer TO {AGENT_ROLE}""",
    f"GRANT USAGE ON SEQUENCE {SCHEMA}.offer_id_seq TO {AGENT_ROLE}",
    f"GRANT SELECT ON {SCHEMA}.pack_category, {SCHEMA}.pack_reply TO {AGENT_ROLE}",
    f"GRANT INSERT, UPDATE, DELETE ON {SCHEMA}.pack_category, {SCHEMA}.pack_reply TO {LEAD_ROLE}",
    *(f"ALTER TABLE {SCHEMA}.{table} ENABLE ROW LEVEL SECURITY" for table in ("member", "load", "offer")),
    f"CREATE POLICY member_read ON {SCHEMA}.member FOR SELECT USING (true)",
    f"CREATE POLICY member_self ON {SCHEMA}.member FOR INSERT WITH CHECK (login = session_user)",
    f"""CREATE POLICY member_self_update ON {SCHEMA}.member FOR UPDATE USING (login = session_user)
        WITH CHECK (login = session_user)""",
    f"CREATE POLICY load_read ON {SCHEMA}.load FOR SELECT USING (true)",
    f"CREATE POLICY load_self ON {SCHEMA}.load FOR INSERT WITH CHECK (login = session_user)",
    f"CREATE POLICY load_self_update ON {SCHEMA}.load FOR UPDATE USING (login = session_user)",
    f"CREATE POLICY load_self_delete ON {SCHEMA}.load FOR DELETE USING (login = session_user)",
    f"""CREATE POLICY offer_read ON {SCHEMA}.offer FOR SELECT
        USING (recipient = session_user OR sender = session_user)""",
    f"CREATE POLICY offer_send ON {SCHEMA}.offer FOR INSERT WITH CHECK (sender = session_user)",
    f"""CREATE POLICY offer_decide ON {SCHEMA}.offer FOR UPDATE
        USING (recipient = session_user OR sender = session_user)""",
]

TEAM_MIGRATIONS: list[list[str]] = [_V1]
TEAM_LATEST = len(TEAM_MIGRATIONS)


class TeamSchemaError(RuntimeError):
    """The server's team schema is missing or newer than this app knows."""


def quote_login(login: str) -> str:
    """A login as an SQL identifier. Role names cannot be bound parameters, so only the plain lower-case
    names the pattern allows get this far, and they are quoted besides."""
    if not LOGIN_PATTERN.fullmatch(login) or login.startswith("pg_") or login in (AGENT_ROLE, LEAD_ROLE):
        raise ValueError(f"{login!r} cannot be a member's login: use lower-case letters, digits and _, "
                         "starting with a letter (e.g. anna_petrova)")
    return f'"{login}"'


def server_version(database: pw.Database) -> int:
    """The team schema's version on the server, 0 when there is none."""
    found = database.execute_sql("SELECT to_regclass(%s)", (f"{SCHEMA}.schema_version",)).fetchone()[0]
    if found is None:
        return 0
    return int(database.execute_sql(f"SELECT version FROM {SCHEMA}.schema_version").fetchone()[0])


def ensure_roles(database: pw.Database) -> None:
    """The two group roles, made once per server (roles are the server's, not a database's)."""
    for role in (AGENT_ROLE, LEAD_ROLE):
        exists = database.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            database.execute_sql(f"CREATE ROLE {role} NOLOGIN")
    database.execute_sql(f"GRANT {AGENT_ROLE} TO {LEAD_ROLE}")


def _database_name(database: pw.Database) -> str:
    name = str(database.execute_sql("SELECT current_database()").fetchone()[0])
    return '"' + name.replace('"', '""') + '"'


def migrate_team(database: pw.Database) -> int:
    """Create or bring up to date the team schema (as the database's owner); return the version.

    The group roles are the server's, shared by every database on it: a member of one team holds
    companion_agent everywhere. So the team's database is closed to everyone but its own members
    (CONNECT is granted per login in add_member), and another team on the same server stays out."""
    ensure_roles(database)
    database.execute_sql(f"REVOKE CONNECT ON DATABASE {_database_name(database)} FROM PUBLIC")
    current = server_version(database)
    if current > TEAM_LATEST:
        raise TeamSchemaError(f"the team schema on the server is version {current}, newer than this app "
                              f"knows ({TEAM_LATEST}); update Support Companion")
    for version in range(current + 1, TEAM_LATEST + 1):
        with database.atomic():
            database.execute_sql("SELECT pg_advisory_xact_lock(hashtext('companion team schema'))")
            if server_version(database) >= version:  # someone else ran it meanwhile
                continue
            for sql in TEAM_MIGRATIONS[version - 1]:
                database.execute_sql(sql)
            database.execute_sql(f"UPDATE {SCHEMA}.schema_version SET version = %s", (version,))
    return TEAM_LATEST


def add_member(database: pw.Database, login: str, password: str, lead: bool = False) -> bool:
    """Create the member's login role (or set a new password on it); return True when it is new.
    ALTER/CREATE ROLE take no bound parameters on the server; psycopg2 binds the password on the client
    side, as a quoted literal."""
    name = quote_login(login)
    exists = database.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
    with database.atomic():
        if exists:
            database.execute_sql(f"ALTER ROLE {name} LOGIN PASSWORD %s", (password,))
        else:
            database.execute_sql(f"CREATE ROLE {name} LOGIN PASSWORD %s", (password,))
        database.execute_sql(f"GRANT {AGENT_ROLE} TO {name}")
        if lead:
            database.execute_sql(f"GRANT {LEAD_ROLE} TO {name}")
        else:
            database.execute_sql(f"REVOKE {LEAD_ROLE} FROM {name}")
        database.execute_sql(f"GRANT CONNECT ON DATABASE {_database_name(database)} TO {name}")
    return not exists


def remove_member(database: pw.Database, login: str) -> None:
    """Close this team's database to the member and drop their load from the board; their offers and
    name stay, so the history others see still makes sense. Their login and group roles stay too: they
    are the server's, and the member may belong to another team on it. Sessions they have open to this
    database are ended where the administrator may (an owner may not end a superuser's)."""
    name = quote_login(login)
    with database.atomic():
        database.execute_sql(f"REVOKE CONNECT ON DATABASE {_database_name(database)} FROM {name}")
        database.execute_sql(f"DELETE FROM {SCHEMA}.load WHERE login = %s", (login,))
        database.execute_sql(f"UPDATE {SCHEMA}.member SET active = false WHERE login = %s", (login,))
    try:
        database.execute_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE usename = %s AND datname = current_database()", (login,))
    except pw.DatabaseError:
        pass  # not allowed to: their next connection is refused all the same
