"""``querykit migrate``: legacy (pre-1.5) query strings to JSON and querykit text.

Each legacy string (from the arguments, or one per line on standard input) prints as two lines:
the JSON string Appwrite ≥ 1.5 receives for it, then ``# `` and the same query in querykit text.
A string that cannot be migrated prints its error, with a caret under the place, on standard
error; the exit status is then 2. A string that converts, but to a query the server rejects
(the legacy parser is lenient: ``equal("a", [`` converts to an ``equal`` with no values), or
whose text does not compile back to the same JSON, prints a warning on standard error and the
exit status is 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import IO, Any, TextIO

from querykit.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNUSABLE,
    add_command,
    add_limit_options,
    limits_from,
    read_inputs,
)
from querykit.errors import QueryError
from querykit.legacy import checked_json, parse

__all__ = ["migration_warnings", "register", "run"]

#: The name this command used before the exit statuses were shared.
EXIT_BAD_INPUT = EXIT_UNUSABLE


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``migrate`` command to a ``querykit`` argument parser."""
    parser = add_command(
        subparsers,
        "migrate",
        summary="convert legacy (pre-1.5) query strings to JSON and querykit text",
        description=(
            "Print, for each legacy query string, the JSON string Appwrite 1.5+ receives for it "
            "and, on the next line after '# ', the same query in querykit text. A conversion the "
            "server would reject, or whose text is not equivalent, gets a warning on standard error."
        ),
        examples=["querykit migrate 'equal(\"title\", [\"Iron Man\"])' 'limit(25)'"],
        exit_statuses=(
            (EXIT_OK, "every string converted"),
            (EXIT_INVALID, "a conversion has a warning (the server rejects it, or the text differs)"),
            (EXIT_UNUSABLE, "a string cannot be read (the error, with its place, on standard error)"),
        ),
    )
    parser.add_argument(
        "legacy",
        nargs="*",
        metavar="LEGACY",
        help='a legacy query such as \'equal("title", ["Iron Man"])\'; '
        "without any, read one per line from standard input",
    )
    add_limit_options(parser)
    parser.set_defaults(func=run)


def _inputs(args: argparse.Namespace, stdin: IO[Any]) -> Iterable[str]:
    given: list[str] = list(getattr(args, "legacy", None) or [])
    for source in read_inputs(given, stdin):
        if given:
            yield source.text
        else:
            yield from (line for _, _, line in source.lines())


def migration_warnings(converted: str, text: str) -> list[str]:
    """What is wrong with a conversion: the problems the server rejects the JSON query for, and
    a difference between the querykit ``text`` and the JSON.

    >>> migration_warnings('{"method":"equal","attribute":"a"}', "a in []")
    ['the server rejects this query: equal takes at least one value']
    >>> migration_warnings('{"method":"limit","values":[5]}', "limit 5")
    []
    """
    import querykit as qk

    warnings = []
    try:
        query = qk.from_appwrite(converted)
        problems = [d for d in qk.validate(query) if d.severity == "error" or d.code == "server-rejects"]
    except QueryError as e:
        return [f"the server rejects this query: {e.message}"]
    warnings += [f"the server rejects this query: {d.message}" for d in problems]
    if not warnings:
        try:
            same = qk.compile(text) == [converted]
        except QueryError:
            same = False
        if not same:
            warnings.append("the querykit text is not equivalent to the JSON query")
    return warnings


def run(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    """Migrate every input; return 0 when all worked, 1 when a conversion has a warning, 2 when
    any could not be read."""
    from querykit import format as format_query

    limits = limits_from(args)
    status = EXIT_OK
    for text in _inputs(args, stdin):
        try:
            if len(text) > limits.max_length:
                raise QueryError(f"longer than {limits.max_length} characters")
            converted = checked_json(text)
            line = format_query(parse(text))
        except QueryError as exc:
            exc.with_source(text)
            stderr.write(exc.render() + "\n")
            status = EXIT_BAD_INPUT
            continue
        stdout.write(converted + "\n")
        stdout.write("# " + line.replace("\n", "\n# ") + "\n")
        for warning in migration_warnings(converted, line):
            stderr.write(f"warning: {text}: {warning}\n")
            status = max(status, EXIT_INVALID)
    return status
