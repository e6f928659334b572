"""``querykit check``: what the Appwrite server would answer to a list of queries.

    $ querykit check --schema books.json --profile mariadb '{"method":"limit","values":[0]}'
    400 general_query_invalid: Invalid query: Invalid limit: Value must be a valid range between 1 and 9,...
    $ querykit check --server 1.7 '{"method":"containsAny","attribute":"tags","values":["a"]}'
    400 general_query_invalid: Invalid query method: containsAny
    hint: containsAny needs Appwrite 1.9 or later

Queries come from the arguments, or from standard input (one per line, or a JSON array of
strings). Without ``--schema`` the collection has no attributes of its own: only the internal
ones (``$id``, ``$createdAt``, ...) exist. Exit status: 0 valid, 1 invalid, 2 unusable input
(unreadable schema file, query text given without ``--text``).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import IO, Any, TextIO

from querykit.appwrite.profiles import PROFILES
from querykit.appwrite.schema import Collection
from querykit.appwrite.validator import Verdict, check_list_documents
from querykit.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNUSABLE,
    add_command,
    add_limit_options,
    decode_bytes,
    limits_from,
    read_inputs,
    read_json,
)
from querykit.errors import CodecError, QueryError
from querykit.limits import Limits
from querykit.releases import LINE_NAMES

__all__ = ["register", "run_check"]

#: A legacy query string (``limit(5)``): the server gives its own answer to one.
_CALL = re.compile(r"[A-Za-z]+\s*\(")

#: The name this command used before the exit statuses were shared.
EXIT_VALID = EXIT_OK


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` command to a ``querykit`` argument parser."""
    parser = add_command(
        subparsers,
        "check",
        summary="check queries as the Appwrite server would (list documents)",
        description="Check Appwrite query strings against a collection exactly as the server does. "
        "Without --schema the collection has no attributes of its own: only the internal ones "
        "($id, $sequence, $createdAt, $updatedAt) exist, so a query on any other attribute is "
        "rejected. Queries come from the arguments, or from standard input (one per line, or a "
        "JSON array of strings); with --text they are querykit query text.",
        examples=[
            'querykit check --schema examples/books.json \'{"method":"limit","values":[0]}\'',
            "querykit check --text --schema examples/books.json 'year > 2000 limit 10'",
        ],
        exit_statuses=(
            (EXIT_OK, "the server would accept the queries"),
            (EXIT_INVALID, "the server would reject them (its answer is printed)"),
            (EXIT_UNUSABLE, "unusable input: an unreadable schema, text given without --text, ..."),
        ),
    )
    parser.add_argument(
        "--schema",
        metavar="FILE",
        help="collection JSON as GET /collections/{id} returns it "
        "(without it, only the internal attributes exist)",
    )
    parser.add_argument(
        "--profile",
        default=None,
        choices=sorted(PROFILES),
        help="database behind the project (default: postgresql; mariadb before 1.9)",
    )
    parser.add_argument(
        "--server",
        default="latest",
        choices=LINE_NAMES,
        help="Appwrite release line to answer as (default: latest)",
    )
    parser.add_argument("--text", action="store_true", help="queries are querykit query text, not JSON")
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    parser.add_argument("queries", nargs="*", metavar="QUERIES", help="query strings (default: stdin)")
    add_limit_options(parser)
    parser.set_defaults(func=run_check)


def _read_queries(args: argparse.Namespace, stdin: IO[Any], limits: Limits) -> list[str]:
    """The query strings: each argument, or standard input as a JSON array of strings or one
    query per line. Query text given without ``--text`` (and JSON given with it) is refused with
    the flag to use."""
    inputs = read_inputs(args.queries, stdin)
    if args.queries:
        queries = [i.text for i in inputs]
    else:
        content = inputs[0].text
        queries = [line for _, _, line in inputs[0].lines()]
        if content.lstrip().startswith("["):
            decoded = read_json(content, limits)
            if isinstance(decoded, list) and all(isinstance(q, str) for q in decoded):
                queries = decoded
            else:
                raise CodecError("expected a JSON array of query strings", source=content)
    from querykit.cli.query import looks_like_query_text
    from querykit.releases import get_line

    if get_line(args.server).query_format != "json":
        return queries  # the line reads legacy strings: the server's own answer says the rest
    for q in queries:
        stripped = q.strip()
        if args.text and stripped[:1] in ("{", "["):
            raise CodecError(
                f"{stripped[:40]!r} is JSON, not query text", hint="drop --text to check JSON queries"
            )
        if not args.text and not _CALL.match(stripped) and looks_like_query_text(stripped):
            raise CodecError(
                f"{stripped[:40]!r} is querykit query text, not JSON",
                hint="add --text to check query text",
            )
    return queries


def _check_text(
    texts: list[str],
    collection: Collection,
    profile: str | None,
    as_json: bool,
    stdout: TextIO,
    stderr: TextIO,
    limits: Limits,
    server: str = "latest",
) -> int:
    """``--text``: every problem of each query text, with its place; then the server's verdict on
    the whole compiled list."""
    from querykit import parse, to_appwrite, validate  # the query-language core

    strings: list[str] = []
    problems: list[dict[str, object]] = []
    failed = False
    for text in texts:
        try:
            query = parse(text, limits=limits)
        except QueryError as e:
            print(e.with_source(text).render(), file=stderr)
            return EXIT_UNUSABLE
        for d in validate(query, schema=collection, profile=profile, server=server):
            failed = failed or d.severity == "error"
            if as_json:
                problems.append(
                    {
                        "code": d.code,
                        "severity": d.severity,
                        "message": d.message,
                        "start": d.span.start if d.span else None,
                        "end": d.span.end if d.span else None,
                        "hint": d.hint,
                    }
                )
            else:
                print(d.render(text), file=stdout)
        if not failed:
            strings.extend(_wire(to_appwrite(query), server))
    if as_json and problems:
        print(json.dumps(problems), file=stdout)
    if failed:
        return EXIT_INVALID
    verdict = check_list_documents(strings, collection, profile, server=server)
    _print_verdict(verdict, as_json, stdout)
    return EXIT_VALID if verdict.valid else EXIT_INVALID


def _wire(strings: list[str], server: str) -> list[str]:
    """The strings in the format the line reads (legacy strings on 1.4)."""
    from querykit.releases import get_line

    if get_line(server).query_format == "legacy":
        from querykit.legacy import dumps

        return dumps(strings)
    return strings


def _print_verdict(verdict: Verdict, as_json: bool, stdout: TextIO) -> None:
    if as_json:
        out = {
            "valid": verdict.valid,
            "status": verdict.status,
            "type": verdict.type,
            "message": verdict.message,
            "stage": verdict.stage,
        }
        if verdict.hint:
            out["hint"] = verdict.hint
        print(json.dumps(out), file=stdout)
    elif verdict.valid:
        print("valid", file=stdout)
    else:
        print(f"{verdict.status} {verdict.type}: {verdict.message}", file=stdout)
        if verdict.hint:
            print(f"hint: {verdict.hint}", file=stdout)


def read_collection(path: str, limits: Limits | None = None) -> Collection:
    """The collection in the file ``path`` (Appwrite's collection JSON), read as strict UTF-8 with
    the guarded JSON reader; every failure is a :class:`QueryError` naming the file.

    >>> read_collection("no/such/file.json")
    Traceback (most recent call last):
    ...
    querykit.errors.QueryError: cannot read schema no/such/file.json: No such file or directory
    """
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as e:
        raise QueryError(f"cannot read schema {path}: {e.strerror or e}", code="schema") from None
    try:
        text = decode_bytes(raw)
        data = read_json(text, limits)
        return Collection.from_api(data)
    except QueryError as e:
        e.message = f"schema {path}: {e.message}"
        e.args = (e.message,)
        raise


def run_check(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    """Run ``querykit check`` with parsed ``args``; returns the exit status."""
    limits = limits_from(args)
    collection = Collection()
    if args.schema:
        collection = read_collection(args.schema, limits)
    queries = _read_queries(args, stdin, limits)
    if args.text:
        return _check_text(queries, collection, args.profile, args.json, stdout, stderr, limits, args.server)
    try:
        verdict = check_list_documents(queries, collection, args.profile, server=args.server)
    except QueryError as e:
        print(f"querykit check: {e.message}", file=stderr)
        return EXIT_UNUSABLE
    _print_verdict(verdict, args.json, stdout)
    return EXIT_VALID if verdict.valid else EXIT_INVALID
