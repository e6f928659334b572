"""A third profile plugs into the core: a Semantics with its own lookup and leaf builders."""

from __future__ import annotations

from dataclasses import replace

from querykit.appwrite import parse_query
from querykit.evaluate.engine import compile_matcher
from querykit.evaluate.semantics import MISSING, Leaf, Predicate, Semantics, resolve


def _strict_equal(leaf: Leaf, semantics: Semantics) -> Predicate:
    wanted = [(type(v), v) for v in leaf.values]
    key = leaf.attribute

    def equal(document: object) -> bool:
        value = document.get(key, MISSING)  # type: ignore[attr-defined]
        return value is not MISSING and (type(value), value) in wanted

    return equal


SCHEMALESS = replace(
    resolve("postgresql"),
    name="schemaless",
    lookup=lambda d, k: d.get(k, MISSING),
    leaves={"equal": _strict_equal},
)


def q(text: str) -> list[object]:
    return [parse_query(text)]


def test_a_missing_attribute_fails_every_leaf_where_the_lookup_says_missing() -> None:
    docs = ({}, {"a": None}, {"a": 2}, {"a": "b"})
    cases = {
        '{"method":"isNull","attribute":"a"}': [False, True, False, False],
        '{"method":"isNotNull","attribute":"a"}': [False, False, True, True],
        '{"method":"greaterThan","attribute":"a","values":[1]}': [False, False, True, False],
        '{"method":"notEqual","attribute":"a","values":[1]}': [False, False, True, True],
    }
    for text, want in cases.items():
        m = compile_matcher(q(text), None, SCHEMALESS)  # type: ignore[arg-type]
        assert [m(d) for d in docs] == want, text


def test_a_leaf_builder_replaces_the_core_one() -> None:
    m = compile_matcher(q('{"method":"equal","attribute":"a","values":[1]}'), None, SCHEMALESS)  # type: ignore[arg-type]
    assert [m(d) for d in ({"a": 1}, {"a": 1.0}, {"a": True}, {})] == [True, False, False, False]
    nested = q(
        '{"method":"or","values":[{"method":"equal","attribute":"a","values":[1]},'
        '{"method":"isNull","attribute":"b"}]}'
    )
    m = compile_matcher(nested, None, SCHEMALESS)  # type: ignore[arg-type]
    assert [m(d) for d in ({"a": 1}, {"b": None}, {"b": 2}, {})] == [True, True, False, False]
