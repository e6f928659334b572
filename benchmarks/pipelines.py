"""The timed pipelines. Each one checks its output on the whole corpus, then hands back one
callable per corpus entry for the timer.

A pipeline whose code is missing (a peer library not installed, a querykit module still being
written) raises :class:`Unavailable` and shows as "not available"; a pipeline that runs but gives
the wrong output raises :class:`CorrectnessError`, which stops the suite.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.corpus import CORPUS, PERMISSIONS, Case

__all__ = [
    "BOOKS",
    "PIPELINES",
    "CorrectnessError",
    "Pipeline",
    "Unavailable",
    "as_array",
    "books_collection",
    "loads_all",
]

Thunk = Callable[[], object]

_loads = json.loads
_dumps = json.dumps

#: The realistic collection, as ``GET /databases/{db}/collections/{id}`` returns it.
BOOKS = Path(__file__).resolve().parent.parent / "tests" / "data" / "books.json"


class Unavailable(Exception):
    """The pipeline's code is not there (yet)."""


class CorrectnessError(AssertionError):
    """A pipeline gave output other than the corpus says."""


@dataclass(frozen=True, slots=True)
class Pipeline:
    """A timed pipeline and the floor its ratios are taken against."""

    key: str
    group: str
    description: str
    #: ``"queries"``: ratios to ``json.loads`` of each query's list of JSON strings read as one
    #: JSON array (the targets), and to ``json.loads`` of each string on its own (reported beside);
    #: ``"permissions"``: to ``json.loads`` of the permission list as a JSON array.
    floor: str
    #: The target for the geometric mean of the ratios, if it sets one.
    target: float | None
    setup: Callable[[], list[Thunk]]


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise Unavailable(f"`{name}` cannot be imported ({e})") from None


def _attr(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not hasattr(obj, part):
            raise Unavailable(f"`{dotted}` is missing")
        obj = getattr(obj, part)
    return obj


def _expect(case: str, what: str, got: object, want: object) -> None:
    if got != want:
        raise CorrectnessError(f"{case}: {what} gave\n  {got!r}\nexpected\n  {want!r}")


def loads_all(strings: Sequence[str]) -> list[Any]:
    """The per-string floor: ``json.loads`` of each query string, one call each."""
    return [_loads(s) for s in strings]


def as_array(strings: Sequence[str]) -> str:
    """The query list as one JSON array of the query objects, as a server receives a whole list
    (the whole-list floor reads it with one ``json.loads``)."""
    return "[" + ",".join(strings) + "]"


def _dumps_all(objects: Sequence[Any]) -> list[str]:
    return [_dumps(o, separators=(",", ":")) for o in objects]


def _strings(case: Case) -> list[str]:
    return list(case.appwrite)


def books_collection() -> Any:
    """The ``books`` collection as a ``querykit.appwrite.Collection``."""
    appwrite = _module("querykit.appwrite")
    collection = _attr(appwrite, "Collection")
    if not BOOKS.is_file():
        raise Unavailable("tests/data/books.json is missing")
    return collection.from_api(json.loads(BOOKS.read_text(encoding="utf-8")))


# ----------------------------------------------------------------------------- the floor


def _json_loads() -> list[Thunk]:
    thunks: list[Thunk] = []
    for case in CORPUS:
        strings = _strings(case)
        thunks.append(partial(loads_all, strings))
    return thunks


def _json_loads_list() -> list[Thunk]:
    thunks: list[Thunk] = []
    for case in CORPUS:
        body = as_array(_strings(case))
        _expect(case.name, "json.loads of the array", _loads(body), loads_all(_strings(case)))
        thunks.append(partial(_loads, body))
    return thunks


def _json_dumps() -> list[Thunk]:
    thunks: list[Thunk] = []
    for case in CORPUS:
        objects = loads_all(case.appwrite)
        _expect(case.name, "json.dumps", _dumps_all(objects), _strings(case))
        thunks.append(partial(_dumps_all, objects))
    return thunks


def _permission_loads() -> list[Thunk]:
    thunks: list[Thunk] = []
    for case in PERMISSIONS:
        body = json.dumps(list(case.strings))
        thunks.append(partial(_loads, body))
    return thunks


# ----------------------------------------------------------------------------- querykit


def _compile() -> list[Thunk]:
    qk = _module("querykit")
    thunks: list[Thunk] = []
    for case in CORPUS:
        _expect(case.name, "querykit.compile", qk.compile(case.text), _strings(case))
        thunks.append(partial(qk.compile, case.text))
    return thunks


def _parse() -> list[Thunk]:
    qk = _module("querykit")
    thunks: list[Thunk] = []
    for case in CORPUS:
        _expect(case.name, "to_appwrite(parse(text))", qk.to_appwrite(qk.parse(case.text)), _strings(case))
        thunks.append(partial(qk.parse, case.text))
    return thunks


def _to_appwrite() -> list[Thunk]:
    qk = _module("querykit")
    thunks: list[Thunk] = []
    for case in CORPUS:
        query = qk.from_appwrite(_strings(case))
        _expect(case.name, "to_appwrite(from_appwrite(json))", qk.to_appwrite(query), _strings(case))
        thunks.append(partial(qk.to_appwrite, query))
    return thunks


def _from_appwrite() -> list[Thunk]:
    qk = _module("querykit")
    thunks: list[Thunk] = []
    for case in CORPUS:
        strings = _strings(case)
        _expect(case.name, "from_appwrite", qk.from_appwrite(strings), qk.parse(case.text))
        thunks.append(partial(qk.from_appwrite, strings))
    return thunks


def _from_appwrite_validate() -> list[Thunk]:
    qk = _module("querykit")

    def run(strings: list[str]) -> list[Any]:
        return [d for d in qk.validate(qk.from_appwrite(strings)) if d.severity == "error"]

    thunks: list[Thunk] = []
    for case in CORPUS:
        strings = _strings(case)
        _expect(case.name, "validate(from_appwrite(json)) errors", run(strings), [])
        thunks.append(partial(run, strings))
    return thunks


def _check_list_documents() -> list[Thunk]:
    appwrite = _module("querykit.appwrite")
    check = _attr(appwrite, "check_list_documents")
    books = books_collection()
    thunks: list[Thunk] = []
    for case in CORPUS:
        strings = _strings(case)
        verdict = check(strings, books, profile="postgresql")
        _expect(case.name, "check_list_documents(...).valid", verdict.valid, case.valid_for_books)
        thunks.append(partial(check, strings, books, profile="postgresql"))
    return thunks


def _format() -> list[Thunk]:
    qk = _module("querykit")
    thunks: list[Thunk] = []
    for case in CORPUS:
        query = qk.from_appwrite(_strings(case))
        text = qk.format(query)
        _expect(case.name, "compile(format(from_appwrite(json)))", qk.compile(text), _strings(case))
        _expect(case.name, "parse(format(q))", qk.parse(text), query)
        thunks.append(partial(qk.format, query))
    return thunks


def _decompile() -> list[Thunk]:
    qk = _module("querykit")
    thunks: list[Thunk] = []
    for case in CORPUS:
        strings = _strings(case)
        _expect(case.name, "compile(decompile(json))", qk.compile(qk.decompile(strings)), strings)
        thunks.append(partial(qk.decompile, strings))
    return thunks


def _as_strings(built: Sequence[object]) -> list[str]:
    if all(isinstance(x, str) for x in built):
        return [str(x) for x in built]
    qk = _module("querykit")
    return list(qk.to_appwrite(list(built)))


def _querykit_builder() -> list[Thunk]:
    qk = _module("querykit")
    query = _attr(qk, "Query")
    _attr(query, "equal")
    thunks: list[Thunk] = []
    for case in CORPUS:
        _expect(case.name, "querykit.Query builder", _as_strings(case.sdk(query)), _strings(case))
        thunks.append(partial(case.sdk, query))
    return thunks


def _permissions_compile() -> list[Thunk]:
    perms = _module("querykit.permissions")
    compile_ = _attr(perms, "compile")
    thunks: list[Thunk] = []
    for case in PERMISSIONS:
        _expect(case.name, "permissions.compile", compile_(case.text), list(case.strings))
        thunks.append(partial(compile_, case.text))
    return thunks


def _permissions_decompile() -> list[Thunk]:
    perms = _module("querykit.permissions")
    compile_ = _attr(perms, "compile")
    decompile = _attr(perms, "decompile")
    thunks: list[Thunk] = []
    for case in PERMISSIONS:
        strings = list(case.strings)
        _expect(case.name, "permissions.compile(decompile(strings))", compile_(decompile(strings)), strings)
        thunks.append(partial(decompile, strings))
    return thunks


# ----------------------------------------------------------------------------- peers


def _sdk_builder() -> list[Thunk]:
    query = _attr(_module("appwrite.query"), "Query")
    thunks: list[Thunk] = []
    for case in CORPUS:
        _expect(case.name, "appwrite SDK Query helpers", case.sdk(query), _strings(case))
        thunks.append(partial(case.sdk, query))
    return thunks


def _luqum() -> list[Thunk]:
    parser = _attr(_module("luqum.parser"), "parser")
    thunks: list[Thunk] = []
    for case in CORPUS:
        tree = parser.parse(case.lucene)
        if tree is None:
            raise CorrectnessError(f"{case.name}: luqum returned nothing for {case.lucene!r}")
        thunks.append(partial(parser.parse, case.lucene))
    return thunks


def _sqlglot() -> list[Thunk]:
    parse_one = _attr(_module("sqlglot"), "parse_one")
    thunks: list[Thunk] = []
    for case in CORPUS:
        tree = parse_one(case.sql)
        if tree is None or tree.args.get("where") is None:
            raise CorrectnessError(f"{case.name}: sqlglot found no WHERE in {case.sql!r}")
        thunks.append(partial(parse_one, case.sql))
    return thunks


PIPELINES: tuple[Pipeline, ...] = (
    Pipeline(
        "json.loads (list)",
        "floor",
        "one json.loads of the query list as a JSON array (the floor of the targets)",
        "queries",
        None,
        _json_loads_list,
    ),
    Pipeline("json.loads", "floor", "json.loads of each Appwrite JSON string", "queries", None, _json_loads),
    Pipeline("json.dumps", "floor", "json.dumps back to the compact strings", "queries", None, _json_dumps),
    Pipeline("compile", "querykit", "text to Appwrite JSON strings", "queries", 10.0, _compile),
    Pipeline("parse", "querykit", "text to AST (no validation)", "queries", None, _parse),
    Pipeline("to_appwrite", "querykit", "AST to Appwrite JSON strings", "queries", None, _to_appwrite),
    Pipeline(
        "from_appwrite", "querykit", "JSON strings to AST (codec checks)", "queries", None, _from_appwrite
    ),
    Pipeline(
        "from_appwrite+validate",
        "querykit",
        "JSON strings to AST plus structural validation",
        "queries",
        2.0,
        _from_appwrite_validate,
    ),
    Pipeline(
        "check_list_documents",
        "querykit",
        "server-compatible verdict, books collection, postgresql",
        "queries",
        2.5,
        _check_list_documents,
    ),
    Pipeline("format", "querykit", "AST to canonical text", "queries", 1.2, _format),
    Pipeline("decompile", "querykit", "JSON strings to text", "queries", None, _decompile),
    Pipeline(
        "querykit builder",
        "querykit",
        "querykit.Query.equal(...) and friends",
        "queries",
        None,
        _querykit_builder,
    ),
    Pipeline(
        "SDK builder", "peers", "appwrite.query.Query helpers (official SDK)", "queries", None, _sdk_builder
    ),
    Pipeline("luqum parse", "peers", "luqum parsing the Lucene form", "queries", None, _luqum),
    Pipeline("sqlglot parse", "peers", "sqlglot parsing the SQL form", "queries", None, _sqlglot),
    Pipeline(
        "json.loads (permissions)",
        "floor",
        "json.loads of the permission list as a JSON array",
        "permissions",
        None,
        _permission_loads,
    ),
    Pipeline(
        "permissions.compile",
        "permissions",
        "permission text to Appwrite strings",
        "permissions",
        10.0,
        _permissions_compile,
    ),
    Pipeline(
        "permissions.decompile",
        "permissions",
        "Appwrite permission strings to text",
        "permissions",
        None,
        _permissions_decompile,
    ),
)
