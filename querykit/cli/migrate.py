"""``querykit migrate``: legacy (pre-1.5) query strings to JSON and querykit text.

Each legacy string (from the arguments, or one per line on standard input) prints as two lines:
the JSON string Appwrite ≥ 1.5 receives for it, then ``# `` and the same query in querykit text.
A string that cannot be migrated prints its error, with a caret under the place, on standard
error; the exit status is then 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TextIO

from querykit.cli.common import EXIT_OK, EXIT_UNUSABLE
from querykit.errors import QueryError
from querykit.legacy import checked_json, parse

__all__ = ["register", "run"]

#: The name this command used before the exit statuses were shared.
EXIT_BAD_INPUT = EXIT_UNUSABLE


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``migrate`` command to a ``querykit`` argument parser."""
    parser = subparsers.add_parser(
        "migrate",
        help="convert legacy (pre-1.5) query strings to JSON and querykit text",
        description=(
            "Print, for each legacy query string, the JSON string Appwrite 1.5+ receives for it "
            "and, on the next line after '# ', the same query in querykit text."
        ),
    )
    parser.add_argument(
        "legacy",
        nargs="*",
        metavar="LEGACY",
        help='a legacy query such as \'equal("title", ["Iron Man"])\'; '
        "without any, read one per line from standard input",
    )
    parser.set_defaults(func=run)


def _inputs(args: argparse.Namespace, stdin: TextIO) -> Iterable[str]:
    given: list[str] = list(getattr(args, "legacy", None) or [])
    if given:
        yield from given
        return
    for line in stdin:
        stripped = line.rstrip("\r\n")
        if stripped.strip():
            yield stripped


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Migrate every input; return 0 when all worked, 2 when any could not be read."""
    from querykit import format as format_query

    status = EXIT_OK
    for text in _inputs(args, stdin):
        try:
            converted = checked_json(text)
            line = format_query(parse(text))
        except QueryError as exc:
            exc.with_source(text)
            stderr.write(exc.render() + "\n")
            status = EXIT_BAD_INPUT
            continue
        stdout.write(converted + "\n")
        stdout.write("# " + line.replace("\n", "\n# ") + "\n")
    return status
