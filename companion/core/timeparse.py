"""Typed times in Russian and English ("завтра 15:00", "через 2 часа", "friday 4pm", "+2d").

dateparser is imported lazily: it costs tens of milliseconds and is never needed at start-up.
Short offsets (+2d, 2h, 30m, 1w) are handled here without it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc


class TimeParseError(ValueError):
    pass


_OFFSET = re.compile(r"^\+?\s*(\d{1,4})\s*(m|min|h|d|w)$")
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_offset(text: str) -> timedelta | None:
    """'+2d', '2h', '30m', '1w' -> timedelta; None if the text is not such an offset."""
    match = _OFFSET.match(text.strip().lower())
    if not match:
        return None
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """Turn what a person typed into an aware UTC instant, relative to `now` in zone `tz`.

    Accepts ISO dates/times, short offsets and natural language in Russian and English.
    Raises TimeParseError with a message meant for the person who typed it.
    """
    raw = (text or "").strip()
    if not raw:
        raise TimeParseError("no time given")
    offset = parse_offset(raw)
    if offset is not None:
        return (now + offset).astimezone(UTC)
    try:
        iso = datetime.fromisoformat(raw)
    except ValueError:
        iso = None
    if iso is not None:
        if iso.tzinfo is None:
            iso = iso.replace(tzinfo=tz)
        return iso.astimezone(UTC)
    import dateparser  # lazy: see module docstring

    local_now = now.astimezone(tz).replace(tzinfo=None)
    settings = {
        "RELATIVE_BASE": local_now,
        "PREFER_DATES_FROM": "future",
        "TIMEZONE": tz.key,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DAY_OF_MONTH": "first",
    }
    result = dateparser.parse(_normalise(raw), languages=["ru", "en"], settings=settings)
    if result is None:
        raise TimeParseError(f"cannot understand the time {raw!r}; try 'tomorrow 15:00', "
                             "'завтра в 15:00', '+2d' or 2026-12-01 15:00")
    if result.tzinfo is None:
        result = result.replace(tzinfo=tz)
    return result.astimezone(UTC)


def _normalise(text: str) -> str:
    # "friday 4pm" style: dateparser prefers "4 pm"; "15.00" is a common Russian way to write time.
    text = re.sub(r"(\d)(am|pm)\b", r"\1 \2", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(\d{1,2})\.(\d{2})\b(?!\.)", r"\1:\2", text)
    return text
