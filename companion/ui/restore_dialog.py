"""The one window shown when the data file cannot be used at start: what is wrong, and the way
out — restore the newest good backup, or quit.

It only asks. It neither judges the file (store.health does) nor touches it (app.py restores,
which moves the bad file aside and never deletes it).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from companion.core.schedule import system_zone_name
from companion.store.health import Backup, FileState, Health
from companion.runtime import fmt


def tr(text: str) -> str:
    return QCoreApplication.translate("RestoreDialog", text)


def headline(health: Health) -> str:
    return {
        FileState.EMPTY: tr("The data file is empty, although a backup holds your data."),
        FileState.NOT_SQLITE: tr("The data file is not a Support Companion database, or its beginning is damaged."),
        FileState.DAMAGED: tr("The data file is damaged."),
        FileState.TOO_NEW: tr("The data file was saved by a newer version of Support Companion."),
        FileState.UNREADABLE: tr("The data file cannot be read."),
        FileState.UNWRITABLE: tr("The data file cannot be written."),
    }.get(health.state, tr("The data file cannot be used."))


def advice(health: Health, found: tuple[Backup, Health] | None, now: datetime) -> str:
    kept = tr("Support Companion has not changed it.")
    if health.state is FileState.TOO_NEW:
        text = tr("Open it with the newer version, or update this one.")
    elif health.state in (FileState.UNREADABLE, FileState.UNWRITABLE):
        text = tr("Give your user read and write access to the file and its folder, then start again.")
    elif found is None:
        return kept + " " + tr("There is no good backup to restore. Quit, then move the file aside to start afresh.")
    else:
        text = ""
    if found is not None:
        backup, good = found
        local = ZoneInfo(system_zone_name())  # the schedule's zone is in the file we cannot read
        offer = tr("The newest good backup is from {when} (tickets: {tickets}). Restoring it moves the current "
                    "file aside (it is kept, not deleted).").format(
            when=fmt.when(backup.taken, now, local), tickets=good.tickets)
        text = f"{text} {offer}".strip()
    return f"{kept} {text}"


def question(health: Health, found: tuple[Backup, Health] | None,
             now: datetime) -> tuple[QMessageBox, QAbstractButton | None]:
    """The box that says what is wrong, and its restore button (None when there is nothing to
    restore); built apart from `ask` so that its size can be checked without running it."""
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Support Companion"), headline(health),
                      QMessageBox.StandardButton.NoButton)
    box.setInformativeText(advice(health, found, now))
    box.setDetailedText(health.problem())
    restore = None
    if found is not None:
        restore = box.addButton(tr("Restore the newest good backup"), QMessageBox.ButtonRole.AcceptRole)
    quit_ = box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    # Restoring is the way out of damage; for a newer or inaccessible file the real fix is elsewhere.
    damage = health.state in (FileState.EMPTY, FileState.NOT_SQLITE, FileState.DAMAGED)
    box.setDefaultButton(restore if restore is not None and damage else quit_)
    box.setEscapeButton(quit_)
    return box, restore


def ask(health: Health, found: tuple[Backup, Health] | None, now: datetime) -> bool:
    """Show what is wrong; True when the agent chose to restore the newest good backup."""
    box, restore = question(health, found, now)
    box.exec()
    return restore is not None and box.clickedButton() is restore


def failed(text: str) -> None:
    """The restore (or the rest of the start) failed: say so; the app quits after this."""
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Support Companion"),
                      tr("Support Companion cannot start and will quit."), QMessageBox.StandardButton.Ok)
    box.setInformativeText(text)
    box.exec()
