"""Settings → Workload: the load one person can carry, the end-of-shift nudge, tough conversations."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QVBoxLayout, QWidget

from companion.ui.settings.base import SettingsBase, agreeing, hint, spin


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SettingsDialog", text, None, n)


class WorkloadTab(SettingsBase):
    def _workload_tab(self) -> QWidget:
        settings = self.settings
        self.capacity_tickets = agreeing(spin(1, 1000, settings.get("capacity_tickets")),
                                         lambda n: tr(" ticket(s)", n))
        self.capacity_updates = agreeing(spin(1, 1000, settings.get("capacity_updates")),
                                         lambda n: tr(" update(s)", n))
        capacity = QFormLayout()
        capacity.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        capacity.addRow(tr("Active tickets I can carry"), self.capacity_tickets)
        capacity.addRow(tr("Client updates I can make in a day"), self.capacity_updates)
        capacity.addRow(hint(tr("Adding a ticket or promising a date warns you when the day would be "
                                "over this load, before you promise something impossible.")))
        capacity_box = QGroupBox(tr("Capacity"))
        capacity_box.setLayout(capacity)

        self.shift_nudge = spin(0, 240, settings.get("shift_end_nudge_minutes"), tr(" min before the end"))
        self.shift_nudge.setSpecialValueText(tr("at the end of the shift"))
        shift = QFormLayout()
        shift.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        shift.addRow(tr("End-of-shift nudge"), self.shift_nudge)
        shift_box = QGroupBox(tr("End of the shift"))
        shift_box.setLayout(shift)

        self.tough_after_difficult = QCheckBox(tr("Offer a breathing reset after updating a difficult client"))
        self.tough_after_difficult.setChecked(bool(settings.get("tough_after_difficult")))
        self.tough_seconds = spin(20, 600, settings.get("tough_seconds"), tr(" s"))
        tough = QFormLayout()
        tough.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        tough.addRow(self.tough_after_difficult)
        tough.addRow(tr("Reset length"), self.tough_seconds)
        tough_box = QGroupBox(tr("Tough conversations"))
        tough_box.setLayout(tough)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(capacity_box)
        layout.addWidget(shift_box)
        layout.addWidget(tough_box)
        layout.addStretch(1)
        return page
