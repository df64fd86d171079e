"""Typed times: what an agent types into the "due" / "promised" box.

"Now" is Monday 23 Nov 2026, 10:00 UTC = 13:00 in Moscow (UTC+3, no DST).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from companion.core.timeparse import TimeParseError, parse_offset, parse_when

UTC = timezone.utc
MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def msk(*args) -> datetime:
    return datetime(*args, tzinfo=MSK)


def parse(text: str) -> datetime:
    return parse_when(text, NOW, MSK)


class TestShortOffsets:
    @pytest.mark.parametrize("text, delta", [
        ("+2d", timedelta(days=2)),
        ("2d", timedelta(days=2)),
        ("2h", timedelta(hours=2)),
        ("+ 3h", timedelta(hours=3)),
        ("30m", timedelta(minutes=30)),
        ("45min", timedelta(minutes=45)),
        ("1w", timedelta(weeks=1)),
        ("  2H ", timedelta(hours=2)),
    ])
    def test_offsets_are_added_to_now(self, text, delta):
        assert parse_offset(text) == delta
        assert parse(text) == NOW + delta

    @pytest.mark.parametrize("text", ["tomorrow", "2 hours", "-2h", "2y", "h", ""])
    def test_other_text_is_not_an_offset(self, text):
        assert parse_offset(text) is None

    def test_offset_results_are_utc(self):
        assert parse("+2d").utcoffset() == timedelta(0)


class TestNaturalLanguage:
    @pytest.mark.parametrize("text, expected", [
        ("завтра 15:00", msk(2026, 11, 24, 15, 0)),
        ("завтра в 15:00", msk(2026, 11, 24, 15, 0)),
        ("завтра 15.00", msk(2026, 11, 24, 15, 0)),          # a common Russian way to write time
        ("через 2 часа", msk(2026, 11, 23, 15, 0)),
        ("через 30 минут", msk(2026, 11, 23, 13, 30)),
        ("сегодня 18:00", msk(2026, 11, 23, 18, 0)),
        ("в пятницу в 16:00", msk(2026, 11, 27, 16, 0)),
        ("пятница 16:00", msk(2026, 11, 27, 16, 0)),
        ("в понедельник в 10:00", msk(2026, 11, 30, 10, 0)),  # today is Monday: the next one
        ("friday 4pm", msk(2026, 11, 27, 16, 0)),
        ("Friday 4 PM", msk(2026, 11, 27, 16, 0)),
        ("monday 10am", msk(2026, 11, 30, 10, 0)),
        ("tomorrow 15:00", msk(2026, 11, 24, 15, 0)),
        ("in 2 hours", msk(2026, 11, 23, 15, 0)),
        ("10:00", msk(2026, 11, 24, 10, 0)),                  # already past today: tomorrow
        ("17:00", msk(2026, 11, 23, 17, 0)),                  # still ahead today: today
    ])
    def test_phrases_relative_to_now_in_the_agent_s_zone(self, text, expected):
        result = parse(text)
        assert result.astimezone(MSK) == expected
        assert result.utcoffset() == timedelta(0)

    @pytest.mark.parametrize("text, zone, expected_local", [
        ("15:00", "Europe/Moscow", datetime(2026, 11, 23, 15, 0)),      # 2 hours ahead: today
        ("в 15:00", "Europe/Moscow", datetime(2026, 11, 23, 15, 0)),
        ("at 3pm", "Europe/Moscow", datetime(2026, 11, 23, 15, 0)),
        ("03:00", "America/New_York", datetime(2026, 11, 24, 3, 0)),    # past at 05:00: tomorrow
    ])
    def test_bare_time_of_day_is_the_next_such_time(self, text, zone, expected_local):
        tz = ZoneInfo(zone)
        assert parse_when(text, NOW, tz) == expected_local.replace(tzinfo=tz)

    def test_now_given_in_another_zone_means_the_same_instant(self):
        assert parse_when("завтра 15:00", NOW.astimezone(MSK), MSK) == msk(2026, 11, 24, 15)

    def test_the_agent_s_zone_decides_the_wall_clock(self):
        berlin = ZoneInfo("Europe/Berlin")
        assert parse_when("завтра 15:00", NOW, berlin) == datetime(2026, 11, 24, 15, tzinfo=berlin)

    def test_the_machine_clock_is_not_consulted(self):
        # The system clock says summer 2030; parsing is still relative to the `now` passed in.
        with time_machine.travel(datetime(2030, 6, 15, 12, 0, tzinfo=UTC), tick=False):
            assert parse("завтра 15:00") == msk(2026, 11, 24, 15, 0)
            assert parse("friday 4pm") == msk(2026, 11, 27, 16, 0)
            assert parse("2h") == NOW + timedelta(hours=2)

    def test_russian_day_month_date_with_time(self):
        assert parse("25.12 10:00") == msk(2026, 12, 25, 10, 0)

    def test_russian_full_date_is_day_first(self):
        assert parse("01.12.2026 15:00") == msk(2026, 12, 1, 15, 0)


class TestIso:
    @pytest.mark.parametrize("text, expected", [
        ("2026-12-01 15:00", msk(2026, 12, 1, 15, 0)),          # no zone: the agent's zone
        ("2026-12-01T15:00", msk(2026, 12, 1, 15, 0)),
        ("2026-12-01", msk(2026, 12, 1, 0, 0)),
        ("2026-12-01T15:00:00+01:00", datetime(2026, 12, 1, 14, 0, tzinfo=UTC)),
        ("2026-12-01T15:00:00+00:00", datetime(2026, 12, 1, 15, 0, tzinfo=UTC)),
        ("2026-12-01T15:00Z", datetime(2026, 12, 1, 15, 0, tzinfo=UTC)),
    ])
    def test_iso_strings(self, text, expected):
        result = parse(text)
        assert result == expected
        assert result.utcoffset() == timedelta(0)


class TestNotUnderstood:
    @pytest.mark.parametrize("text", ["", "   ", None])
    def test_nothing_typed(self, text):
        with pytest.raises(TimeParseError, match="no time given"):
            parse_when(text, NOW, MSK)

    @pytest.mark.parametrize("text", ["asdfgh", "qwerty uiop", "???", "когда-нибудь потом"])
    def test_garbage_gets_a_helpful_message(self, text):
        with pytest.raises(TimeParseError, match=r"cannot understand the time .*try 'tomorrow 15:00'"):
            parse(text)

    def test_time_parse_error_is_a_value_error(self):
        assert issubclass(TimeParseError, ValueError)

    def test_impossible_time_of_day_is_refused(self):
        with pytest.raises(TimeParseError):
            parse("завтра в 25:00")


def test_offsets_and_iso_do_not_load_dateparser():
    """The module promises dateparser is imported lazily (it is slow to import)."""
    code = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from zoneinfo import ZoneInfo\n"
        "from companion.core.timeparse import parse_when\n"
        "now = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)\n"
        "parse_when('+2d', now, ZoneInfo('Europe/Moscow'))\n"
        "parse_when('2026-12-01 15:00', now, ZoneInfo('Europe/Moscow'))\n"
        "sys.exit(1 if 'dateparser' in sys.modules else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr or "dateparser was imported eagerly"
