"""querykit: a human query language for Appwrite.

Write ``name = "John" and age between 18..30 order by age desc limit 10``; get the JSON query
strings the Appwrite SDKs send, byte for byte; read those strings back as text.

>>> import querykit as qk
>>> for line in qk.compile('name = "John" and age between 18..30 order by age desc limit 10'):
...     print(line)
{"method":"equal","attribute":"name","values":["John"]}
{"method":"between","attribute":"age","values":[18,30]}
{"method":"orderDesc","attribute":"age"}
{"method":"limit","values":[10]}
>>> qk.decompile('{"method":"or","values":[{"method":"equal","attribute":"a","values":[1]},'
...              '{"method":"isNull","attribute":"b"}]}')
'a = 1 or b is null'

The pieces: :func:`parse` (text to the AST, :class:`Query`), :func:`format` (AST to text),
:func:`to_appwrite` and :func:`from_appwrite` (AST to and from Appwrite's JSON strings),
:func:`validate` (all the problems at once), and :func:`compile` / :func:`decompile`, which
chain them. Every error is a :class:`QueryError` with the place in the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from querykit.appwrite.codec import from_appwrite, to_appwrite
from querykit.arguments import limits_argument, query_argument
from querykit.ast import Node, Query
from querykit.errors import Diagnostic, QueryError, Span, StructureError
from querykit.limits import DEFAULT_LIMITS, Limits
from querykit.text.parser import parse
from querykit.validation import validate

if TYPE_CHECKING:
    from datetime import datetime

    from querykit import realtime
    from querykit.appwrite.profiles import Profile
    from querykit.appwrite.schema import Collection
    from querykit.compatibility import requires
    from querykit.evaluate.listing import Result
    from querykit.evaluate.matching import Matcher
    from querykit.evaluate.semantics import Semantics
    from querykit.update.builder import Condition, Operator

__all__ = [
    "DEFAULT_LIMITS",
    "Condition",
    "Diagnostic",
    "Limits",
    "Node",
    "Operator",
    "Query",
    "QueryError",
    "Result",
    "Span",
    "StructureError",
    "compile",
    "decompile",
    "format",
    "from_appwrite",
    "matcher",
    "parse",
    "realtime",
    "requires",
    "run",
    "to_appwrite",
    "validate",
]
__version__ = "0.1.0"


@cache
def _formatter() -> Callable[..., str]:
    """:func:`querykit.text.formatter.format_query`, imported on the first format (a compile
    does not need the formatter)."""
    from querykit.text.formatter import format_query

    return format_query


def format(query: Query | Node | Sequence[Node] | str, *, wrap: bool = True) -> str:
    """The canonical text of ``query``: minimal brackets, keywords in lower case, strings as
    JSON strings; a long query puts each clause on its own line (``wrap=False`` keeps one line).
    Query text is parsed first, so ``format`` also makes any text canonical.

    >>> format(parse("NOT (a < 1) ORDER BY b"))
    'a >= 1 order by b'
    >>> format("a = 1  AND b='x'")
    'a = 1 and b = "x"'
    """
    query = query_argument(query, "query")
    if isinstance(query, Node):
        query = (query,)
    return _formatter()(query, wrap=wrap)


def compile(text: str, *, limits: Limits | None = DEFAULT_LIMITS, server: str = "latest") -> list[str]:
    """Parse ``text``, check its structure, and return the Appwrite JSON query strings.

    ``server`` is the Appwrite release line the strings are for (``"1.4"`` … ``"1.9"``,
    ``"latest"``, the default): for 1.4, the legacy strings its parser reads. Raises
    :class:`StructureError` listing every structural problem, and everything the line does not
    accept, each with its place. ``limits=None`` means the default limits.

    >>> compile("tags contains any ['a', 'b'] limit 5")
    ['{"method":"containsAny","attribute":"tags","values":["a","b"]}', '{"method":"limit","values":[5]}']
    >>> compile('a = 1 and b < 2', server="1.4")
    ['equal("a", [1])', 'lessThan("b", [2])']
    >>> compile('a = 1 or b < 2', server="1.4")
    Traceback (most recent call last):
    ...
    querykit.errors.StructureError: 1:1: Appwrite 1.4 does not accept or
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be query text (str), not {type(text).__name__}")
    query = parse(text, limits=limits_argument(limits))
    diagnostics = validate(query, server=server)
    if diagnostics:
        problems = [d for d in diagnostics if d.severity == "error"]
        if problems:
            first = problems[0]
            raise StructureError(
                first.message,
                span=first.span,
                source=text,
                hint=first.hint,
                code=first.code,
                diagnostics=problems,
            )
    strings = to_appwrite(query)
    if server != "latest":
        from querykit.releases import get_line

        if get_line(server).query_format == "legacy":
            from querykit.legacy import dumps

            return dumps(strings)
    return strings


def decompile(
    queries: str | bytes | Sequence[str | bytes | dict[str, Any]],
    *,
    wrap: bool = True,
    limits: Limits | None = DEFAULT_LIMITS,
) -> str:
    """Read Appwrite JSON queries (as :func:`from_appwrite` reads them) and return querykit text.

    >>> decompile(['{"method":"select","values":["name","author.*"]}', '{"method":"limit","values":[1]}'])
    'select name, author.* limit 1'
    """
    return _formatter()(from_appwrite(queries, limits=limits), wrap=wrap)


def run(
    queries: object,
    documents: Iterable[Mapping[str, object]],
    *,
    schema: Collection | Mapping[str, object],
    profile: str | Profile | Semantics = "postgresql",
    now: datetime | None = None,
) -> Result:
    """List ``documents`` through ``queries`` as Appwrite's list-documents does on ``profile``
    (``postgresql``, the default, or ``mariadb``): the same errors, rows, order and total.

    >>> from querykit.appwrite import Attribute, Collection
    >>> col = Collection((Attribute("name", "string", size=64),))
    >>> docs = [{"$id": "a", "name": "john"}, {"$id": "b", "name": "John"}, {"$id": "c", "name": None}]
    >>> res = run('order by name', docs, schema=col)
    >>> res.ids, res.total
    (['a', 'b', 'c'], 3)
    >>> run('name = "JOHN"', docs, schema=col, profile="mariadb").ids
    ['a', 'b']
    """
    from querykit.evaluate.listing import run as run_listing

    return run_listing(queries, documents, schema=schema, profile=profile, now=now)


def matcher(
    query: object,
    *,
    schema: Collection | Mapping[str, object] | None,
    profile: str | Profile | Semantics = "postgresql",
    now: datetime | None = None,
) -> Matcher:
    """``query``'s filters compiled once into a predicate on documents; ``.explain(document)``
    says why a document matched or not.

    >>> from querykit.appwrite import Attribute, Collection
    >>> is_adult = matcher("age >= 18", schema=Collection((Attribute("age", "integer", size=4),)))
    >>> is_adult({"age": 20}), is_adult({"age": None})
    (True, False)
    """
    from querykit.evaluate.matching import matcher as compile_query

    return compile_query(query, schema=schema, profile=profile, now=now)


# What the first compile does not need loads on first use: ``querykit.realtime``, ``requires``
# (the release lines), the update builders and the listing result.
_LAZY = {
    "realtime": ("querykit.realtime", None),
    "requires": ("querykit.compatibility", "requires"),
    # The update builders load the update language (and its parser) on first use.
    "Operator": ("querykit.update.builder", "Operator"),
    "Condition": ("querykit.update.builder", "Condition"),
    "Result": ("querykit.evaluate.listing", "Result"),
}


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'querykit' has no attribute {name!r}")
    from importlib import import_module

    module_name, attribute = where
    module = import_module(module_name)
    return module if attribute is None else getattr(module, attribute)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
