"""The Settings dialog itself: its tabs (one module each beside this one), and saving all of it at
once, or none of it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QDialogButtonBox, QFrame, QMessageBox, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from companion.core.break_library import BreakLibrary, KindError, KindInput
from companion.core.schedule import ScheduleError
from companion.core.settings import SettingError, Settings
from companion.core.tickets import NotFound
from companion.platform import autostart
from companion.runtime import fmt
from companion.ui import geometry
from companion.ui.settings.base import TABS
from companion.ui.settings.breaks import BreaksTab
from companion.ui.settings.general import GeneralTab
from companion.ui.settings.kinds import KindDraft
from companion.ui.settings.replies import RepliesTab
from companion.ui.settings.team import TeamTab
from companion.ui.settings.workload import WorkloadTab
from companion.ui.widgets import error_label

if TYPE_CHECKING:
    from companion.core.reply_library import Reply
    from companion.runtime.team import TeamLink


class SettingsDialog(GeneralTab, RepliesTab, BreaksTab, WorkloadTab, TeamTab):
    def __init__(self, settings: Settings, parent: QWidget | None = None, replies: Sequence[Reply] | None = None,
                 breaks: BreakLibrary | None = None, login: autostart.Autostart | None = None,
                 paste_problem: str = "", team: TeamLink | None = None):
        super().__init__(parent)
        # The running app's team link (Team tab); until the shell passes it, the one its main window has.
        self.team = team if team is not None else getattr(getattr(parent, "ticket_actions", None), "team", None)
        self.settings = settings
        self.paste_problem = paste_problem  # why the running app's reply hotkey does not work, if it does not
        self.login = login  # where starting at login is switched; the OS's own unless a test brings one
        self.breaks = breaks
        self.lang = fmt.lang()  # the language this dialog speaks: reply and kind names are shown in it
        self.setWindowTitle(self.tr("Settings — Support Companion"))
        self.error = error_label()
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolling(self._general_tab()), self.tr("General"))
        self.tabs.addTab(scrolling(self._replies_tab(replies)), self.tr("Replies"))
        self.tabs.addTab(scrolling(self._breaks_tab()), self.tr("Breaks"))
        self.tabs.addTab(scrolling(self._workload_tab()), self.tr("Workload"))
        self.tabs.addTab(scrolling(self._team_tab()), self.tr("Team"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        geometry.place(self, "settings", QSize(720, 620))

    def hideEvent(self, event: QHideEvent) -> None:
        geometry.remember(self, "settings")
        super().hideEvent(event)

    # -- saving ---------------------------------------------------------------------------------
    def setting_values(self) -> dict[str, object]:
        return {
            "agent_name": self.agent.text(),
            "autostart": self.autostart.isChecked(),
            "schedule": self.schedule_spec(),
            "timezone": self.timezone.currentText(),
            "days_off": self.days_off.text(),
            "default_cadence": self.cadence.currentData(),
            "promise_warning_hours": self.warning.value(),
            "update_lead_minutes": self.lead.value(),
            "snooze_minutes": self.snooze.value(),
            "interface_language": self.interface_language.currentData(),
            "reply_language": self.reply_language.currentData(),
            "update_reply": self.update_reply.currentData(),
            "palette_hotkey": self.hotkey_text(),
            "paste_on_enter": self.paste_on_enter.isChecked(),
            "paste_restore_clipboard": self.paste_restore.isChecked(),
            "tray_paste": self.tray_paste.isChecked(),
            "breaks_enabled": self.breaks_enabled.isChecked(),
            "do_not_disturb": self.do_not_disturb.isChecked(),
            "break_strict": self.break_strict.isChecked(),
            "break_postpone_minutes": self.postpone_minutes.value(),
            "break_postpone_limit": self.postpone_limit.value(),
            "break_postpone_window": self.postpone_window.value(),
            "shift_end_nudge_minutes": self.shift_nudge.value(),
            "tough_after_difficult": self.tough_after_difficult.isChecked(),
            "tough_seconds": self.tough_seconds.value(),
            "capacity_tickets": self.capacity_tickets.value(),
            "capacity_updates": self.capacity_updates.value(),
        }

    def save(self) -> None:
        """Validate everything (settings and every kind), then write it all in one transaction;
        on any error say what is wrong, show it, and write nothing."""
        try:
            values = self.setting_values()
        except ScheduleError as exc:
            self._show_error(str(exc), "general")
            return
        for key, value in values.items():
            try:
                self.settings.validate(key, value)
            except SettingError as exc:
                label, widget, tab = self._field(key)
                self._show_error(f"{label}: {exc}" if label else str(exc), tab)
                widget.setFocus()
                return
        kinds: list[tuple[KindDraft, KindInput]] = []
        if self.breaks is not None:
            for row, draft in enumerate(self.drafts):
                try:
                    clean = draft.data.cleaned()
                except KindError as exc:
                    self._show_kind_error(row, exc)
                    return
                if draft.changed():
                    kinds.append((draft, clean))
        login_was = bool(self.settings.get("autostart"))
        if values["autostart"] != login_was and not self._start_at_login(bool(values["autostart"])):
            return
        try:
            if self.breaks is None:
                self.settings.set_many(values)
            else:
                with self.breaks.transaction():
                    self.settings.set_many(values)
                    for slug in self.deleted:
                        self.breaks.delete(slug)
                    for draft, clean in kinds:
                        draft.data.slug = self.breaks.save(clean, create=not draft.stored)
        except (ScheduleError, SettingError, KindError, NotFound) as exc:
            if values["autostart"] != login_was:
                self._start_at_login(login_was, quiet=True)  # the OS as the stored setting says
            self._show_error(str(exc), None)
            return
        self.accept()

    def _start_at_login(self, wish: bool, quiet: bool = False) -> bool:
        """Switch starting at login in the OS before anything is written, since that is the step most
        likely to be refused (a read-only folder, a policy); when it is, say so and save nothing."""
        try:
            self.login = autostart.apply(wish, self.login)
        except autostart.AutostartError as exc:
            if not quiet:
                QMessageBox.warning(self, self.tr("Start at login"),
                                    self.tr("Starting at login could not be switched on or off, so nothing "
                                            "was saved.\n\n{error}").format(error=exc))
                self.tabs.setCurrentIndex(TABS.index("general"))
            return False
        return True

    def _field(self, key: str) -> tuple[str, QWidget, str]:
        """The label, the widget and the tab of a setting, to say where a bad value is."""
        fields: dict[str, tuple[str, QWidget, str]] = {
            "agent_name": ("", self.agent, "general"),
            "autostart": (self.tr("Start Support Companion when I log in"), self.autostart, "general"),
            "timezone": ("", self.timezone, "general"),
            "days_off": (self.tr("Days off"), self.days_off, "general"),
            "default_cadence": (self.tr("Cadence for new tickets"), self.cadence, "general"),
            "promise_warning_hours": (self.tr("Warn before a promised date"), self.warning, "general"),
            "update_lead_minutes": (self.tr("Remind before an update is due"), self.lead, "general"),
            "snooze_minutes": (self.tr("Default snooze"), self.snooze, "general"),
            "interface_language": (self.tr("Interface language"), self.interface_language, "replies"),
            "reply_language": (self.tr("Language of replies"), self.reply_language, "replies"),
            "update_reply": (self.tr("Reply for “Copy update reply”"), self.update_reply, "replies"),
            "palette_hotkey": (self.tr("Reply palette hotkey"), self.hotkey, "replies"),
            "breaks_enabled": (self.tr("Rest breaks"), self.breaks_enabled, "breaks"),
            "do_not_disturb": (self.tr("Do not disturb"), self.do_not_disturb, "breaks"),
            "break_strict": (self.tr("Strict breaks"), self.break_strict, "breaks"),
            "break_postpone_minutes": (self.tr("Postpone by"), self.postpone_minutes, "breaks"),
            "break_postpone_limit": (self.tr("Postpone at most"), self.postpone_limit, "breaks"),
            "break_postpone_window": (self.tr("Postpone only in the first"), self.postpone_window, "breaks"),
            "shift_end_nudge_minutes": (self.tr("End-of-shift nudge"), self.shift_nudge, "workload"),
            "tough_after_difficult": (self.tr("Breathing reset"), self.tough_after_difficult, "workload"),
            "tough_seconds": (self.tr("Reset length"), self.tough_seconds, "workload"),
            "capacity_tickets": (self.tr("Active tickets I can carry"), self.capacity_tickets, "workload"),
            "capacity_updates": (self.tr("Client updates I can make in a day"), self.capacity_updates, "workload"),
        }
        return fields.get(key, ("", self.tabs, "general"))


def scrolling(page: QWidget) -> QScrollArea:
    """A tab page that scrolls when the screen is too small for it (1.5× on a 1366×768 laptop),
    so that Save and Cancel below the tabs stay on the screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area
