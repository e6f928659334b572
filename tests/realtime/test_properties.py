"""Properties of the Realtime checks and matcher over generated queries and payloads."""

from __future__ import annotations

import contextlib
import json
import math
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from querykit.errors import QueryError
from querykit.realtime import RealtimeQueryError, subscribe
from querykit.realtime.php import (
    compare,
    encode_json,
    from_json,
    is_identical,
    is_smaller,
    is_smaller_or_equal,
    numeric_string,
    through_json,
)

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
KEYS = st.sampled_from(["a", "b", "0", "1", "", "a.b", "é"]) | TEXT
NUMERIC_TEXT = st.from_regex(
    r"[ \t]?[+-]?(\d{1,22}(\.\d*)?|\.\d{1,3})([eE][+-]?\d{1,3})?[ \n]?", fullmatch=True
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0.0, -0.0, 30.0, 1e17, 1e16, 0.5])
    | TEXT
    | NUMERIC_TEXT
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)
PAYLOADS = st.dictionaries(KEYS, JSON_VALUES, max_size=5)
METHODS = st.sampled_from(
    [
        "equal",
        "notEqual",
        "lessThan",
        "lessThanEqual",
        "greaterThan",
        "greaterThanEqual",
        "isNull",
        "isNotNull",
    ]
)
ANY_METHOD = METHODS | st.sampled_from(
    ["select", "search", "contains", "between", "regex", "elemMatch", "", "x"]
)


def leaf(method: st.SearchStrategy[str] = METHODS) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"method": method, "attribute": KEYS, "values": st.lists(JSON_VALUES, max_size=3)}
    )


QUERY_OBJECTS = st.recursive(
    leaf(),
    lambda inner: st.fixed_dictionaries(
        {"method": st.sampled_from(["and", "or"]), "values": st.lists(inner, max_size=3)}
    ),
    max_leaves=6,
)
WILD_OBJECTS = st.recursive(
    leaf(ANY_METHOD) | JSON_VALUES,
    lambda inner: st.fixed_dictionaries(
        {"method": st.sampled_from(["and", "or", "elemMatch"]), "values": st.lists(inner, max_size=3) | inner}
    ),
    max_leaves=6,
)


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(WILD_OBJECTS.map(dumps) | TEXT | JSON_VALUES, max_size=4), PAYLOADS)
def test_any_queries_and_payload_give_a_verdict_or_the_servers_error(
    items: list[object], payload: Any
) -> None:
    try:
        sub = subscribe(items)
    except RealtimeQueryError as e:
        assert e.frame("message")["code"] in (0, 1003)
        assert e.frame("url")["code"] in (0, 1008)
        return
    assert isinstance(sub.matches(payload), bool)


@settings(max_examples=200, deadline=None)
@given(st.lists(QUERY_OBJECTS.map(dumps), max_size=4))
def test_allowed_queries_are_accepted_and_stored_strings_are_a_fixed_point(items: list[str]) -> None:
    sub = subscribe(items)
    assert len(sub.stored) == max(1, len(items))
    assert all(stored.isascii() for stored in sub.stored)
    # Re-parsing can change a query once (-0.0 is stored as -0, which reads back as the int 0).
    again = subscribe(list(sub.stored))
    assert subscribe(list(again.stored)).stored == again.stored
    if "-0.0" not in "".join(items):
        assert again.stored == sub.stored


@settings(max_examples=300, deadline=None)
@given(KEYS, st.lists(JSON_VALUES, max_size=3), PAYLOADS)
def test_not_equal_is_the_complement_of_equal_where_the_key_exists(
    key: str, values: list[object], payload: dict[str, Any]
) -> None:
    equal = subscribe([dumps({"method": "equal", "attribute": key, "values": values})]).matches(payload)
    not_equal = subscribe([dumps({"method": "notEqual", "attribute": key, "values": values})]).matches(
        payload
    )
    assert not_equal == (key in payload and not equal)


@settings(max_examples=300, deadline=None)
@given(KEYS, JSON_VALUES, PAYLOADS)
def test_equal_matches_the_payloads_own_value(key: str, value: object, payload: dict[str, Any]) -> None:
    payload = {**payload, key: value}
    query = {"method": "equal", "attribute": key, "values": [value]}
    tripped = through_json(value)
    expected = is_identical(tripped, from_json(value))  # false only for integral floats
    assert subscribe([dumps(query)]).matches(payload) == expected
    assert subscribe([encode_json(from_json(query))]).matches(payload)


@settings(max_examples=200, deadline=None)
@given(PAYLOADS, st.lists(QUERY_OBJECTS.map(dumps), max_size=3))
def test_a_top_level_select_all_matches_everything(payload: dict[str, Any], items: list[str]) -> None:
    items.insert(len(items) // 2, '{"method":"select","values":["*"]}')
    assert subscribe(items).matches(payload)


@settings(max_examples=500, deadline=None)
@given(JSON_VALUES, JSON_VALUES)
def test_php_comparison_is_consistent(a: object, b: object) -> None:
    x, y = from_json(a), from_json(b)
    assert compare(x, x) == 0
    assert is_smaller_or_equal(x, x)
    assert compare(x, y) in (-1, 0, 1)
    if compare(x, y) < 0:
        assert is_smaller(x, y) and is_smaller_or_equal(x, y)
    if is_identical(x, y):
        assert compare(x, y) == 0


@settings(max_examples=500, deadline=None)
@given(JSON_VALUES)
def test_the_json_trip_is_stable_and_encodes_as_php(value: object) -> None:
    tripped = through_json(value)
    assert through_json(tripped) == tripped
    text = encode_json(tripped)
    assert text.isascii()
    assert is_identical(through_json(json.loads(text)), tripped)


@settings(max_examples=500, deadline=None)
@given(NUMERIC_TEXT | TEXT)
def test_numeric_strings_read_the_number_python_reads(text: str) -> None:
    parsed = numeric_string(text)
    stripped = text.strip(" \t\n\r\v\f")
    plain = re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", stripped)
    assert (parsed is not None) == (plain is not None and stripped == text.strip(" \t\n\r\v\f"))
    if parsed is not None:
        value, _ = parsed
        expected = float(stripped)
        if type(value) is int:
            assert value == int(stripped) and "." not in stripped and "e" not in stripped.lower()
        else:
            assert value == expected or (math.isinf(value) and math.isinf(expected))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_querykit_text_or_a_query_error(text: str) -> None:
    with contextlib.suppress(QueryError):
        subscribe(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(QUERY_OBJECTS.map(dumps), max_size=3), PAYLOADS)
def test_quick_rejection_gives_the_verdict_evaluation_gives(
    items: list[str], payload: dict[str, Any]
) -> None:
    sub = subscribe(items)
    path = sub.path(payload)
    if path == "quick-reject":
        assert not sub.matches(payload)
    if path.startswith("select-all"):
        assert sub.matches(payload)
