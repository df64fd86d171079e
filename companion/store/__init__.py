"""Persistence: peewee models over one SQLite file, versioned migrations and backups."""
