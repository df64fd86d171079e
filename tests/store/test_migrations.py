"""Each released schema migrates forward with its data: a file written by an older release opens."""

import sqlite3

import peewee

from companion.store import migrations
from companion.store.db import close_database, db_path, open_database


def test_a_version_3_file_gains_the_contact_and_keeps_its_tickets(data_dir):
    """Version 4 adds the contact: tickets made before have none, and nothing else changes."""
    data_dir.mkdir(parents=True)
    path = db_path(data_dir)
    old = peewee.SqliteDatabase(str(path))
    assert migrations.migrate(old, migrations.MIGRATIONS[:3]) == 3
    old.execute_sql("INSERT INTO ticket (key, client, subject, status, cadence_from, created_at, modified_at, "
                    "search_text) VALUES ('SUP-1', 'ООО «Ромашка»', 'Экспорт в PDF', 'waiting_dev', 1, 2, 3, "
                    "'sup-1')")
    old.execute_sql("INSERT INTO client_update (ticket_id, at, note) VALUES (1, 5, 'отправил логи')")
    old.close()

    open_database(data_dir)
    try:
        from companion.store.models import ClientUpdate, Ticket

        assert migrations.schema_version(Ticket._meta.database) == migrations.LATEST
        ticket = Ticket.get(Ticket.key == "SUP-1")
        assert (ticket.client, ticket.contact, ticket.subject, ticket.status) == (
            "ООО «Ромашка»", "", "Экспорт в PDF", "waiting_dev")
        assert [u.note for u in ClientUpdate.select()] == ["отправил логи"]
        ticket.contact = "Иван Петров"
        ticket.save()
    finally:
        close_database()
    with sqlite3.connect(str(path)) as con:
        assert con.execute("SELECT contact FROM ticket").fetchall() == [("Иван Петров",)]


def test_a_version_4_file_gains_the_team_tables_and_keeps_its_replies(data_dir):
    """Migration 5 (team mode): the hand-off table, and the team flag on every existing category
    (false: they are the agent's own)."""
    from companion.store.db import close_database, db_path, open_database

    path = db_path(data_dir)
    data_dir.mkdir(parents=True)
    old = peewee.SqliteDatabase(str(path))
    assert migrations.migrate(old, migrations.MIGRATIONS[:4]) == 4
    old.execute_sql("INSERT INTO reply_category (slug, name_ru, name_en) VALUES ('mine', 'Мои', 'Mine')")
    old.close()
    open_database(data_dir)
    try:
        from companion.store.models import Handoff, ReplyCategory

        assert [(c.slug, c.team) for c in ReplyCategory.select()] == [("mine", False)]
        assert Handoff.select().count() == 0
    finally:
        close_database()
