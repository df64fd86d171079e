"""Wording of reminder notifications (plain text; backends escape as their server needs)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from companion.core.reminders import DueItem, most_pressing
from companion.platform.notifications import Notice
from companion.ui import fmt

MAX_LINES = 5


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Notices", text, None, n)


def what(item: DueItem, now: datetime, tz: ZoneInfo) -> str:
    """Every notice about a commitment names the time that was promised and how far off it is."""
    if item.kind in ("promise_warning", "promise"):
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
        kind = {"update": tr("Update the client"), "promise_warning": tr("Promise coming up"),
                "promise": tr("Promise due")}[item.kind]
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
