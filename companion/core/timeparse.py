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
    for hh, mm in re.findall(r"(?<![\d.])(\d{1,2}):(\d{2})(?!\d)", raw):
        if int(hh) > 23 or int(mm) > 59:
            raise TimeParseError(f"{hh}:{mm} is not a time of day")
    import dateparser  # lazy: see module docstring

    # Work on the agent's wall clock: dateparser compares with RELATIVE_BASE in local time.
    local_now = now.astimezone(tz).replace(tzinfo=None)
    settings = {
        "RELATIVE_BASE": local_now,
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "first",
    }
    if re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", raw):
        settings["DATE_ORDER"] = "DMY"  # 01.12.2026 is the 1st of December
    result = dateparser.parse(_normalise(raw), languages=["ru", "en"], settings=settings)
    if result is None:
        raise TimeParseError(f"cannot understand the time {raw!r}; try 'tomorrow 15:00', "
                             "'завтра в 15:00', '+2d' or 2026-12-01 15:00")
    if result.tzinfo is None:
        result = result.replace(tzinfo=tz)
    return result.astimezone(UTC)


def _normalise(text: str) -> str:
    # "friday 4pm": dateparser prefers "4 pm".
    text = re.sub(r"(\d)(am|pm)\b", r"\1 \2", text, flags=re.IGNORECASE)
    # "завтра в 15.30" writes a time with a dot. A bare "25.12" is a date, so the last H.MM is
    # read as a time only when words say which day it is and no H:MM time is given already.
    if re.search(r"[^\W\d_]", text) and not re.search(r"\d:\d{2}", text):
        text = re.sub(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])(?!.*\d\.\d)", r"\1:\2", text)
    return text
