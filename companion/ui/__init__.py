"""PySide6 user interface: tray, windows and dialogs (one module each) and Qt item models."""
