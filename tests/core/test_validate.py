"""Validation for people: every problem at once, with codes, places and hints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import querykit as qk
from querykit.ast import And, Call, Filter, Having, Limit, Relationship, Select

BOOKS = Path(__file__).parents[1] / "data" / "books.json"


def _codes(text: str) -> list[tuple[str, str]]:
    return [(d.code, d.severity) for d in qk.validate(qk.parse(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = 1 and b in [1, 2] order by c limit 5", []),
        ("a in []", [("arity", "error")]),
        ("between(a, 1)", [("arity", "error")]),
        ("a ~ 1", [("value-type", "error")]),
        ("a = null", [("null-value", "warning")]),
        ('a matches "x"', [("server-rejects", "warning")]),
        ("limit 0", [("range", "error")]),
        ("offset -1", [("range", "error")]),
        ("limit 5 limit 6", [("repeated", "warning")]),
        ("select a, a", [("duplicate", "error")]),
        ("select", [("arity", "error")]),
        ("group by", [("arity", "error")]),
        ("having", [("arity", "error")]),
        ("a has ()", [("arity", "error")]),
        ("equl(a, 1)", [("unknown-method", "error")]),
        ("limit(1.5)", [("arity", "error")]),
        ("intersects(a, 1)", [("arity", "error")]),
        ("distanceLessThan(a, [[1, 2], 3])", [("arity", "error")]),
        ("vectorDot(a, [])", [("arity", "error")]),
        ("select count(*) as `bad alias!`", [("alias", "error")]),
        ("a has (limit(1))", [("nesting", "error")]),
    ],
)
def test_structural_rules(text: str, expected: list[tuple[str, str]]) -> None:
    assert _codes(text) == expected


def test_unknown_method_suggests_the_closest() -> None:
    (d,) = qk.validate(qk.parse("equl(a, 1)"))
    assert d.message == 'unknown method "equl"' and d.hint == 'did you mean "equal"?'


def test_every_problem_is_reported_with_its_place() -> None:
    text = "a in [] and b = 1 and c ~ 2 limit 0"
    problems = qk.validate(qk.parse(text))
    assert [d.code for d in problems] == ["arity", "value-type", "range"]
    assert [text[d.span.start : d.span.end] for d in problems if d.span] == ["a in []", "c ~ 2", "limit 0"]


def test_nesting_rules_on_hand_built_trees() -> None:
    tree = And((Filter("equal", "a", (1,)), Limit(5)))
    assert [d.code for d in qk.validate(tree)] == ["nesting"]
    assert [d.code for d in qk.validate(Having((Select(("a",)),)))] == ["nesting"]
    children = (Filter("equal", "a", (1,)), Select(("name",)), Call("groupBy", None, ("x",)))
    rel = Relationship("author", children)
    assert [d.code for d in qk.validate(rel)] == ["nesting"]


def test_compile_refuses_structural_errors_with_all_of_them() -> None:
    with pytest.raises(qk.StructureError) as info:
        qk.compile("a in [] and b ~ 1")
    err = info.value
    assert [d.code for d in err.diagnostics] == ["arity", "value-type"]
    assert err.render().splitlines()[0] == "1:1: equal takes at least one value"
    # warnings do not stop compile
    assert qk.compile("a = null") == ['{"method":"equal","attribute":"a","values":[null]}']


def test_schema_diagnostics_use_the_server_rules() -> None:
    from querykit import appwrite

    books = appwrite.Collection.from_api(json.loads(BOOKS.read_text(encoding="utf-8")))
    text = 'titel = "x" and year > "1990" and title = "Dune"'
    problems = qk.validate(qk.parse(text), schema=books)
    assert [d.message for d in problems] == [
        'attribute "titel" not found in schema; did you mean "title"?',
        'Query value is invalid for attribute "year"',
    ]
    assert [text[d.span.start : d.span.end] for d in problems if d.span] == ['titel = "x"', 'year > "1990"']
    assert qk.validate(qk.parse('title = "Dune" order by year desc'), schema=books) == []
