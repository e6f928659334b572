"""Nodes go where the SDK expects query strings, and combine with ``&``, ``|`` and ``~``."""

from __future__ import annotations

from typing import Any

import pytest

import querykit as qk
from querykit.ast import And, Filter, Or

from .calls import SdkQuery

Q = qk.Query

requests: Any = pytest.importorskip("requests")
Client: Any = pytest.importorskip("appwrite.client").Client


def _pairs() -> tuple[list[qk.Node], list[str]]:
    nodes = [
        Q.equal("title", ["Spiderman", "Dr. Strange"]),
        Q.between("year", 1990, 2000),
        Q.select(["title", "author.*"]),
        Q.order_desc("year"),
        Q.cursor_after("row-1"),
        Q.limit(25),
    ]
    strings = [
        SdkQuery.equal("title", ["Spiderman", "Dr. Strange"]),
        SdkQuery.between("year", 1990, 2000),
        SdkQuery.select(["title", "author.*"]),
        SdkQuery.order_desc("year"),
        SdkQuery.cursor_after("row-1"),
        SdkQuery.limit(25),
    ]
    return nodes, strings


def test_a_list_of_nodes_is_the_sdk_list() -> None:
    nodes, strings = _pairs()
    assert [str(n) for n in nodes] == strings
    assert qk.to_appwrite(nodes) == strings
    assert qk.from_appwrite(strings).parts == tuple(nodes)


def test_nested_helpers_take_nodes_strings_or_both() -> None:
    a, b = Q.equal("released", True), Q.less_than("releasedYear", 1990)
    sa, sb = SdkQuery.equal("released", True), SdkQuery.less_than("releasedYear", 1990)
    expected = SdkQuery.or_queries([sa, sb])
    assert str(Q.or_queries([a, b])) == expected
    assert str(Q.or_queries([sa, sb])) == expected
    assert str(Q.or_queries([a, sb])) == expected
    assert str(Q.or_queries(iter([sa, b]))) == expected
    assert Q.or_queries([sa, sb]) == Q.or_queries([a, b])
    # The SDK takes strings only: hand it str(node).
    assert SdkQuery.and_queries([str(a), str(b)]) == str(Q.and_queries([a, b]))
    on = Q.on("author", "a.$id")
    assert str(Q.join("authors", "a", [on])) == SdkQuery.join("authors", "a", [str(on)])


def test_a_get_request_with_nodes_has_the_sdk_url() -> None:
    # The SDK's client flattens the list to queries[0]=..., and requests str()s what is not a string.
    nodes, strings = _pairs()
    client = Client()

    def url(queries: list[Any]) -> str:
        params = client.flatten({"queries": queries})
        return str(requests.Request("GET", "https://example.test/v1/x", params=params).prepare().url)

    assert url(list(nodes)) == url(strings)
    assert "queries%5B0%5D=%7B%22method%22%3A%22equal%22" in url(strings)


def test_and_or_not() -> None:
    a, b, c = Q.equal("a", 1), Q.greater_than("b", 2), Q.is_null("c")
    sa, sb, sc = SdkQuery.equal("a", 1), SdkQuery.greater_than("b", 2), SdkQuery.is_null("c")
    assert isinstance(a & b, And)
    assert str(a & b) == SdkQuery.and_queries([sa, sb])
    assert isinstance(a | b, Or)
    assert str(a | b | c) == SdkQuery.or_queries([sa, sb, sc])
    assert str((a | b) & c) == SdkQuery.and_queries([SdkQuery.or_queries([sa, sb]), sc])
    assert str(a & (b & c)) == SdkQuery.and_queries([sa, sb, sc])
    assert ~a == Filter("notEqual", "a", (1,))
    assert str(~a) == SdkQuery.not_equal("a", 1)
    assert str(~(a & b)) == SdkQuery.or_queries(
        [SdkQuery.not_equal("a", 1), SdkQuery.less_than_equal("b", 2)]
    )
    assert str(~(b | c)) == SdkQuery.and_queries(
        [SdkQuery.less_than_equal("b", 2), SdkQuery.is_not_null("c")]
    )
    assert str(~Q.equal("a", [1, 2])) == SdkQuery.and_queries(
        [SdkQuery.not_equal("a", 1), SdkQuery.not_equal("a", 2)]
    )
    assert ~~b == b
    # One explicit `and` query keeps its brackets in text: it is not two top-level queries.
    assert (a & b).text() == "(a = 1 and b > 2)"
    assert (a | b).text() == "a = 1 or b > 2"
    with pytest.raises(TypeError):
        a & "b"  # type: ignore[operator]


def test_nodes_format_as_text() -> None:
    nodes = [Q.greater_than("year", 2015), Q.order_desc("year"), Q.limit(10)]
    assert qk.format(nodes) == "year > 2015 order by year desc limit 10"
    report = [Q.count("*", "n"), Q.avg("price", "avg_price"), Q.group_by(["category"])]
    assert qk.format(report) == "select count(*) as n, avg(price) as avg_price group by category"
