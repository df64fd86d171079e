"""Typed times in Russian and English: what an agent types into "next update by", "promised by"
and "snooze until" ("завтра в 15", "пт 16:30", "15.12", "к обеду", "eod", "через 2 часа").

A grammar written for the short forms agents type comes first; it knows the agent's schedule, so
"до конца дня" is the end of *their* working day and "в пятницу" (a day with no time) is the end
of Friday's work. dateparser is kept for the long tail, imported lazily (tens of milliseconds) and
trusted only when its answer keeps every number that was typed and lies ahead.

What this module refuses to do: guess. A reading in the past, an hour other than the one typed, or
a phrase nothing here is sure of raises TimeParseError with a message in the interface language
and an example that lies in the future; a phrase with two sensible readings ("в 7": 07:00 or
19:00?) raises Ambiguous with both, for the interface to offer.

One module, long on purpose: the grammar's rules read each other's tables (day names, parts of
the day, the bare-hour rule) and are checked as one against the phrase corpora in tests/core;
split, each half would need the other's internals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import TypeAlias
from zoneinfo import ZoneInfo

from companion.core.schedule import DEFAULT_SPEC, ScheduleError, WorkSchedule
from companion.core.timetext import preview

UTC = timezone.utc
LANGS = ("ru", "en")


@dataclass(frozen=True)
class Reading:
    """One understanding of a typed time."""

    at: datetime  # UTC, whole minutes
    all_day: bool = False  # a day without a time of day: the end of that day's work
    source: str = "grammar"  # grammar | relative | iso | library


class TimeParseError(ValueError):
    """The text is not a usable future time; str() is the message for the person who typed it."""

    def __init__(self, message: str, code: str = "unknown"):
        super().__init__(message)
        self.code = code


class Ambiguous(TimeParseError):
    """Two or more sensible readings: the interface shows them and lets the agent choose."""

    def __init__(self, message: str, readings: tuple[Reading, ...]):
        super().__init__(message, "ambiguous")
        self.readings = readings


# -- messages ---------------------------------------------------------------------------------------
_MESSAGES = {
    "empty": ("Время не указано. Например: {example}", "No time given. For example: {example}"),
    "unknown": ("Не понимаю «{text}». Напишите, например: {example}",
                "Cannot read “{text}”. Try, for example: {example}"),
    "past": ("«{text}» — это уже прошло ({when}). Нужно время в будущем, например: {example}",
             "“{text}” has already passed ({when}). A future time is needed, for example: {example}"),
    "bad_time": ("{value} — такого времени суток нет", "{value} is not a time of day"),
    "bad_date": ("{value} — такой даты нет", "{value} is not a date"),
    "us_date": ("«{text}»: месяца {month} не бывает; дату пишут как день.месяц, например: {example}",
                "“{text}”: there is no month {month}; write the day first, for example: {example}"),
    "ambiguous": ("«{text}» можно понять по-разному: {options}", "“{text}” could mean: {options}"),
    "far": ("«{text}» — это больше чем через два года", "“{text}” is more than two years away"),
    "zone": ("«{text}»: время указано в другом часовом поясе ({zone}); напишите его по вашим часам",
             "“{text}” names another time zone ({zone}); write it by your own clock"),
    "gap": ("В эту ночь переводят часы: {value} не наступит. Выберите: {options}",
            "The clocks change that night: {value} never happens. Choose: {options}"),
}


def _msg(code: str, lang: str, **params: object) -> str:
    ru, en = _MESSAGES[code]
    return (ru if lang == "ru" else en).format(**params)


def _examples(now: datetime, tz: ZoneInfo, lang: str) -> str:
    """Examples that are always ahead of `now`: a date a week away, never a fixed one."""
    later = now.astimezone(tz).date() + timedelta(days=7)
    date_text = f"{later.day:02d}.{later.month:02d} 14:00"
    if lang == "ru":
        return f"«завтра в 15», «пт 16:30», «через 2 часа», «{date_text}», «до конца дня»"
    return f"“tomorrow 3pm”, “fri 16:30”, “in 2 hours”, “{_EN_MONTH_ABBR[later.month - 1]} {later.day} 2pm”, “eod”"


# -- vocabulary -----------------------------------------------------------------------------------
_RU_MONTHS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_EN_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_WORD = (
    r"(?P<mon>январ[ьяе]|янв|феврал[ьяе]|фев|март[ае]?|мар|апрел[ьяе]|апр|ма[яйе]|июн[ьяе]|июн|"
    r"июл[ьяе]|июл|август[ае]?|авг|сентябр[ьяе]|сент?|октябр[ьяе]|окт|ноябр[ьяе]|нояб?|декабр[ьяе]|дек|"
    r"january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|"
    r"october|oct|november|nov|december|dec)\.?")
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _month_number(word: str) -> int:
    word = word.rstrip(".")
    if word[0] in "abcdefghijklmnopqrstuvwxyz":
        return _EN_MONTHS.index(word[:3]) + 1
    if word.startswith("ма"):
        return 3 if word.startswith("мар") else 5
    for i, stem in enumerate(_RU_MONTHS):
        if word.startswith(stem):
            return i + 1
    raise ValueError(word)


_WEEKDAY_WORD = (
    r"(?P<wd>понедельник[аеу]?|пн|вторник[аеу]?|вт|сред[ауеы]|ср|четверг[аеу]?|чт|пятниц[ауеы]|пт|"
    r"суббот[ауеы]|сб|воскресень[еяю]|вс|mondays?|mon|tuesdays?|tues?|wednesdays?|wed|thursdays?|"
    r"thur?s?|fridays?|fri|saturdays?|sat|sundays?|sun)\.?")
_WD_STEMS = (("пон", "пн", "mon"), ("вто", "вт", "tue"), ("сре", "ср", "wed"), ("чет", "чт", "thu"),
             ("пят", "пт", "fri"), ("суб", "сб", "sat"), ("вос", "вс", "sun"))


def _weekday_number(word: str) -> int:
    word = word.rstrip(".")
    for i, stems in enumerate(_WD_STEMS):
        if any(word.startswith(s) for s in stems):
            return i
    raise ValueError(word)


_NUMBER_WORDS = {
    "один": 1, "одна": 1, "одну": 1, "два": 2, "две": 2, "пару": 2, "пара": 2, "три": 3, "четыре": 4,
    "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "полтора": 1.5,
    "полторы": 1.5, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "couple of": 2, "a few": None,
}
_UNIT_WORDS = (
    ("minutes", r"м|мин\.?|минут[ауы]?|mins?|minutes?|m"),
    ("hours", r"ч\.?|час(?:а|ов)?|h|hrs?|hours?"),
    ("days", r"д\.?|дн\.?|день|дня|дней|сут(?:ок|ки)?|d|days?"),
    ("weeks", r"нед\.?|недел[юиь]|w|wks?|weeks?"),
)
_UNIT = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _UNIT_WORDS)
_AMOUNT = r"(?P<num>\d{1,4}(?:[.,]\d{1,2})?|" + "|".join(
    re.escape(w) for w in sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"


# -- normalising --------------------------------------------------------------------------------------
def _normalise(text: str) -> str:
    t = text.strip().lower().replace("ё", "е").replace("\u00a0", " ")
    t = re.sub(r"(?<=\d)\s*(?:a\.m\.?|am)(?!\w)", " am", t)
    t = re.sub(r"(?<=\d)\s*(?:p\.m\.?|pm)(?!\w)", " pm", t)
    t = re.sub(r"\s*o['’]?\s*clock\b", " oclock", t)  # "3 o'clock" is an hour
    # "пт16", "завтра15:00": a day word glued to its time
    t = re.sub(r"\b(пн|вт|ср|чт|пт|сб|вс|mon|tue|wed|thu|fri|sat|sun|завтра|сегодня|today|tomorrow)(?=\d)", r"\1 ", t)
    t = re.sub(r"(?<!\d),|,(?!\d)", " ", t)  # "завтра, 15:00"; keeps "1,5"
    t = re.sub(r"[!?;«»“”\"']+", " ", t)
    t = re.sub(r"\s+", " ", t).strip(" .")
    return t


# Words that carry no meaning of their own: prepositions and politeness around a time.
_FILLERS = {
    "в", "во", "к", "ко", "до", "на", "по", "около", "примерно", "часам", "часов", "числа",
    "не", "позднее", "позже", "крайний", "срок", "где-то", "ближе", "at", "on", "by", "before",
    "until", "till", "til", "around", "about", "the", "this", "of", "o'clock", "oclock", "-", "г",
    "not", "ориентировочно", "желательно", "постараюсь", "approximately", "roughly", "ideally",
    "г.", "года", "год", "and", "и", "latest", "no", "later", "than", "сегодняшнего", "from", "now",
}


# -- the grammar ------------------------------------------------------------------------------------------
@dataclass
class _Parts:
    day: date | None = None  # a fixed calendar day
    year_given: bool = True
    rel_day: int | None = None  # today 0, tomorrow 1, the day after 2
    weekday: int | None = None
    next_week: bool = False  # "next monday", "в следующий понедельник"
    explicit_next: bool = False  # "tuesday next week": the week is named, nothing to ask
    hour: int | None = None
    minute: int = 0
    explicit: bool = False  # the hour cannot be 12 hours off (15:00, 09:30, 3pm, 3 часа дня)
    part: str | None = None  # morning | lunch | eod | eow | eom
    dotted: tuple[int, int, bool] | None = None  # "15.12" or "10.30": a date or a time, decided later
    words: int = 0  # how many things were recognised


class _Unknown(Exception):
    pass


_EXCLUSIVE = ("day", "rel_day", "weekday", "hour", "part", "dotted")


def _set(parts: _Parts, **values: object) -> None:
    for name, value in values.items():
        current = getattr(parts, name)
        if name in _EXCLUSIVE and current is not None and current != value:
            raise _Unknown  # two days or two times in one phrase
        setattr(parts, name, value)
    parts.words += 1


def _hour_from(h: int, m: int, meridiem: str | None) -> tuple[int, bool]:
    """(24-hour hour, explicit?) from a clock reading and an am/pm-like word."""
    if m > 59:
        raise ValueError
    if meridiem in ("am", "утра", "ночи"):
        if not 1 <= h <= 12:
            raise ValueError
        return (0 if h == 12 else h), True
    if meridiem in ("pm", "дня", "вечера"):
        if not 1 <= h <= 12:
            raise ValueError
        return (h if h == 12 else h + 12), True
    if h > 24 or (h == 24 and m):
        raise ValueError
    return h, h == 0 or h >= 13


# A rule's handler records what its match says in the parts (or raises).
_Handler: TypeAlias = "Callable[[_Parts, re.Match[str], _Context], None]"
_RULES: list[tuple[re.Pattern[str], _Handler]] = []


def _rule(pattern: str) -> Callable[[_Handler], _Handler]:
    def register(handler: _Handler) -> _Handler:
        _RULES.append((re.compile(pattern), handler))
        return handler
    return register


_MERIDIEM = r"(?:\s*(?P<mer>am|pm|утра|дня|вечера|ночи))?"


@_rule(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})\b")
def _full_dotted(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    _set(parts, day=_date(year, int(m["m"]), int(m["d"]), m[0], ctx))


@_rule(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?\b")
def _slashed(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    a, b = int(m["a"]), int(m["b"])
    year = None if m["y"] is None else int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    if ctx.lang == "en" and a <= 12 and b <= 12 and a != b:
        ctx.slash_alternatives = ((a, b), (b, a))  # month/day or day/month: asked later
        day, month = b, a
    elif ctx.lang == "en" and a <= 12:
        day, month = b, a
    else:
        day, month = a, b
        if month > 12:
            raise TimeParseError(_msg("us_date", ctx.lang, text=ctx.raw, month=month,
                                      example=f"{b}.{a:02d}" if a <= 12 else _examples(ctx.now, ctx.tz, ctx.lang)),
                                 "us_date")
    _set(parts, day=_date(year or ctx.today.year, month, day, m[0], ctx), year_given=year is not None)


@_rule(r"\b(?P<d>\d{1,2})(?:-?(?:го|е|ого|st|nd|rd|th))?\s+(?:of\s+)?" + _MONTH_WORD
       + r"(?:\s+(?P<y>\d{4})(?:\s*(?:г\.?|года))?)?(?![\w])")
def _day_month(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    year = int(m["y"]) if m["y"] else ctx.today.year
    _set(parts, day=_date(year, _month_number(m["mon"]), int(m["d"]), m[0], ctx), year_given=bool(m["y"]))


@_rule(r"(?<![\w])" + _MONTH_WORD + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!:)(?:\s+(?P<y>\d{4})\b)?")
def _month_day(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    year = int(m["y"]) if m["y"] else ctx.today.year
    _set(parts, day=_date(year, _month_number(m["mon"]), int(m["d"]), m[0], ctx), year_given=bool(m["y"]))


@_rule(r"\b(?P<d>\d{1,2})\s*(?:-?го\s+)?числа\b|\b(?P<d2>\d{1,2})-(?:го|му|е|ое)\b")
def _day_of_month(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    digits = m["d"] or m.groupdict().get("d2")  # _ordinal_day's match has only "d"
    assert digits is not None  # one of the two alternatives matched
    day, today = int(digits), ctx.today
    month, year = today.month, today.year
    if day < today.day:
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    _set(parts, day=_date(year, month, day, m[0], ctx))


@_rule(r"\b(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?[a-z]{3})")
def _ordinal_day(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    # "on the 15th", "by the 1st": that day of this month or the next
    _day_of_month(parts, m, ctx)


@_rule(r"\b(?:послезавтра|(?:the\s+)?day\s+after\s+tomorrow|overmorrow)\b")
def _after_tomorrow(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set(parts, rel_day=2)


@_rule(r"\b(?:завтра|завтар|завтро|зватра|завтрашнего\s+дня|tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tmrow)\b")
def _tomorrow(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set(parts, rel_day=1)


@_rule(r"\b(?:вчера|yesterday|позавчера)\b")
def _yesterday(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set(parts, rel_day=-2 if m[0] == "позавчера" else -1)


@_rule(r"\b(?:сегодня|today|tonight)\b")
def _today(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set(parts, rel_day=0)
    if m[0] == "tonight":
        _set(parts, part="eod")


@_rule(r"(?:\b(?P<next>следующ(?:ий|ую|ей|его|ая|ее)|next)\s+)?(?<![\w])" + _WEEKDAY_WORD + r"(?![\w])")
def _weekday(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set(parts, weekday=_weekday_number(m["wd"]))
    if m["next"]:
        parts.next_week = True


@_rule(r"\b(?:(?:до|к|в|на|by|at|until|till)\s+)?(?:конц[аеу]|end\s+of)\s+(?:(?:the|this)\s+)?(?:рабочей\s+)?"
       r"(?P<next>следующей\s+|next\s+)?(?:(?:рабочей|working|work)\s+)?(?:недели|week|work\s*week)\b|\beow\b|"
       r"\bна\s+этой\s+неделе\b|\bthis\s+week\b")
def _end_of_week(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set(parts, part="eow_next" if m["next"] else "eow")


# Parts of the working day and week that name no clock time: their times come from the schedule
# (see _part_of_day). "на следующей неделе" has two sensible ends and is asked.
_PARTS = {
    "next_week": r"\b(?:на\s+следующей\s+неделе|next\s+week|(?:в\s+)?следующую\s+неделю)\b",
    "weekend": r"\b(?:в|на|за|до|к)\s+выходны[ех]\b|\b(?:over|on|at|by|this|during)\s+(?:the\s+)?weekend\b|"
               r"\bна\s+выходных\b",
    "eom": r"\b(?:(?:до|к|в|by|at)\s+)?(?:конц[аеу]|end\s+of)\s+(?:(?:the|this)\s+)?(?:месяца|month)\b|\beom\b",
    "eod": r"\b(?:(?:до|к|в|by|at)\s+)?(?:конц[аеу]|end\s+of)\s+(?:(?:the|this)\s+)?(?:рабочего\s+)?"
           r"(?:дня|day|business\s+day|working\s+day|work\s*day|business)\b|\b(?:eod|cob|eob)\b|"
           r"\bclose\s+of\s+(?:business|play)\b|\bконец\s+дня\b|\b(?:до|к)\s+вечера\b|\bвечером\b|"
           r"\b(?:this|in\s+the)\s+evening\b|\bevening\b|\bв\s+течение\s+(?:рабочего\s+)?дня\b|"
           r"\b(?:within|during)\s+the\s+(?:working\s+)?day\b|\bпосле\s+обеда\b|\bдн[её]м\b|"
           r"\b(?:this|in\s+the)\s+afternoon\b|\bafternoon\b|\bк\s+вечеру\b",
    "start": r"\b(?:first\s+thing(?:\s+in\s+the\s+morning)?|с\s+самого\s+утра|(?:в\s+)?начал[ое]\s+(?:рабочего\s+)?дня|"
             r"(?:at\s+the\s+)?start\s+of\s+(?:the\s+)?(?:working\s+|business\s+)?day)\b",
    "morning": r"\b(?:утром|с\s+утра|(?:in\s+the\s+|this\s+)?morning)\b",
    "lunch": r"\b(?:(?:к|до|перед)\s+обедом|(?:к|до)\s+обед[ау]|(?:by|before)\s+lunch(?:time)?|lunchtime)\b",
}


def _part_rule(name: str) -> _Handler:
    def handler(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
        _set(parts, part=name)
    return handler


for _name, _pattern in _PARTS.items():
    _rule(_pattern)(_part_rule(_name))


@_rule(r"\b(?:полдень|полудня|noon|midday|12\s+noon)\b")
def _noon(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set(parts, hour=12, minute=0)
    parts.explicit = True


@_rule(r"(?<![\d\w])час\s+(?P<mer>дня|ночи)\b")
def _one_oclock(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:  # "в час дня" is 13:00
    _set_clock(parts, m, 1, 0, ctx)


@_rule(r"\b(?P<kind>half\s+past|quarter\s+past|quarter\s+to)\s+(?P<h>\d{1,2})" + _MERIDIEM + r"\b")
def _english_quarters(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    h, kind = int(m["h"]), m["kind"].split()[0] + m["kind"].split()[-1]
    hour, minute = {"halfpast": (h, 30), "quarterpast": (h, 15), "quarterto": ((h - 1) or 12, 45)}[kind]
    _set_clock(parts, m, hour, minute, ctx)


@_rule(r"\b(?:полночь|полуночи|midnight)\b")
def _midnight(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set(parts, hour=24, minute=0)
    parts.explicit = True


@_rule(r"(?<![\d.:/])(?P<h>\d{1,2})\s*[:ч]\s*(?P<m>\d{2})(?:\s*мин\.?)?" + _MERIDIEM + r"(?![\d:])")
def _clock(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set_clock(parts, m, int(m["h"]), int(m["m"]), ctx)


@_rule(r"(?<![\d.:/])(?P<h>\d{1,2})-(?P<m>\d{2})(?![\d/-])" + _MERIDIEM)
def _dashed_clock(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:  # "15-00", a common Russian habit
    if m["m"] != "00" and int(m["m"]) <= 24:
        raise _Unknown  # "14-16", "10-12": a range of hours, not 14:16
    _set_clock(parts, m, int(m["h"]), int(m["m"]), ctx)


@_rule(r"(?<![\d.:/])(?P<h>\d{1,2})\s*(?:ч\.?|час(?:а|ов)?|h|oclock)(?:\s+(?P<m>\d{1,2})\s*(?:мин(?:ут)?\.?|m))?"
       + _MERIDIEM + r"(?![\w])")
def _hours_word(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    # "в 15 ч", "в 3 часа дня", "10 часов утра", "15ч 30 мин"
    _set_clock(parts, m, int(m["h"]), int(m["m"] or 0), ctx)


@_rule(r"(?<![\d.:/])(?P<h>\d{1,2})\s*(?P<mer>am|pm|утра|дня|вечера|ночи)\b")
def _hour_meridiem(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    _set_clock(parts, m, int(m["h"]), 0, ctx)


@_rule(r"(?<![\d.:/])(?P<a>\d{1,2})\.(?P<b>\d{2})(?![\d.:/])" + _MERIDIEM)
def _dotted(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    if m["mer"]:
        _set_clock(parts, m, int(m["a"]), int(m["b"]), ctx)
    else:
        _set(parts, dotted=(int(m["a"]), int(m["b"]), m["a"].startswith("0")))


@_rule(r"(?<![\d.:/])(?P<a>\d{1,2})\.(?P<b>\d)(?![\d.:/])")
def _dotted_short(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    # "5.1" is 5 January; nobody writes a time like that
    _set(parts, day=_date(ctx.today.year, int(m["b"]), int(m["a"]), m[0], ctx), year_given=False)


@_rule(r"(?<![\d.:/])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?![\d.:/])" + _MERIDIEM)
def _four_digits(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:  # "thu 0900", "1530"
    _set_clock(parts, m, int(m["h"]), int(m["m"]), ctx)
    parts.explicit = True


@_rule(r"(?<![\d.:/])(?P<h>\d{1,2})(?![\d.:/])" + _MERIDIEM)
def _bare_hour(parts: _Parts, m: re.Match[str], ctx: _Context) -> None:
    # A lone number is an hour only next to a preposition or a day: "в 16", "к 9", "mon 9".
    _set_clock(parts, m, int(m["h"]), 0, ctx)


def _set_clock(parts: _Parts, m: re.Match[str], h: int, minute: int, ctx: _Context) -> None:
    try:
        hour, explicit = _hour_from(h, minute, m.groupdict().get("mer"))
    except ValueError:
        raise TimeParseError(_msg("bad_time", ctx.lang, value=m[0].strip()), "bad_time") from None
    text = m[0].strip()
    if re.match(r"0\d", text) or (h >= 13) or h == 0:
        explicit = True  # "09:30" was written in 24-hour form on purpose
    _set(parts, hour=hour, minute=minute)
    parts.explicit = parts.explicit or explicit


def _date(year: int, month: int, day: int, text: str, ctx: _Context) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise TimeParseError(_msg("bad_date", ctx.lang, value=text.strip()), "bad_date") from None


@dataclass
class _Context:
    raw: str
    now: datetime
    tz: ZoneInfo
    schedule: WorkSchedule
    lang: str
    today: date
    shift_today: date  # the day of the shift `now` belongs to (the calendar day but on nights)
    slash_alternatives: tuple[tuple[int, int], tuple[int, int]] | None = None  # (month, day) both ways




# -- relative phrases -----------------------------------------------------------------------------------
_REL = re.compile(
    rf"^(?:через|in|within|в\s+течение|за|\+)?\s*(?:(?P<half>полчаса|пол\s*часа|half\s+an\s+hour|half\s+hour|"
    rf"an\s+hour\s+and\s+a\s+half|полтора\s+часа)|{_AMOUNT}?\s*(?P<biz>рабоч(?:их|ий|ая|ую)\s+|business\s+|working\s+)?"
    rf"(?:{_UNIT}))(?:\s*(?:и|and)?\s*(?P<num2>\d{{1,2}})\s*(?:м|мин\.?|минут[ауы]?|m|mins?|minutes?)?)?"
    rf"(?:\s+(?:later|спустя|from\s+now))?$")


def _relative(text: str, ctx: _Context) -> Reading | None:
    if re.match(r"^(?:в течение|within|during)\s+(?:рабочего\s+|the\s+)?(?:working\s+)?(?:дня|day)$", text):
        return None  # "в течение дня" is the end of today's work, not 24 hours
    match = _REL.match(text)
    if not match:
        return None
    if match["half"]:
        minutes = 90 if ("полтора" in match["half"] or "and a half" in match["half"]) else 30
        return _ahead(ctx, timedelta(minutes=minutes))
    raw_num = match["num"]
    if raw_num is None:
        if not text.startswith(("через", "in", "within", "в течение")):
            return None  # a bare unit word ("ч") is not a phrase
        amount = 1.0  # "через час", "in an hour" without the article
    elif raw_num in _NUMBER_WORDS:
        number = _NUMBER_WORDS[raw_num]
        if number is None:
            return None
        amount = number
    else:
        amount = float(raw_num.replace(",", "."))
    unit = next(name for name, _ in _UNIT_WORDS if match[name])
    if unit == "hours" and re.search(r"\d\s*ч", text) and not re.match(r"(?:через|в течение|\+)", text):
        return None  # "9ч" is nine o'clock; "через 9 ч" and "+9ч" are durations
    if match["num2"]:
        if unit != "hours" or (amount >= 10 and not re.match(r"(?:через|in|\+)", text)):
            return None  # "16ч30" is half past four, not sixteen and a half hours
        extra = timedelta(minutes=int(match["num2"]))
    else:
        extra = timedelta(0)
    if match["biz"]:
        if unit == "days" and amount == int(amount):
            at = ctx.schedule.add_business_days(_minute(ctx.now), int(amount))
            if text.startswith(("в течение", "within")):  # within N working days: by the end of the last
                return _all_day(at.astimezone(ctx.tz).date(), ctx, strict=True)
            return Reading(at, False, "relative")
        if unit == "hours":
            start = ctx.schedule.next_working_moment(_minute(ctx.now))
            return Reading(ctx.schedule.add_working(start, amount * 3600 + extra.total_seconds()), False, "relative")
        return None
    delta = timedelta(**{unit: amount}) + extra
    if delta <= timedelta(0):
        return None
    elapsed = _ahead(ctx, delta)
    if unit in ("days", "weeks") and delta == timedelta(days=delta.days):
        # Across a clock change "in 2 days" is either 48 hours or the same time of day: ask.
        wall_now = _minute(ctx.now).astimezone(ctx.tz)
        same_time = Reading(_local(wall_now.date() + delta, wall_now.hour, wall_now.minute, ctx), False, "relative")
        if same_time.at != elapsed.at:
            return _choose_or_ask([elapsed, same_time], ctx)
    return elapsed


def _minute(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(second=0, microsecond=0)


def _ahead(ctx: _Context, delta: timedelta) -> Reading:
    # Elapsed time, counted in UTC so a DST night does not add or remove an hour.
    return Reading(_minute(ctx.now) + delta, False, "relative")


_COMPACT = re.compile(r"^(?:\+\s*(?P<h>\d{1,3})|(?P<h1>\d))\s*(?:h|ч)\s*(?P<m>\d{1,2})\s*(?:m|м|мин|min)?$")


# -- reading a phrase ---------------------------------------------------------------------------------
def read_time(text: str | None, now: datetime, schedule: WorkSchedule, lang: str = "en") -> Reading:
    """The instant meant by `text`, typed at `now` by an agent working `schedule`.

    Raises Ambiguous (with the readings) when a person would have to be asked, and
    TimeParseError with a message in `lang` when the text is not a usable future time."""
    lang = lang if lang in LANGS else "en"
    tz = schedule.tz
    raw = " ".join((text or "").split())
    ctx = _Context(raw, now, tz, schedule, lang, now.astimezone(tz).date(), _shift_day(schedule, now))
    if not raw:
        raise TimeParseError(_msg("empty", lang, example=_examples(now, tz, lang)), "empty")
    try:
        reading = _read(raw, ctx)
    except ScheduleError:  # "через 999 рабочих дней": no working time that far
        raise TimeParseError(_msg("far", lang, text=raw), "far") from None
    if reading.at <= now:
        raise TimeParseError(_msg("past", lang, text=raw, when=_short(reading.at, tz),
                                  example=_examples(now, tz, lang)), "past")
    if reading.at - now > timedelta(days=800):
        raise TimeParseError(_msg("far", lang, text=raw), "far")
    return reading


def _shift_day(schedule: WorkSchedule, now: datetime) -> date:
    try:
        return schedule.shift_of(now).day
    except ScheduleError:
        return now.astimezone(schedule.tz).date()


def parse_when(text: str | None, now: datetime, zone: ZoneInfo | WorkSchedule, lang: str = "en") -> datetime:
    """read_time for callers that need only the instant (UTC). Without a schedule, the usual
    Mon–Fri 09:00–18:00 in `zone` stands in for it."""
    schedule = zone if isinstance(zone, WorkSchedule) else WorkSchedule.parse(DEFAULT_SPEC, zone)
    return read_time(text, now, schedule, lang).at


def _short(when: datetime, tz: ZoneInfo) -> str:
    return when.astimezone(tz).strftime("%d.%m.%Y %H:%M")


_OWN_ZONES = {"мск": "Europe/Moscow", "msk": "Europe/Moscow", "по москве": "Europe/Moscow",
              "moscow time": "Europe/Moscow", "utc": "UTC", "gmt": "UTC"}
_OTHER_ZONE = re.compile(r"\b(?:est|edt|cst|cdt|mst|mdt|pst|pdt|cet|cest|eet|eest|bst|ist|jst|aest|"
                         r"utc\s*[+-]\s*\d{1,2}|gmt\s*[+-]\s*\d{1,2})\b")


def _zone_named(text: str, ctx: _Context) -> tuple[str, _Context]:
    """"15:00 мск" and "3pm UTC" are read in that zone; another zone's name is refused rather
    than dropped (a time read in the wrong zone is hours off)."""
    other = _OTHER_ZONE.search(text)
    if other:
        raise TimeParseError(_msg("zone", ctx.lang, text=ctx.raw, zone=other[0].upper()), "zone")
    for name, zone in _OWN_ZONES.items():
        match = re.search(rf"(?:^|\s)(?:по\s+)?{name}(?:\s|$)", text)
        if match:
            tz = ZoneInfo(zone)
            text = (text[:match.start()] + " " + text[match.end():]).strip()
            return text, replace(ctx, tz=tz, today=ctx.now.astimezone(tz).date())
    return text, ctx


def _read(raw: str, ctx: _Context) -> Reading:
    text = _normalise(raw)
    text, ctx = _zone_named(text, ctx)
    iso = _iso(text, ctx)
    if iso is not None:
        return iso
    compact = _COMPACT.match(text)
    if compact:
        # "1h30" is a duration; "16ч30" is a clock time and is left to the grammar.
        return _ahead(ctx, timedelta(hours=int(compact["h"] or compact["h1"]), minutes=int(compact["m"])))
    relative = _relative(text, ctx)
    if relative is not None:
        return relative
    try:
        parts, rest = _scan(text, ctx)
    except _Unknown:
        parts, rest = None, "?"
    if parts is not None and not rest and parts.words:
        return _resolve(parts, ctx)
    library = _library(raw, text, ctx)
    if library is not None:
        return library
    raise TimeParseError(_msg("unknown", ctx.lang, text=ctx.raw, example=_examples(ctx.now, ctx.tz, ctx.lang)))


def _iso(text: str, ctx: _Context) -> Reading | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}(?:[ t]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$", text):
        return None
    try:
        value = datetime.fromisoformat(text.upper().replace("T", " ") if "z" not in text else text.upper())
    except ValueError:
        raise TimeParseError(_msg("bad_date", ctx.lang, value=ctx.raw), "bad_date") from None
    if len(text) == 10:
        return _all_day(value.date(), ctx, source="iso")
    if value.tzinfo is None:
        return Reading(_local(value.date(), value.hour, value.minute, ctx), False, "iso")
    return Reading(value.astimezone(UTC).replace(microsecond=0), False, "iso")


def _scan(text: str, ctx: _Context) -> tuple[_Parts, str]:
    parts = _Parts()
    work = f" {text} "
    for pattern, handler in _RULES:
        while True:
            match = pattern.search(work)
            if match is None:
                break
            if handler is _bare_hour and not _hour_context(work, match, parts):
                break
            handler(parts, match, ctx)
            work = work[:match.start()] + " " + work[match.end():]
    rest = [w for w in work.split() if w not in _FILLERS]
    return parts, " ".join(rest)


def _hour_context(work: str, match: re.Match[str], parts: _Parts) -> bool:
    """A lone number is an hour after a preposition ("в 16", "к 9", "at 4") or beside a day."""
    before = work[:match.start()].split()
    if match["mer"]:
        return True
    if before and before[-1] in ("в", "во", "к", "ко", "до", "at", "by", "около", "around", "before",
                                 "until", "till"):
        return True
    return parts.words > 0 and parts.hour is None


def _resolve(p: _Parts, ctx: _Context) -> Reading:
    if p.dotted is not None:
        a, b, leading_zero = p.dotted
        as_date = 1 <= b <= 12 and 1 <= a <= 31
        has_day = p.day is not None or p.rel_day is not None or p.weekday is not None
        if as_date and p.weekday is not None and p.day is None and p.rel_day is None:
            # "пт 04.12" is a date; "в пятницу 15.12" names two different days.
            p.day = _date(ctx.today.year, b, a, f"{a}.{b:02d}", ctx)
            p.year_given = False
            if _candidate_days(p, ctx)[1][0].weekday() != p.weekday:
                raise _UnknownPhrase(ctx)
            p.dotted = None
            return _choose_or_ask(_readings(p, ctx), ctx)
        if as_date and not has_day and p.hour is None:
            p.day = _date(ctx.today.year, b, a, f"{a}.{b:02d}", ctx)
            p.year_given = False
        elif a <= 23 and b <= 59 and p.hour is None:
            p.hour, p.minute, p.explicit = a, b, leading_zero or a == 0 or a >= 13
        elif as_date and p.day is None and p.rel_day is None and p.weekday is None:
            p.day = _date(ctx.today.year, b, a, f"{a}.{b:02d}", ctx)
            p.year_given = False
        else:
            raise TimeParseError(_msg("bad_time", ctx.lang, value=f"{a}.{b:02d}"), "bad_time")
    if ctx.slash_alternatives is not None:
        # "05/12" in English: 12 May (US) or 5 December; both readings are offered.
        readings = []
        for month, day in ctx.slash_alternatives:
            assert p.day is not None  # the rule that found the slash set the day too
            p.day = _date(p.day.year, month, day, ctx.raw, ctx)
            readings.extend(_readings(p, ctx))
        ahead = tuple(sorted({r.at: r for r in readings if r.at > ctx.now}.values(), key=lambda r: r.at))
        if len(ahead) == 1:
            # The other order names a day that has passed: still a question, with one answer.
            raise Ambiguous(_msg("ambiguous", ctx.lang, text=ctx.raw, options=preview(
                ahead[0].at, ctx.now, ctx.tz, ctx.lang, ahead[0].all_day, relative=False)), ahead)
        return _choose_or_ask(readings, ctx)
    return _choose_or_ask(_readings(p, ctx), ctx)


def _choose_or_ask(readings: list[Reading], ctx: _Context) -> Reading:
    unique: list[Reading] = []
    for reading in sorted(readings, key=lambda r: r.at):
        if all(reading.at != u.at for u in unique):
            unique.append(reading)
    ahead = [r for r in unique if r.at > ctx.now]
    if not ahead:
        return unique[-1]  # the caller reports it as past
    if all(r.at - ctx.now > timedelta(days=800) for r in ahead):
        return ahead[0]  # the caller reports it as too far
    if len(ahead) == 1:
        return ahead[0]
    joiner = " или " if ctx.lang == "ru" else " or "
    options = joiner.join(preview(r.at, ctx.now, ctx.tz, ctx.lang, r.all_day, relative=False) for r in ahead)
    raise Ambiguous(_msg("ambiguous", ctx.lang, text=ctx.raw, options=options), tuple(ahead))


def _readings(p: _Parts, ctx: _Context) -> list[Reading]:
    """Every sensible reading of the parts; the caller keeps the one left or asks."""
    if p.part == "next_week" and p.weekday is not None:
        p.part, p.next_week, p.explicit_next = None, True, True  # "во вторник на следующей неделе"
    if p.hour is not None and p.part in ("eow", "eom", "eow_next"):
        # "в конце недели в 15": that day, at that time
        start = _next_monday(ctx.today) if p.part == "eow_next" else ctx.today
        end = _end_of_period(start, ctx, week=p.part != "eom").at
        p.day, p.part, p.year_given = ctx.schedule.shift_of(end).day, None, True
    elif p.hour is not None and p.part in ("next_week", "weekend"):
        raise _UnknownPhrase(ctx)  # which day of it? ("в выходные в 12")
    mode, days = _candidate_days(p, ctx)
    if p.hour is None:
        if p.part in ("eow", "eom"):
            return [_end_of_period(ctx.today, ctx, week=p.part == "eow")]
        if p.part == "eow_next":
            return [_end_of_period(_next_monday(ctx.today), ctx, week=True)]
        if p.part == "next_week":  # "на следующей неделе": its first morning or its last evening
            monday = _next_monday(ctx.today)
            first = next(d for d in (monday + timedelta(days=i) for i in range(_SEARCH_DAYS))
                         if ctx.schedule.is_working_day(d))
            return [Reading(next(ctx.schedule.intervals_from(_local(first, 0, 0, ctx)))[0]),
                    _end_of_period(monday, ctx, week=True)]
        if p.part == "weekend":  # by the end of the coming Sunday
            sunday = ctx.today + timedelta(days=6 - ctx.today.weekday())
            return [Reading(_end_of_calendar_day(sunday, ctx), True)]
        if mode == "next":  # a part of the day with no day: today's, else the next working day's
            found = _next_part(p.part, ctx)
            return found if isinstance(found, list) else [found]
        strict = p.rel_day is None  # only "сегодня" stretches to midnight after work
        out = [_part_of_day(d, p.part, ctx) if p.part else _all_day(d, ctx, strict=strict) for d in days]
        return out  # "в среду" on a Wednesday: today's or next week's, asked while both are ahead
    per_hour: list[list[Reading]] = []
    for hour in _candidate_hours(p.hour, p.explicit):
        out = [Reading(_clock_on(d, hour, p.minute, ctx)) for d in days]
        if mode == "next":
            out = [next((r for r in out if r.at > ctx.now), out[-1])]
        elif mode == "same_weekday" and out[0].at <= ctx.now:
            out = out[1:]
        per_hour.append(out)
    readings = [r for group in per_hour for r in group]
    if len(per_hour) > 1:
        # "в 3": of 03:00 and 15:00 keep what falls in working hours; if both or neither, ask.
        # A working-hours reading that has passed ("сегодня в 9:00" at 10:20) is still the one
        # meant: it is refused as past rather than swapped for 21:00.
        inside = [r for r in readings if _in_hours(r.at, ctx.schedule)]
        if inside:
            readings = inside
    return readings


def _clock_on(day: date, hour: int, minute: int, ctx: _Context) -> datetime:
    if hour == 24:
        return _local(day + timedelta(days=1), 0, 0, ctx)  # midnight ends the day
    return _local(day, hour, minute, ctx)


def _candidate_hours(hour: int, explicit: bool) -> list[int]:
    if explicit or hour > 12 or hour == 0:
        return [hour]
    if hour == 12:
        return [12]  # "в 12" is noon; midnight is written "в 0:00" or "полночь"
    return [hour, hour + 12]


def _candidate_days(p: _Parts, ctx: _Context) -> tuple[str, list[date]]:
    """(mode, days): fixed (one day), next (today, else tomorrow), same_weekday (today or a week
    on: asked when both are ahead), choice (both asked)."""
    today = ctx.today
    if p.day is not None:
        if p.rel_day is not None or (p.weekday is not None and p.weekday != p.day.weekday()):
            raise _UnknownPhrase(ctx)
        day = p.day
        if not p.year_given and day < today - timedelta(days=_PAST_DATE_DAYS) and _latest(day, p, ctx) <= ctx.now:
            # "15.01" typed in December is next January; "01.12" typed on 2 December has passed.
            day = _date(day.year + 1, day.month, day.day, ctx.raw, ctx)
        return "fixed", [day]
    if p.rel_day is not None:
        if p.weekday is not None:
            raise _UnknownPhrase(ctx)
        if p.rel_day == 0 and p.hour is None:
            return "fixed", [ctx.shift_today]  # at 03:00 on a night shift "сегодня" is this night
        return "fixed", [today + timedelta(days=p.rel_day)]
    if p.weekday is not None:
        ahead = (p.weekday - today.weekday()) % 7
        if p.next_week:
            target = today - timedelta(days=today.weekday()) + timedelta(days=7 + p.weekday)
            nearest = today + timedelta(days=ahead or 7)
            if target != nearest and ctx.lang == "en" and not p.explicit_next:
                return "choice", [nearest, target]  # "next Friday" on a Wednesday: English splits
            return "fixed", [target]
        if ahead == 0:
            return "same_weekday", [today, today + timedelta(days=7)]
        return "fixed", [today + timedelta(days=ahead)]
    return "next", [today, today + timedelta(days=1)]


def _next_monday(day: date) -> date:
    return day - timedelta(days=day.weekday()) + timedelta(days=7)


def _next_part(part: str | None, ctx: _Context) -> Reading | list[Reading]:
    if part is None:
        raise _UnknownPhrase(ctx)
    day = ctx.shift_today
    if part == "eod" and not ctx.schedule.is_working_day(day):
        # "eod" on a day off: the end of today, or of the next working day?
        return [Reading(_end_of_calendar_day(day, ctx), True), _next_part_from(day + timedelta(days=1), part, ctx)]
    return _next_part_from(day, part, ctx)


def _next_part_from(day: date, part: str, ctx: _Context) -> Reading:
    for _ in range(_SEARCH_DAYS):
        if ctx.schedule.is_working_day(day) or (day == ctx.shift_today and part != "eod"):
            reading = _part_of_day(day, part, ctx, strict=True)
            if reading.at > ctx.now:
                return reading
        day += timedelta(days=1)
    raise _UnknownPhrase(ctx)


_SEARCH_DAYS = 30
_PAST_DATE_DAYS = 60  # a date without a year this long past means next year's


class _UnknownPhrase(TimeParseError):
    def __init__(self, ctx: _Context):
        super().__init__(_msg("unknown", ctx.lang, text=ctx.raw, example=_examples(ctx.now, ctx.tz, ctx.lang)))


def _latest(day: date, p: _Parts, ctx: _Context) -> datetime:
    if p.hour is not None:
        return _local(day, min(p.hour, 23), p.minute, ctx)
    return _all_day(day, ctx).at


def _in_hours(when: datetime, schedule: WorkSchedule) -> bool:
    """Inside working hours, the end of an interval included (18:00 is still today's work)."""
    for start, end in schedule.intervals_from(when):
        return start <= when <= end
    return False


def _local(day: date, hour: int, minute: int, ctx: _Context) -> datetime:
    """A wall time in the agent's zone; in the repeated hour of a fall-back night the first one.
    A time the spring-forward gap skips is asked about: the moment the clocks jump, or the clock
    reading an hour on (02:30 → 03:00 or 03:30)."""
    wall = datetime.combine(day, time(hour, minute), tzinfo=ctx.tz)
    at = wall.astimezone(UTC)
    if at.astimezone(ctx.tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return at
    jump = ctx.schedule._local(day, hour * 60 + minute)  # the first instant that exists after it
    readings = (Reading(jump), Reading(at))
    joiner = " или " if ctx.lang == "ru" else " or "
    options = joiner.join(preview(r.at, ctx.now, ctx.tz, ctx.lang, relative=False) for r in readings)
    raise Ambiguous(_msg("gap", ctx.lang, value=f"{hour:02d}:{minute:02d}", options=options), readings)


def _end_of_calendar_day(day: date, ctx: _Context) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=ctx.tz).astimezone(UTC)


def _all_day(day: date, ctx: _Context, source: str = "grammar", strict: bool = False) -> Reading:
    """A day with no time: the end of its work, or of the day itself when it is a day off.
    Today after work ("сегодня" at 19:10) is the end of today, unless `strict`."""
    end = ctx.schedule.end_of_working_day(day)
    if end is None or (end <= ctx.now and not strict and day in (ctx.today, ctx.shift_today)):
        end = _end_of_calendar_day(day, ctx)
    return Reading(end, True, source)


def _part_of_day(day: date, part: str, ctx: _Context, strict: bool = True) -> Reading:
    schedule = ctx.schedule
    if part == "eod":
        return _all_day(day, ctx, strict=strict)
    if part == "eow":
        return _end_of_period(day, ctx, week=True)
    if part == "eom":
        return _end_of_period(day, ctx, week=False)
    if part == "morning":
        return Reading(_local(day, 12, 0, ctx))
    if part == "start":
        intervals = schedule._day_intervals(day) if schedule.is_working_day(day) else []
        return Reading(intervals[0][0] if intervals else _local(day, 9, 0, ctx))
    if part == "lunch":
        intervals = schedule._day_intervals(day) if schedule.is_working_day(day) else []
        for (_s1, e1), (s2, _e2) in zip(intervals, intervals[1:], strict=False):
            local_end = e1.astimezone(ctx.tz)
            if local_end.date() == day and 11 <= local_end.hour <= 15 and s2 > e1:
                return Reading(e1)
        return Reading(_local(day, 13, 0, ctx))
    raise ValueError(part)


def _end_of_period(day: date, ctx: _Context, week: bool) -> Reading:
    """The end of the last working day of this week (month); the next one's when it is over."""
    for _ in range(3):
        if week:
            last = day + timedelta(days=6 - day.weekday())
        else:
            nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
            last = nxt - timedelta(days=1)
        first = day
        probe = last
        while probe >= first:
            end = ctx.schedule.end_of_working_day(probe)
            if end is not None and end > ctx.now:
                return Reading(end, True)
            if end is not None:
                break
            probe -= timedelta(days=1)
        day = last + timedelta(days=1)
    return Reading(_end_of_calendar_day(last, ctx), True)


# -- the long tail ---------------------------------------------------------------------------------------
def _library(raw: str, text: str, ctx: _Context) -> Reading | None:
    """dateparser for what the grammar does not know, trusted only when every number typed is in
    the answer, the answer lies ahead, and it did not invent a time of day."""
    if not re.search(r"[^\W\d_]", text):
        return None  # digits and punctuation only: the grammar has said all there is to say
    try:
        import dateparser  # lazy: see the module docstring
    except ImportError:
        return None
    local_now = ctx.now.astimezone(ctx.tz).replace(tzinfo=None, second=0, microsecond=0)
    settings = {"RELATIVE_BASE": local_now, "PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY",
                "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        result = dateparser.parse(text, languages=["ru", "en"], settings=settings)
    except Exception:  # noqa: BLE001 - a library failure is simply "not understood"
        return None
    if result is None:
        return None
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    fields = {result.hour, result.minute, result.day, result.month, result.year, result.hour % 12 or 12}
    if any(n not in fields for n in numbers):
        return None
    relative = re.search(r"через|спустя|назад|in |ago|later|from now", text)
    if not relative and (result.hour, result.minute) == (local_now.hour, local_now.minute):
        return None  # it kept the current time of day: the phrase named no time at all
    try:
        at = _local(result.date(), result.hour, result.minute, ctx)
    except TimeParseError:
        return None
    return Reading(at, False, "library")


_OFFSET = re.compile(r"^\+?\s*(\d{1,4})\s*(m|min|h|d|w)$")
_OFFSET_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_offset(text: str) -> timedelta | None:
    """'+2d', '2h', '30m', '1w' -> timedelta; None if the text is not such an offset."""
    match = _OFFSET.match(text.strip().lower())
    if not match:
        return None
    return timedelta(**{_OFFSET_UNITS[match.group(2)]: int(match.group(1))})
