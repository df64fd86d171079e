"""Guards against a Qt binding that corrupts the interpreter.

PySide6 6.12.0 drops a reference to None each time Qt hands Python an empty QVariant (an
index's data for an unused role, a combo box item without data, an action without data). The
app does that on every keystroke in the reply palette, so after a few thousand the interpreter
aborts with "deallocating None". pyproject.toml excludes that release; this test fails on any
release with the same defect.
"""

import sys

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox


def test_empty_qvariants_come_back_as_none_without_losing_a_reference(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("No ticket", None)
    model = QStringListModel(["a"])
    index = model.index(0)
    action = QAction("x")
    before = sys.getrefcount(None)
    for _ in range(200):
        assert combo.currentData() is None
        assert index.data(Qt.ItemDataRole.UserRole + 7) is None
        assert action.data() is None
    assert sys.getrefcount(None) - before > -50  # 600 lost references on the broken release
