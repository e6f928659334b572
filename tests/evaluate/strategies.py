"""Hypothesis strategies for queries over the recorded collection, with values its documents hold."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from querykit.ast import And, Filter, Node, Or
from tests.evaluate.cases import seed

STRINGS = ("name", "title", "status")
NUMBERS = ("age", "big", "score")
SEARCHABLE = ("name", "title")


@cache
def pool(attribute: str) -> tuple[Any, ...]:
    """The distinct non-null values the input documents hold for ``attribute`` (array elements
    for arrays), in a stable order."""
    seen: dict[str, Any] = {}
    for doc in seed()["documents"]:
        value = doc.get(attribute)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item is not None:
                seen.setdefault(repr(item), item)
    return tuple(seen.values())


def _values(attribute: str) -> st.SearchStrategy[Any]:
    return st.sampled_from(pool(attribute))


def _string_filter(attribute: str) -> st.SearchStrategy[Node]:
    value = _values(attribute) | st.text(alphabet="aAjJoöÖh n%_\\", max_size=4)
    one = st.sampled_from(
        [
            "notEqual",
            "lessThan",
            "lessThanEqual",
            "greaterThan",
            "greaterThanEqual",
            "startsWith",
            "endsWith",
            "notStartsWith",
            "notEndsWith",
            "contains",
            "notContains",
        ]
        + (["search", "notSearch"] if attribute in SEARCHABLE else [])
    )
    return st.one_of(
        st.builds(lambda m, v: Filter(m, attribute, (v,)), one, value),
        st.builds(lambda vs: Filter("equal", attribute, tuple(vs)), st.lists(value, min_size=1, max_size=3)),
        st.builds(
            lambda m, a, b: Filter(m, attribute, (a, b)),
            st.sampled_from(["between", "notBetween"]),
            value,
            value,
        ),
        st.sampled_from([Filter("isNull", attribute), Filter("isNotNull", attribute)]),
    )


def _number_filter(attribute: str) -> st.SearchStrategy[Node]:
    value = _values(attribute) if attribute != "score" else _values(attribute) | st.integers(-100, 100)
    one = st.sampled_from(["notEqual", "lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual"])
    return st.one_of(
        st.builds(lambda m, v: Filter(m, attribute, (v,)), one, value),
        st.builds(lambda vs: Filter("equal", attribute, tuple(vs)), st.lists(value, min_size=1, max_size=3)),
        st.builds(
            lambda m, a, b: Filter(m, attribute, (a, b)),
            st.sampled_from(["between", "notBetween"]),
            value,
            value,
        ),
        st.sampled_from([Filter("isNull", attribute), Filter("isNotNull", attribute)]),
    )


def _other_filter() -> st.SearchStrategy[Node]:
    tag = _values("tags")
    date = _values("birthday")
    return st.one_of(
        st.builds(
            lambda m, vs: Filter(m, "tags", tuple(vs)),
            st.sampled_from(["contains", "notContains", "containsAny", "containsAll"]),
            st.lists(tag, min_size=1, max_size=3),
        ),
        st.builds(lambda v: Filter("equal", "active", (v,)), st.booleans()),
        st.builds(
            lambda m, v: Filter(m, "birthday", (v,)),
            st.sampled_from(["equal", "notEqual", "lessThan", "greaterThanEqual"]),
            date,
        ),
        st.builds(lambda a, b: Filter("between", "birthday", (a, b)), date, date),
        st.sampled_from(
            [Filter(m, a) for m in ("isNull", "isNotNull") for a in ("tags", "active", "birthday")]
        ),
    )


LEAVES: st.SearchStrategy[Node] = st.one_of(
    *[_string_filter(a) for a in STRINGS], *[_number_filter(a) for a in NUMBERS], _other_filter()
)
FILTERS: st.SearchStrategy[Node] = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda cs: And(tuple(cs)), st.lists(inner, min_size=2, max_size=3)),
        st.builds(lambda cs: Or(tuple(cs)), st.lists(inner, min_size=2, max_size=3)),
    ),
    max_leaves=4,
)
ORDER_ATTRIBUTES = (
    "name",
    "title",
    "status",
    "age",
    "big",
    "score",
    "active",
    "birthday",
    "$id",
    "$createdAt",
)
