"""Settings → Breaks: breaks on or off, do not disturb, the kinds of break (kinds.py) and the
rules for postponing and skipping."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from companion.ui.settings.base import agreeing, spin
from companion.ui.settings.kinds import KindsEditor


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SettingsDialog", text, None, n)


class BreaksTab(KindsEditor):
    def _breaks_tab(self) -> QWidget:
        settings = self.settings
        self.breaks_enabled = QCheckBox(tr("Rest breaks"))
        self.breaks_enabled.setChecked(bool(settings.get("breaks_enabled")))
        self.breaks_enabled.setToolTip(tr("Short eye breaks and longer breaks for fresh air or tea, "
                                          "during working hours"))
        self.do_not_disturb = QCheckBox(tr("Do not disturb (hold breaks)"))
        self.do_not_disturb.setChecked(bool(settings.get("do_not_disturb")))
        self.do_not_disturb.setToolTip(tr("Breaks that fall due meanwhile are owed and offered once "
                                          "you turn this off"))
        top = QHBoxLayout()
        top.addWidget(self.breaks_enabled)
        top.addStretch(1)
        top.addWidget(self.do_not_disturb)

        self.break_strict = QCheckBox(tr("Strict: no Skip button"))
        self.break_strict.setChecked(bool(settings.get("break_strict")))
        self.postpone_minutes = spin(1, 60, settings.get("break_postpone_minutes"), tr(" min"))
        self.postpone_limit = agreeing(spin(0, 10, settings.get("break_postpone_limit")),
                                       lambda n: tr(" time(s) per hour", n))
        self.postpone_limit.setSpecialValueText(tr("0 times (no Postpone)"))
        self.postpone_window = spin(0, 600, settings.get("break_postpone_window"), tr(" s of a break"))
        postpone = QFormLayout()
        postpone.addRow(tr("Postpone by"), self.postpone_minutes)
        postpone.addRow(tr("At most"), self.postpone_limit)
        postpone.addRow(tr("Only in the first"), self.postpone_window)
        postpone.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        rules = QVBoxLayout()
        rules.addWidget(self.break_strict)
        rules.addLayout(postpone)
        rules_box = QGroupBox(tr("Break rules"))
        rules_box.setLayout(rules)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        self.drafts, self.deleted, self.kind_list = [], [], None
        if self.breaks is not None:
            layout.addWidget(self._kinds_box(self.breaks), 1)
        layout.addWidget(rules_box)
        if self.breaks is None:
            layout.addStretch(1)
        return page
