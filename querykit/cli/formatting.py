"""``querykit format``: query text in its canonical form, or ``--check`` whether it already is.

$ querykit format 'a = 1  AND b="x"'
a = 1 and b = "x"
"""

from __future__ import annotations

import argparse
from typing import IO, Any, TextIO

from querykit.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNUSABLE,
    add_command,
    add_limit_options,
    limits_from,
    read_inputs,
    report,
)
from querykit.errors import QueryError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``querykit format`` to a ``querykit`` argument parser.

    >>> import argparse, io
    >>> top = argparse.ArgumentParser(prog="querykit")
    >>> register(top.add_subparsers(dest="command"))
    >>> args = top.parse_args(["format", "--check", "a = 1  AND b='x'"])
    >>> out, err = io.StringIO(), io.StringIO()
    >>> args.func(args, io.StringIO(), out, err), out.getvalue(), err.getvalue()
    (1, '', 'not canonical; querykit format writes it as:\\na = 1 and b = "x"\\n')
    """
    p = add_command(
        subparsers,
        "format",
        summary="query text in its canonical form",
        description="Print query text in its canonical form: keywords in lower case, minimal "
        "brackets, strings as JSON strings, long queries one clause per line. With --check, print "
        "nothing when the text is already canonical and exit 1 when it is not (for CI).",
        examples=["querykit format 'a = 1  AND b=\"x\"'", "querykit format --check < saved-query.qk"],
        exit_statuses=(
            (EXIT_OK, "formatted (--check: the text is canonical)"),
            (EXIT_INVALID, "--check and the text is not canonical"),
            (EXIT_UNUSABLE, "the text is not query text (the error, with its place, on standard error)"),
        ),
    )
    p.add_argument("text", nargs="*", help="the query text (read from stdin when absent)")
    p.add_argument("--check", action="store_true", help="exit 1 when the text is not canonical")
    p.add_argument("--one-line", action="store_true", help="never wrap long queries")
    add_limit_options(p)
    p.set_defaults(func=_format)


def _format(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    from querykit import format as format_query
    from querykit import parse

    text = " ".join(i.text for i in read_inputs(args.text, stdin))
    try:
        canonical = format_query(parse(text, limits=limits_from(args)), wrap=not args.one_line)
    except QueryError as e:
        from querykit.cli.query import json_given_for_text

        return report(json_given_for_text(e, text), stderr, text)
    if not args.check:
        stdout.write(canonical + "\n")
        return EXIT_OK
    if text.rstrip("\r\n") == canonical:
        return EXIT_OK
    stderr.write(f"not canonical; querykit format writes it as:\n{canonical}\n")
    return EXIT_INVALID
