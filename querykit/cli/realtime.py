"""``querykit realtime``: a Realtime subscription's queries as the Appwrite server reads them.

    $ querykit realtime check '{"method":"search","attribute":"title","values":["x"]}'
    refused (query 1): Query method 'search' is not supported in Realtime queries. Allowed: ...
    frame (message transport): {"code":1003,"message":"Invalid query: Query method 'search' ...}
    $ querykit realtime match --payload event.json '{"method":"equal","attribute":"n","values":[1]}'
    delivered

Queries come from the arguments (one query string each), or from standard input (one per line,
or the JSON array a ``subscribe`` message carries); ``--text`` reads querykit text instead.
Exit status: 0 accepted (``check``) or delivered (``match``); 1 refused by the server, or not
delivered; 2 unusable input (an unreadable payload or query text), with the reason on standard
error.
"""

from __future__ import annotations

import argparse
import io
import json
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
from querykit.errors import LimitError, QueryError
from querykit.realtime.subscription import RealtimeQueryError, Subscription, subscribe

__all__ = ["register", "run_check", "run_match"]

_QUERIES = (
    "Queries come from the arguments (one query string each), or from standard input (one per "
    "line, or the JSON array a subscribe message carries); --text reads querykit text instead."
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``realtime check`` and ``realtime match`` to a ``querykit`` argument parser.

    >>> import argparse, io
    >>> top = argparse.ArgumentParser(prog="querykit")
    >>> register(top.add_subparsers(dest="command"))
    >>> args = top.parse_args(["realtime", "check", "--text", "n = 1"])
    >>> out = io.StringIO()
    >>> args.func(args, io.StringIO(), out, io.StringIO()), out.getvalue()
    (0, 'accepted\\n{"method":"equal","attribute":"n","values":[1]}\\n')
    """
    parser = add_command(
        subparsers,
        "realtime",
        summary="check Realtime subscription queries and match events as the Appwrite server does",
        description="A Realtime subscription's queries as the Appwrite Realtime server reads them: "
        "`check` whether the server accepts them, `match` an event against them. "
        "`querykit realtime COMMAND --help` describes each.",
        examples=[
            'querykit realtime check \'{"method":"greaterThan","attribute":"score","values":[10]}\'',
            "querykit realtime match --payload event.json --text 'score > 10'",
        ],
    )
    commands = parser.add_subparsers(dest="realtime_command", metavar="COMMAND")
    commands.required = True

    check = add_command(
        commands,
        "check",
        summary="whether the server accepts the queries; the stored strings or the error frame",
        description="Check one subscription's queries as the Realtime server does: print `accepted` "
        "and the query strings it stores, or `refused`, the server's message and the frame it "
        "sends. " + _QUERIES,
        examples=[
            'querykit realtime check \'{"method":"equal","attribute":"n","values":[1]}\'',
            "querykit realtime check --transport url --text 'n = 1 or m > 2'",
        ],
        exit_statuses=(
            (EXIT_OK, "the server accepts the queries"),
            (EXIT_INVALID, "the server refuses the queries"),
            (EXIT_UNUSABLE, "unusable input (the error, with its place, on standard error)"),
        ),
    )
    _common(check)
    check.add_argument(
        "--transport",
        choices=("message", "url"),
        default="message",
        help="where the client puts the queries: a subscribe message (default) or the connect URL",
    )
    check.set_defaults(func=run_check)

    match = add_command(
        commands,
        "match",
        summary="whether the server delivers an event to the subscription",
        description="Decide whether an event payload reaches a subscription with these queries: "
        "print `delivered` or `not delivered` (--explain: what held, query by query). " + _QUERIES,
        examples=[
            "querykit realtime match --payload event.json "
            '\'{"method":"equal","attribute":"n","values":[1]}\'',
            "querykit realtime match --explain --payload - --text 'n = 1' < event.json",
        ],
        exit_statuses=(
            (EXIT_OK, "the server delivers the event"),
            (EXIT_INVALID, "the server does not deliver the event, or refuses the queries"),
            (EXIT_UNUSABLE, "unusable input: an unreadable payload or query text, ..."),
        ),
    )
    _common(match)
    match.add_argument(
        "--payload", required=True, metavar="FILE", help="the event payload: a JSON object ('-' for stdin)"
    )
    match.add_argument("--explain", action="store_true", help="show, query by query, what held and why")
    match.set_defaults(func=run_match)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", action="store_true", help="the queries are querykit text, not JSON strings")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument("queries", nargs="*", metavar="QUERIES", help="query strings (default: stdin)")
    add_limit_options(parser)


def _read_queries(args: argparse.Namespace, stdin: IO[Any] | None) -> list[object] | str:
    """The queries: the arguments, else standard input (none when ``stdin`` is ``None``)."""
    if args.queries or stdin is None:
        given = [i.text for i in read_inputs(args.queries, io.StringIO())] if args.queries else []
        return " ".join(given) if args.text else list[object](given)
    content = read_inputs([], stdin)[0].text
    if args.text:
        return content
    if content.lstrip().startswith("["):
        try:
            decoded = read_json(content, limits_from(args))
        except LimitError:
            raise
        except QueryError:
            decoded = None  # not one JSON array: one query string per line
        if isinstance(decoded, list):
            return decoded
    return [line for line in content.splitlines() if line.strip()]


def _subscribe(args: argparse.Namespace, stdin: IO[Any] | None, stderr: TextIO) -> Subscription | int:
    """The subscription, or an exit status after reporting why there is none."""
    queries = _read_queries(args, stdin)
    try:
        return subscribe(queries, limits=limits_from(args))
    except RealtimeQueryError:
        raise
    except QueryError as e:
        source = queries if isinstance(queries, str) else None
        print(e.with_source(source).render() if source else e.render(), file=stderr)
        return EXIT_UNUSABLE


def _print_refusal(error: RealtimeQueryError, transport: str, as_json: bool, stdout: TextIO) -> None:
    if as_json:
        print(json.dumps({"accepted": False, **error.to_dict()}, ensure_ascii=False), file=stdout)
        return
    where = "" if error.index is None else f" (query {error.index + 1})"
    print(f"refused{where}: {error.message}", file=stdout)
    if error.error_class != "Utopia\\Database\\Exception\\Query" or error.stage != "convert":
        print(f"thrown: {error.error_class} while {error.stage}ing", file=stdout)
    frame = json.dumps(error.frame(transport), ensure_ascii=False, separators=(",", ":"))  # type: ignore[arg-type]
    print(f"frame ({transport} transport): {frame}", file=stdout)


def run_check(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    """Run ``querykit realtime check``; returns the exit status."""
    try:
        sub = _subscribe(args, stdin, stderr)
    except RealtimeQueryError as e:
        _print_refusal(e, args.transport, args.json, stdout)
        return EXIT_INVALID
    if isinstance(sub, int):
        return sub
    if args.json:
        out = {"accepted": True, "stored": list(sub.stored), "select_all": sub.select_all}
        print(json.dumps(out, ensure_ascii=False), file=stdout)
    else:
        print("accepted" + (" (receives every event)" if sub.select_all else ""), file=stdout)
        for stored in sub.stored:
            print(stored, file=stdout)
    return EXIT_OK


def _read_payload(path: str, stdin: IO[Any], stderr: TextIO) -> str | None:
    """The payload's text, read as strict UTF-8 (a byte-order mark skipped); PHP's decoder
    reads it as the server's does."""
    if path == "-":
        return read_inputs([], stdin)[0].text
    try:
        return decode_bytes(Path(path).expanduser().read_bytes())
    except OSError as e:
        print(f"querykit realtime: cannot read payload {path}: {e.strerror or e}", file=stderr)
    except QueryError as e:
        print(f"querykit realtime: cannot read payload {path}: {e.message}", file=stderr)
    return None


def run_match(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    """Run ``querykit realtime match``; returns the exit status."""
    if args.payload == "-" and not args.queries:
        print("querykit realtime: with --payload -, give the queries as arguments", file=stderr)
        return EXIT_UNUSABLE
    payload = _read_payload(args.payload, stdin, stderr)
    if payload is None:
        return EXIT_UNUSABLE
    try:
        sub = _subscribe(args, None if args.payload == "-" else stdin, stderr)
    except RealtimeQueryError as e:
        _print_refusal(e, "message", args.json, stdout)
        return EXIT_INVALID
    if isinstance(sub, int):
        return sub
    try:
        delivered = sub.matches(payload)
        explanations = sub.explain(payload) if args.explain else []
    except QueryError as e:
        print(f"querykit realtime: {e.message}", file=stderr)
        return EXIT_UNUSABLE
    if args.json:
        out: dict[str, object] = {"delivered": delivered, "select_all": sub.select_all}
        if args.explain:
            out["explain"] = [_explanation_dict(x) for x in explanations]
        print(json.dumps(out, ensure_ascii=False, default=repr), file=stdout)
    else:
        verdict = "delivered" if delivered else "not delivered"
        print(verdict + (" (the subscription receives every event)" if sub.select_all else ""), file=stdout)
        for explanation in explanations:
            print(explanation.render(), file=stdout)
    return EXIT_OK if delivered else EXIT_INVALID


def _explanation_dict(explanation: object) -> dict[str, object]:
    from querykit.evaluate.engine import Explanation

    assert isinstance(explanation, Explanation)
    return {
        "method": explanation.method,
        "attribute": explanation.attribute,
        "held": explanation.held,
        "value": explanation.value,
        "rule": explanation.rule,
        "children": [_explanation_dict(c) for c in explanation.children],
    }
