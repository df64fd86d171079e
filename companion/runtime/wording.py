"""What the notices and the tray tooltip say: reminders, the break warning, the end-of-shift nudge,
the break status and the team's hand-offs. Plain text (backends escape as their server needs), every sentence through
Qt's translation; break kind names and suggestions are data and come in the language given."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from companion.core.reminders import DueItem, ReminderKind, most_pressing
from companion.platform.notifications import Notice
from companion.core.breaks import Phase
from companion.core.shift import Nudge, ShiftSummary
from companion.runtime import fmt

if TYPE_CHECKING:
    from companion.store.models import Handoff

MAX_LINES = 5


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Notices", text, None, n)


def tr_breaks(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Breaks", text, None, n)


def what(item: DueItem, now: datetime, tz: ZoneInfo) -> str:
    """Every notice about a commitment names the time that was promised and how far off it is."""
    if item.kind in (ReminderKind.PROMISE_WARNING, ReminderKind.PROMISE):
        promised = item.anchor
        when = fmt.when(promised, now, tz)
        if promised - now >= timedelta(seconds=60):
            return tr("promised for {when}, in {left}").format(when=when, left=fmt.duration(promised - now))
        if now - promised < timedelta(seconds=60):
            return tr("promised for {when}: due now").format(when=when)
        return tr("promised for {when}, {late} ago").format(when=when, late=fmt.duration(now - promised))
    if item.due_at - now >= timedelta(seconds=60):
        return tr("update due {when}, in {left}").format(when=fmt.when(item.due_at, now, tz),
                                                          left=fmt.duration(item.due_at - now))
    late = item.late_by(now)
    return tr("update due now") if late.total_seconds() < 60 else \
        tr("update {late} late").format(late=fmt.duration(late))


def compose(items: list[DueItem], now: datetime, tz: ZoneInfo, digest: bool = False) -> Notice:
    rows = most_pressing(items)
    if len(rows) == 1:
        item = rows[0]
        head = item.key + (f" · {item.client}" if item.client else "")
        kind = {ReminderKind.UPDATE: tr("Update the client"), ReminderKind.PROMISE_WARNING: tr("Promise coming up"),
                ReminderKind.PROMISE: tr("Promise due")}[ReminderKind(item.kind)]
        said = what(item, now, tz) + (tr(" (while you were away)") if digest else "")
        body = "\n".join(part for part in (item.subject, said) if part)
        return Notice(f"{kind}: {head}", body)
    if digest:
        title = tr("While you were away, commitments fell due: {n}").format(n=len(rows))
    else:
        title = tr("Client updates due: {n} ({keys})").format(
            n=len(rows), keys=", ".join(i.key for i in rows[:3]) + ("…" if len(rows) > 3 else ""))
    lines = []
    for item in rows[:MAX_LINES]:
        who = f" · {item.client}" if item.client else ""
        lines.append(f"{item.key}{who}: {what(item, now, tz)}")
    if len(rows) > MAX_LINES:
        lines.append(tr("…and {n} more").format(n=len(rows) - MAX_LINES))
    return Notice(title, "\n".join(lines))


def break_warning(kind_name: str, seconds: int, suggestion: str) -> Notice:
    """"Eye break in 20 seconds" / "Пауза для глаз через 20 секунд", with what to do in it."""
    seconds = max(1, seconds)
    if seconds >= 60 and seconds % 60 == 0:
        title = tr_breaks("{kind} in %n minute(s)", seconds // 60)
    else:
        title = tr_breaks("{kind} in %n second(s)", seconds)
    return Notice(title.format(kind=kind_name), suggestion)


def shift_nudge(nudge: Nudge, summary: ShiftSummary | None, now: datetime, tz: ZoneInfo) -> Notice:
    """The end-of-shift notice: when it ends, what waits for the next working day, and leave."""
    if summary is None:  # the figures could not be read: the nudge still goes out
        return Notice(tr_breaks("Time to stop"), "")
    end = fmt.clock(nudge.shift_end, tz)
    title = tr_breaks("Your shift ends at {time}").format(time=end) if nudge.shift_end > now else \
        tr_breaks("Your shift is over")
    lines = []
    if summary.next_day is not None:
        lines.append(tr_breaks("Next working day: updates due: {updates}, promised dates: {promises}.").format(
            updates=summary.due_next_day, promises=summary.promised_next_day))
    if summary.overdue:
        lines.append(tr_breaks("Overdue right now: %n.", summary.overdue))
    lines.append(tr_breaks("Open promises to clients: %n.", summary.open_promises))
    lines.append(tr_breaks("Time to stop: the rest can wait until tomorrow."))
    return Notice(title, "\n".join(lines))


def break_status(enabled: bool, phase: str, held_by_fullscreen: bool, now_kind: str | None,
                 next_kind: str | None, next_at: datetime | None, tz: ZoneInfo) -> str:
    """The tray tooltip's line about breaks: the next one, or why there is none."""
    if not enabled:
        return tr_breaks("Breaks are off")
    if phase == Phase.OFF:
        return ""
    if phase == Phase.OWED:
        return tr_breaks("A break waits for fullscreen to end") if held_by_fullscreen else \
            tr_breaks("A break waits: Do not disturb")
    if phase == Phase.BREAK and now_kind is not None:
        return tr_breaks("{kind}: now").format(kind=now_kind)
    if next_kind is None or next_at is None:
        return ""
    return tr_breaks("Next break: {kind}, {time}").format(kind=next_kind, time=fmt.clock(next_at, tz))


def _who(row: Handoff) -> str:
    return row.colleague_name or row.colleague


def offer_arrived(row: Handoff) -> Notice:
    """"Анна Петрова предлагает вам тикет SUP-7", with what it is about and her note."""
    title = tr("{who} offers you ticket {key}").format(who=_who(row), key=row.ticket_key)
    lines = [row.summary] if row.summary else []
    if row.note:
        lines.append(tr("Note: {note}").format(note=row.note))
    lines.append(tr("Accept or decline it in the reminder window."))
    return Notice(title, "\n".join(lines))


def offer_answered(row: Handoff) -> Notice | None:
    """A colleague's answer to my offer; None for one I withdrew myself (nothing to hear of)."""
    if row.state == "accepted":
        body = (tr("They have it as it was when offered. You changed it since, so your copy stays open: tell them "
                   "what changed, then archive it.") if getattr(row, "kept_open", False)
                else tr("The ticket is in their list now; your copy is archived."))
        return Notice(tr("{who} accepted {key}").format(who=_who(row), key=row.ticket_key), body)
    if row.state == "declined":
        title = tr("{who} declined {key}: {reason}").format(who=_who(row), key=row.ticket_key, reason=row.reason) \
            if row.reason else tr("{who} declined {key}").format(who=_who(row), key=row.ticket_key)
        return Notice(title, tr("The ticket stays in your list."))
    return None


def handoff_failed(row: Handoff) -> Notice:
    """The team server refused a hand-off action for good: which ticket and the server's reason."""
    return Notice(tr("The team server refused the hand-off of {key}").format(key=row.ticket_key),
                  row.error or row.reason)
