"""The direct JSON of filters without values (``isNull``, ``isNotNull``) is the encoder's."""

from __future__ import annotations

import pytest

from querykit.appwrite.codec import _BARE_FILTER_HEADS, _dumps, encode_node, to_appwrite
from querykit.ast import Filter, Node
from querykit.wireparts import to_dict


class _Text(str):
    pass


@pytest.mark.parametrize(
    "node",
    [
        Filter("isNull", "a"),
        Filter("isNotNull", "summary"),
        Filter("isNotNull", ""),
        Filter("isNull", 'é\u2028"\\\ud83d\ude00'),
        Filter("isNull", _Text("a")),
        Filter("isNull", "a", (1,)),
        Filter("isNotNull", "a", (1, 2)),
        Filter("isNull", "a", (None,)),
        Filter("equal", "a", ()),
        Filter("noSuchMethod", "a", ()),
    ],
)
def test_bare_filters(node: Node) -> None:
    assert encode_node(node) == _dumps(to_dict(node))
    assert to_appwrite([node]) == [_dumps(to_dict(node))]


def test_bare_heads_are_the_filters_without_values() -> None:
    assert set(_BARE_FILTER_HEADS) == {"isNull", "isNotNull"}
