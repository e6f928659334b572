"""The direct writer of the common nodes' JSON writes what the general encoder writes."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from querykit import parse
from querykit.appwrite.codec import _common_json, _dumps, encode_node
from querykit.ast import And, Cursor, Filter, Limit, Node, Offset, Or, Order, Select
from querykit.errors import CodecError
from querykit.wireparts import to_dict


class _Text(str):
    pass


def _nodes(node: Node) -> list[Node]:
    found = [node]
    for child in getattr(node, "children", ()):
        found.extend(_nodes(child))
    return found


def test_the_identity_corpus() -> None:
    corpus = (Path(__file__).parents[1] / "data" / "identity.qk").read_text(encoding="utf-8")
    written = 0
    for line in corpus.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        for part in parse(line).parts:
            for node in _nodes(part):
                general = _dumps(to_dict(node))
                try:
                    direct = _common_json(node, 0)
                except Exception:  # left to the general encoder
                    continue
                assert direct == general, line
                written += 1
    assert written > 100


@pytest.mark.parametrize(
    "node",
    [
        Filter("equal", "a", ('é\u2028"\\', "\ud83d\ude00", "\x00", "")),
        Filter("equal", "ä.b", (1, -1, 0, 2**63 - 1, -(2**63), 0.1, -0.0, 1e300, 5e-324, True, False, None)),
        Filter("equal", "a", ()),
        Filter("equal", "a", ((1, 2),)),
        Filter("equal", _Text("a"), (_Text("x"),)),
        Filter("lessThan", "a", (True,)),
        Filter("isNull", "a"),
        Filter("search", "a", ("x",)),
        Filter("intersects", "a", ([1, 2],)),  # type: ignore[arg-type]
        Filter("noSuchMethod", "a", (1,)),
        And((Filter("equal", "a", (1,)), Or((Limit(1), Filter("equal", "b", ("\u00ff",)))))),
        And(()),
        Or((Order("a", True), Order(None, False), Order("ü"), Select(("a", "b.*")), Select(()))),
        Limit(0),
        Offset(10**15),
        Cursor("doc1", True),
        Cursor("dé", False),
    ],
)
def test_edge_cases(node: Node) -> None:
    assert encode_node(node) == _dumps(to_dict(node))


def test_deep_nesting_is_left_to_the_encoder() -> None:
    node: Node = Filter("equal", "a", (1,))
    for _ in range(20):
        node = And((node,))
    assert encode_node(node) == _dumps(to_dict(node))
    with pytest.raises(TypeError):
        _common_json(node, 0)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_fail_as_before(value: float) -> None:
    with pytest.raises(CodecError, match="cannot encode equal: Out of range float values"):
        encode_node(Filter("equal", "a", (value,)))
    with pytest.raises(CodecError, match="cannot encode limit"):
        encode_node(Limit(value))  # type: ignore[arg-type]
