"""The ``querykit`` command.

    querykit compile 'name = "John" and age between 18..30 limit 10'
    querykit decompile '{"method":"limit","values":[10]}'
    querykit check --schema books.json '{"method":"limit","values":[0]}'
    querykit perm compile 'read: any; update: user:abc'
    querykit migrate 'equal("title", ["a"])'
    querykit repl

Exit status: 0 on success, 1 when input is valid but fails a check, 2 for unusable input (the
message, with a caret under the place, goes to standard error).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from querykit.errors import QueryError

__all__ = ["main"]

#: Modules that add sub-commands: each has ``register(subparsers)``.
_PLUGINS = (
    "querykit.appwrite.cli",
    "querykit.permissions.cli",
    "querykit.migrate_cli",
    "querykit.repl",
    "querykit.update.cli_update",
)


def _compile(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from querykit import compile as compile_text

    text = " ".join(args.text) if args.text else stdin.read()
    try:
        strings = compile_text(text)
    except QueryError as e:
        stderr.write(e.with_source(text).render() + "\n")
        return 2
    if args.url:
        from querykit.url import encode

        stdout.write(encode(strings, style=args.url_style) + "\n")
    elif args.json:
        stdout.write(json.dumps(strings, ensure_ascii=False) + "\n")
    else:
        for s in strings:
            stdout.write(s + "\n")
    return 0


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
        return 2
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="querykit",
        description="Compile querykit text to Appwrite queries and permissions, and back.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("compile", help="query text to Appwrite JSON query strings, one per line")
    p.add_argument("text", nargs="*", help="the query text (read from stdin when absent)")
    p.add_argument("--json", action="store_true", help="print one JSON array instead")
    p.add_argument("--url", action="store_true", help="print the URL query string the SDK sends")
    p.add_argument(
        "--url-style",
        choices=("indexed", "brackets"),
        default="indexed",
        help="queries[0]=... (the SDK's) or queries[]=...",
    )
    p.set_defaults(func=_compile)

    p = sub.add_parser("decompile", help="Appwrite JSON queries to query text")
    p.add_argument("queries", nargs="*", help="JSON query strings, or a JSON array (stdin when absent)")
    p.add_argument("--url", metavar="URL", help="read the queries from a URL or query string")
    p.add_argument("--one-line", action="store_true", help="never wrap long queries")
    p.set_defaults(func=_decompile)

    for name in _PLUGINS:
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
    """Run the command line; returns the exit status."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(stdout)
        return 2
    try:
        return int(func(args, stdin, stdout, stderr))
    except QueryError as e:
        stderr.write(e.render() + "\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
