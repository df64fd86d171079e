"""companion.core and companion.store must work without Qt, the scheduler or notifications.

They are the headless domain layer (used by the CLI, benchmarks and tests), so importing any of
their modules must never pull in PySide6, apscheduler or plyer. A fresh interpreter is used so
that modules already imported by pytest-qt in this process cannot hide a stray import.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import importlib
    import importlib.abc
    import pkgutil
    import sys

    BLOCKED = ("PySide6", "apscheduler", "plyer")

    class Forbidden(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ImportError(f"{name} must not be imported by companion.core / companion.store")
            return None

    sys.meta_path.insert(0, Forbidden())

    # the blocker itself works
    for name in BLOCKED:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
        else:
            print(f"blocker did not stop {name}", file=sys.stderr)
            sys.exit(3)

    imported = []
    for package_name in ("companion.core", "companion.store"):
        package = importlib.import_module(package_name)
        imported.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            importlib.import_module(info.name)
            imported.append(info.name)

    leaked = sorted(m for m in sys.modules if m.partition(".")[0] in BLOCKED)
    if leaked:
        print(f"leaked: {leaked}", file=sys.stderr)
        sys.exit(4)
    print("\\n".join(imported))
""")


def test_core_and_store_import_without_qt_scheduler_or_notifications():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    # the walk really visited the modules (a vacuous pass would prove nothing)
    for module in ("companion.core.schedule", "companion.core.cadence", "companion.core.timeparse",
                   "companion.core.urls", "companion.core.clock", "companion.store.db",
                   "companion.store.models", "companion.store.migrations", "companion.core.replies",
                   "companion.core.reply_library", "companion.core.reply_search", "companion.core.reply_io"):
        assert module in imported, result.stdout
