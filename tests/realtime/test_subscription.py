"""subscribe(): the server's parse, its method check and which error wins, the frames, the
stored strings; and matching on the rules the server applies."""

from __future__ import annotations

import json

import pytest

import querykit as qk
from querykit.errors import LimitError, QueryError
from querykit.limits import Limits
from querykit.realtime import RealtimeQueryError, subscribe
from querykit.realtime.subscription import (
    ARGUMENT_COUNT_ERROR,
    INVALID_ARGUMENT,
    QUERY_EXCEPTION,
    SELECT_ALL,
    TYPE_ERROR,
    RealtimePayloadError,
)

SELECT_ONLY_ALL = 'Only select("*") is allowed in Realtime queries. select("*") means "listen to all events".'
ALLOWED = (
    "equal, notEqual, lessThan, lessThanEqual, greaterThan, greaterThanEqual, "
    "isNull, isNotNull, and, or, select"
)


def q(method: str, attribute: str | None = None, values: object = None) -> str:
    data: dict[str, object] = {"method": method}
    if attribute is not None:
        data["attribute"] = attribute
    if values is not None:
        data["values"] = values
    return json.dumps(data)


def error_of(queries: object) -> RealtimeQueryError:
    with pytest.raises(RealtimeQueryError) as info:
        subscribe(queries)  # type: ignore[arg-type]
    return info.value


def unsupported(method: str) -> str:
    return f"Query method '{method}' is not supported in Realtime queries. Allowed: {ALLOWED}"


# ------------------------------------------------------------------------------------ parse errors


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("", "Invalid query: Syntax error"),
        ("invalid", "Invalid query: Syntax error"),
        ("\ufeff{}", "Invalid query: Syntax error"),
        ('"\\ud800"', "Invalid query: Single unpaired UTF-16 surrogate in unicode escape"),
        ('"a\x01"', "Invalid query: Control character error, possibly incorrectly encoded"),
        ("5", "Invalid query. Must be an array, got integer"),
        ("1.5", "Invalid query. Must be an array, got double"),
        ("true", "Invalid query. Must be an array, got boolean"),
        ('"x"', "Invalid query. Must be an array, got string"),
        ("null", "Invalid query. Must be an array, got NULL"),
        ("[1,2]", "Invalid query method: "),
        ("{}", "Invalid query method: "),
        ('{"method":null}', "Invalid query method: "),
        ('{"method":5}', "Invalid query method. Must be a string, got integer"),
        ('{"method":"regex","attribute":"a","values":["x"]}', "Invalid query method: regex"),
        ('{"method":"Equal"}', "Invalid query method: Equal"),
        ('{"method":"equal","attribute":[]}', "Invalid query attribute. Must be a string, got array"),
        (
            '{"method":"equal","attribute":"a","values":"x"}',
            "Invalid query values. Must be an array, got string",
        ),
        ('{"method":"and","values":[[1]]}', "Invalid query method: "),
        (5, "Invalid query. Must be an array, got integer"),
        (True, "Invalid query. Must be an array, got integer"),
        (False, "Invalid query: Syntax error"),
        (30.0, "Invalid query. Must be an array, got integer"),
        (1.5, "Invalid query. Must be an array, got double"),
        (1e20, "Invalid query. Must be an array, got double"),
        (float("inf"), "Invalid query: Syntax error"),
        (2**64, "Invalid query. Must be an array, got double"),
    ],
)
def test_parse_errors(item: object, message: str) -> None:
    error = error_of([item])
    assert error.message == message
    assert error.error_class == QUERY_EXCEPTION
    assert error.frame("message") == {"code": 1003, "message": "Invalid query: " + message, "closes": False}
    assert error.frame("url") == {"code": 1008, "message": message, "closes": True}
    assert error.index == 0


def type_error(function: str, expected: str, given: str) -> str:
    head = f"Utopia\\Database\\Query::{function}(): Argument #1 ($query)"
    return f"{head} must be of type {expected}, {given} given"


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (None, type_error("parse", "string", "null")),
        ([], type_error("parse", "string", "array")),
        ({"method": "equal"}, type_error("parse", "string", "array")),
        (q("and", values=["x"]), type_error("parseQuery", "array", "string")),
        (q("or", values=[1]), type_error("parseQuery", "array", "int")),
        (q("and", values=[1.5]), type_error("parseQuery", "array", "float")),
        (q("elemMatch", "a", [True]), type_error("parseQuery", "array", "bool")),
        (q("and", values=[None]), type_error("parseQuery", "array", "null")),
    ],
)
def test_type_errors_are_server_errors(item: object, message: str) -> None:
    error = error_of([item])
    assert error.message == message
    assert error.error_class == TYPE_ERROR
    assert error.frame("message") == {"code": 0, "message": "Error: Server Error", "closes": False}
    assert error.frame("url") == {"code": 0, "message": "Error: Server Error", "closes": True}


def test_the_first_parse_error_wins_over_any_method_error() -> None:
    error = error_of([q("search", "a", ["x"]), "nope", '{"method":1}'])
    assert (error.message, error.index) == ("Invalid query: Syntax error", 1)


def test_depth_of_json() -> None:
    def chain(levels: int) -> str:
        text = q("equal", "a", [1])
        for _ in range(levels):
            text = '{"method":"and","values":[' + text + "]}"
        return text

    assert len(subscribe([chain(254)]).queries) == 1
    assert error_of([chain(255)]).message == "Invalid query: Maximum stack depth exceeded"


# ------------------------------------------------------------------------------------ method errors


def test_methods_are_checked_last_first() -> None:
    assert error_of([q("search", "a", ["x"]), q("contains", "a", ["x"])]).message == unsupported("contains")
    error = error_of([q("select", values=["a"]), q("search", "a", ["x"])])
    assert (error.message, error.error_class, error.index) == (unsupported("search"), QUERY_EXCEPTION, 1)
    error = error_of([q("search", "a", ["x"]), q("select", values=["a"])])
    assert (error.message, error.error_class, error.index) == (SELECT_ONLY_ALL, INVALID_ARGUMENT, 1)


def test_a_logical_querys_last_child_is_checked_first() -> None:
    both = q("and", values=[json.loads(q("between", "a", [1, 2])), json.loads(q("startsWith", "b", ["x"]))])
    assert error_of([both]).message == unsupported("startsWith")
    nested = q(
        "or",
        values=[
            json.loads(q("equal", "a", [1])),
            {"method": "and", "values": [json.loads(q("limit", values=[1]))]},
        ],
    )
    assert error_of([q("search", "x", ["y"]), nested]).message == unsupported("limit")


def test_the_parent_is_checked_before_its_children() -> None:
    parent = q("elemMatch", "a", [json.loads(q("search", "b", ["x"]))])
    assert error_of([parent]).message == unsupported("elemMatch")


@pytest.mark.parametrize("values", [["a"], ["*", "a"], [], [["*"]], {"1": "*"}, {"k": "*"}, ["%2A"]], ids=str)
def test_only_select_star(values: object) -> None:
    error = error_of([q("select", values=values)])
    assert (error.message, error.error_class) == (SELECT_ONLY_ALL, INVALID_ARGUMENT)
    assert error.frame("message")["code"] == 0


def test_select_star_as_an_object_with_key_zero() -> None:
    sub = subscribe([q("select", values={"0": "*"})])
    assert sub.select_all and sub.stored == (SELECT_ALL,)


def test_regex_and_unknown_methods() -> None:
    assert error_of([q("regex", "a", ["x"])]).message == "Invalid query method: regex"
    for method in ("search", "between", "contains", "orderAsc", "limit", "cursorAfter", "exists"):
        assert error_of([q(method, "a", [1])]).message == unsupported(method)


def test_logical_values_with_string_keys_crash_the_server() -> None:
    error = error_of([q("and", values={"a": json.loads(q("equal", "x", [1]))})])
    assert error.message == "array_push() does not accept unknown named parameters"
    assert error.error_class == ARGUMENT_COUNT_ERROR
    assert error.frame("url") == {"code": 0, "message": "Error: Server Error", "closes": True}
    assert subscribe([q("and", values={"0": json.loads(q("equal", "x", [1]))})]).stored == (
        '{"method":"and","values":[{"method":"equal","attribute":"x","values":[1]}]}',
    )


def test_infinite_values_fail_when_stored() -> None:
    error = error_of([q("equal", "a", [1]), '{"method":"equal","attribute":"a","values":[1e400]}'])
    assert error.message == "Invalid Json: Inf and NaN cannot be JSON encoded"
    assert (error.stage, error.error_class, error.index) == ("subscribe", QUERY_EXCEPTION, 1)
    assert error.frame("message") == {"code": 0, "message": "Error: Server Error", "closes": False}
    assert error.frame("url") == {"code": 0, "message": "Error: Server Error", "closes": True}


def test_nothing_is_capped() -> None:
    many = [q("equal", "a", list(range(600)))] * 150
    assert len(subscribe(many).stored) == 150
    assert subscribe([q("equal", "", [1])]).matches({"": 1})


def test_querykit_limits_still_apply() -> None:
    with pytest.raises(LimitError):
        subscribe([q("equal", "a", [1])] * 3, limits=Limits(max_queries=2))
    with pytest.raises(LimitError):
        subscribe([q("equal", "a", ["x" * 100])], limits=Limits(max_length=50))


def test_frame_transport_is_checked() -> None:
    with pytest.raises(QueryError, match="unknown transport"):
        RealtimeQueryError("x").frame("socket")  # type: ignore[arg-type]


def test_error_to_dict_carries_both_frames() -> None:
    out = error_of(["nope"]).to_dict()
    assert out["error_class"] == QUERY_EXCEPTION and out["index"] == 0
    assert out["frames"] == {  # type: ignore[comparison-overlap]
        "message": {"code": 1003, "message": "Invalid query: Invalid query: Syntax error", "closes": False},
        "url": {"code": 1008, "message": "Invalid query: Syntax error", "closes": True},
    }


# ------------------------------------------------------------------------------------ stored strings


STORED = [
    ('{"method":"isNull","attribute":"a"}', '{"method":"isNull","attribute":"a","values":[]}'),
    ('{"values":[1],"attribute":"a","method":"equal","x":1}',
     '{"method":"equal","attribute":"a","values":[1]}'),
    ('{"method":"equal","attribute":"0","values":[1]}', '{"method":"equal","values":[1]}'),
    ('{"method":"equal","attribute":"","values":[1]}', '{"method":"equal","values":[1]}'),
    ('{"method":"equal","attribute":"00","values":[1]}', '{"method":"equal","attribute":"00","values":[1]}'),
    ('{"method":"equal","attribute":"a","values":[30.0,1e0,-0.0,1e17]}', '{"method":"equal","attribute":"a",'
     '"values":[30,1,-0,1.0e+17]}'),
    ('{"method":"equal","attribute":"a/é","values":["x/y"]}', '{"method":"equal","attribute":"a\\/\\u00e9",'
     '"values":["x\\/y"]}'),
    ('{"method":"equal","attribute":"a","values":{"k":1,"j":2}}',
     '{"method":"equal","attribute":"a","values":[1,2]}'),
    ('{"method":"equal","attribute":"a","values":[{"1":"x","0":"y"},{"0":"z"}]}', '{"method":"equal",'
     '"attribute":"a","values":[{"1":"x","0":"y"},["z"]]}'),
    ('{"method":"and","attribute":"x","values":[]}', '{"method":"and","attribute":"x"}'),
    ('{"method":"or","values":{}}', '{"method":"or"}'),
    ('{"method":"and","values":{"1":{"method":"isNull","attribute":"a"},"0":{"method":"select","values":["*"]}}}',
     '{"method":"and","values":{"1":{"method":"isNull","attribute":"a","values":[]},'
     '"0":{"method":"select","values":["*"]}}}'),
    ('{"method":"equal","attribute":"a","values":[9223372036854775808]}', '{"method":"equal","attribute":"a",'
     '"values":[9.223372036854776e+18]}'),
]  # fmt: skip


@pytest.mark.parametrize(("item", "stored"), STORED)
def test_stored(item: str, stored: str) -> None:
    assert subscribe([item]).stored == (stored,)


def test_stored_strings_parse_back_to_the_same_stored_strings() -> None:
    sub = subscribe([q("equal", "a", [1.5, "x/é", None, [1, {"k": True}]]), q("or", values=[])])
    assert subscribe(list(sub.stored)).stored == sub.stored


def test_empty_list_is_stored_as_select_all() -> None:
    assert subscribe([]).stored == (SELECT_ALL,)
    assert subscribe(()).queries == ()


def test_re_parsing_stored_strings_changes_meaning() -> None:
    # What a permission change does: the server rebuilds subscriptions from the stored strings.
    float_query = subscribe([q("equal", "score", [30.0])])
    assert not float_query.matches({"score": 30})
    assert subscribe(list(float_query.stored)).matches({"score": 30})
    zero = subscribe([q("equal", "0", [1])])
    assert zero.matches({"0": 1}) and not subscribe(list(zero.stored)).matches({"0": 1})


# ------------------------------------------------------------------------------------ inputs


def test_querykit_text_and_ast() -> None:
    sub = subscribe('status = "active" and score > 10')
    assert sub.stored == (
        q("equal", "status", ["active"]).replace(" ", ""),
        q("greaterThan", "score", [10]).replace(" ", ""),
    )
    assert subscribe(qk.parse("score > 10")).stored == sub.stored[1:]
    assert subscribe(qk.parse("score > 10").parts[0]).stored == sub.stored[1:]
    assert error_of("name contains 'x'").message == unsupported("contains")


def test_bytes_queries() -> None:
    assert subscribe([q("equal", "a", ["é"]).encode()]).matches({"a": "é"})
    assert (
        error_of([b'"\xff"']).message
        == "Invalid query: Malformed UTF-8 characters, possibly incorrectly encoded"
    )


WRONG_QUERIES = "queries must be a list of query strings, querykit text (str) or a querykit.Query, not "


@pytest.mark.parametrize(
    ("queries", "message"),
    [
        ({"0": "x"}, WRONG_QUERIES + "dict"),
        (b"[]", WRONG_QUERIES + "bytes"),
        (5, WRONG_QUERIES + "int"),
        (None, WRONG_QUERIES + "NoneType"),
        (["{}", object()], "queries item 1 must be a query string (or a JSON value"),
    ],
)
def test_wrong_argument_types_are_type_errors(queries: object, message: str) -> None:
    with pytest.raises(TypeError) as info:
        subscribe(queries)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_limits_none_means_the_defaults() -> None:
    assert subscribe([q("equal", "a", [1])], limits=None).stored == (
        '{"method":"equal","attribute":"a","values":[1]}',
    )
    with pytest.raises(TypeError):
        subscribe([], limits=5)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------ matching


def matches(query: str | list[str], payload: object) -> bool:
    return subscribe([query] if isinstance(query, str) else query).matches(payload)  # type: ignore[arg-type]


def test_missing_attributes_make_every_leaf_false() -> None:
    for method in ("isNull", "isNotNull", "notEqual", "equal", "lessThan", "greaterThanEqual"):
        assert not matches(q(method, "x", [1]), {"y": None})
        assert not matches(q(method, "x", []), {"y": None})


def test_null_and_missing_side_by_side() -> None:
    assert matches(q("isNull", "x"), {"x": None})
    assert not matches(q("isNotNull", "x"), {"x": None})
    assert matches(q("equal", "x", [None]), {"x": None})
    assert matches(q("notEqual", "x", [1]), {"x": None})
    assert matches(q("notEqual", "x", []), {"x": None})
    assert matches(q("lessThan", "x", [1]), {"x": None})
    for falsy in ("", 0, False, []):
        assert not matches(q("isNull", "x"), {"x": falsy})
        assert matches(q("isNotNull", "x"), {"x": falsy})


def test_is_null_ignores_its_values() -> None:
    assert matches(q("isNull", "x", [1, 2]), {"x": None})


def test_equal_is_strict_identity() -> None:
    assert not matches(q("equal", "n", ["1"]), {"n": 1})
    assert not matches(q("equal", "n", [True]), {"n": 1})
    assert not matches(q("equal", "n", [1.0]), {"n": 1.0})  # the payload's 1.0 arrives as 1
    assert matches(q("equal", "n", [1.5]), {"n": 1.5})
    assert matches(q("equal", "n", [1]), {"n": 1.0})
    assert matches(q("equal", "n", [0]), {"n": -0.0})
    assert not matches(q("equal", "n", []), {"n": 1})


def test_arrays_are_whole_values() -> None:
    assert not matches(q("equal", "tags", ["a"]), {"tags": ["a", "b"]})
    assert matches(q("equal", "tags", [["a", "b"]]), {"tags": ["a", "b"]})
    assert not matches(q("equal", "tags", [["b", "a"]]), {"tags": ["a", "b"]})
    assert matches(q("equal", "o", [{"0": "a", "1": "b"}]), {"o": ["a", "b"]})
    assert not matches(q("equal", "o", [{"a": 1, "b": 2}]), {"o": {"b": 2, "a": 1}})
    assert matches(q("lessThanEqual", "o", [{"a": 1, "b": 2}]), {"o": {"b": 2, "a": 1}})
    assert matches(q("greaterThan", "nums", [100]), {"nums": [1]})


def test_strings_compare_without_folding() -> None:
    assert not matches(q("equal", "s", ["café"]), {"s": "cafe\u0301"})
    assert matches('{"method":"equal","attribute":"s","values":["\\u00e9"]}', {"s": "é"})
    assert matches('{"method":"equal","attribute":"s","values":["a\\/b"]}', {"s": "a/b"})


def test_ordering_is_loose_with_the_payload_on_the_left() -> None:
    assert matches(q("greaterThan", "v", ["9"]), {"v": "10"})
    assert matches(q("lessThan", "v", ["9a"]), {"v": 10})
    assert matches(q("lessThan", "v", [-1]), {"v": None})
    assert matches(q("lessThanEqual", "v", [30.0]), {"v": 30})
    assert matches(q("greaterThanEqual", "v", [30.0]), {"v": 30})
    assert not matches(q("lessThan", "v", [{"b": 1}]), {"v": {"a": 1}})
    assert not matches(q("greaterThan", "v", [{"b": 1}]), {"v": {"a": 1}})
    assert matches(q("greaterThan", "v", [1, 100]), {"v": 50})
    assert not matches(q("greaterThan", "v", []), {"v": 50})


def test_no_paths() -> None:
    assert not matches(q("equal", "profile.name", ["a"]), {"profile": {"name": "a"}})
    assert matches(q("equal", "profile.name", ["a"]), {"profile.name": "a"})
    assert not matches(q("equal", "tags[0]", ["a"]), {"tags": ["a"]})
    assert not matches(q("equal", "é", [1]), {"e\u0301": 1})


def test_logic() -> None:
    assert matches(q("and"), {"a": 1})
    assert not matches(q("or"), {"a": 1})
    a1 = json.loads(q("equal", "a", [1]))
    star = json.loads(q("select", values=["*"]))
    assert not matches(q("and", values=[star]), {"a": 1, "": "*"})
    assert matches(q("or", values=[star, a1]), {"a": 1})
    assert not matches(q("or", values=[star, a1]), {"a": 2})
    assert matches([q("equal", "a", [2]), q("select", values=["*"])], {"a": 1})
    assert not matches([q("equal", "a", [1]), q("equal", "b", [1])], {"a": 1, "b": 2})


def test_payload_as_json_text() -> None:
    assert matches(q("equal", "n", [30]), '{"n": 30.0}')
    assert matches(q("equal", "n", [9.2233720368547758e18]), b'{"n": 9223372036854775808}')


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("[1]", "the payload must be a JSON object, got an array"),
        ('"x"', "the payload must be a JSON object, got a string"),
        ("{", "the payload is not valid JSON: Syntax error"),
        ({"n": float("nan")}, "payload['n'] cannot be sent as JSON: Inf and NaN cannot be JSON encoded"),
        ({1: 2}, "payload keys must be strings, got 1"),
    ],
)
def test_unusable_payloads(payload: object, message: str) -> None:
    for sub in (subscribe([q("equal", "n", [1])]), subscribe([])):
        with pytest.raises(RealtimePayloadError) as info:
            sub.matches(payload)  # type: ignore[arg-type]
        assert info.value.message == message


@pytest.mark.parametrize("payload", [None, [1], 5])
def test_payloads_of_the_wrong_type(payload: object) -> None:
    with pytest.raises(TypeError, match=r"^payload must be a mapping or its JSON text"):
        subscribe([]).matches(payload)  # type: ignore[arg-type]


def test_explain() -> None:
    sub = subscribe([q("equal", "n", [1]), q("or", values=[json.loads(q("isNull", "m"))])])
    first, second = sub.explain({"n": 1.0})
    assert (first.held, first.value, second.held) == (True, 1, False)
    assert second.children[0].method == "isNull"
    assert subscribe([]).explain({"a": 1}) == []


def test_the_profile_through_the_evaluator_core() -> None:
    from querykit.appwrite import parse_query
    from querykit.evaluate.engine import compile_matcher

    predicate = compile_matcher([parse_query(q("lessThan", "v", ["9a"]))], None, "realtime")
    assert predicate({"v": 10}) and not predicate({"w": 10})
    with pytest.raises(RealtimeQueryError, match="'contains' is not supported"):
        compile_matcher([parse_query(q("contains", "v", ["x"]))], None, "realtime")


def test_realtime_query_built_by_hand() -> None:
    from querykit.realtime import RealtimeQuery

    assert RealtimeQuery("equal", "a", (1, 2)).keys == (0, 1)
    assert not RealtimeQuery("select", "", ("*",), (1,)).is_select_all
    with pytest.raises(QueryError, match="one key per value"):
        RealtimeQuery("equal", "a", (1, 2), (0,))
    assert RealtimeQuery("or", "", ()).to_string() == '{"method":"or"}'
