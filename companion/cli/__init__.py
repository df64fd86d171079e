"""The `companion` command: the tray app by default, subcommands for scripting on the same data.

Bad input prints one line to stderr and exits with code 2, having written nothing. A data file
that cannot be used (damaged, emptied, not SQLite, from a newer app, inaccessible) prints one line
naming the problem and the fix and exits with code 1, having written nothing to it.

parser.py wires each command to its handler in a module per command group; main() turns what the
handlers raise into those lines and exit codes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli import gui
from companion.cli.common import EXIT_DATA, EXIT_UNFILLED, EXIT_USAGE, CliError, Context, DataError
from companion.cli.parser import build_parser

if TYPE_CHECKING:
    from companion.core.clock import Clock

__all__ = ["EXIT_DATA", "EXIT_UNFILLED", "EXIT_USAGE", "CliError", "DataError", "build_parser", "main"]


def main(argv: list[str] | None = None, clock: Clock | None = None) -> int:
    """Run one command; `clock` is the system's unless a caller (a test) brings its own."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed, one line)
        return exc.code if isinstance(exc.code, int) else 0
    data_dir = args.data_dir
    if data_dir is None:
        from companion.store.db import default_data_dir

        data_dir = default_data_dir()
    if clock is None:
        from companion.core.clock import SystemClock

        clock = SystemClock()
    context = Context(args, Path(data_dir), clock)
    handler = getattr(args, "handler", gui.run)  # no command: the tray app
    if handler is gui.run:  # the app shows its own problems, in windows
        return handler(context)
    return _answered(handler, context)


def _answered(handler: Callable[[Context], int], context: Context) -> int:
    """The handler's exit code, or the one line and exit code for what it raised."""
    from companion.cli.data import fix
    from companion.store.db import DataFileBusy
    from companion.store.health import DataFileError
    from companion.store.migrations import SchemaTooNewError

    try:
        return handler(context)
    except CliError as exc:
        print(f"companion: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DataFileError as exc:
        print(f"companion: error: {exc.health.problem()}; {fix(exc.health, context.args)}", file=sys.stderr)
        return EXIT_DATA
    except (DataError, SchemaTooNewError) as exc:
        print(f"companion: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except DataFileBusy as exc:  # another program kept the write lock past every wait and retry
        print(f"companion: error: {exc} — try again", file=sys.stderr)
        return EXIT_DATA
    except ValueError as exc:  # validation from core (ValidationError, SettingError, …)
        print(f"companion: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LookupError as exc:
        text = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)  # KeyError quotes str()
        print(f"companion: error: {text}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `companion reply list | head`: the reader has what it wanted
        sys.stderr.close()
        return 0
