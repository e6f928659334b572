"""Hypothesis strategies that build update ASTs and SDK requests."""

from __future__ import annotations

from typing import Any

from appwrite.operator import Operator as SdkOperator
from hypothesis import strategies as st

from querykit.ast import Filter, JsonObject, Limit, Query, Value
from querykit.update.catalog import ARRAY_FILTER_CONDITIONS, OPERATORS
from querykit.update.nodes import Assignment, Operation, Update
from tests.properties.strategies import ATTRIBUTES, PLAIN_NAMES, QUERIES, SCALARS, TEXT, VALUES

UPDATE_WORDS = st.sampled_from(
    ["set", "where", "now", "max", "min", "days", "append", "at", "keep", "toggle"]
)
_ODD_NAMES = st.sampled_from(
    ["a-b", "with space", "é", "order", "null", "a.b", "_x", "back`tick", "x\ny", "12a"]
)
_LETTERS = st.text(st.sampled_from("abcxyzABC_0123456789"), min_size=1, max_size=6)
#: Names an operator can stand under (Appwrite skips `$` keys and integer-like keys).
OPERATOR_NAMES = st.one_of(_LETTERS, _LETTERS, UPDATE_WORDS, _ODD_NAMES).filter(
    lambda n: not n.lstrip("-").isdigit()
)
NAMES = st.one_of(ATTRIBUTES, UPDATE_WORDS)
NUMBERS: st.SearchStrategy[Value] = st.one_of(
    st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False, allow_infinity=False)
)
SMALL_VALUES = st.lists(VALUES, max_size=3).map(tuple)


@st.composite
def operations(draw: st.DrawFn) -> Operation:
    """Operations in their own syntax and in the generic form, known methods and others."""
    method = draw(st.sampled_from([*OPERATORS, "futureOperator"]))
    shape = draw(st.sampled_from(["fit", "fit", "any", "none"]))
    if shape == "none" and method in OPERATORS:
        return Operation(method, None)
    if shape == "any" or method not in OPERATORS:
        return Operation(method, draw(SMALL_VALUES))
    spec = OPERATORS[method]
    values: tuple[Value, ...]
    if spec.shape == "number":
        values = (draw(NUMBERS),) + ((draw(NUMBERS),) if spec.bound and draw(st.booleans()) else ())
    elif spec.shape == "items":
        values = draw(SMALL_VALUES)
    elif spec.shape == "index-item":
        values = (draw(st.integers(-3, 2**63 - 1)), draw(VALUES))
    elif spec.shape == "item":
        values = (draw(VALUES),)
    elif spec.shape == "condition":
        condition = draw(st.sampled_from([*ARRAY_FILTER_CONDITIONS, "contains", "bogus"]))
        values = (condition, draw(st.one_of(st.none(), SCALARS)))
    elif spec.shape == "string":
        values = (draw(TEXT),)
    elif spec.shape == "search-replace":
        values = (draw(TEXT), draw(TEXT))
    elif spec.shape == "days":
        values = (draw(st.integers(-1000, 1000)),)
    else:
        values = ()
    return Operation(method, values)


@st.composite
def updates(draw: st.DrawFn, *, queries: st.SearchStrategy[Query] = QUERIES) -> Update:
    """Whole updates with distinct attribute names, and a ``where`` query now and then."""
    n = draw(st.integers(1, 6))
    names = draw(st.lists(OPERATOR_NAMES, min_size=n, max_size=n, unique=True))
    assignments = []
    for name in names:
        value: Value | Operation = draw(st.one_of(operations(), VALUES))
        assignments.append(Assignment(name, value))
    query = draw(st.one_of(st.none(), queries.filter(lambda q: len(q.parts) > 0)))
    return Update(tuple(assignments), query)


SIMPLE_QUERIES: st.SearchStrategy[Query] = st.builds(
    lambda name, value, limit: Query(
        (Filter("equal", name, (value,)),) + (() if limit is None else (Limit(limit),))
    ),
    PLAIN_NAMES,
    SCALARS,
    st.one_of(st.none(), st.integers(1, 1000)),
)

_JSON: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)
_HELPERS = sorted(n for n, v in vars(SdkOperator).items() if isinstance(v, staticmethod))


@st.composite
def sdk_strings(draw: st.DrawFn) -> str:
    """An operator string built by the installed SDK with generated arguments."""
    while True:
        name = draw(st.sampled_from(_HELPERS))
        helper = getattr(SdkOperator, name)
        arity = helper.__code__.co_argcount
        args = [draw(_JSON) for _ in range(arity)]
        if name in ("divide", "modulo") and args[0] == 0:
            continue
        result: str = helper(*args)
        return result


#: What an SDK user sends as ``data``: operator strings and plain JSON values.
SDK_DATA: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
    st.one_of(PLAIN_NAMES, TEXT, UPDATE_WORDS),
    st.one_of(sdk_strings(), sdk_strings(), _JSON),
    min_size=1,
    max_size=5,
)

__all__ = ["SDK_DATA", "SIMPLE_QUERIES", "JsonObject", "operations", "updates"]
