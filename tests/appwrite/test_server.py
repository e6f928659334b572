"""The server's parse of one query string: PHP json_decode and Query::parseQuery."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from querykit.appwrite import ServerQuery, ServerQueryError, parse_query
from querykit.appwrite.server import _PhpJsonParser, php_json_decode
from querykit.errors import QueryError


def message(data: str | bytes) -> str:
    with pytest.raises(ServerQueryError) as info:
        parse_query(data)
    return info.value.message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("", "Invalid query: Syntax error"),
        ('{"method":"equal","values":[NaN]}', "Invalid query: Syntax error"),
        ('{"method":"equal","values":[Infinity]}', "Invalid query: Syntax error"),
        ('{"method":"equal","values":[-Infinity]}', "Invalid query: Syntax error"),
        ('{"method":"equal","values":[01]}', "Invalid query: Syntax error"),
        ('{"method":"equal","values":[1,]}', "Invalid query: Syntax error"),
        ('{"method":"equal",}', "Invalid query: Syntax error"),
        ("{'method':'equal'}", "Invalid query: Syntax error"),
        ('{"method":"equal"} x', "Invalid query: Syntax error"),
        ('{"method":"equal","values":[1}}', "Invalid query: State mismatch (invalid or malformed JSON)"),
        ('{"method":"equal"]', "Invalid query: State mismatch (invalid or malformed JSON)"),
        ('{"method":"eq\tual"}', "Invalid query: Control character error, possibly incorrectly encoded"),
        ('{"method":"equal', "Invalid query: Control character error, possibly incorrectly encoded"),
        ('{"method":"\\ud800"}', "Invalid query: Single unpaired UTF-16 surrogate in unicode escape"),
        ('{"method":"\\udc00\\ud800"}', "Invalid query: Single unpaired UTF-16 surrogate in unicode escape"),
        ('{"method":"\\x"}', "Invalid query: Syntax error"),
        ('{"method":"\ud800"}', "Invalid query: Malformed UTF-8 characters, possibly incorrectly encoded"),
        (b'{"method":"\xff"}', "Invalid query: Malformed UTF-8 characters, possibly incorrectly encoded"),
        (b'{"method":"\xc0\xaf"}', "Invalid query: Malformed UTF-8 characters, possibly incorrectly encoded"),
        (
            b'{"method":"\xed\xa0\x80"}',
            "Invalid query: Malformed UTF-8 characters, possibly incorrectly encoded",
        ),
        (b"\xff{", "Invalid query: Malformed UTF-8 characters, possibly incorrectly encoded"),
        (b"x\xff", "Invalid query: Syntax error"),
        ("[" * 512 + "]" * 512, "Invalid query: Maximum stack depth exceeded"),
        ('"equal"', "Invalid query. Must be an array, got string"),
        ("1", "Invalid query. Must be an array, got integer"),
        ("1.5", "Invalid query. Must be an array, got double"),
        ("99999999999999999999", "Invalid query. Must be an array, got double"),
        ("true", "Invalid query. Must be an array, got boolean"),
        ("null", "Invalid query. Must be an array, got NULL"),
        ("[1,2]", "Invalid query method: "),
        ("{}", "Invalid query method: "),
        ('{"method":null}', "Invalid query method: "),
        ('{"method":["equal"]}', "Invalid query method. Must be a string, got array"),
        ('{"method":1.0}', "Invalid query method. Must be a string, got double"),
        ('{"method":"regex","attribute":"a","values":["x"]}', "Invalid query method: regex"),
        ('{"method":"Equal"}', "Invalid query method: Equal"),
        ('{"method":"equal","attribute":true}', "Invalid query attribute. Must be a string, got boolean"),
        (
            '{"method":"equal","attribute":"a","values":1}',
            "Invalid query values. Must be an array, got integer",
        ),
        ('{"method":"foo","attribute":1}', "Invalid query method: foo"),
        ('{"method":"and","values":[[1]]}', "Invalid query method: "),
        ('{"method":"or","values":[{"method":"nope"}]}', "Invalid query method: nope"),
    ],
)
def test_parse_errors(data: str | bytes, expected: str) -> None:
    assert message(data) == expected


def test_depth_511_is_accepted() -> None:
    # PHP's depth 512 counts the top level: 511 nested containers decode, 512 do not.
    assert php_json_decode("[" * 511 + "]" * 511) is not None
    inner = "[" * 509 + "]" * 509  # inside the object and `values`: 511 containers in all
    q = parse_query('{"method":"equal","attribute":"a","values":' + "[" + inner + "]}")
    assert q.method == "equal"
    assert message('{"method":"equal","attribute":"a","values":[[' + inner + "]]}") == (
        "Invalid query: Maximum stack depth exceeded"
    )


def test_nested_non_object_child_is_a_server_crash() -> None:
    with pytest.raises(ServerQueryError) as info:
        parse_query('{"method":"or","values":["{\\"method\\":\\"equal\\"}", {"method":"isNull"}]}')
    assert (info.value.status, info.value.type) == (500, "general_unknown")
    assert isinstance(info.value, QueryError)


def test_values_and_defaults() -> None:
    q = parse_query('{"attribute":"a","values":[1,1.0,"1",true,null,[],{}],"method":"equal","extra":1}')
    assert q == ServerQuery("equal", "a", (1, 1.0, "1", True, None, [], {}), 1)
    assert type(q.values[1]) is float
    assert parse_query('{"method":"orderDesc","attribute":""}').attribute == "$sequence"
    assert parse_query('{"method":"orderAsc","attribute":null}').attribute == "$sequence"
    assert parse_query('{"method":"orderRandom"}').attribute == ""
    assert parse_query('{"method":"equal","attribute":"a","values":null}').values == ()
    dup = parse_query('{"method":"limit","values":[1],"values":[2]}')
    assert dup.values == (2,)
    keyed = parse_query('{"method":"limit","values":{"a":5,"0":7}}')
    assert keyed.values == (5, 7) and keyed.first == 7
    assert parse_query(b'{"method":"equal","attribute":"a","values":["\xc3\xa9"]}').values == ("é",)
    big = parse_query('{"method":"equal","attribute":"a","values":[9223372036854775807,-9223372036854775808,'
                      "9223372036854775808]}")  # fmt: skip
    assert big.values == (2**63 - 1, -(2**63), 9.223372036854776e18)


def test_nested_children_are_parsed() -> None:
    q = parse_query(
        '{"method":"and","values":[{"method":"or","values":[{"method":"isNull","attribute":"a"}]}]}'
    )
    assert q.values == (
        ServerQuery("or", "", (ServerQuery("isNull", "a", ()),), ServerQuery("isNull", "a", ())),
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.binary(), json_values.map(json.dumps)))
def test_any_input_gives_a_query_or_a_server_error(data: str | bytes) -> None:
    try:
        result = parse_query(data)
    except ServerQueryError as e:
        assert e.message and e.status in (400, 500)
    else:
        assert isinstance(result, ServerQuery)


@settings(max_examples=500, deadline=None)
@given(json_values, st.booleans())
def test_fast_and_exact_decoders_agree(value: object, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    expected = _PhpJsonParser(text.encode("utf-8", "surrogatepass")).parse() if _encodable(text) else None
    if expected is None:
        return
    assert repr(php_json_decode(text)) == repr(expected)
    assert repr(php_json_decode(text.encode())) == repr(expected)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from('[]{}",:0123456789.-eE tfnrulasx\\u\x00\x1f\x7f\u00e9'), max_size=40))
def test_fast_path_never_disagrees_with_the_exact_parser(text: str) -> None:
    try:
        fast: object = repr(php_json_decode(text))
    except ServerQueryError as e:
        fast = e.message
    try:
        exact: object = repr(_PhpJsonParser(text.encode("utf-8")).parse())
    except Exception as e:  # the exact parser raises its own error type
        exact = "Invalid query: " + str(e)
    assert fast == exact


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
