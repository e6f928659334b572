"""``querykit run``: list documents held in a file through a query, as Appwrite would.

    $ querykit run --schema items.json --documents docs.jsonl 'status = "active" order by $createdAt desc'

Documents come from ``--documents`` (a JSON array of objects, or JSON lines: one object per
line) or from standard input. The query is querykit text, or Appwrite JSON query strings. The
output is the JSON the list endpoint would answer (``total`` and ``documents``); ``--count``
prints only the total, ``--explain`` prints, for every document, which filters held and why.

Exit status: 0 when the server would answer the list, 1 when it would reject the query (the
status, the error type and the server's message are printed), 2 for unusable input (a schema or
documents file that cannot be read, invalid JSON or UTF-8, a document that does not fit the
schema).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, BinaryIO, Final, TextIO

from querykit.appwrite.schema import Collection
from querykit.appwrite.server import ServerQueryError
from querykit.cli.common import NoInput, add_command, decode_bytes
from querykit.errors import QueryError
from querykit.jsondata import first_too_deep

__all__ = ["InputError", "read_documents", "register", "run_command"]

EXIT_OK: Final = 0
EXIT_REJECTED: Final = 1
EXIT_UNUSABLE: Final = 2
MAX_DEPTH: Final = 64
MAX_BYTES: Final = 512 * 1024 * 1024


class InputError(QueryError):
    """A documents or schema file querykit cannot use."""

    code = "input"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``run`` command to a ``querykit`` argument parser.

    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="querykit")
    >>> register(parser.add_subparsers())
    >>> parser.parse_args(["run", "--schema", "s.json", "--count", "a > 1"]).count
    True
    """
    parser = add_command(
        subparsers,
        "run",
        summary="list documents from a file through a query, as Appwrite would",
        description="Evaluate a query over documents as Appwrite's list-documents endpoint does. "
        "Documents come from --documents (a JSON array of objects, or JSON lines) or from "
        "standard input; the query is querykit text or Appwrite JSON query strings.",
        examples=[
            "querykit run --schema examples/books.json --documents books.jsonl 'year > 1960 order by title'",
            "querykit run --schema examples/books.json --count 'year > 1960' < books.jsonl",
        ],
        exit_statuses=(
            (EXIT_OK, "the server would answer the list (printed as its JSON)"),
            (EXIT_REJECTED, "the server would reject the query (its status, type and message)"),
            (EXIT_UNUSABLE, "unusable input: unreadable files, invalid JSON or UTF-8, bad documents"),
        ),
    )
    parser.add_argument(
        "--schema", metavar="FILE", required=True, help="collection JSON as GET /collections/{id} returns it"
    )
    parser.add_argument(
        "--documents",
        metavar="FILE",
        help="documents: a JSON array or JSON lines (default: standard input)",
    )
    parser.add_argument(
        "--profile",
        default="postgresql",
        choices=_database_profiles(),
        help="database behind the project",
    )
    parser.add_argument(
        "--explain", action="store_true", help="say for each document which filters held, and why"
    )
    parser.add_argument("--count", action="store_true", help="print only the total")
    parser.add_argument("query", nargs="*", help="querykit text or Appwrite JSON query strings")
    parser.set_defaults(func=run_command)


def _database_profiles() -> tuple[str, ...]:
    from querykit.appwrite.profiles import PROFILES

    return tuple(p.name for p in PROFILES.values() if p.evaluation)


def _decode(raw: bytes, name: str) -> str:
    try:
        return decode_bytes(raw)  # strict UTF-8, a byte-order mark skipped
    except QueryError as e:
        raise InputError(f"{name}: {e.message}") from None


def _loads(text: str, name: str, line: int | None = None) -> Any:
    where = f"{name}:{line}" if line is not None else name
    if first_too_deep(text, MAX_DEPTH) is not None:
        raise InputError(f"{where}: JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        position = f"{line}:{e.colno}" if line is not None else f"{e.lineno}:{e.colno}"
        raise InputError(f"{name}:{position}: invalid JSON: {e.msg}") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply") from None


def _reject_constant(name: str) -> Any:
    raise InputError(f"{name} is not JSON")


def read_documents(raw: bytes, name: str = "documents") -> list[dict[str, Any]]:
    """Documents from a JSON array of objects or from JSON lines (one object per line).

    >>> read_documents(b'{"$id": "a"}\\n\\n{"$id": "b"}\\n')
    [{'$id': 'a'}, {'$id': 'b'}]
    >>> read_documents(b'[1]')
    Traceback (most recent call last):
    ...
    querykit.cli.run.InputError: documents: item 1 is a number, not a JSON object
    """
    if len(raw) > MAX_BYTES:
        raise InputError(f"{name}: larger than {MAX_BYTES} bytes")
    text = _decode(raw, name)
    stripped = text.strip()
    if not stripped:
        return []
    if stripped.startswith("["):
        items = _loads(stripped, name)
        if not isinstance(items, list):
            raise InputError(f"{name}: expected a JSON array of objects")
    else:
        items = [_loads(line, name, n) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{name}: item {index} is {_kind(item)}, not a JSON object")
    return items


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array"


def _read_schema(path: str) -> Collection:
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"cannot read schema {path}: {e.strerror}") from None
    data = _loads(_decode(raw, path), path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: a collection must be a JSON object")
    return Collection.from_api(data)


def _read_input(args: argparse.Namespace, stdin: TextIO) -> list[dict[str, Any]]:
    if args.documents and args.documents != "-":
        try:
            raw = Path(args.documents).read_bytes()
        except OSError as e:
            raise InputError(f"cannot read documents {args.documents}: {e.strerror}") from None
        return read_documents(raw, args.documents)
    if stdin.isatty():
        raise NoInput
    buffer: BinaryIO | None = getattr(stdin, "buffer", None)
    raw = buffer.read() if buffer is not None else stdin.read().encode("utf-8", "surrogateescape")
    return read_documents(raw, "stdin")


def _queries(words: list[str]) -> object:
    if words and all(w.lstrip().startswith(("{", "[")) for w in words):
        return words if len(words) > 1 else words[0]
    return " ".join(words)


def run_command(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``querykit run`` with parsed ``args``; returns the exit status.

    >>> import argparse, io
    >>> args = argparse.Namespace(query=["a > 1"], schema="missing.json", documents=None, explain=False,
    ...                           count=False, profile="postgresql")
    >>> err = io.StringIO()
    >>> run_command(args, io.StringIO(), io.StringIO(), err), err.getvalue()
    (2, 'querykit run: cannot read schema missing.json: No such file or directory\\n')
    """
    from querykit.evaluate.listing import run
    from querykit.evaluate.matching import matcher, render_match

    query = _queries(list(args.query))
    try:
        schema = _read_schema(args.schema)
        documents = _read_input(args, stdin)
        if args.explain:
            compiled = matcher(query, schema=schema, profile=args.profile)
            for document in documents:
                print(render_match(compiled, document), file=stdout)
            return EXIT_OK
        result = run(query, documents, schema=schema, profile=args.profile)
    except ServerQueryError as e:
        print(f"{e.status} {e.type}: {e.message}", file=stdout)
        return EXIT_REJECTED
    except QueryError as e:
        text = query if isinstance(query, str) else None
        rendered = e.with_source(text).render() if text and e.span is not None else e.message
        print(f"querykit run: {rendered}", file=stderr)
        return EXIT_UNUSABLE
    if args.count:
        print(result.total, file=stdout)
    else:
        out = {"total": result.total, "documents": result.documents}
        print(json.dumps(out, ensure_ascii=False, indent=2), file=stdout)
    return EXIT_OK
