"""Legacy (pre-1.5) query strings: the old server's conversion and what the old SDKs sent."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import querykit
from querykit import legacy
from querykit.errors import LimitError, QueryError
from querykit.phpnumbers import float_text

HAS_CORE = hasattr(querykit, "from_appwrite")
needs_core = pytest.mark.skipif(not HAS_CORE, reason="querykit.from_appwrite is not there yet")

# The Appwrite JSON line an SDK helper produces, and the line the pre-1.5 SDKs sent for it
# (the twenty legacy lines of the reference, in order).
LEGACY_LINES = [
    ('{"method":"equal","attribute":"released","values":[true]}', 'equal("released", [true])'),
    (
        '{"method":"equal","attribute":"title","values":["Spiderman","Dr. Strange"]}',
        'equal("title", ["Spiderman","Dr. Strange"])',
    ),
    ('{"method":"notEqual","attribute":"title","values":["Spiderman"]}', 'notEqual("title", ["Spiderman"])'),
    ('{"method":"lessThan","attribute":"releasedYear","values":[1990]}', 'lessThan("releasedYear", [1990])'),
    (
        '{"method":"greaterThan","attribute":"releasedYear","values":[1990]}',
        'greaterThan("releasedYear", [1990])',
    ),
    ('{"method":"search","attribute":"name","values":["john"]}', 'search("name", ["john"])'),
    ('{"method":"isNull","attribute":"name"}', 'isNull("name")'),
    ('{"method":"isNotNull","attribute":"name"}', 'isNotNull("name")'),
    ('{"method":"between","attribute":"age","values":[50,100]}', 'between("age", 50, 100)'),
    ('{"method":"between","attribute":"age","values":[50.5,100.5]}', 'between("age", 50.5, 100.5)'),
    ('{"method":"between","attribute":"name","values":["Anna","Brad"]}', 'between("name", "Anna", "Brad")'),
    ('{"method":"startsWith","attribute":"name","values":["Ann"]}', 'startsWith("name", ["Ann"])'),
    ('{"method":"endsWith","attribute":"name","values":["nne"]}', 'endsWith("name", ["nne"])'),
    ('{"method":"select","values":["name","age"]}', 'select(["name","age"])'),
    ('{"method":"orderAsc","attribute":"title"}', 'orderAsc("title")'),
    ('{"method":"orderDesc","attribute":"title"}', 'orderDesc("title")'),
    ('{"method":"cursorAfter","values":["my_movie_id"]}', 'cursorAfter("my_movie_id")'),
    ('{"method":"cursorBefore","values":["my_movie_id"]}', 'cursorBefore("my_movie_id")'),
    ('{"method":"limit","values":[50]}', "limit(50)"),
    ('{"method":"offset","values":[20]}', "offset(20)"),
]


def test_there_are_twenty_legacy_lines() -> None:
    assert len(LEGACY_LINES) == 20


@pytest.mark.parametrize(("sdk_json", "line"), LEGACY_LINES)
def test_dumps_is_byte_identical_to_the_old_sdks(sdk_json: str, line: str) -> None:
    assert legacy.dumps([sdk_json]) == [line]


def test_dumps_takes_the_whole_list_in_order() -> None:
    assert legacy.dumps([j for j, _ in LEGACY_LINES]) == [line for _, line in LEGACY_LINES]


@pytest.mark.parametrize(("sdk_json", "line"), LEGACY_LINES)
def test_the_old_server_turns_each_legacy_line_into_the_sdk_json(sdk_json: str, line: str) -> None:
    assert legacy.convert(line) == sdk_json


# -- the V17 unit tests and the behaviours checked on utopia 0.43.0 -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('cursorAfter("exampleId")', '{"method":"cursorAfter","values":["exampleId"]}'),
        ('search("name", ["example"])', '{"method":"search","attribute":"name","values":["example"]}'),
        ('isNotNull("name")', '{"method":"isNotNull","attribute":"name"}'),
        ("equal('name', 'John')", '{"method":"equal","attribute":"name","values":["John"]}'),
        ('equal("t", ["x\\,y"])', '{"method":"equal","attribute":"t","values":["x,y"]}'),
        ('equal("t", [abc])', '{"method":"equal","attribute":"t","values":["abc"]}'),
        ('equal("a" "b")', '{"method":"equal","attribute":"a\\"\\"b"}'),
        ('foo("a", ["b"])', '{"method":"foo"}'),
    ],
)
def test_reference_evidence(text: str, expected: str) -> None:
    assert legacy.convert(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The last character is dropped unchecked, whatever it is.
        ('equal("a", "b"]', '{"method":"equal","attribute":"a","values":["b"]}'),
        # Quotes of either kind; the other kind inside is plain text.
        ('equal("a", [\'it"s\'])', '{"method":"equal","attribute":"a","values":["it\\"s"]}'),
        ("equal('a', [\"it's\"])", '{"method":"equal","attribute":"a","values":["it\'s"]}'),
        # Backslash: before , [ ] " ' gives that character; before anything else both stay.
        ('equal("a", ["x\\"y"])', '{"method":"equal","attribute":"a","values":["x\\"y"]}'),
        ('equal("a", ["x\\ny"])', '{"method":"equal","attribute":"a","values":["x\\\\ny"]}'),
        ('equal("a", ["x\\\\y"])', '{"method":"equal","attribute":"a","values":["x\\\\\\\\y"]}'),
        # Spaces outside strings vanish, inside they stay.
        ('equal( "a" , [ "b c" , d e ] )', '{"method":"equal","attribute":"a","values":["b c","de"]}'),
        # Literals, numbers and quoted look-alikes.
        (
            'equal("a", [true, false, null, "true", 01, "1", 1.50, -2, +3, 1e3, .5])',
            '{"method":"equal","attribute":"a","values":[true,false,null,"true",1,"1",1.5,-2,3,1000,0.5]}',
        ),
        # Integers beyond 64 bits become floats, printed as PHP prints them.
        (
            'equal("a", [9223372036854775807, 12345678901234567890, -9223372036854775808, 1e20, 1e-5])',
            '{"method":"equal","attribute":"a","values":'
            "[9223372036854775807,1.2345678901234567e+19,-9223372036854775808,1.0e+20,1.0e-5]}",
        ),
        # A scalar second parameter is wrapped; a missing one leaves no values.
        ('equal("a", "b")', '{"method":"equal","attribute":"a","values":["b"]}'),
        ('equal("a")', '{"method":"equal","attribute":"a"}'),
        ('equal("a", [])', '{"method":"equal","attribute":"a"}'),
        ('equal("a", ["x",,"y"])', '{"method":"equal","attribute":"a","values":["x","","y"]}'),
        # Extra parameters are ignored.
        ('lessThan("a", 1, 2)', '{"method":"lessThan","attribute":"a","values":[1]}'),
        # Non-string attributes are coerced as PHP does.
        ('equal(1.5, "x")', '{"method":"equal","attribute":"1.5","values":["x"]}'),
        ('equal(1e20, "x")', '{"method":"equal","attribute":"1.0E+20","values":["x"]}'),
        ('equal(true, "x")', '{"method":"equal","attribute":"1","values":["x"]}'),
        ('equal(null, "x")', '{"method":"equal","values":["x"]}'),
        ('equal("0", "x")', '{"method":"equal","values":["x"]}'),
        # between takes the next two parameters, missing ones are null.
        ('between("a", 1)', '{"method":"between","attribute":"a","values":[1,null]}'),
        ('between("a", [1, 2], 3)', '{"method":"between","attribute":"a","values":[[1,2],3]}'),
        # Order: an empty attribute becomes $sequence.
        ("orderAsc()", '{"method":"orderAsc","attribute":"$sequence"}'),
        ('orderDesc("")', '{"method":"orderDesc","attribute":"$sequence"}'),
        ("orderDesc(false)", '{"method":"orderDesc","attribute":"$sequence"}'),
        # Paging takes the first parameter as it is.
        ('limit("25")', '{"method":"limit","values":["25"]}'),
        ("limit()", '{"method":"limit"}'),
        ("offset(1.0)", '{"method":"offset","values":[1]}'),
        # The array accumulator is never reset between array parameters.
        ('select(["a"], ["b"])', '{"method":"select","values":["a"]}'),
        ('between("x", ["a"], ["b"])', '{"method":"between","attribute":"x","values":[["a"],["a","b"]]}'),
        # Unknown methods lose their parameters; empty or "0" names vanish entirely.
        ('orderRandom("a")', '{"method":"orderRandom"}'),
        ('or(equal("a", 1))', '{"method":"or"}'),
        ("()", "[]"),
        ("0(1)", "[]"),
        # json_encode escapes "/" and everything outside ASCII, but not DEL.
        (
            'equal("é", ["a/b", "😀", "\x7f\x01"])',
            '{"method":"equal","attribute":"\\u00e9","values":["a\\/b","\\ud83d\\ude00","\x7f\\u0001"]}',
        ),
    ],
)
def test_old_server_quirks(text: str, expected: str) -> None:
    assert legacy.convert(text) == expected


def test_extra_characters_after_the_call_become_parameters() -> None:
    # Only the final "z" is dropped; ")xy" joins the quoted word before it, and the outer
    # characters of that word are then cut off as if they were its quotes.
    assert legacy.convert('equal("a", "b")xyz') == '{"method":"equal","attribute":"a","values":["b\\")x"]}'
    assert legacy.convert('equal("a")xyz') == '{"method":"equal","attribute":"a\\")x"}'


@pytest.mark.parametrize(
    ("text", "message", "span"),
    [
        ("equal", "Invalid query", (0, 5)),
        ("", "Invalid query", (0, 0)),
        ('title.equal("x")', "Invalid query method", (5, 6)),
        ('select("a")', "Invalid query: `select` takes an array of attributes", (7, 10)),
        ("select()", "Invalid query: `select` takes an array of attributes", (6, 8)),
        ("between()", "Invalid query: the attribute of `between` is missing", (7, 9)),
        ('equal(["a"], "b")', "Invalid query: the attribute of `equal` is an array", (6, 11)),
        ('orderAsc(["a"])', "Invalid query: the attribute of `orderAsc` is an array", (9, 14)),
    ],
)
def test_conversion_errors(text: str, message: str, span: tuple[int, int]) -> None:
    with pytest.raises(legacy.LegacyQueryError) as info:
        legacy.convert(text)
    error = info.value
    assert error.message == message
    assert error.span is not None
    assert (error.span.start, error.span.end) == span
    assert error.server_message == f"Invalid query: {text}"
    assert error.status == 400
    assert error.error_type == "general_query_invalid"
    assert error.source == text
    assert "^" in error.render()


def test_json_encode_failures_are_errors_on_the_value() -> None:
    with pytest.raises(legacy.LegacyQueryError, match="Inf and NaN") as info:
        legacy.convert('equal("a", 1e999)')
    assert info.value.span is not None and info.value.span.start == 11
    # Dropping the last byte of an unterminated string splits "é".
    with pytest.raises(legacy.LegacyQueryError, match="Malformed UTF-8") as info:
        legacy.convert('equal("a", "é)')
    assert info.value.span is not None and info.value.span.start == 11


def test_inputs_are_bounded() -> None:
    with pytest.raises(LimitError):
        legacy.convert("equal(" + "x" * legacy.MAX_LEGACY_LENGTH + ")")
    with pytest.raises(QueryError):
        legacy.convert(b"equal()")  # type: ignore[arg-type]


def test_lone_surrogates_are_errors() -> None:
    with pytest.raises(legacy.LegacyQueryError) as info:
        legacy.convert('equal("a", "\ud800")')
    assert info.value.span is not None and info.value.span.start == 12


# -- PHP is_numeric and number printing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numeric"),
    [
        ("0", True),
        ("01", True),
        ("-1", True),
        ("+1", True),
        ("1.5", True),
        ("1.", True),
        (".5", True),
        ("-.5", True),
        ("1e5", True),
        ("1E+5", True),
        ("1.5e-3", True),
        ("1.e3", True),
        (".5e3", True),
        (" 1", True),
        ("\t\n\r\v\f1", True),
        ("1 ", True),
        ("1\f", True),
        (" 1 ", True),
        ("", False),
        (" ", False),
        (".", False),
        ("-", False),
        ("+.", False),
        ("e5", False),
        ("1e", False),
        ("1e+", False),
        ("1e5.5", False),
        ("1.5.5", False),
        ("1e5e5", False),
        ("0x1A", False),
        ("0b11", False),
        ("1_000", False),
        ("1 1", False),
        ("--1", False),
        ("INF", False),
        ("NAN", False),
        ("1\x00", False),
        ("١", False),
        ("1,5", False),
    ],
)
def test_is_numeric(text: str, numeric: bool) -> None:
    assert legacy.is_numeric(text) is numeric


@pytest.mark.parametrize(
    ("number", "json_form", "string_form"),
    [
        (0.1, "0.1", "0.1"),
        (1 / 3, "0.3333333333333333", "0.33333333333333"),
        (100.0, "100", "100"),
        (-0.0, "-0", "-0"),
        (0.0001, "0.0001", "0.0001"),
        (0.00001, "1.0e-5", "1.0E-5"),
        (1e14, "100000000000000", "1.0E+14"),
        (1e16, "10000000000000000", "1.0E+16"),
        (1e17, "1.0e+17", "1.0E+17"),
        (123456789.125, "123456789.125", "123456789.125"),
        (2.5e-300, "2.5e-300", "2.5E-300"),
        (math.inf, None, "INF"),
        (-math.inf, None, "-INF"),
    ],
)
def test_php_float_printing(number: float, json_form: str | None, string_form: str) -> None:
    assert float_text(number) == string_form
    if json_form is None:
        with pytest.raises(legacy._JsonEncodeError):
            legacy._json_value(number)
    else:
        assert legacy._json_value(number) == json_form


def test_json_numbers_read_back_to_the_same_value() -> None:
    for number in [0.1, 1 / 3, 1e300, 5e-324, 2.2250738585072014e-308, 123.456]:
        assert float(legacy._json_value(number)) == number


# -- into the AST --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "method", "version"),
    [
        ("orderRandom()", "orderRandom", "1.8.0"),
        ('or(equal("a", 1), equal("b", 2))', "or", "1.5.0"),
        ('notContains("tags", ["a"])', "notContains", "1.8.0"),
        ('containsAny("tags", ["a"])', "containsAny", "1.9.0"),
        ('notBetween("a", 1, 2)', "notBetween", "1.8.0"),
    ],
)
def test_methods_newer_than_1_4_name_their_version(text: str, method: str, version: str) -> None:
    with pytest.raises(legacy.LegacyQueryError) as info:
        legacy.checked_json(text)
    assert f"`{method}`" in info.value.message
    assert f"Appwrite {version}" in info.value.message
    assert info.value.span is not None and info.value.span.end == len(method)


def test_unknown_methods_get_the_new_servers_message() -> None:
    with pytest.raises(legacy.LegacyQueryError) as info:
        legacy.checked_json('foo("a", ["b"])')
    assert info.value.message == "Invalid query method: foo"
    with pytest.raises(legacy.LegacyQueryError) as info:
        legacy.checked_json("()")
    assert info.value.message == "Invalid query method: "


@needs_core
@pytest.mark.parametrize(("sdk_json", "line"), LEGACY_LINES)
def test_parse_matches_the_json_codec(sdk_json: str, line: str) -> None:
    assert legacy.parse(line) == querykit.from_appwrite([sdk_json])


@needs_core
@pytest.mark.parametrize(("sdk_json", "line"), LEGACY_LINES)
def test_dumps_reads_a_query(sdk_json: str, line: str) -> None:
    query = querykit.from_appwrite([sdk_json])
    assert legacy.dumps(query) == [line]


@needs_core
def test_parse_rejects_newer_methods() -> None:
    with pytest.raises(legacy.LegacyQueryError, match=r"Appwrite 1\.8\.0"):
        legacy.parse("orderRandom()")


# -- dumps errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("strings", "match"),
    [
        (['{"method":"orderRandom"}'], r"`orderRandom` has no legacy .* Appwrite 1\.8\.0"),
        (['{"method":"or","values":[]}'], r"Appwrite 1\.5\.0"),
        (['{"method":"groupBy","values":["a"]}'], r"after Appwrite 1\.9\.6"),
        (['{"method":"nope"}'], "not an Appwrite query method"),
        (['{"method":"equal","attribute":"a","values":[[1,2]]}'], "cannot hold"),
        (['{"method":"equal","attribute":"a","values":[{"x":1}]}'], "cannot hold"),
        (['{"method":"equal","attribute":"a","values":["back\\\\"]}'], "backslash"),
        (['{"method":"equal","attribute":"a\\\\,","values":[1]}'], "backslash"),
        (['{"method":"between","attribute":"a","values":[1]}'], "exactly two"),
        (['{"method":"limit","values":[]}'], "exactly one"),
        (['{"method":"isNull","attribute":"a","values":[1]}'], "no values"),
        (['{"method":"equal","attribute":1}'], "not a string"),
        (['{"method":"equal","values":"x"}'], "not a list"),
        (['{"method":"equal","values":[NaN]}'], "not valid JSON"),
        (["[1]"], "JSON object"),
        (["{"], "not valid JSON"),
        ([42], "JSON string"),
        (["[" * 100 + "]" * 100], "deeper"),
        (['{"method":"limit","values":[1]}' + " " * legacy.MAX_JSON_LENGTH], "limit is"),
    ],
)
def test_dumps_errors(strings: list[Any], match: str) -> None:
    with pytest.raises(QueryError, match=match):
        legacy.dumps(strings)


def test_dumps_escapes_quotes_the_old_sdks_left_broken() -> None:
    lines = legacy.dumps(['{"method":"equal","attribute":"a","values":["say \\"hi\\"", "x\\\\y"]}'])
    assert lines == ['equal("a", ["say \\"hi\\"","x\\y"])']
    assert legacy.convert(lines[0]) == '{"method":"equal","attribute":"a","values":["say \\"hi\\"","x\\\\y"]}'


def test_dumps_accepts_one_string_and_null() -> None:
    assert legacy.dumps('{"method":"equal","attribute":"a","values":[null,-1.5]}') == [
        'equal("a", [null,-1.5])'
    ]


def test_dumps_rejects_other_objects() -> None:
    with pytest.raises(QueryError):
        legacy.dumps(object())  # type: ignore[arg-type]


# -- properties -----------------------------------------------------------------------------------

_LEGACYISH = st.text(alphabet=st.sampled_from(list("()[]\"',\\ .-+eE0123456789abqé😀\t\x00")), max_size=40)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=60), _LEGACYISH, _LEGACYISH.map(lambda s: "equal(" + s)))
def test_any_string_gives_json_or_a_query_error_inside_the_input(text: str) -> None:
    try:
        converted = legacy.convert(text)
    except QueryError as error:
        assert error.span is not None
        assert 0 <= error.span.start <= error.span.end <= len(text)
        return
    decoded = json.loads(converted)
    assert isinstance(decoded, dict | list)
    assert converted.isascii()


_JSON_SAFE_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\\"), max_size=12
)
_SCALAR = st.one_of(
    _JSON_SAFE_TEXT,
    st.booleans(),
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _same(a: Any, b: Any) -> bool:
    """Equal as the server sees it: numbers by value, booleans apart from numbers."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and float(a) == float(b)
    return bool(a == b)


@st.composite
def _legacy_queries(draw: st.DrawFn) -> dict[str, Any]:
    method = draw(st.sampled_from(legacy.LEGACY_METHODS))
    attribute = draw(_JSON_SAFE_TEXT.filter(lambda s: s not in ("", "0")))
    if method in ("isNull", "isNotNull", "orderAsc", "orderDesc"):
        return {"method": method, "attribute": attribute}
    if method == "between":
        return {
            "method": method,
            "attribute": attribute,
            "values": draw(st.lists(_SCALAR, min_size=2, max_size=2)),
        }
    if method == "select":
        return {"method": method, "values": draw(st.lists(_JSON_SAFE_TEXT, min_size=1, max_size=4))}
    if method in ("limit", "offset", "cursorAfter", "cursorBefore"):
        return {"method": method, "values": [draw(_SCALAR)]}
    return {
        "method": method,
        "attribute": attribute,
        "values": draw(st.lists(_SCALAR, min_size=1, max_size=4)),
    }


@settings(max_examples=500, deadline=None)
@given(_legacy_queries())
def test_the_old_server_reads_back_what_dumps_writes(query: dict[str, Any]) -> None:
    (line,) = legacy.dumps([json.dumps(query)])
    back = json.loads(legacy.convert(line))
    assert back["method"] == query["method"]
    assert back.get("attribute", "") == query.get("attribute", "")
    assert _same(back.get("values", []), query.get("values", []))


def test_appwrite_http_case_a007_legacy_conversion() -> None:
    """The shared case a007 (Appwrite's V17 request filter tests), read from the cases file."""
    data = json.loads((Path(__file__).parents[1] / "data" / "query-validation-cases.json").read_text("utf-8"))
    (case,) = [c for c in data["appwrite_http_cases"] if c["id"] == "a007"]
    assert [legacy.convert(q) for q in case["input"]["queries"]] == case["expected"]["queries"]
