"""The bounds every stored value keeps, checked in one place at the door.

A value the store accepts must never break a later read: an instant in year 9999 makes every
list, export and start-up fail ("year 10000 is out of range"), a 120 KB "name" bloats every
reply, a NUL or a key made only of invisible characters cannot be typed back. The ticket input,
the JSON import and the settings all ask here; the message names the field and says what fits.

What this module does not do: it knows no storage and no Qt; callers wrap LimitError in their own
error type (ValidationError, TransferError, SettingError) so the user sees one line.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone

UTC = timezone.utc
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)  # nothing a support agent records happened before
LATEST = datetime(2200, 1, 1, tzinfo=UTC)  # far beyond any promise; far below datetime's year 9999
MAX_SECONDS = 10 * 366 * 24 * 3600  # a duration (a paused ticket's remaining time): ten years

# Longest text per field, in characters.
LENGTHS = {"key": 64, "client": 500, "contact": 500, "subject": 500, "url": 2048, "notes": 20000, "note": 20000,
           "template": 200, "channel": 32, "agent_name": 100}


class LimitError(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name


def instant(value: datetime | None, field_name: str) -> datetime | None:
    """An aware instant between 1970 and 2200, or None."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise LimitError(field_name, f"{field_name} has no time zone")
    if not EARLIEST <= value <= LATEST:
        raise LimitError(field_name, f"{field_name} {value.isoformat()} is outside 1970–2200")
    return value


def epoch(value: int, field_name: str) -> int:
    """Seconds since 1970 within the same bounds."""
    if not EARLIEST.timestamp() <= value <= LATEST.timestamp():
        raise LimitError(field_name, f"{field_name} {value} is outside 1970–2200 (seconds since 1970)")
    return value


def seconds(value: object, field_name: str) -> int | None:
    """A whole, non-negative number of seconds up to ten years, or None (booleans are not numbers)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SECONDS:
        raise LimitError(field_name, f"{field_name}: expected whole seconds from 0 to {MAX_SECONDS}")
    return value


def flag(value: object, field_name: str) -> bool:
    """true or false: not "no" (which is truthy), not 1."""
    if not isinstance(value, bool):
        raise LimitError(field_name, f"{field_name}: expected true or false, not {value!r}")
    return value


def text(value: str, field_name: str, multiline: bool = False) -> str:
    """Text of the field's length at most, without NUL or other control characters (line breaks
    and tabs only where the field has lines)."""
    limit = LENGTHS.get(field_name, 100_000)
    if len(value) > limit:
        raise LimitError(field_name, f"the {field_name} is {len(value)} characters long; at most {limit}")
    allowed = "\n\t\r" if multiline else ""
    for ch in value:
        if unicodedata.category(ch) == "Cc" and ch not in allowed:
            raise LimitError(field_name, f"the {field_name} contains a control character (U+{ord(ch):04X})")
    return value


def visible(value: str, field_name: str) -> str:
    """Something one can see and type back: not only zero-width, bidi or other format characters."""
    if value and all(unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp", "Mn") for ch in value):
        raise LimitError(field_name, f"the {field_name} has no visible characters")
    return value

