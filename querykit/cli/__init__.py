"""The ``querykit`` command.

    querykit compile 'name = "John" and age between 18..30 limit 10'
    querykit decompile '{"method":"limit","values":[10]}'
    querykit check --schema books.json '{"method":"limit","values":[0]}'
    querykit perm compile 'read: any; update: user:abc'
    querykit update compile 'views += 1, tags append ["sale"]'
    querykit migrate 'equal("title", ["a"])'
    querykit repl
    querykit run --schema books.json --documents books.jsonl 'year > 1960 order by title'
    querykit realtime check '{"method":"greaterThan","attribute":"score","values":[10]}'

Exit status: 0 on success, 1 when input is valid but fails a check, 2 for unusable input (the
message, with a caret under the place, goes to standard error).

Each command group is a module of this package with ``register(subparsers)``; adding a group is
one module and one entry in :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TextIO

from querykit.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_UNUSABLE
from querykit.errors import QueryError

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: The command-group modules, in help order: each has ``register(subparsers)``.
COMMAND_MODULES: tuple[str, ...] = (
    "querykit.cli.query",
    "querykit.cli.check",
    "querykit.cli.perm",
    "querykit.cli.migrate",
    "querykit.cli.repl",
    "querykit.cli.run",
    "querykit.cli.realtime",
    "querykit.cli.update",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command.

    >>> sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    ['check', 'compile', 'decompile', 'migrate', 'perm', 'realtime', 'repl', 'run', 'update']
    """
    parser = argparse.ArgumentParser(
        prog="querykit",
        description="Compile querykit text to Appwrite queries and permissions, and back.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _version() -> str:
    from querykit import __version__

    return f"querykit {__version__}"


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status.

    >>> import io
    >>> out = io.StringIO()
    >>> main(["decompile", '{"method":"limit","values":[3]}'], stdout=out), out.getvalue()
    (0, 'limit 3\\n')
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(stdout)
        return EXIT_UNUSABLE
    try:
        return int(func(args, stdin, stdout, stderr))
    except QueryError as e:
        stderr.write(e.render() + "\n")
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
