"""Shared fixtures: a real SQLite file per test, a fake clock, a schedule."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from companion.core.clock import FakeClock  # noqa: E402
from companion.core.schedule import WorkSchedule  # noqa: E402

UTC = timezone.utc


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    return path


@pytest.fixture
def database(data_dir):
    from companion.store.db import close_database, open_database

    database = open_database(data_dir)
    yield database
    close_database()


@pytest.fixture
def clock():
    # Monday 23 November 2026, 10:00 in Moscow (07:00 UTC).
    return FakeClock(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))


@pytest.fixture
def schedule():
    return WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow")


@pytest.fixture
def tickets(database, clock, schedule):
    from companion.core.tickets import TicketService

    return TicketService(clock, schedule)


@pytest.fixture
def settings(database):
    from companion.core.settings import Settings

    s = Settings()
    s.set("timezone", "Europe/Moscow")
    return s
