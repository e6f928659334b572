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
from typing import IO, Any, TextIO

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
from querykit.errors import QueryError
from querykit.limits import Limits

__all__ = ["register"]

#: The exit statuses of ``compile`` and ``decompile``, which check nothing.
_USAGE = (
    (EXIT_OK, "done"),
    (EXIT_UNUSABLE, "unusable input (the error, with its place, on standard error)"),
)


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
    update = add_command(
        subparsers,
        "update",
        summary="Appwrite update operators: compile, decompile, check",
        description="Appwrite update operators from the shell: compile update text to the data "
        "object an SDK sends, decompile that object to text, check an update as the server does. "
        "`querykit update COMMAND --help` describes each.",
        examples=[
            'querykit update compile \'views += 1, tags append ["sale"] where status = "draft"\'',
            "querykit update check --schema examples/books.json 'pages -= 2 min 0, tags append [\"sale\"]'",
        ],
    )
    commands = update.add_subparsers(dest="update_command", required=True, metavar="COMMAND")

    p = add_command(
        commands,
        "compile",
        summary="update text to the SDK's data object (and the query strings of `where`)",
        description="Compile update text to the data object an Appwrite SDK sends (one JSON line), "
        "then the query strings of its `where` clause, one per line (--json: one object).",
        examples=[
            "querykit update compile 'views += 1, stock -= 2 min 0'",
            'querykit update compile --json \'set status = "archived" where status = "draft"\'',
        ],
        exit_statuses=_USAGE,
    )
    p.add_argument("text", nargs="*", help="the update text (default: standard input)")
    p.add_argument("--json", action="store_true", help='print one object {"data": ..., "queries": [...]}')
    add_limit_options(p)
    p.set_defaults(func=_compile)

    d = add_command(
        commands,
        "decompile",
        summary="the SDK's data object (and query strings) to update text",
        description="Turn the data object an Appwrite SDK sends (a JSON object whose values are "
        'operator strings or plain values), or {"data": ..., "queries": [...]}, into update text.',
        examples=[
            'querykit update decompile \'{"views":"{\\"method\\":\\"increment\\",\\"values\\":[1]}"}\'',
            "querykit update compile --json 'n *= 2' | querykit update decompile",
        ],
        exit_statuses=_USAGE,
    )
    d.add_argument(
        "data",
        nargs="?",
        help='the data as a JSON object, or {"data": ..., "queries": [...]} (default: standard input)',
    )
    d.add_argument("--query", action="append", default=[], metavar="JSON", help="a query string (repeatable)")
    d.add_argument("--one-line", action="store_true", help="never wrap long updates")
    add_limit_options(d)
    d.set_defaults(func=_decompile)

    c = add_command(
        commands,
        "check",
        summary="the server's verdict on an update (text or data JSON)",
        description="Check an update (update text, or the data JSON object) as the Appwrite server "
        "does: print `valid` or the server's status, error type and message, then any problems. "
        "Without --schema only the checks that need no attributes run.",
        examples=[
            "querykit update check 'n /= 0'",
            "querykit update check --schema examples/books.json --current book.json 'pages -= 2 min 0'",
        ],
        exit_statuses=(
            (EXIT_OK, "the server accepts the update"),
            (EXIT_INVALID, "the server refuses the update"),
            (EXIT_UNUSABLE, "unusable input: a syntax error, an unreadable schema or document, ..."),
        ),
    )
    c.add_argument("input", nargs="*", help="update text or the data JSON object (default: standard input)")
    c.add_argument("--schema", metavar="FILE", help="collection JSON as GET /collections/{id} returns it")
    c.add_argument("--current", metavar="FILE", help="the stored document as JSON")
    c.add_argument("--resource", choices=("document", "row"), default="document", help="default: document")
    c.add_argument("--profile", choices=("postgresql", "mariadb"), default="postgresql")
    c.add_argument("--json", action="store_true", help="print the verdict as JSON")
    add_limit_options(c)
    c.set_defaults(func=_check)


def _usage_error(e: QueryError, stderr: TextIO, source: str | None = None) -> int:
    if source is not None:
        e.with_source(source)
    stderr.write(e.render() + "\n")
    return EXIT_UNUSABLE


def _compile(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    from querykit.update import compile as compile_update

    text = " ".join(given.text for given in read_inputs(args.text, stdin))
    try:
        request = compile_update(text, limits=limits_from(args))
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


def _load_json(text: str, what: str, limits: Limits) -> Any:
    """``text`` decoded by the guarded JSON reader; an error names ``what`` and keeps its place."""
    try:
        return read_json(text, limits)
    except QueryError as e:
        detail = e.message.removeprefix("invalid JSON: ")
        e.message = f"{what} is not valid JSON: {detail}" if detail != e.message else f"{what}: {detail}"
        e.args = (e.message,)
        raise e.with_source(text) from None


def _request(text: str, queries: list[str], limits: Limits) -> tuple[Mapping[str, Any], list[Any]]:
    """The data object and the queries: ``{"data": ..., "queries": [...]}`` or the data alone."""
    value = _load_json(text, "the data", limits)
    if not isinstance(value, dict):
        raise QueryError("the data must be a JSON object", code="json")
    if set(value) <= {"data", "queries"} and isinstance(value.get("data"), dict):
        inner = value.get("queries", [])
        if not isinstance(inner, list):
            raise QueryError('"queries" must be a JSON array of query strings', code="json")
        return value["data"], [*inner, *queries]
    return value, queries


def _decompile(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    from querykit.update import decompile

    limits = limits_from(args)
    text = read_inputs([] if args.data is None else [args.data], stdin)[0].text
    try:
        data, queries = _request(text, list(args.query), limits)
        stdout.write(decompile(data, queries, wrap=not args.one_line, limits=limits) + "\n")
    except QueryError as e:
        return _usage_error(e, stderr)
    return EXIT_OK


def _read_file(path: str, what: str, limits: Limits) -> Any:
    """The JSON in the file ``path``, read as strict UTF-8 (a byte-order mark skipped)."""
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as e:
        raise QueryError(f"cannot read the {what} {path}: {e.strerror or e}", code="file") from None
    try:
        text = decode_bytes(raw)
    except QueryError as e:
        raise QueryError(f"the {what} {path}: {e.message}", code=e.code) from None
    return _load_json(text, f"the {what} {path}", limits)


def _check(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    from querykit.appwrite import Collection, check_update
    from querykit.update import read_update, to_request, validate
    from querykit.update.parsing import parse

    limits = limits_from(args)
    source = " ".join(given.text for given in read_inputs(args.input, stdin))
    try:
        collection = Collection()
        if args.schema:
            collection = Collection.from_api(_read_file(args.schema, "schema", limits))
        current = None
        if args.current:
            current = _read_file(args.current, "current document", limits)
            if not isinstance(current, dict):
                raise QueryError("the current document must be a JSON object", code="json")
        if source.lstrip().startswith("{"):
            data, _queries = _request(source, [], limits)
            update = read_update(data, limits=limits)
            text = None
        else:
            update = parse(source, limits=limits)
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
