"""``querykit compile`` and ``querykit decompile``: query text to Appwrite JSON strings and back.

querykit compile 'name = "John" and age between 18..30 limit 10'
querykit decompile '{"method":"limit","values":[10]}'
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from querykit.cli.common import EXIT_OK, EXIT_UNUSABLE
from querykit.errors import QueryError

__all__ = ["register"]


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
    p = subparsers.add_parser("compile", help="query text to Appwrite JSON query strings, one per line")
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
    p.set_defaults(func=_compile)

    p = subparsers.add_parser("decompile", help="Appwrite JSON queries to query text")
    p.add_argument("queries", nargs="*", help="JSON query strings, or a JSON array (stdin when absent)")
    p.add_argument("--url", metavar="URL", help="read the queries from a URL or query string")
    p.add_argument("--one-line", action="store_true", help="never wrap long queries")
    p.set_defaults(func=_decompile)


def _server_lines() -> tuple[str, ...]:
    from querykit.releases import LINE_NAMES

    return LINE_NAMES


def _compile(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from querykit import compile as compile_text

    text = " ".join(args.text) if args.text else stdin.read()
    try:
        strings = compile_text(text, server=args.server)
    except QueryError as e:
        stderr.write(e.with_source(text).render() + "\n")
        return EXIT_UNUSABLE
    if args.url:
        from querykit.url import encode

        stdout.write(encode(strings, style=args.url_style) + "\n")
    elif args.json:
        stdout.write(json.dumps(strings, ensure_ascii=False) + "\n")
    else:
        for s in strings:
            stdout.write(s + "\n")
    return EXIT_OK


def _read_queries(args: argparse.Namespace, stdin: TextIO) -> list[Any]:
    """Queries from the arguments or stdin: a JSON array (of strings or objects), or one
    query per line."""
    if args.url is not None:
        from querykit.url import decode

        return list(decode(args.url))
    raw = list(args.queries) if args.queries else [stdin.read()]
    out: list[Any] = []
    for chunk in raw:
        stripped = chunk.strip()
        if not stripped:
            continue
        if stripped.startswith("["):
            try:
                decoded = json.loads(stripped)
            except json.JSONDecodeError:
                decoded = None
            if isinstance(decoded, list):
                out.extend(decoded)
                continue
        out.extend(line for line in stripped.splitlines() if line.strip())
    return out


def _decompile(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from querykit import decompile

    try:
        queries = _read_queries(args, stdin)
        stdout.write(decompile(queries, wrap=not args.one_line) + "\n")
    except QueryError as e:
        stderr.write(e.render() + "\n")
        return EXIT_UNUSABLE
    return EXIT_OK
