"""What every notification backend shares: the notice, the backend interfaces the Notifier talks
to, the outcomes a backend reports after its `send` returned, and how a body is escaped for a
server that reads markup. No backend lives here, and nothing here talks to a desktop."""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

ANSWER_TIMEOUT_S = 25.0  # D-Bus's own default: an answer later than this is not waited for


class NotificationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Notice:
    title: str
    body: str  # plain text; each backend escapes it as its server needs


Handle = object  # what a backend returned for a notice it can replace or close later


class Late(Enum):
    """What a backend learns about a notice after its `send` returned."""

    UNCONFIRMED = "unconfirmed"  # handed over, no answer in time: counted as shown, not sent again
    UNDELIVERED = "undelivered"  # not shown after all (refused, or never handed over): shown elsewhere


LateReport = Callable[["Backend", "Handle | None", Notice, Late, str], None]


class Backend(Protocol):
    name: str
    # It tells whether it showed a notice: a failure, even one heard after `send` returned, is
    # reported (raised, or Late.UNDELIVERED). A backend that cannot tell is never the last word.
    confirms: bool
    # An in-app backend that also shows every notice a backend that cannot tell has taken.
    follows_unconfirmed: bool

    def available(self) -> bool: ...

    def send(self, notice: Notice, replaces: Handle | None = None) -> Handle | None:
        """Hand the notice over, in place of `replaces` (a handle this backend returned) where it
        can, without waiting for more than a moment; raise NotificationError if it cannot be handed
        over. Return a handle for the notice, or None when it cannot be taken back (then `withdraw`
        and `is_showing` are never asked about it)."""


class Retractable(Backend, Protocol):
    """A backend whose `send` returns handles: the notices it showed can be closed and asked about."""

    def withdraw(self, handle: Handle) -> None:
        """Close the notice if it is still showing; raise NotificationError if that failed."""

    def is_showing(self, handle: Handle) -> bool:
        """Still on screen, as far as the backend knows (False once the user dismissed it)."""


class Deferred(Protocol):
    """A backend whose `send` returns before the outcome is known, and tells it later, on the Qt
    loop: the Notifier gives it `report` once."""

    def report_late_to(self, report: LateReport) -> None: ...


def body_renders_markup() -> bool:
    """freedesktop notification servers (Linux, BSD) interpret the body as a small HTML subset."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def escape_for_server(text: str) -> str:
    return html.escape(text, quote=False) if body_renders_markup() else text
