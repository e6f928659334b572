"""Every dispatch table keyed by node type covers every node class, so a new node cannot be
forgotten by a back end; and one walk reaches every node of a tree."""

from __future__ import annotations

import inspect

import pytest

import querykit as qk
from querykit import nodes
from querykit.negation import NEGATORS
from querykit.text.formatter import WRITERS
from querykit.validation import CHECKERS
from querykit.wireparts import ENCODERS

TABLES = {
    "wireparts.ENCODERS": ENCODERS,
    "negation.NEGATORS": NEGATORS,
    "validation.CHECKERS": CHECKERS,
    "text.formatter.WRITERS": WRITERS,
}


def test_node_types_lists_every_node_class() -> None:
    defined = {
        obj
        for _, obj in inspect.getmembers(nodes, inspect.isclass)
        if issubclass(obj, nodes.Node) and obj is not nodes.Node
    }
    assert set(nodes.NODE_TYPES) == defined


@pytest.mark.parametrize("name", sorted(TABLES))
def test_each_table_covers_every_node_class(name: str) -> None:
    assert set(TABLES[name]) == set(nodes.NODE_TYPES)


def test_walk_reaches_every_node_in_source_order() -> None:
    q = qk.parse("(a = 1 or (b = 2 and c has (d = 3))) having count > 1 join t on x = y limit 2")
    methods = [n.method for part in q for n in part.walk()]
    expected = [
        "or",
        "equal",
        "and",
        "equal",
        "elemMatch",
        "equal",
        "having",
        "greaterThan",
        "join",
        "on",
        "limit",
    ]
    assert methods == expected


def test_walk_is_iterative() -> None:
    deep: nodes.Node = nodes.Filter("isNull", "a")
    for _ in range(5000):
        deep = nodes.And((deep, nodes.Filter("isNull", "b")))
    assert sum(1 for _ in deep.walk()) == 10001


def test_children_is_empty_on_leaves_and_the_conditions_of_a_join() -> None:
    on = nodes.On("a", "=", "b")
    assert nodes.Limit(1).children == ()
    assert nodes.Join("join", "t", (on,)).children == (on,)


def test_a_subclass_of_a_node_is_written_as_its_node() -> None:
    class Capped(nodes.Limit):
        pass

    class Named(nodes.Filter):
        pass

    assert qk.format([Named("equal", "a", (1,)), Capped(3)]) == "a = 1 limit 3"
    assert qk.format(nodes.Or((Named("isNull", "b"), Named("equal", "c", (2,))))) == "b is null or c = 2"
