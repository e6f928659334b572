"""The ``querykit`` command.

    querykit compile 'name = "John" and age between 18..30 limit 10'
    querykit decompile '{"method":"limit","values":[10]}'
    querykit check --schema books.json '{"method":"limit","values":[0]}'
    querykit perm compile 'read: any; update: user:abc'
    querykit update compile 'views += 1, tags append ["sale"]'
    querykit migrate 'equal("title", ["a"])'
    querykit format 'a = 1  AND b="x"'
    querykit methods
    querykit repl
    querykit run --schema books.json --documents books.jsonl 'year > 1960 order by title'
    querykit realtime check '{"method":"greaterThan","attribute":"score","values":[10]}'

Exit status: 0 on success, 1 when input is valid but fails a check, 2 for unusable input (the
message, with a caret under the place, goes to standard error). No input ends in a traceback:
see :mod:`querykit.cli.common` for the one input reader and error path every command uses.

Each command group is a module of this package with ``register(subparsers)``; adding a group is
one module and one entry in :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
from collections.abc import Sequence
from typing import IO, Any, TextIO

from querykit.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_UNUSABLE, NoInput, decode_bytes
from querykit.errors import QueryError

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: The command-group modules, in help order: each has ``register(subparsers)``.
COMMAND_MODULES: tuple[str, ...] = (
    "querykit.cli.query",
    "querykit.cli.check",
    "querykit.cli.perm",
    "querykit.cli.migrate",
    "querykit.cli.formatting",
    "querykit.cli.catalog",
    "querykit.cli.repl",
    "querykit.cli.run",
    "querykit.cli.realtime",
    "querykit.cli.update",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command.

    >>> names = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    >>> names[:6]
    ['check', 'compile', 'decompile', 'format', 'methods', 'migrate']
    >>> names[6:]
    ['perm', 'realtime', 'repl', 'run', 'update']
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
    stdin: IO[Any] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status.

    ``stdin`` may be a text or a binary stream: input is read as bytes where it can be and
    decoded strictly as UTF-8 (a command that reads text from ``stdin`` directly gets a strict
    UTF-8 text stream, and invalid bytes end in the same message as everywhere else).

    >>> import io
    >>> out = io.StringIO()
    >>> main(["decompile", '{"method":"limit","values":[3]}'], stdout=out), out.getvalue()
    (0, 'limit 3\\n')
    """
    stdin = stdin or sys.stdin
    if isinstance(stdin, (io.BufferedIOBase, io.RawIOBase)):
        stdin = io.TextIOWrapper(stdin, encoding="utf-8", errors="strict")  # type: ignore[type-var]
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, or a usage error (argparse printed it)
        return e.code if isinstance(e.code, int) else EXIT_UNUSABLE
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(stdout)
        return EXIT_UNUSABLE
    try:
        return int(func(args, stdin, stdout, stderr))
    except NoInput:
        command_parser = getattr(args, "command_parser", parser)
        stderr.write(command_parser.format_help())
        return EXIT_UNUSABLE
    except QueryError as e:
        stderr.write(e.render() + "\n")
        return EXIT_UNUSABLE
    except UnicodeDecodeError as e:  # a command that read text itself rather than read_inputs
        try:
            decode_bytes(bytes(e.object))
        except QueryError as error:
            stderr.write(error.render() + "\n")
        else:  # pragma: no cover - the error came from bytes that do decode
            stderr.write(f"invalid UTF-8: {e.reason}\n")
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
