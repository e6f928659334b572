"""One query, compiled once, matched against documents one at a time.

:func:`matcher` reads a query (querykit text, a :class:`~querykit.Query`, or Appwrite JSON
strings), checks it as the server would for the collection, and compiles its filters into
closures. The :class:`Matcher` it returns is a predicate on documents as the API returns them;
:meth:`Matcher.explain` says, filter by filter, why a document matched or not.

    >>> from querykit.appwrite import Attribute, Collection
    >>> col = Collection((Attribute("name", "string", size=64), Attribute("age", "integer", size=4)))
    >>> adult_john = matcher('name = "john" and age >= 18', schema=col, profile="mariadb")
    >>> adult_john({"name": "John", "age": 30}), adult_john({"name": "John", "age": 12})
    (True, False)
    >>> for line in adult_john.explain({"name": "Jöhn", "age": None}):
    ...     print(line.render())
    held      equal name: value 'Jöhn' (mariadb string equality; NULL never matches)
    failed    greaterThanEqual age: value None (integer comparison; NULL never matches)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final, Protocol, cast

from querykit.appwrite.profiles import Profile
from querykit.appwrite.schema import Collection
from querykit.appwrite.server import FILTER_EXCLUDED_METHODS, QUERY_INVALID, ServerQuery, ServerQueryError
from querykit.appwrite.validator import DocumentsValidator
from querykit.errors import QueryError
from querykit.evaluate.engine import Explanation, compile_matcher, explain_filters, not_a_document
from querykit.evaluate.listing import database_profile, micros_of, parse_list, query_strings, schema_of
from querykit.evaluate.semantics import Semantics, resolve

__all__ = ["Matcher", "matcher", "render_match"]

_NO_SCHEMA: Final = "a schema (querykit.appwrite.Collection) is needed to evaluate on a database profile"


class Matcher(Protocol):
    """A compiled query: call it with a document to know whether the document matches.

    It is the compiled predicate itself (no wrapper between the call and the filters), carrying
    ``filters`` (the query's filters as the server parsed them; orders, paging and selects play
    no part in matching), ``schema``, ``semantics`` (the evaluation profile) and
    :meth:`explain`.
    """

    filters: tuple[ServerQuery, ...]
    schema: Collection | None
    semantics: Semantics

    def __call__(self, document: Mapping[str, object], /) -> bool:
        """Whether ``document`` matches every filter."""

    def explain(self, document: Mapping[str, object]) -> list[Explanation]:
        """For each top-level filter: whether it held, the value seen and the rule applied."""


def matcher(
    query: object,
    *,
    schema: Collection | Mapping[str, object] | None,
    profile: str | Profile | Semantics = "postgresql",
    now: datetime | None = None,
) -> Matcher:
    """``query`` compiled for ``schema`` on ``profile``, built once.

    The query is checked as the server checks a list-documents request (a failure raises
    :class:`~querykit.appwrite.ServerQueryError` with the server's message). ``now`` dates the
    datetime values PHP reads relative to the current time (the current time when omitted).

    >>> from querykit.appwrite import Attribute, Collection
    >>> m = matcher("tags contains 'red'", schema=Collection((Attribute("tags", "string", array=True),)))
    >>> m({"tags": ["red", "blue"]}), m({"tags": ["Red"]}), m({"tags": None})
    (True, False, False)
    """
    semantics = resolve(profile)
    if semantics.name == "realtime" and schema is None:
        return _subscription_matcher(query, semantics)
    parsed = parse_list(query_strings(query))
    if schema is None:
        if isinstance(profile, (str, Profile)):
            raise QueryError(_NO_SCHEMA, code="schema")
    else:
        schema = schema_of(schema)
        error = DocumentsValidator.for_collection(schema, database_profile(profile, semantics)).validate(
            parsed
        )
        if error is not None:
            raise ServerQueryError(error, type=QUERY_INVALID)
    filters = tuple(q for q in parsed if q.method not in FILTER_EXCLUDED_METHODS)
    clock = micros_of(now)
    predicate: Any = compile_matcher(filters, schema, semantics, now=clock)

    def explain(document: Mapping[str, object]) -> list[Explanation]:
        if not isinstance(document, Mapping):
            raise not_a_document(document)
        return explain_filters(filters, document, schema, semantics, now=clock)

    predicate.filters = filters
    predicate.schema = schema
    predicate.semantics = semantics
    predicate.explain = explain
    return cast(Matcher, predicate)


def render_match(compiled: Matcher, document: Mapping[str, object], label: str | None = None) -> str:
    """Whether ``document`` matches ``compiled`` and, one indented line per filter, which filters
    held, the value seen and the rule: the text of ``querykit run --explain`` and the REPL's
    ``:explain``. The first line names the document by ``label`` (its ``$id`` when omitted).

    >>> from querykit.appwrite import Attribute, Collection
    >>> m = matcher("age >= 18", schema=Collection((Attribute("age", "integer", size=4),)))
    >>> print(render_match(m, {"$id": "ann", "age": 20}))
    ann: matches
      held      greaterThanEqual age: value 20 (integer comparison; NULL never matches)
    """
    name = f"{document.get('$id')}" if label is None else label
    lines = [f"{name}: {'matches' if compiled(document) else 'does not match'}"]
    lines.extend(explanation.render(1) for explanation in compiled.explain(document))
    return "\n".join(lines)


def _subscription_matcher(query: object, semantics: Semantics) -> Matcher:
    """A Realtime subscription as a matcher: the server's subscription checks and its delivery
    rule (``select("*")`` included), through :func:`querykit.realtime.subscribe`."""
    from querykit.realtime import subscribe

    subscription = subscribe(query)  # type: ignore[arg-type]
    predicate: Any = subscription.matches
    wrapper: Any = lambda document: predicate(document)  # noqa: E731
    wrapper.filters = parse_list(subscription.stored)
    wrapper.schema = None
    wrapper.semantics = semantics
    wrapper.explain = subscription.explain
    return wrapper  # type: ignore[no-any-return]
