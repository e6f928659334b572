"""Properties of check_update and apply over generated updates (500 examples each)."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querykit.appwrite import Attribute, Collection, Verdict, check_update
from querykit.update import OPERATORS, UpdateError, apply

COLLECTION = Collection(
    (
        Attribute("count", "integer"),
        Attribute("big", "integer", size=8, signed=False),
        Attribute("score", "double"),
        Attribute("title", "string", size=12),
        Attribute("body", "text", size=100),
        Attribute("tags", "string", size=16, array=True),
        Attribute("ints", "integer", array=True),
        Attribute("reals", "double", array=True),
        Attribute("flags", "boolean", array=True),
        Attribute("active", "boolean"),
        Attribute("when", "datetime", filters=("datetime",)),
        Attribute("whens", "datetime", array=True),
        Attribute("need", "string", size=5, required=True),
        Attribute("meta", "object"),
        Attribute("author", "relationship", relation_type="manyToOne", side="parent"),
    )
)
TAGS = ["a", "A", "b", "é", "e", "10", "2"]
DATES = ["2024-02-28T00:00:00.000+00:00", "9999-12-30T00:00:00.000+00:00"]
KEYS = [a.key for a in COLLECTION.attributes] + ["$id", "$createdAt", "$foo", "nope", "0"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False, width=64),
    st.sampled_from(["", "a", "A", "é", "5", " 5", "1e3", ".5", "0", "2024-01-01T00:00:00.000+00:00"]),
    st.text(max_size=6),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["0", "1", "a", "method"]), inner, max_size=3),
    ),
    max_leaves=8,
)
methods = st.one_of(st.sampled_from(sorted(OPERATORS)), st.sampled_from(["incr", "Increment", "contains"]))
operator_objects = st.fixed_dictionaries(
    {"method": methods},
    optional={
        "values": st.one_of(st.lists(json_values, max_size=3), json_values),
        "attribute": st.one_of(st.text(max_size=3), st.integers(), st.none()),
    },
)
operator_values = st.one_of(
    operator_objects.map(lambda o: json.dumps(o)),
    operator_objects,
    st.sampled_from(["{", '{"method":"increment"', "[1]", '"x"', "null"]),
)
entries = st.one_of(operator_values, json_values)
updates = st.dictionaries(st.sampled_from(KEYS), entries, min_size=0, max_size=4)
documents = st.fixed_dictionaries(
    {},
    optional={
        "count": st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1)),
        "big": st.one_of(st.none(), st.integers(0, 2**40)),
        "score": st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
        "title": st.one_of(st.none(), st.text(max_size=12)),
        "tags": st.one_of(st.none(), st.lists(st.sampled_from(TAGS), max_size=5)),
        "ints": st.one_of(st.none(), st.lists(st.integers(-10, 10), max_size=5)),
        "reals": st.one_of(st.none(), st.lists(st.floats(-1e6, 1e6), max_size=5)),
        "flags": st.one_of(st.none(), st.lists(st.booleans(), max_size=4)),
        "active": st.one_of(st.none(), st.booleans()),
        "when": st.one_of(st.none(), st.sampled_from(DATES)),
        "need": st.just("x"),
    },
)
SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(updates, st.one_of(st.none(), documents), st.sampled_from(["document", "row"]))
def test_any_data_gets_a_verdict(data: dict[str, Any], current: dict[str, Any] | None, resource: str) -> None:
    verdict = check_update(data, COLLECTION, current=current, resource=resource)
    assert isinstance(verdict, Verdict)
    assert verdict.valid is (verdict.status == 200)
    if not verdict.valid:
        assert verdict.message
        assert verdict.status in (400, 500)


@SETTINGS
@given(documents, updates, st.sampled_from(["postgresql", "mariadb"]), st.booleans())
def test_apply_never_mutates_and_raises_only_update_error(
    document: dict[str, Any], data: dict[str, Any], profile: str, with_schema: bool
) -> None:
    document_before, data_before = copy.deepcopy(document), copy.deepcopy(data)
    try:
        result = apply(document, data, COLLECTION if with_schema else None, profile=profile)
    except UpdateError as e:
        assert e.status in (400, 500)
    else:
        assert isinstance(result, dict)
    assert document == document_before
    assert data == data_before
