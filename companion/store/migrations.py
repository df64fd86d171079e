"""Versioned schema migrations. The schema version lives in SQLite's PRAGMA user_version.

Each migration is a function taking the database; they run in order inside one transaction
each, so a failure leaves the file at the last good version. Never edit a released migration:
append a new one.
"""

from __future__ import annotations

from typing import Callable

import peewee as pw

Migration = Callable[[pw.Database], None]


def _v1_initial(database: pw.Database) -> None:
    statements = [
        """CREATE TABLE ticket (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            client TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL DEFAULT 'chat',
            subject TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open',
            priority TEXT NOT NULL DEFAULT 'normal',
            difficult INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            cadence TEXT NOT NULL DEFAULT 'none',
            next_update_at INTEGER,
            next_update_due INTEGER,
            promised_at INTEGER,
            snoozed_until INTEGER,
            pause_remaining INTEGER,
            last_update_at INTEGER,
            cadence_from INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            modified_at INTEGER NOT NULL,
            archived_at INTEGER,
            search_text TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX ticket_status ON ticket (status)",
        "CREATE INDEX ticket_next_update_due ON ticket (next_update_due)",
        "CREATE INDEX ticket_promised_at ON ticket (promised_at)",
        "CREATE INDEX ticket_archived_at ON ticket (archived_at)",
        # A key is unique among open (not archived, not finished) tickets, case-insensitively.
        """CREATE UNIQUE INDEX ticket_active_key ON ticket (key COLLATE NOCASE)
           WHERE archived_at IS NULL AND status NOT IN ('resolved', 'closed')""",
        """CREATE TABLE client_update (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
            at INTEGER NOT NULL,
            channel TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            template TEXT NOT NULL DEFAULT '',
            due_at INTEGER,
            on_time INTEGER
        )""",
        "CREATE INDEX client_update_ticket_id ON client_update (ticket_id)",
        "CREATE INDEX client_update_at ON client_update (at)",
        "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE fired_reminder (
            id INTEGER PRIMARY KEY,
            instance TEXT NOT NULL UNIQUE,
            ticket_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
            fired_at INTEGER NOT NULL
        )""",
        "CREATE INDEX fired_reminder_fired_at ON fired_reminder (fired_at)",
        "CREATE INDEX fired_reminder_ticket_id ON fired_reminder (ticket_id)",
    ]
    for sql in statements:
        database.execute_sql(sql)


def _v2_replies(database: pw.Database) -> None:
    statements = [
        """CREATE TABLE reply_category (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name_ru TEXT NOT NULL DEFAULT '',
            name_en TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE reply_template (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            category_id INTEGER NOT NULL REFERENCES reply_category (id) ON DELETE RESTRICT,
            favourite INTEGER NOT NULL DEFAULT 0,
            use_count INTEGER NOT NULL DEFAULT 0,
            last_used_at INTEGER,
            position INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            modified_at INTEGER NOT NULL
        )""",
        "CREATE INDEX reply_template_category_id ON reply_template (category_id)",
        """CREATE TABLE reply_variant (
            id INTEGER PRIMARY KEY,
            template_id INTEGER NOT NULL REFERENCES reply_template (id) ON DELETE CASCADE,
            lang TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE UNIQUE INDEX reply_variant_template_lang ON reply_variant (template_id, lang)",
    ]
    for sql in statements:
        database.execute_sql(sql)


def _v3_wellbeing(database: pw.Database) -> None:
    statements = [
        """CREATE TABLE break_kind (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name_ru TEXT NOT NULL DEFAULT '',
            name_en TEXT NOT NULL DEFAULT '',
            interval_min INTEGER NOT NULL,
            duration_s INTEGER NOT NULL,
            warn_s INTEGER NOT NULL,
            long INTEGER NOT NULL DEFAULT 0,
            enabled INTEGER NOT NULL DEFAULT 1,
            builtin INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE break_suggestion (
            id INTEGER PRIMARY KEY,
            kind_id INTEGER NOT NULL REFERENCES break_kind (id) ON DELETE CASCADE,
            lang TEXT NOT NULL,
            text TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX break_suggestion_kind_id ON break_suggestion (kind_id)",
        """CREATE TABLE break_log (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            due_at INTEGER,
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            seconds INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX break_log_outcome ON break_log (outcome)",
        "CREATE INDEX break_log_started_at ON break_log (started_at)",
        """CREATE TABLE tough_conversation (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER REFERENCES ticket (id) ON DELETE SET NULL,
            at INTEGER NOT NULL,
            seconds INTEGER NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            automatic INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX tough_conversation_at ON tough_conversation (at)",
        "CREATE INDEX tough_conversation_ticket_id ON tough_conversation (ticket_id)",
        """CREATE TABLE overtime_span (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER NOT NULL
        )""",
        "CREATE INDEX overtime_span_day ON overtime_span (day)",
    ]
    for sql in statements:
        database.execute_sql(sql)


def _v4_contact(database: pw.Database) -> None:
    # The person to greet at the client: empty on every ticket made before, which greets as then.
    database.execute_sql("ALTER TABLE ticket ADD COLUMN contact TEXT NOT NULL DEFAULT ''")


def _v5_team(database: pw.Database) -> None:
    statements = [
        # Hand-offs to and from colleagues on the team server, and the actions still to reach it:
        # `token` is the offer's own id (the sender makes it), so a retry never sends or takes twice.
        """CREATE TABLE handoff (
            id INTEGER PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            offer_id INTEGER,
            direction TEXT NOT NULL,
            ticket_id INTEGER REFERENCES ticket (id) ON DELETE SET NULL,
            ticket_key TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            colleague TEXT NOT NULL,
            colleague_name TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            payload TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL,
            pending TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            error TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL,
            decided_at INTEGER
        )""",
        "CREATE INDEX handoff_ticket_id ON handoff (ticket_id)",
        "CREATE INDEX handoff_pending ON handoff (pending)",
        # A category mirrored from the team's shared packs: read-only here, replaced on each sync.
        "ALTER TABLE reply_category ADD COLUMN team INTEGER NOT NULL DEFAULT 0",
    ]
    for sql in statements:
        database.execute_sql(sql)


MIGRATIONS: list[Migration] = [_v1_initial, _v2_replies, _v3_wellbeing, _v4_contact, _v5_team]
LATEST = len(MIGRATIONS)


class SchemaTooNewError(RuntimeError):
    pass


def schema_version(database: pw.Database) -> int:
    version: int = database.execute_sql("PRAGMA user_version").fetchone()[0]
    return version


def migrate(database: pw.Database, migrations: list[Migration] | None = None) -> int:
    """Bring the schema up to date; return the version reached."""
    steps = MIGRATIONS if migrations is None else migrations
    current = schema_version(database)
    if current > len(steps):
        raise SchemaTooNewError(
            f"the data file has schema version {current}, newer than this app knows ({len(steps)}); "
            "update Support Companion")
    for version in range(current + 1, len(steps) + 1):
        with database.atomic():
            if schema_version(database) >= version:  # another process got there first (both found a new file)
                continue
            steps[version - 1](database)
            database.execute_sql(f"PRAGMA user_version = {version}")
    return len(steps)
