"""``querykit compile`` and ``querykit decompile``: query text to Appwrite JSON strings and back.

    $ querykit compile 'name = "John" and age between 18..30 limit 10'
    $ querykit decompile '{"method":"limit","values":[10]}'

``compile`` prints each warning of the text on standard error with its place (``--strict``
makes them errors). ``decompile`` reads JSON query strings, a JSON array, or one query per line
of standard input; a JSON error names the input line and column with a caret.
"""

from __future__ import annotations

import argparse
import json
from typing import IO, Any, TextIO

from querykit.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNUSABLE,
    InputText,
    add_command,
    add_limit_options,
    limits_from,
    read_inputs,
    read_json,
    report,
)
from querykit.errors import CodecError, QueryError, Span
from querykit.limits import Limits

__all__ = ["json_given_for_text", "looks_like_query_text", "register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``compile`` and ``decompile`` to a ``querykit`` argument parser.

    >>> import argparse, io
    >>> top = argparse.ArgumentParser(prog="querykit")
    >>> register(top.add_subparsers(dest="command"))
    >>> args = top.parse_args(["compile", "a = 1"])
    >>> out = io.StringIO()
    >>> args.func(args, io.StringIO(), out, io.StringIO()), out.getvalue()
    (0, '{"method":"equal","attribute":"a","values":[1]}\\n')
    """
    p = add_command(
        subparsers,
        "compile",
        summary="query text to Appwrite JSON query strings, one per line",
        description="Compile querykit query text to the JSON query strings the Appwrite SDKs send, "
        "one per line. Warnings go to standard error with their place; --strict makes them errors.",
        examples=[
            "querykit compile 'name = \"John\" and age between 18..30 limit 10'",
            "echo 'a = 1 limit 5' | querykit compile --json",
        ],
        exit_statuses=(
            (EXIT_OK, "compiled (warnings, if any, on standard error)"),
            (EXIT_INVALID, "--strict and the text has warnings"),
            (EXIT_UNUSABLE, "the text cannot be compiled (the error, with its place, on standard error)"),
        ),
    )
    p.add_argument("text", nargs="*", help="the query text (read from stdin when absent)")
    p.add_argument("--json", action="store_true", help="print one JSON array instead")
    p.add_argument("--url", action="store_true", help="print the URL query string the SDK sends")
    p.add_argument(
        "--url-style",
        choices=("indexed", "brackets"),
        default="indexed",
        help="queries[0]=... (the SDK's) or queries[]=...",
    )
    p.add_argument(
        "--server",
        choices=_server_lines(),
        default="latest",
        help="the Appwrite release line to compile for (1.4: legacy strings)",
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    add_limit_options(p)
    p.set_defaults(func=_compile)

    p = add_command(
        subparsers,
        "decompile",
        summary="Appwrite JSON queries to query text",
        description="Turn Appwrite JSON query strings into querykit text. Give query strings or a "
        "JSON array as arguments, or on standard input (a JSON array, or one query per line).",
        examples=[
            'querykit decompile \'{"method":"limit","values":[10]}\'',
            "querykit decompile --url 'queries[0]=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B1%5D%7D'",
            "querykit compile 'a = 1 limit 2' | querykit decompile",
        ],
        exit_statuses=(
            (EXIT_OK, "decompiled"),
            (EXIT_UNUSABLE, "unusable input (the error, with its place, on standard error)"),
        ),
    )
    p.add_argument("queries", nargs="*", help="JSON query strings, or a JSON array (stdin when absent)")
    p.add_argument("--url", metavar="URL", help="read the queries from a URL or query string")
    p.add_argument("--one-line", action="store_true", help="never wrap long queries")
    add_limit_options(p)
    p.set_defaults(func=_decompile)


def _server_lines() -> tuple[str, ...]:
    from querykit.releases import LINE_NAMES

    return LINE_NAMES


def looks_like_query_text(text: str) -> bool:
    """Whether ``text`` (given where JSON was expected) parses as querykit query text.

    >>> looks_like_query_text("a = 1 limit 2"), looks_like_query_text('{"method":"limit"}')
    (True, False)
    """
    from querykit import parse

    stripped = text.strip()
    if not stripped or stripped[0] in "[{":
        return False
    try:
        parse(stripped)
    except QueryError:
        return False
    return True


def json_given_for_text(error: QueryError, text: str) -> QueryError:
    """``error`` with a hint to use ``querykit decompile`` when ``text`` (given where query text
    was expected) is Appwrite JSON.

    >>> json_given_for_text(QueryError("bad"), '{"method":"limit","values":[1]}').hint
    'this is Appwrite JSON: `querykit decompile` turns it into query text'
    """
    stripped = text.strip()
    if stripped[:1] in ("{", "[") and error.hint is None:
        try:
            read_json(stripped)
        except QueryError:
            return error
        error.hint = "this is Appwrite JSON: `querykit decompile` turns it into query text"
    return error


def _compile(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    from querykit import compile as compile_text
    from querykit import parse, validate

    limits = limits_from(args)
    text = " ".join(i.text for i in read_inputs(args.text, stdin))
    try:
        strings = compile_text(text, limits=limits, server=args.server)
        diagnostics = validate(parse(text, limits=limits), server=args.server)
    except QueryError as e:
        return report(json_given_for_text(e, text), stderr, text)
    warnings = [d for d in diagnostics if d.severity != "error"]
    for d in warnings:
        label = "error (--strict)" if args.strict else "warning"
        rendered = d.render(text)
        rendered = rendered.replace(": ", f": {label}: ", 1) if d.span else f"{label}: {rendered}"
        stderr.write(rendered + "\n")
    if warnings and args.strict:
        return EXIT_INVALID
    if args.url:
        from querykit.url import encode

        stdout.write(encode(strings, style=args.url_style) + "\n")
    elif args.json:
        stdout.write(json.dumps(strings, ensure_ascii=False) + "\n")
    else:
        for s in strings:
            stdout.write(s + "\n")
    return EXIT_OK


class _Item:
    """One query read from the input, with where it came from."""

    __slots__ = ("label", "source", "span", "value")

    def __init__(self, value: Any, label: str, source: str | None, span: Span | None) -> None:
        self.value = value
        self.label = label
        self.source = source
        self.span = span


def _queries_in(given: InputText, limits: Limits) -> list[_Item]:
    """The queries of one input: a JSON array of queries (strings or objects), one query, or
    one query per line."""
    text = given.text
    stripped = text.strip()
    if not stripped:
        return []
    if stripped[0] not in "[{" and "queries" in stripped and "=" in stripped:
        raise CodecError(
            f"{given.origin} looks like a URL query string, not JSON",
            hint="use `querykit decompile --url '...'`",
        )
    if stripped[0] != "[" and looks_like_query_text(stripped):
        raise CodecError(
            f"{given.origin} is querykit query text, not JSON",
            hint="use `querykit compile` to turn text into JSON (or `querykit format` to tidy it)",
        )
    if stripped[0] == "[":
        decoded = read_json(text, limits)
        if not isinstance(decoded, list):  # pragma: no cover - a JSON text starting with [ is a list
            raise CodecError("expected a JSON array of queries")
        items = []
        for n, v in enumerate(decoded, start=1):
            if isinstance(v, str):
                v = read_json(v, limits)
            items.append(_Item(v, f"query {n} of the array", None, None))
        return items
    items = []
    for number, offset, line in given.lines():
        value = read_json(line, limits, offset=offset, source=text)
        span = Span(offset, offset + len(line))
        label = f"query {number}" if given.origin == "standard input" else given.origin
        items.append(_Item(value, label, text, span))
    return items


def _decompile(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    from querykit import decompile, from_appwrite

    limits = limits_from(args)
    if args.url is not None:
        from querykit.url import decode

        strings = list(decode(args.url))
        if not strings:
            stderr.write(f"no queries found in {args.url!r}\n")
            return EXIT_UNUSABLE
        inputs = [InputText(s, f"query {n}") for n, s in enumerate(strings, start=1)]
    else:
        inputs = read_inputs(args.queries, stdin)
    items: list[_Item] = []
    for given in inputs:
        items.extend(_queries_in(given, limits))
    if not items:
        stderr.write("no queries found\n")
        return EXIT_UNUSABLE
    for item in items:
        if not isinstance(item.value, dict):
            kind = "an array" if isinstance(item.value, list) else type(item.value).__name__
            error = CodecError(f"{item.label}: expected a JSON query object, got {kind}", span=item.span)
            return report(error, stderr, item.source)
        try:
            from_appwrite(item.value, limits=limits)
        except QueryError as e:
            message = e.message.removeprefix("query 0: ")
            error = CodecError(f"{item.label}: {message}", span=item.span, source=item.source, hint=e.hint)
            return report(error, stderr)
    stdout.write(decompile([i.value for i in items], wrap=not args.one_line, limits=limits) + "\n")
    return EXIT_OK
