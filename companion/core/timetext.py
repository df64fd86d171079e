"""Times as the agent reads them, in Russian and English: the preview under a typed time
("завтра, чт 3 декабря, 15:00 (через 3 ч 40 мин)") and its pieces.

Everything that shows a typed or computed time to the agent goes through here, so the preview, the
ambiguity question and the CLI echo name an instant the same way. Replies to clients are worded in
core/replies.py (a deadline with its preposition); this module is for the agent's own eyes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

RU_MONTHS_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                 "октября", "ноября", "декабря")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
RU_WEEKDAYS_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
EN_WEEKDAYS_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def span(delta: timedelta, lang: str) -> str:
    """'3 ч 40 мин', '2 дн 5 ч', '15 мин' / '3 h 40 min' (sign ignored, whole minutes)."""
    minutes = abs(int(delta.total_seconds())) // 60
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    d, h, m = ("дн", "ч", "мин") if lang == "ru" else ("d", "h", "min")
    if days:
        return f"{days} {d} {hours} {h}" if hours else f"{days} {d}"
    if hours:
        return f"{hours} {h} {mins} {m}" if mins else f"{hours} {h}"
    return f"{max(mins, 1)} {m}"


def countdown(at: datetime, now: datetime, lang: str) -> str:
    """'через 3 ч 40 мин' / 'in 3 h 40 min'; '20 мин назад' / '20 min ago'; 'сейчас' / 'now'."""
    delta = at - now
    if abs(delta) < timedelta(minutes=1):
        return "сейчас" if lang == "ru" else "now"
    if delta > timedelta(0):
        return f"через {span(delta, lang)}" if lang == "ru" else f"in {span(delta, lang)}"
    return f"{span(delta, lang)} назад" if lang == "ru" else f"{span(delta, lang)} ago"


def day_name(at: datetime, now: datetime, tz: ZoneInfo, lang: str) -> str:
    """'завтра, чт 3 декабря' / 'tomorrow, Thu 3 December'; the year when it is not this one."""
    local, today = at.astimezone(tz), now.astimezone(tz).date()
    day = local.date()
    if lang == "ru":
        text = f"{RU_WEEKDAYS_SHORT[day.weekday()]} {day.day} {RU_MONTHS_GEN[day.month - 1]}"
    else:
        text = f"{EN_WEEKDAYS_SHORT[day.weekday()]} {day.day} {EN_MONTHS[day.month - 1]}"
    if day.year != today.year:
        text += f" {day.year}"
    near = {0: ("сегодня", "today"), 1: ("завтра", "tomorrow"), 2: ("послезавтра", "the day after tomorrow"),
            -1: ("вчера", "yesterday")}.get((day - today).days)
    if near:
        text = f"{near[0] if lang == 'ru' else near[1]}, {text}"
    return text


def preview(at: datetime, now: datetime, tz: ZoneInfo, lang: str, all_day: bool = False,
            relative: bool = True) -> str:
    """The agent's check of what they typed: 'завтра, чт 3 декабря, 15:00 (через 3 ч 40 мин)'.

    A day typed without a time (`all_day`) ends with its working day ('пт 4 декабря, до конца
    рабочего дня, 18:00'); one ending at midnight is the end of a day off."""
    local = at.astimezone(tz)
    shown = at
    if all_day and local.hour == 0 and local.minute == 0:
        shown = at - timedelta(minutes=1)  # the day that midnight ends
        head = day_name(shown, now, tz, lang)
        clock = "до конца дня" if lang == "ru" else "end of the day"
    else:
        head = day_name(at, now, tz, lang)
        clock = f"{local:%H:%M}"
        if all_day:
            clock = (f"до конца рабочего дня, {clock}" if lang == "ru" else f"end of the working day, {clock}")
    text = f"{head}, {clock}"
    if relative:
        text += f" ({countdown(at, now, lang)})"
    return text

