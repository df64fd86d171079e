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

from companion.core.schedule import WorkSchedule
from companion.core.timeparse import Ambiguous, TimeParseError, parse_offset, parse_when, read_time
from companion.core.timetext import preview

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
        ("2026-12-01", msk(2026, 12, 1, 18, 0)),              # a day alone: the end of its work
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
        with pytest.raises(TimeParseError, match="No time given"):
            parse_when(text, NOW, MSK)
        with pytest.raises(TimeParseError, match="Время не указано"):
            parse_when(text, NOW, MSK, lang="ru")

    @pytest.mark.parametrize("text", ["asdfgh", "qwerty uiop", "???", "когда-нибудь потом"])
    def test_garbage_gets_a_helpful_message_with_examples_in_the_future(self, text):
        with pytest.raises(TimeParseError, match=r"Cannot read .*Try, for example: .*tomorrow 3pm.*Nov 30 2pm"):
            parse(text)
        with pytest.raises(TimeParseError, match=r"Не понимаю .*например: «завтра в 15».*«30\.11 14:00»"):
            parse_when(text, NOW, MSK, lang="ru")

    def test_time_parse_error_is_a_value_error(self):
        assert issubclass(TimeParseError, ValueError)

    def test_impossible_time_of_day_is_refused(self):
        with pytest.raises(TimeParseError):
            parse("завтра в 25:00")


class TestReadings:
    """read_time: the reading, whether it was a day alone, and the questions it asks."""

    SCHEDULE = WorkSchedule.parse("mon-fri 09:00-18:00", MSK)
    WED = datetime(2026, 12, 2, 10, 20, tzinfo=MSK)

    def read(self, text, lang="ru", now=None):
        return read_time(text, now or self.WED, self.SCHEDULE, lang)

    def test_a_day_alone_is_the_end_of_its_working_day_and_says_so(self):
        reading = self.read("в пятницу")
        assert reading.at == msk(2026, 12, 4, 18, 0) and reading.all_day
        assert not self.read("в пятницу в 16").all_day

    def test_a_day_off_alone_is_the_end_of_that_day(self):
        assert self.read("в субботу").at == msk(2026, 12, 6, 0, 0)

    def test_an_hour_that_could_be_morning_or_evening_outside_work_is_asked(self):
        with pytest.raises(Ambiguous) as caught:
            self.read("в 7")
        assert [r.at for r in caught.value.readings] == [msk(2026, 12, 2, 19), msk(2026, 12, 3, 7)]
        assert "сегодня, ср 2 декабря, 19:00 или завтра, чт 3 декабря, 07:00" in str(caught.value)

    def test_a_past_time_is_refused_with_what_it_would_have_been(self):
        with pytest.raises(TimeParseError, match=r"уже прошло \(02\.12\.2026 09:00\)") as caught:
            self.read("сегодня в 9:00")
        assert caught.value.code == "past"

    def test_a_us_date_in_russian_is_refused_with_the_russian_order(self):
        with pytest.raises(TimeParseError, match="месяца 15 не бывает.*15.12"):
            self.read("12/15")
        assert self.read("12/15", "en").at == msk(2026, 12, 15, 18, 0)

    def test_relative_days_across_a_clock_change_are_asked(self):
        berlin = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Berlin")
        now = datetime(2027, 3, 27, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
        with pytest.raises(Ambiguous) as caught:
            read_time("через 2 дня", now, berlin, "ru")
        assert len(caught.value.readings) == 2
        assert read_time("через 2 часа", now, berlin, "ru").at == now + timedelta(hours=2)

    def test_results_are_whole_minutes(self):
        now = datetime(2026, 12, 2, 10, 20, 42, 5, tzinfo=MSK)
        assert self.read("через 2 часа", now=now).at == msk(2026, 12, 2, 12, 20)


class TestPreview:
    def test_russian_preview_names_the_day_the_date_the_time_and_how_far(self):
        now = msk(2026, 12, 2, 11, 20)
        assert preview(msk(2026, 12, 3, 15, 0), now, MSK, "ru") == "завтра, чт 3 декабря, 15:00 (через 1 дн 3 ч)"
        assert preview(msk(2026, 12, 2, 15, 0), now, MSK, "ru") == "сегодня, ср 2 декабря, 15:00 (через 3 ч 40 мин)"

    def test_english_preview(self):
        now = msk(2026, 12, 2, 11, 20)
        assert preview(msk(2027, 1, 5, 9, 0), now, MSK, "en") == "Tue 5 January 2027, 09:00 (in 33 d 21 h)"

    def test_a_day_alone_is_shown_as_the_end_of_its_work(self):
        now = msk(2026, 12, 2, 11, 20)
        assert preview(msk(2026, 12, 4, 18, 0), now, MSK, "ru", all_day=True) == \
            "послезавтра, пт 4 декабря, до конца рабочего дня, 18:00 (через 2 дн 6 ч)"
        assert preview(msk(2026, 12, 6, 0, 0), now, MSK, "en", all_day=True, relative=False) == \
            "Sat 5 December, end of the day"


def test_the_grammar_does_not_load_dateparser():
    code = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from zoneinfo import ZoneInfo\n"
        "from companion.core.timeparse import parse_when\n"
        "now = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)\n"
        "for text in ('завтра в 15', 'пт 16:30', '15.12', 'eod', 'через 2 часа', 'friday 4pm', '+2d',\n"
        "             '2026-12-01 15:00'):\n"
        "    parse_when(text, now, ZoneInfo('Europe/Moscow'))\n"
        "sys.exit(1 if 'dateparser' in sys.modules else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or "dateparser was imported for a phrase the grammar knows"



class TestReviewFindings:
    """Phrases a reviewer found misread; each now reads right, is asked or refused."""

    WED = datetime(2026, 12, 2, 10, 20, tzinfo=ZoneInfo("Europe/Berlin"))
    OFFICE = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Berlin")

    def read(self, text, lang="ru", now=None, schedule=None):
        return read_time(text, now or self.WED, schedule or self.OFFICE, lang)

    def berlin(self, *args):
        return datetime(*args, tzinfo=ZoneInfo("Europe/Berlin"))

    @pytest.mark.parametrize("text, lang, meant", [
        ("в конце недели в 15", "ru", (2026, 12, 4, 15, 0)),
        ("end of week 3pm", "en", (2026, 12, 4, 15, 0)),
        ("в конце месяца в 15", "ru", (2026, 12, 31, 15, 0)),
        ("в конце следующей недели в 12", "ru", (2026, 12, 11, 12, 0)),
        ("во вторник на следующей неделе", "ru", (2026, 12, 8, 18, 0)),
        ("tuesday next week", "en", (2026, 12, 8, 18, 0)),
        ("15:00 мск", "ru", (2026, 12, 2, 13, 0)),
        ("15:00 UTC", "en", (2026, 12, 2, 16, 0)),
        ("15-00", "ru", (2026, 12, 2, 15, 0)),
    ])
    def test_read_right(self, text, lang, meant):
        assert self.read(text, lang).at == self.berlin(*meant)

    @pytest.mark.parametrize("text, lang", [
        ("14-16", "ru"), ("завтра 10-12", "ru"), ("в выходные в 12", "ru"), ("next week at 3pm", "en"),
        ("3pm EST", "en"), ("01.12", "ru"), ("December 1", "en"), ("через 999 рабочих дней", "ru"),
        ("next year", "en"), ("через 9999 недель", "ru"),
    ])
    def test_refused_with_a_message(self, text, lang):
        with pytest.raises(TimeParseError) as caught:
            self.read(text, lang)
        assert not isinstance(caught.value, Ambiguous)

    @pytest.mark.parametrize("text, now", [
        ("в пятницу", datetime(2026, 12, 4, 9, 0)),          # said on a Friday: today or next week?
        ("3/12", datetime(2026, 12, 7, 9, 40)),              # English: 12 March, or 3 December (gone)
        ("в 2:30 ночи", datetime(2027, 3, 27, 22, 0)),       # the clocks jump from 02:00 to 03:00
    ])
    def test_asked(self, text, now):
        with pytest.raises(Ambiguous):
            self.read(text, "en" if "/" in text else "ru", now=now.replace(tzinfo=ZoneInfo("Europe/Berlin")))

    def test_today_on_a_night_shift_is_this_night(self):
        nights = WorkSchedule.parse("mon-fri 22:00-06:00", "Europe/Berlin")
        now = self.berlin(2026, 12, 3, 3, 0)  # Thursday 03:00, still Wednesday's night
        for text in ("сегодня", "до конца дня", "eod"):
            assert self.read(text, now=now, schedule=nights).at == self.berlin(2026, 12, 3, 6, 0), text
