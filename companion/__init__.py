"""Support Companion: a tray companion for tech-support agents."""

__version__ = "0.1.0"
APP_NAME = "Support Companion"
APP_ID = "support-companion"
