"""What the commands share: exit codes, the two errors main() turns into one line, the context a
handler gets, and the helpers more than one command uses.

The parser and the command modules import this, never each other; nothing here parses arguments
or prints a command's answer.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from peewee import Database

    from companion.core.clock import Clock
    from companion.core.settings import Settings
    from companion.core.tickets import TicketService

EXIT_USAGE = 2
EXIT_DATA = 1
EXIT_UNFILLED = 3


class CliError(Exception):
    """A problem with what the user asked for: one line, exit code 2."""


class DataError(Exception):
    """A problem with the data file or its backups, not with the command: one line, exit code 1."""


class Session(NamedTuple):
    """The open data file with the settings and the ticket service every command on it uses."""

    database: Database
    settings: Settings
    tickets: TicketService


@dataclass(frozen=True)
class Context:
    """What a handler gets. Commands on the data call `open()` before reading their arguments, so a
    file that cannot be used is what they report."""

    args: argparse.Namespace
    data_dir: Path
    clock: Clock

    def open(self) -> Session:
        from companion.core.settings import Settings
        from companion.core.tickets import TicketService
        from companion.store.db import open_database

        database = open_database(self.data_dir)
        settings = Settings()
        return Session(database, settings, TicketService(self.clock, settings.schedule(), settings.update_lead()))


def when(text: str | None, session: Session, what: str, echo: list[str] | None = None) -> datetime | None:
    """A typed time read the way the app reads it; `echo` collects the preview to print."""
    from companion.core.timeparse import TimeParseError, read_time
    from companion.core.timetext import preview
    from companion.language import of_settings

    if not text:
        return None
    service = session.tickets
    lang, now = of_settings(session.settings), service.clock.now()
    past = re.fullmatch(r"-\s*(\d{1,4})\s*(m|min|h|d|w)", text.strip().lower())
    if past:  # scripts may set a time in the past on purpose ("--next-update=-30m"); the app never does
        amount, unit = int(past.group(1)), {"m": "minutes", "min": "minutes", "h": "hours", "d": "days",
                                             "w": "weeks"}[past.group(2)]
        return now - timedelta(**{unit: amount})
    try:
        reading = read_time(text, now, service.schedule, lang)
    except TimeParseError as exc:
        raise CliError(f"{what}: {exc}") from None
    if echo is not None:
        echo.append(f"  {what.lstrip('-')}: {preview(reading.at, now, service.schedule.tz, lang, reading.all_day)}")
    return reading.at


def iso(value: datetime | None, tz: tzinfo) -> str | None:
    return value.astimezone(tz).isoformat(timespec="minutes") if value else None


def write_whole(path: Path, text: str) -> None:
    """Write the whole file or none of it, readable by the user only, through a temporary name
    nobody can plant (store.files)."""
    from companion.store.files import write_private

    try:
        write_private(path, text)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
