"""Human formatting of instants and durations, translated through Qt: words by tr(), day and
month names by the default QLocale, which i18n.install() made the interface language's."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale


def lang() -> str:
    """The interface language for texts made in core (time previews, parse messages): the one
    i18n.install() chose, which it also made the default locale."""
    return "ru" if QLocale().language() == QLocale.Language.Russian else "en"


def tr(text: str, context: str = "Format", n: int = -1) -> str:
    return QCoreApplication.translate(context, text, None, n)


def date_text(day: date, pattern: str) -> str:
    """`day` by a QLocale pattern in the interface language, capitalised as the start of a text:
    "ddd d MMM" → "Fri 27 Nov", "Пт 27 нояб."."""
    text = QLocale().toString(QDate(day.year, day.month, day.day), pattern)
    return text[:1].upper() + text[1:]


def duration(delta: timedelta) -> str:
    """'5 min', '2 h 10 min', '3 d 4 h' (sign ignored)."""
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return tr("{d} d {h} h").format(d=days, h=hours) if hours else tr("{d} d").format(d=days)
    if hours:
        return tr("{h} h {m} min").format(h=hours, m=minutes) if minutes else tr("{h} h").format(h=hours)
    return tr("{m} min").format(m=max(minutes, 1)) if seconds >= 30 else tr("now")


def clock(instant: datetime, tz: ZoneInfo) -> str:
    """The local time of day, 24-hour in both languages: '14:00'."""
    return instant.astimezone(tz).strftime("%H:%M")


def when(instant: datetime | None, now: datetime, tz: ZoneInfo) -> str:
    """A short local time: 'today 14:00', 'tomorrow 09:00', 'Fri 27.11 16:00', '03.01.2027 10:00'."""
    if instant is None:
        return ""
    local = instant.astimezone(tz)
    today = now.astimezone(tz).date()
    time = clock(instant, tz)
    days = (local.date() - today).days
    if days == 0:
        return tr("today {time}").format(time=time)
    if days == 1:
        return tr("tomorrow {time}").format(time=time)
    if days == -1:
        return tr("yesterday {time}").format(time=time)
    if local.year != today.year:
        return f"{date_text(local.date(), 'dd.MM.yyyy')} {time}"
    return f"{date_text(local.date(), 'ddd dd.MM')} {time}"


def relative(instant: datetime | None, now: datetime) -> str:
    if instant is None:
        return ""
    delta = instant - now
    if abs(delta) < timedelta(seconds=30):
        return tr("due now")
    if delta > timedelta(0):
        return tr("in {d}").format(d=duration(delta))
    return tr("{d} late").format(d=duration(delta))


STATUS_LABELS = {
    "open": "Open",
    "waiting_client": "Waiting on client",
    "waiting_dev": "Waiting on developers",
    "resolved": "Resolved",
    "closed": "Closed",
}
CHANNEL_LABELS = {"chat": "Chat", "email": "Email", "phone": "Phone", "portal": "Portal"}
PRIORITY_LABELS = {"low": "Low", "normal": "Normal", "high": "High", "urgent": "Urgent"}
CADENCE_LABELS = [("none", "No regular updates"), ("4h", "Every 4 working hours"),
                  ("1d", "Daily"), ("2d", "Every 2 days"), ("1w", "Weekly")]


def cadence_label(code: str) -> str:
    for known, label in CADENCE_LABELS:
        if code == known and code != "4h":
            return tr(label, "Cadence")
    amount, unit = code[:-1], code[-1:]
    if not amount.isdigit():
        return code
    if unit == "h":
        return tr("Every %n working hour(s)", "Cadence", int(amount))
    if unit == "d":
        return tr("Every %n business day(s)", "Cadence", int(amount))
    if unit == "w":
        return tr("Every %n week(s)", "Cadence", int(amount))
    return code


def status_label(status: str) -> str:
    return tr(STATUS_LABELS.get(status, status), "Status")


def channel_label(channel: str) -> str:
    return tr(CHANNEL_LABELS.get(channel, channel), "Channel")


def priority_label(priority: str) -> str:
    return tr(PRIORITY_LABELS.get(priority, priority), "Priority")
