"""Arguments for every SDK helper, as Hypothesis strategies, and how to call both sides.

A nested query argument is a :class:`Nested`: the SDK gets its string, querykit its node or
(drawn at random) the same string, so both input kinds are exercised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import strategies as st

import querykit as qk
from querykit.ast import Node
from querykit.methods import JOIN_OPERATORS, METHODS, Method

SdkQuery: Any = pytest.importorskip("appwrite.query").Query

INT64 = st.integers(-(2**63), 2**63 - 1)
SCALARS = st.none() | st.booleans() | INT64 | st.floats(allow_nan=False, allow_infinity=False) | st.text()
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
#: A value for the helpers that wrap it: the SDK sends no values at all for a bare None.
VALUE = JSON.filter(lambda v: v is not None)
NAME = st.text()
NAMES = NAME | st.lists(NAME, max_size=5)
ALIAS = st.just("") | st.none() | NAME
OPERATOR = st.sampled_from(JOIN_OPERATORS)


@dataclass(frozen=True)
class Nested:
    """One query handed to a helper that nests queries."""

    sdk: str
    node: Node
    as_string: bool

    def for_querykit(self) -> Node | str:
        return self.sdk if self.as_string else self.node


def sdk_args(args: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_map(a, lambda n: n.sdk) for a in args)


def qk_args(args: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_map(a, Nested.for_querykit) for a in args)


def _map(arg: Any, f: Callable[[Nested], Any]) -> Any:
    if isinstance(arg, Nested):
        return f(arg)
    if isinstance(arg, list) and arg and all(isinstance(a, Nested) for a in arg):
        return [f(a) for a in arg]
    return arg


def call_both(name: str, args: tuple[Any, ...]) -> tuple[Any, Any]:
    """The SDK's result and querykit's for ``Query.<name>(*args)``."""
    return getattr(SdkQuery, name)(*sdk_args(args)), getattr(qk.Query, name)(*qk_args(args))


def _nested(name: str, args: st.SearchStrategy[tuple[Any, ...]]) -> st.SearchStrategy[Nested]:
    def build(a: tuple[Any, ...], as_string: bool) -> Nested:
        sdk, node = call_both(name, a)
        return Nested(sdk, node, as_string)

    return st.builds(build, args, st.booleans())


def _sdk_names(where: Callable[[Method], bool]) -> list[str]:
    return [m.sdk for m in METHODS.values() if where(m)]


#: Arguments for every helper except the nesting ones (filled in below).
LEAF_ARGS: dict[str, st.SearchStrategy[tuple[Any, ...]]] = {
    **{
        name: st.tuples(NAME, VALUE)
        for name in _sdk_names(lambda m: m.category == "filter" and m.arity in ("one", "many"))
    },
    **{name: st.tuples(NAME, JSON) for name in _sdk_names(lambda m: m.category in ("spatial", "vector"))},
    **{name: st.tuples(NAME) for name in ("is_null", "is_not_null", "cursor_before", "cursor_after")},
    **{name: st.tuples(NAME, JSON, JSON) for name in ("between", "not_between")},
    **{name: st.tuples(NAMES) for name in ("exists", "not_exists", "select", "group_by")},
    **{name: st.tuples(NAME | st.none()) for name in ("order_asc", "order_desc")},
    **{name: st.just(()) for name in ("order_random", "distinct")},
    **{name: st.tuples(INT64) for name in ("limit", "offset")},
    **{
        name: st.tuples(VALUE)
        for name in ("created_before", "created_after", "updated_before", "updated_after")
    },
    **{name: st.tuples(JSON, JSON) for name in ("created_between", "updated_between")},
    **{
        name: st.tuples(NAME, JSON, JSON) | st.tuples(NAME, JSON, JSON, st.booleans())
        for name in ("distance_equal", "distance_not_equal", "distance_greater_than", "distance_less_than")
    },
    **{
        name: st.tuples(NAME) | st.tuples(NAME, ALIAS)
        for name in _sdk_names(lambda m: m.category == "aggregate" and m.name != "count")
    },
    "count": st.just(()) | st.tuples(NAME) | st.tuples(NAME, ALIAS),
    "on": st.tuples(NAME, NAME) | st.tuples(NAME, NAME, OPERATOR),
    "cross_join": st.tuples(NAME) | st.tuples(NAME, ALIAS),
}

LEAF: st.SearchStrategy[Nested] = st.sampled_from(sorted(LEAF_ARGS)).flatmap(
    lambda name: _nested(name, LEAF_ARGS[name])
)
_TWO_LEVELS = st.sampled_from(["or_queries", "and_queries"]).flatmap(
    lambda name: _nested(name, st.tuples(st.lists(LEAF, min_size=2, max_size=3)))
)
#: A query to nest: a plain one, or an ``or``/``and`` of plain ones.
CHILD: st.SearchStrategy[Nested] = LEAF | _TWO_LEVELS
ON = _nested("on", LEAF_ARGS["on"])
ON_LIST = st.lists(ON, min_size=1, max_size=3)
JOIN_SIMPLE = (
    st.tuples(NAME, NAME)
    | st.tuples(NAME, NAME, NAME)
    | st.tuples(NAME, NAME, NAME, OPERATOR)
    | st.tuples(NAME, NAME, NAME, OPERATOR, NAME)
)
JOIN_NESTED = (
    st.tuples(NAME, ON_LIST)
    | st.tuples(NAME, NAME, ON_LIST)
    # With the conditions in ``right``, the SDK ignores ``operator`` and ``alias``.
    | st.tuples(NAME, NAME, ON_LIST, OPERATOR, NAME)
)

#: Arguments for every SDK helper that builds queries.
ARGS: dict[str, st.SearchStrategy[tuple[Any, ...]]] = {
    **LEAF_ARGS,
    "or_queries": st.tuples(st.lists(CHILD, min_size=2, max_size=4)),
    "and_queries": st.tuples(st.lists(CHILD, min_size=2, max_size=4)),
    "elem_match": st.tuples(NAME, st.lists(CHILD, max_size=4)),
    "relationship": st.tuples(NAME, st.lists(CHILD, max_size=4)),
    "having": st.tuples(st.lists(CHILD, max_size=4)),
    **{name: JOIN_SIMPLE | JOIN_NESTED for name in ("join", "left_join", "right_join", "full_outer_join")},
    "page": st.tuples(st.integers(1, 10**9)) | st.tuples(st.integers(1, 10**9), st.integers(1, 10**9)),
}

#: SDK attributes that are not query helpers called with arguments, and where they are tested.
NOT_IN_ARGS = {
    "builder": "the fluent builder: test_builder.py compares it with the SDK's",
    "Builder": "the fluent builder class: test_builder.py compares it with the SDK's",
}


def sdk_public_names() -> list[str]:
    """Every public attribute of the SDK's ``Query`` class."""
    return sorted(name for name in vars(SdkQuery) if not name.startswith("_"))
