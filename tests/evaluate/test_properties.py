"""Properties of run() and matching over the recorded collection, on both profiles."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import querykit as qk
from querykit.appwrite import ServerQueryError
from querykit.ast import And, Cursor, Filter, Limit, Node, Offset, Or, Order, Query
from querykit.errors import NegationError
from querykit.evaluate.listing import run
from querykit.negation import negate
from tests.evaluate.cases import PROFILES, collection, stored
from tests.evaluate.strategies import FILTERS, ORDER_ATTRIBUTES

# Every other document: 150 rows keep each example quick and still hold every kind of edge value.
DOCUMENTS = {p: stored(p)[::2] for p in PROFILES}
SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = st.sampled_from(PROFILES)
ORDERS = st.lists(
    st.builds(Order, st.sampled_from(ORDER_ATTRIBUTES), st.booleans()),
    max_size=2,
    unique_by=lambda o: o.attribute,
)


def outcome(queries: object, profile: str) -> tuple[Any, ...]:
    try:
        result = run(queries, DOCUMENTS[profile], schema=collection(), profile=profile)
    except ServerQueryError as e:
        return ("error", e.message, e.status)
    return ("ok", result.ids, result.total)


def attributes(node: Node) -> set[str]:
    if isinstance(node, (And, Or)):
        return set().union(*(attributes(c) for c in node.children))
    assert isinstance(node, Filter)
    return {node.attribute}


@SETTINGS
@given(FILTERS, ORDERS, PROFILE)
def test_run_of_a_query_equals_run_of_its_text(where: Node, orders: list[Order], profile: str) -> None:
    query = Query((where, *orders, Limit(500)))
    assert outcome(query, profile) == outcome(qk.parse(qk.format(query)), profile)


@SETTINGS
@given(FILTERS, PROFILE)
def test_negation_is_the_complement_where_no_value_is_null(where: Node, profile: str) -> None:
    try:
        negated = negate(where)
    except NegationError:
        assume(False)
        return
    try:
        held = qk.matcher(Query((where,)), schema=collection(), profile=profile)
    except ServerQueryError as e:
        # The adapter rejects the SQL (a LIKE on a datetime, a pattern ending in an escape on
        # PostgreSQL): so it does the negated form.
        assert e.status == 500
        return
    failed = qk.matcher(Query((negated,)), schema=collection(), profile=profile)
    names = attributes(where)
    for document in DOCUMENTS[profile]:
        if all(document.get(name) is not None for name in names):
            assert failed(document) is (not held(document)), document["$id"]


@SETTINGS
@given(st.none() | FILTERS, ORDERS, st.integers(1, 40), st.integers(0, 60), PROFILE)
def test_limit_and_offset_slice_the_whole_result(
    where: Node | None, orders: list[Order], limit: int, offset: int, profile: str
) -> None:
    head = (where,) if where is not None else ()
    whole = outcome(Query((*head, *orders, Limit(500))), profile)
    page = outcome(Query((*head, *orders, Limit(limit), Offset(offset))), profile)
    if whole[0] == "error":
        assert page == whole
        return
    assert page == ("ok", whole[1][offset : offset + limit], whole[2])


@SETTINGS
@given(st.none() | FILTERS, ORDERS, st.integers(1, 30), st.data(), PROFILE)
def test_a_cursor_continues_the_order_where_order_values_are_not_null(
    where: Node | None, orders: list[Order], limit: int, data: st.DataObject, profile: str
) -> None:
    head: tuple[Node, ...] = (where,) if where is not None else ()
    present = tuple(
        Filter("isNotNull", o.attribute) for o in orders if o.attribute and not o.attribute.startswith("$")
    )
    whole = outcome(Query((*head, *present, *orders, Limit(500))), profile)
    assume(whole[0] == "ok" and whole[1])
    ids = whole[1]
    n = data.draw(st.integers(0, len(ids) - 1))
    after = outcome(Query((*head, *present, *orders, Cursor(ids[n]), Limit(500))), profile)
    assert after == ("ok", ids[n + 1 :], whole[2])
    before = outcome(Query((*head, *present, *orders, Cursor(ids[n], before=True), Limit(limit))), profile)
    assert before == ("ok", ids[max(0, n - limit) : n], whole[2])
