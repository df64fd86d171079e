"""The smallest PySide6 tray app: the baseline that bench.tray_startup compares the app against.

    .venv/bin/python bench/bare_tray.py

An icon drawn in memory, a one-item context menu (Quit), and the Qt event loop. Nothing else on
purpose: whatever the real app costs beyond this is the app's own doing.
"""

import sys

from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # there are no windows; only Quit ends the app

    # A filled circle on a transparent 64x64 pixmap, so no icon file or theme is needed.
    pixmap = QPixmap(64, 64)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#2e7d32"))
    painter.setPen(QColor("#1b5e20"))
    painter.drawEllipse(4, 4, 56, 56)
    painter.end()

    tray = QSystemTrayIcon(QIcon(pixmap))
    menu = QMenu()
    quit_action = QAction("Quit", menu)
    quit_action.triggered.connect(app.quit)
    menu.addAction(quit_action)
    tray.setContextMenu(menu)
    tray.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
