"""Wording of reminder notifications (plain text; backends escape as their server needs)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from companion.core.reminders import DueItem, most_pressing
from companion.platform.notifications import Notice
from companion.ui import fmt

MAX_LINES = 5


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Notices", text, None, n)


def _what(item: DueItem, now: datetime, tz: ZoneInfo) -> str:
    late = item.late_by(now)
    if item.kind == "promise_warning":
        return tr("promised for {when}").format(when=fmt.when(item.due_at, now, tz)) if late.total_seconds() < 60 \
            else tr("promise warning, {late} ago").format(late=fmt.duration(late))
    if item.kind == "promise":
        return tr("promised date reached") if late.total_seconds() < 60 else \
            tr("promised date passed {late} ago").format(late=fmt.duration(late))
    return tr("update due now") if late.total_seconds() < 60 else \
        tr("update {late} late").format(late=fmt.duration(late))


def compose(items: list[DueItem], now: datetime, tz: ZoneInfo, digest: bool = False) -> Notice:
    rows = most_pressing(items)
    if len(rows) == 1:
        item = rows[0]
        head = item.key + (f" · {item.client}" if item.client else "")
        kind = {"update": tr("Update the client"), "promise_warning": tr("Promise coming up"),
                "promise": tr("Promise due")}[item.kind]
        what = _what(item, now, tz) + (tr(" (while you were away)") if digest else "")
        body = "\n".join(part for part in (item.subject, what) if part)
        return Notice(f"{kind}: {head}", body)
    if digest:
        title = tr("While you were away, commitments fell due: {n}").format(n=len(rows))
    else:
        title = tr("Client updates due: {n} ({keys})").format(
            n=len(rows), keys=", ".join(i.key for i in rows[:3]) + ("…" if len(rows) > 3 else ""))
    lines = []
    for item in rows[:MAX_LINES]:
        who = f" · {item.client}" if item.client else ""
        lines.append(f"{item.key}{who}: {_what(item, now, tz)}")
    if len(rows) > MAX_LINES:
        lines.append(tr("…and {n} more").format(n=len(rows) - MAX_LINES))
    return Notice(title, "\n".join(lines))
