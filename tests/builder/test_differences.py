"""The deliberate differences from the SDK (the table in ``querykit.builder`` and ``docs/sdk.md``):
each test shows what the SDK does and what querykit does instead."""

from __future__ import annotations

import datetime
import enum
from typing import Any

import pytest

import querykit as qk
from querykit.builder import BuilderError
from querykit.errors import CodecError, NegationError, QueryError

from .calls import SdkQuery

Q: Any = qk.Query  # Any: these tests pass arguments the signatures do not allow


def _raises(match: str) -> Any:
    return pytest.raises(BuilderError, match=match)


def test_builder_error_is_a_query_error_and_a_value_error() -> None:
    with pytest.raises(QueryError) as info:
        Q.limit(10.0)
    assert isinstance(info.value, ValueError)
    assert info.value.code == "builder"


def test_a_tuple_is_a_list() -> None:
    assert SdkQuery.equal("a", ("x", "y")) == '{"method":"equal","attribute":"a","values":[["x","y"]]}'
    assert str(Q.equal("a", ("x", "y"))) == SdkQuery.equal("a", ["x", "y"])
    assert str(Q.select(("a", "b"))) == SdkQuery.select(["a", "b"])
    # Nested tuples are arrays on both sides.
    assert str(Q.equal("a", [(1, 2)])) == SdkQuery.equal("a", [(1, 2)])


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity(number: float) -> None:
    assert "values" in SdkQuery.equal("a", number)  # NaN or Infinity: not JSON
    with _raises("not valid JSON"):
        Q.equal("a", number)
    with _raises("not valid JSON"):
        Q.equal("a", [1, {"x": [number]}])
    with _raises("not valid JSON"):
        Q.distance_less_than("p", [0, 0], number)


@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 10**30])
def test_integers_beyond_64_bits(number: int) -> None:
    assert str(number) in SdkQuery.equal("a", number)
    with _raises("64 bits"):
        Q.equal("a", number)
    with _raises("64 bits"):
        Q.limit(number)


@pytest.mark.parametrize(
    ("call", "sdk"),
    [
        (lambda q: q.limit(10.0), '{"method":"limit","values":[10.0]}'),
        (lambda q: q.limit(True), '{"method":"limit","values":[true]}'),
        (lambda q: q.limit("5"), '{"method":"limit","values":["5"]}'),
        (lambda q: q.limit([5]), '{"method":"limit","values":[5]}'),
        (lambda q: q.offset(2.5), '{"method":"offset","values":[2.5]}'),
    ],
)
def test_limit_and_offset_take_ints(call: Any, sdk: str) -> None:
    assert call(SdkQuery) == sdk
    with _raises("must be an int"):
        call(Q)


def test_page() -> None:
    assert SdkQuery.page(2.0, 10)[1] == '{"method":"offset","values":[10.0]}'
    with _raises("must be an int"):
        Q.page(2.0, 10)
    for args in [(0,), (1, 0)]:
        with pytest.raises(ValueError):
            SdkQuery.page(*args)
        with pytest.raises(ValueError, match="at least 1"):
            Q.page(*args)


def test_a_bare_none_value() -> None:
    assert SdkQuery.equal("a", None) == '{"method":"equal","attribute":"a"}'
    assert SdkQuery.created_after(None) == '{"method":"greaterThan","attribute":"$createdAt"}'
    with _raises("is_null"):
        Q.equal("a", None)
    with _raises("is_null"):
        Q.created_after(None)
    assert str(Q.equal("a", [None])) == SdkQuery.equal("a", [None])


@pytest.mark.parametrize(
    "call",
    [
        lambda q: q.equal(None, 1),
        lambda q: q.equal(1, 1),
        lambda q: q.select([1]),
        lambda q: q.select(None),
        lambda q: q.group_by(["a", None]),
        lambda q: q.exists([1.5]),
        lambda q: q.cursor_after(5),
        lambda q: q.cursor_before(["a", "b"]),
        lambda q: q.count(None),
        lambda q: q.cross_join(None),
        lambda q: q.join("t", "a", "b", "=", None),
        lambda q: q.join("t", "a", 5),
        lambda q: q.on("a", None),
        lambda q: q.sum("a", 5),
    ],
)
def test_names_ids_tables_and_aliases_are_strings(call: Any) -> None:
    call(SdkQuery)  # the SDK writes whatever it gets
    with _raises("must be a string"):
        call(Q)


def test_none_alias_means_no_alias_where_the_sdk_does_the_same() -> None:
    assert str(Q.count("*", None)) == SdkQuery.count("*", None) == SdkQuery.count("*")
    assert str(Q.cross_join("t", None)) == SdkQuery.cross_join("t", None) == SdkQuery.cross_join("t")
    # In a join the SDK writes the None as a fourth value, null.
    assert SdkQuery.join("t", "a", "b", "=", None).endswith('"b",null]}')


def test_object_keys_are_strings() -> None:
    assert (
        SdkQuery.equal("a", {1: "x", None: 2})
        == '{"method":"equal","attribute":"a","values":[{"1":"x","null":2}]}'
    )
    with _raises("key must be a string"):
        Q.equal("a", {1: "x"})


class _Point:
    def __init__(self) -> None:
        self.x = 1


def test_only_json_data() -> None:
    assert SdkQuery.equal("a", _Point()) == '{"method":"equal","attribute":"a","values":[{"x":1}]}'
    with _raises("cannot be sent as JSON"):
        Q.equal("a", _Point())
    with _raises(r"isoformat"):
        Q.created_after(datetime.datetime(2024, 1, 1))
    with _raises("cannot be sent as JSON"):
        Q.equal("a", b"bytes")
    with _raises("cannot be sent as JSON"):
        Q.equal("a", {1, 2})


class _Color(enum.IntEnum):
    RED = 1


class _Name(enum.StrEnum):
    ADA = "ada"


def test_int_and_str_subclasses_are_their_plain_values_as_in_the_sdk() -> None:
    node = Q.equal(_Name.ADA, [_Color.RED, _Name.ADA, {_Name.ADA: _Color.RED}])
    assert str(node) == SdkQuery.equal(_Name.ADA, [_Color.RED, _Name.ADA, {_Name.ADA: _Color.RED}])
    assert qk.from_appwrite(str(node)).parts == (node,)
    assert type(node.attribute) is str
    assert [type(v) for v in node.values[:2]] == [int, str]


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\ud83d\ude00"])
def test_surrogates_are_not_text(text: str) -> None:
    assert "\\ud" in SdkQuery.equal("a", text)
    with _raises("surrogate"):
        Q.equal("a", text)
    with _raises("surrogate"):
        Q.equal(text, 1)
    with _raises("surrogate"):
        Q.equal("a", {text: 1})


def test_or_and_and_need_two_queries() -> None:
    one = SdkQuery.equal("a", 1)
    assert SdkQuery.or_queries([]) == '{"method":"or","values":[]}'
    assert SdkQuery.and_queries([one]) == '{"method":"and","values":[' + one + "]}"
    with _raises("at least two"):
        Q.or_queries([])
    with _raises("at least two"):
        Q.and_queries([one])
    with pytest.raises(CodecError):  # the codec refuses them too
        qk.from_appwrite(SdkQuery.or_queries([one]))


def test_query_strings_are_read_as_queries() -> None:
    shuffled = '{"values":[1],"attribute":"a","method":"equal"}'
    server_form = '{"method":"isNull","attribute":"b","values":[]}'
    sdk = SdkQuery.or_queries([shuffled, server_form])
    assert (
        sdk
        == '{"method":"or","values":[{"values":[1],"attribute":"a","method":"equal"},' + server_form + "]}"
    )
    assert str(Q.or_queries([shuffled, server_form])) == SdkQuery.or_queries(
        [SdkQuery.equal("a", 1), SdkQuery.is_null("b")]
    )


@pytest.mark.parametrize(
    ("queries", "error"),
    [
        (['{"method":"equal","attribute":"a","values":[1]}', "[1]"], BuilderError),
        (['{"method":"equal","attribute":"a","values":[1]}', "not json"], BuilderError),
        (['{"method":"equal","attribute":"a","values":[1]}', "{oops"], CodecError),
        (['{"method":"equal","extra":1}', '{"method":"isNull","attribute":"b"}'], CodecError),
        (
            [{"method": "equal", "attribute": "a", "values": [1]}, '{"method":"isNull","attribute":"b"}'],
            BuilderError,
        ),
    ],
)
def test_bad_nested_queries(queries: list[Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        Q.or_queries(queries)


def test_a_single_string_or_node_is_not_a_list_of_queries() -> None:
    one = SdkQuery.equal("a", 1)
    with _raises("list of queries"):
        Q.having(one)
    with _raises("list of queries"):
        Q.having(Q.equal("a", 1))
    with _raises("list of queries"):
        Q.relationship("r", None)


def test_join_operators() -> None:
    assert SdkQuery.on("a", "b", "~") == '{"method":"on","values":["a","~","b"]}'
    with _raises("one of"):
        Q.on("a", "b", "~")
    with _raises("one of"):
        Q.join("t", "a", "b", "LIKE")


def test_join_conditions() -> None:
    assert SdkQuery.join("t", []) == '{"method":"join","attribute":"t","values":[]}'
    with _raises("at least one"):
        Q.join("t", [])
    with _raises("`on` conditions only"):
        Q.join("t", [Q.equal("a", 1)])
    with _raises("`on` conditions only"):
        Q.left_join("t", "x", [SdkQuery.equal("a", 1)])


def test_join_with_a_tuple_of_conditions() -> None:
    on = SdkQuery.on("a", "b")
    assert str(Q.join("t", (on,))) == SdkQuery.join("t", [on])


def test_nesting_and_size_limits() -> None:
    deep: list[Any] = []
    for _ in range(200):
        deep = [deep]
    with _raises("deeper than 128"):
        Q.equal("a", deep)
    loop: list[Any] = []
    loop.append(loop)
    with _raises("deeper than 128"):
        Q.equal("a", [loop])
    with _raises("more than 10000"):
        Q.equal("a", list(range(10_001)))
    assert len(Q.equal("a", list(range(10_000))).values) == 10_000


def test_the_sdk_constructor_is_not_the_query_class() -> None:
    assert str(SdkQuery("equal", "a", 1)) == SdkQuery.equal("a", 1)
    with pytest.raises(TypeError):
        Q("equal", "a", 1)


def test_negation_without_complement_is_an_error() -> None:
    with pytest.raises(NegationError):
        ~Q.regex("a", "x")
