"""``querykit check``: what the Appwrite server would answer to a list of queries.

    $ querykit check --schema books.json --profile mariadb '{"method":"limit","values":[0]}'
    400 general_query_invalid: Invalid query: Invalid limit: Value must be a valid range between 1 and 9,...
    $ querykit check --server 1.7 '{"method":"containsAny","attribute":"tags","values":["a"]}'
    400 general_query_invalid: Invalid query method: containsAny
    hint: containsAny needs Appwrite 1.9 or later

Queries come from the arguments, or from standard input (one per line, or a JSON array of
strings). Exit status: 0 valid, 1 invalid, 2 unusable input (unreadable schema file, unknown
text syntax support).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from querykit.appwrite.profiles import PROFILES
from querykit.appwrite.schema import Collection
from querykit.appwrite.validator import Verdict, check_list_documents
from querykit.cli.common import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE
from querykit.errors import QueryError
from querykit.releases import LINE_NAMES

__all__ = ["register", "run_check"]

#: The name this command used before the exit statuses were shared.
EXIT_VALID = EXIT_OK


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` command to a ``querykit`` argument parser."""
    parser = subparsers.add_parser(
        "check",
        help="check queries as the Appwrite server would (list documents)",
        description="Check Appwrite query strings against a collection exactly as the server does.",
    )
    parser.add_argument(
        "--schema", metavar="FILE", help="collection JSON as GET /collections/{id} returns it"
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
    parser.set_defaults(func=run_check)


def _read_queries(args: argparse.Namespace, stdin: TextIO) -> list[str]:
    given: list[str] = list(args.queries)
    if given:
        return given
    content = stdin.read()
    if content.lstrip().startswith("["):
        try:
            decoded = json.loads(content)
        except ValueError:
            decoded = None
        if isinstance(decoded, list) and all(isinstance(q, str) for q in decoded):
            return decoded
    return [line for line in content.splitlines() if line.strip()]


def _check_text(
    texts: list[str],
    collection: Collection,
    profile: str | None,
    as_json: bool,
    stdout: TextIO,
    stderr: TextIO,
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
            query = parse(text)
        except QueryError as e:
            print(e.render(), file=stderr)
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


def run_check(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``querykit check`` with parsed ``args``; returns the exit status."""
    collection = Collection()
    if args.schema:
        try:
            data = json.loads(Path(args.schema).read_text(encoding="utf-8"))
            collection = Collection.from_api(data)
        except (OSError, ValueError, QueryError) as e:
            print(f"querykit check: cannot read schema {args.schema}: {e}", file=stderr)
            return EXIT_UNUSABLE
    queries = _read_queries(args, stdin)
    if args.text:
        return _check_text(queries, collection, args.profile, args.json, stdout, stderr, args.server)
    try:
        verdict = check_list_documents(queries, collection, args.profile, server=args.server)
    except QueryError as e:
        print(f"querykit check: {e.message}", file=stderr)
        return EXIT_UNUSABLE
    _print_verdict(verdict, args.json, stdout)
    return EXIT_VALID if verdict.valid else EXIT_INVALID
