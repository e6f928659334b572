"""What `to_appwrite` emits for a generated query that fits a generated schema, the server-parity
check accepts; and querykit's own validation agrees."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import querykit as qk
from querykit.appwrite import check_list_documents
from querykit.ast import And, Filter, Limit, Node, Offset, Or, Order, Select
from tests.appwrite.test_validator import schemas, value_for

_METHODS = {
    "tags": ["contains", "containsAny", "containsAll", "notContains", "isNull", "isNotNull"],
    "other": [
        "equal",
        "notEqual",
        "lessThan",
        "lessThanEqual",
        "greaterThan",
        "greaterThanEqual",
        "between",
        "notBetween",
        "isNull",
        "isNotNull",
    ],
}
_COUNT = {
    "notEqual": 1,
    "lessThan": 1,
    "lessThanEqual": 1,
    "greaterThan": 1,
    "greaterThanEqual": 1,
    "between": 2,
    "notBetween": 2,
    "isNull": 0,
    "isNotNull": 0,
}


@st.composite
def fitting_filter(draw: st.DrawFn, kinds: dict[str, str]) -> Node:
    key = draw(st.sampled_from(sorted(kinds)))
    kind = kinds[key]
    method = draw(st.sampled_from(_METHODS["tags" if kind == "tags" else "other"]))
    count = _COUNT.get(method, draw(st.integers(1, 3)))
    return Filter(method, key, tuple(value_for(draw, kind) for _ in range(count)))  # type: ignore[misc]


@st.composite
def fitting_query(draw: st.DrawFn, kinds: dict[str, str]) -> qk.Query:
    filters = st.recursive(
        fitting_filter(kinds),
        lambda children: st.lists(children, min_size=2, max_size=3).flatmap(
            lambda c: st.sampled_from([And(tuple(c)), Or(tuple(c))])
        ),
        max_leaves=5,
    )
    parts: list[Node] = draw(st.lists(filters, max_size=5))
    if draw(st.booleans()):
        parts.append(Select(tuple(draw(st.sets(st.sampled_from(sorted(kinds)), min_size=1)))))
    keys = [k for k, v in kinds.items() if v != "tags"]
    if keys:
        parts.extend(Order(k, draw(st.booleans())) for k in draw(st.lists(st.sampled_from(keys), max_size=2)))
    parts.append(Limit(draw(st.integers(1, 5000))))
    parts.append(Offset(draw(st.integers(0, 10**6))))
    return qk.Query(tuple(parts))


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_what_to_appwrite_emits_for_a_fitting_query_is_valid(data: st.DataObject) -> None:
    collection, kinds = data.draw(schemas())
    query = data.draw(fitting_query(kinds))
    strings = qk.to_appwrite(query)
    verdict = check_list_documents(strings, collection)
    assert verdict.valid, (verdict.message, strings)
    assert [d for d in qk.validate(query, schema=collection) if d.severity == "error"] == []
    # and through text: the same strings come back
    assert qk.to_appwrite(qk.parse(qk.format(query))) == strings
