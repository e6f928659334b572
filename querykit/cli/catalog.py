"""``querykit methods``: the catalog of Appwrite query methods, as a table or as JSON.

Each row: the method, its querykit text form (for a sample query), where it applies (its
category), and the first Appwrite release whose server accepts it (the catalog's ``since``
column, which reads the release-line registry :mod:`querykit.releases`).
"""

from __future__ import annotations

import argparse
import json
from typing import IO, Any, TextIO

from querykit.cli.common import EXIT_OK, EXIT_UNUSABLE, add_command
from querykit.methods import METHODS, Method

__all__ = ["describe_methods", "register", "sample_text"]

_OTHER = {"method": "equal", "attribute": "b", "values": [1]}
#: Sample ``values`` for each shape of the catalog, to show a method's text form.
_SAMPLES: dict[str, list[Any]] = {
    "one": [1],
    "two": [1, 9],
    "many": [1, 2],
    "names": ["a", "b"],
    "queries": [_OTHER, {"method": "isNull", "attribute": "c"}],
    "geometry": [[1.5, 2.5]],
    "distance": [[[1.5, 2.5], 10, True]],
    "vector": [[0.1, 0.2]],
    "int": [5],
    "id": ["doc1"],
    "alias": [],
    "on": ["a", "equal", "b"],
}


def sample_text(row: Method) -> str:
    """The text form of a sample query of ``row``'s method, or ``-`` when it has none.

    >>> sample_text(METHODS["between"]), sample_text(METHODS["limit"])
    ('a between 1..9', 'limit 5')
    """
    from querykit import decompile
    from querykit.errors import QueryError

    query: dict[str, Any] = {"method": row.name}
    if row.attribute != "none":
        query["attribute"] = "a"
    values = _SAMPLES.get(row.arity)
    if values is None and row.arity != "none":
        return "-"
    if values is not None:
        query["values"] = values
    try:
        return decompile([query], wrap=False)
    except QueryError:
        return "-"


def describe_methods() -> list[dict[str, str]]:
    """One description per method of the catalog, in catalog order.

    >>> first = describe_methods()[0]
    >>> first["method"], first["text"], first["applies_to"], first["since"]
    ('equal', 'a in [1, 2]', 'filter', '1.0')
    """
    return [
        {
            "method": row.name,
            "text": sample_text(row),
            "applies_to": row.category,
            "since": row.since,
            "summary": row.summary,
        }
        for row in METHODS.values()
    ]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``querykit methods`` to a ``querykit`` argument parser.

    >>> import argparse, io
    >>> top = argparse.ArgumentParser(prog="querykit")
    >>> register(top.add_subparsers(dest="command"))
    >>> args = top.parse_args(["methods", "limit"])
    >>> out = io.StringIO()
    >>> args.func(args, io.StringIO(), out, io.StringIO())
    0
    >>> print(out.getvalue().rstrip())
    method  text form  applies to  since
    limit   limit 5    limit       1.0
    """
    p = add_command(
        subparsers,
        "methods",
        summary="the catalog of Appwrite query methods",
        description="List the Appwrite query methods querykit knows: the method, its querykit text "
        "form (for a sample query), where it applies, and the first Appwrite release whose server "
        "accepts it ('-': newer than the newest release known; 'never': no release accepts it).",
        examples=["querykit methods", "querykit methods between contains", "querykit methods --json"],
        exit_statuses=((EXIT_OK, "listed"), (EXIT_UNUSABLE, "an unknown method name")),
    )
    p.add_argument("names", nargs="*", metavar="METHOD", help="only these methods (default: all)")
    p.add_argument("--json", action="store_true", help="print a JSON array of objects")
    p.set_defaults(func=_list)


def _list(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    rows = describe_methods()
    if args.names:
        unknown = [n for n in args.names if n not in METHODS]
        if unknown:
            stderr.write(f"unknown method {unknown[0]!r}; `querykit methods` lists them all\n")
            return EXIT_UNUSABLE
        rows = [r for r in rows if r["method"] in args.names]
    if args.json:
        stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return EXIT_OK
    header = {"method": "method", "text": "text form", "applies_to": "applies to", "since": "since"}
    keys = list(header)
    table = [header, *rows]
    widths = [max(len(r[k]) for r in table) for k in keys]
    for r in table:
        stdout.write("  ".join(r[k].ljust(w) for k, w in zip(keys, widths, strict=True)).rstrip() + "\n")
    return EXIT_OK
