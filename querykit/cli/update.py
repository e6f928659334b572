"""The ``querykit update`` command: compile, decompile and check update-operator requests.

    querykit update compile 'views += 1, tags append ["sale"] where status = "draft"'
    querykit update decompile '{"views":"{\\"method\\":\\"increment\\",\\"values\\":[1]}"}'
    querykit update check --schema books.json --current doc.json 'stock -= 2 min 0'

Input comes from the arguments or, when there are none, from standard input. Exit status: 0 when
all is well, 1 when the update is usable but invalid (``check``), 2 when the input cannot be used
(a syntax error, unreadable JSON or schema), with the message and a caret on standard error.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from querykit.cli.common import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE
from querykit.errors import QueryError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``update`` command (``compile``, ``decompile``, ``check``) to a ``querykit`` parser.

    >>> import argparse, io
    >>> top = argparse.ArgumentParser(prog="querykit")
    >>> register(top.add_subparsers(dest="command"))
    >>> args = top.parse_args(["update", "compile", "views += 1"])
    >>> out = io.StringIO()
    >>> args.func(args, io.StringIO(), out, io.StringIO()), out.getvalue()
    (0, '{"views":"{\\\\"method\\\\":\\\\"increment\\\\",\\\\"values\\\\":[1]}"}\\n')
    """
    update = subparsers.add_parser("update", help="Appwrite update operators: compile, decompile, check")
    commands = update.add_subparsers(dest="update_command", required=True)

    p = commands.add_parser(
        "compile", help="update text to the SDK's data object (and the query strings of `where`)"
    )
    p.add_argument("text", nargs="*", help="the update text (default: standard input)")
    p.add_argument("--json", action="store_true", help='print one object {"data": ..., "queries": [...]}')
    p.set_defaults(func=_compile)

    d = commands.add_parser("decompile", help="the SDK's data object (and query strings) to update text")
    d.add_argument(
        "data",
        nargs="?",
        help='the data as a JSON object, or {"data": ..., "queries": [...]} (default: standard input)',
    )
    d.add_argument("--query", action="append", default=[], metavar="JSON", help="a query string (repeatable)")
    d.add_argument("--one-line", action="store_true", help="never wrap long updates")
    d.set_defaults(func=_decompile)

    c = commands.add_parser("check", help="the server's verdict on an update (text or data JSON)")
    c.add_argument("input", nargs="*", help="update text or the data JSON object (default: standard input)")
    c.add_argument("--schema", metavar="FILE", help="collection JSON as GET /collections/{id} returns it")
    c.add_argument("--current", metavar="FILE", help="the stored document as JSON")
    c.add_argument("--resource", choices=("document", "row"), default="document", help="default: document")
    c.add_argument("--profile", choices=("postgresql", "mariadb"), default="postgresql")
    c.add_argument("--json", action="store_true", help="print the verdict as JSON")
    c.set_defaults(func=_check)


def _usage_error(e: QueryError, stderr: TextIO, source: str | None = None) -> int:
    if source is not None:
        e.with_source(source)
    stderr.write(e.render() + "\n")
    return EXIT_UNUSABLE


def _compile(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from querykit.update import compile as compile_update

    text = " ".join(args.text) if args.text else stdin.read()
    try:
        request = compile_update(text)
    except QueryError as e:
        return _usage_error(e, stderr, text)
    data = json.dumps(request.data, separators=(",", ":"), ensure_ascii=False)
    if args.json:
        queries = json.dumps(request.queries, ensure_ascii=False)
        stdout.write(f'{{"data":{data},"queries":{queries}}}\n')
    else:
        stdout.write(data + "\n")
        for query in request.queries:
            stdout.write(query + "\n")
    return EXIT_OK


def _load_json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise QueryError(f"{what} is not valid JSON: {e.msg}", code="json") from None
    except RecursionError:
        raise QueryError(f"{what} is nested too deeply", code="json") from None


def _request(text: str, queries: list[str]) -> tuple[Mapping[str, Any], list[Any]]:
    """The data object and the queries: ``{"data": ..., "queries": [...]}`` or the data alone."""
    value = _load_json(text, "the data")
    if not isinstance(value, dict):
        raise QueryError("the data must be a JSON object", code="json")
    if set(value) <= {"data", "queries"} and isinstance(value.get("data"), dict):
        inner = value.get("queries", [])
        if not isinstance(inner, list):
            raise QueryError('"queries" must be a JSON array of query strings', code="json")
        return value["data"], [*inner, *queries]
    return value, queries


def _decompile(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from querykit.update import decompile

    text = args.data if args.data is not None else stdin.read()
    try:
        data, queries = _request(text, list(args.query))
        stdout.write(decompile(data, queries, wrap=not args.one_line) + "\n")
    except QueryError as e:
        return _usage_error(e, stderr)
    return EXIT_OK


def _read_file(path: str, what: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"cannot read the {what} {path}: {e}", code="file") from None
    return _load_json(text, f"the {what} {path}")


def _check(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from querykit.appwrite import Collection, check_update
    from querykit.update import read_update, to_request, validate
    from querykit.update.parsing import parse

    source = " ".join(args.input) if args.input else stdin.read()
    try:
        collection = Collection()
        if args.schema:
            collection = Collection.from_api(_read_file(args.schema, "schema"))
        current = None
        if args.current:
            current = _read_file(args.current, "current document")
            if not isinstance(current, dict):
                raise QueryError("the current document must be a JSON object", code="json")
        if source.lstrip().startswith("{"):
            data, _queries = _request(source, [])
            update = read_update(data)
            text = None
        else:
            update = parse(source)
            data = to_request(update).data
            text = source
    except QueryError as e:
        return _usage_error(e, stderr, None)
    if not args.schema:
        # Without a schema only the checks that need none can run.
        problems = validate(update, current=current, resource=args.resource)
        errors = [d for d in problems if d.severity == "error"]
        if args.json:
            out: dict[str, object] = {"valid": not errors, "problems": [d.message for d in errors]}
            stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        else:
            stdout.write("valid (no schema: structure and values only)\n" if not errors else "")
            _print_problems(problems, text, stdout)
        return EXIT_INVALID if errors else EXIT_OK
    verdict = check_update(data, collection, current=current, resource=args.resource, profile=args.profile)
    problems = validate(update, collection, current=current, resource=args.resource, profile=args.profile)
    if args.json:
        out = {
            "valid": verdict.valid,
            "status": verdict.status,
            "type": verdict.type,
            "message": verdict.message,
            "problems": [d.message for d in problems if d.severity == "error"],
        }
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    else:
        stdout.write("valid\n" if verdict.valid else f"{verdict.status} {verdict.type}: {verdict.message}\n")
        _print_problems(problems, text, stdout)
    return EXIT_OK if verdict.valid else EXIT_INVALID


def _print_problems(problems: list[Any], text: str | None, stdout: TextIO) -> None:
    for d in problems:
        label = "" if d.severity == "error" else f"{d.severity}: "
        stdout.write(label + d.render(text) + "\n")
