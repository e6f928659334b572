"""PHP 8 value semantics: identity, loose ordering, numeric strings, number printing and the
JSON trip, checked on the examples PHP 8.2 gives."""

from __future__ import annotations

import math

import pytest

from querykit.phpnumbers import float_text
from querykit.realtime.php import (
    PhpJsonError,
    PhpValue,
    array_key,
    compare,
    encode_json,
    from_json,
    is_identical,
    is_smaller,
    is_smaller_or_equal,
    is_truthy,
    numeric_string,
    through_json,
)


def lt(a: object, b: object) -> bool:
    return is_smaller(from_json(a), from_json(b))


def le(a: object, b: object) -> bool:
    return is_smaller_or_equal(from_json(a), from_json(b))


def eq(a: object, b: object) -> bool:
    """PHP ``==`` (loose equality by comparison)."""
    return compare(from_json(a), from_json(b)) == 0


# ------------------------------------------------------------------------------------ identity


@pytest.mark.parametrize(
    ("a", "b"),
    [(1, 1.0), (1, "1"), (1, True), (1.0, "1"), (1.0, True), ("1", True)]
    + [
        (a, b)
        for i, a in enumerate((0, 0.0, "", "0", False, None, []))
        for b in (0, 0.0, "", "0", False, None, [])[i + 1 :]
    ],
)
def test_values_of_different_types_are_never_identical(a: object, b: object) -> None:
    assert not is_identical(from_json(a), from_json(b))
    assert not is_identical(from_json(b), from_json(a))


def test_identity_of_equal_values() -> None:
    assert is_identical(0.0, -0.0)
    assert is_identical(from_json(9223372036854775808), 9.2233720368547758e18)
    assert is_identical(from_json({"0": "a", "1": "b"}), ["a", "b"])
    assert is_identical(from_json({}), [])
    assert is_identical("\u00e9", "é")


def test_identity_of_arrays_needs_the_same_order() -> None:
    assert not is_identical(from_json({"a": 1, "b": 2}), from_json({"b": 2, "a": 1}))
    assert not is_identical(["a", "b"], ["b", "a"])
    assert not is_identical(["a"], ["a", "b"])
    assert is_identical(from_json({"a": [1, {"x": None}]}), from_json({"a": [1, {"x": None}]}))
    assert not is_identical(from_json({"1": "a"}), from_json({"01": "a"}))


def test_strings_are_compared_byte_for_byte() -> None:
    assert not is_identical("café", "cafe\u0301")
    assert not is_identical("straße", "STRASSE")


# ------------------------------------------------------------------------------------ ordering


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        ("9", "10"),  # numeric strings compare as numbers
        ("ABC", "abc"),
        ("Z", "a"),
        ("Banana", "apple"),
        ("a", "abc"),
        ("10", "9a"),
        ("z", "é"),
        ("\ufffd", "😀"),
        ("2026-01-02T03:04:05.678+00:00", "2026-01-02T03:04:05.678Z"),
        ("9223372036854775808", "9223372036854775809"),  # overflow to one float: bytes decide
        (0, "abc"),
        (10, "9a"),
        ("", 0),
        ("", -1),
        ("0x1A", 26),
        (0.30000000000000004, "0.3 x"),
        (None, "0"),
        (None, "null"),
        (None, -1),
        (None, 1),
        (None, [0]),
        (False, -1),
        ("abc", []),
        (100, [1]),
        (0, []),
        ([1, 2], [1, 3]),
        ([2], [1, 2]),
        ([1, 2], [1, "a"]),
        (1, 1.5),
    ],
)
def test_loose_order(smaller: object, larger: object) -> None:
    assert lt(smaller, larger)
    assert le(smaller, larger)
    assert not lt(larger, smaller)
    assert not le(larger, smaller)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (30, 30.0),
        ("01", "1"),
        ("1e1", "10"),
        ("1.0", "1"),
        ("1e3", 1000),
        (" 1", 1),
        ("1 ", 1),
        (None, ""),
        (None, 0),
        (None, []),
        (True, 2),
        (True, "abc"),
        ("false", True),
        ("1e400", "1e400"),
    ],
)
def test_loose_equality(a: object, b: object) -> None:
    assert eq(a, b)
    assert eq(b, a)
    assert le(a, b)
    assert le(b, a)


def test_precision_is_lost_above_two_to_the_53() -> None:
    assert le(9007199254740993, 9007199254740992.0)
    assert not le(9007199254740993, 9007199254740992)


def test_same_infinity_strings_compare_as_bytes() -> None:
    assert lt("1e400", "2e400")
    assert not lt("2e400", "1e400")


def test_true_is_greater_than_falsy_strings() -> None:
    assert lt("0", True)


def test_incomparable_arrays_are_never_ordered() -> None:
    a, b = from_json({"a": 1}), from_json({"b": 1})
    assert compare(a, b) == 1 and compare(b, a) == 1
    assert not is_smaller(a, b) and not is_smaller(b, a)
    assert not is_smaller_or_equal(a, b) and not is_smaller_or_equal(b, a)


def test_array_key_order_does_not_matter_for_ordering() -> None:
    assert le({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert le({"b": 2, "a": 1}, {"a": 1, "b": 2})


@pytest.mark.parametrize("value", [None, False, 0, 0.0, "", "0", []])
def test_falsy(value: PhpValue) -> None:
    assert not is_truthy(value)


@pytest.mark.parametrize("value", [-1, "false", " ", [0], "0.0", 0.1, "00"])
def test_truthy(value: PhpValue) -> None:
    assert is_truthy(value)


# ------------------------------------------------------------------------------------ numeric strings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10", (10, 0)),
        ("-0", (0, 0)),
        ("+7", (7, 0)),
        ("007", (7, 0)),
        (" \t\n\r\v\f12 \n", (12, 0)),
        (".5", (0.5, 0)),
        ("5.", (5.0, 0)),
        ("1e3", (1000.0, 0)),
        ("1E-2", (0.01, 0)),
        ("-9223372036854775808", (-9223372036854775808, 0)),
        ("9223372036854775807", (9223372036854775807, 0)),
        ("9223372036854775808", (9.223372036854775808e18, 1)),
        ("-9223372036854775809", (-9.223372036854775809e18, -1)),
        ("100000000000000000000", (1e20, 1)),
        ("10000000000000000000.5", (1e19, 1)),  # twenty integer digits overflow even with a fraction
        ("1e400", (math.inf, 0)),
    ],
)
def test_numeric_strings(text: str, expected: tuple[float, int]) -> None:
    got = numeric_string(text)
    assert got is not None
    assert got[0] == expected[0] and type(got[0]) is type(expected[0]) and got[1] == expected[1]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "0x1A",
        "1_000",
        "inf",
        "NAN",
        "\u00a01",
        "١٢",
        "1e",
        "1e+",
        ".",
        "-",
        "1.5.3",
        "1 x",
        "1\x00",
        "e5",
    ],
)
def test_not_numeric(text: str) -> None:
    assert numeric_string(text) is None


def test_long_min_with_trailing_blank_overflows() -> None:
    # PHP compares the digits and what follows them with the digits of LONG_MIN.
    assert numeric_string("-9223372036854775808 ") == (-9.223372036854775808e18, -1)


# ------------------------------------------------------------------------------------ printing


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.1, "0.1"),
        (0.30000000000000004, "0.3"),
        (1e20, "1.0E+20"),
        (1e14, "1.0E+14"),
        (1e13, "10000000000000"),
        (0.0001, "0.0001"),
        (0.00001, "1.0E-5"),
        (-0.0, "-0"),
        (0.0, "0"),
        (-1.5, "-1.5"),
        (123456789012345.0, "1.2345678901234E+14"),
        (math.inf, "INF"),
        (-math.inf, "-INF"),
        (1.5e300, "1.5E+300"),
    ],
)
def test_float_text(value: float, text: str) -> None:
    assert float_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (30.0, "30"),
        (-0.0, "-0"),
        (1e16, "10000000000000000"),
        (1e17, "1.0e+17"),
        (1.5e-7, "1.5e-7"),
        (0.1, "0.1"),
        (2.5e300, "2.5e+300"),
        ("a/b", '"a\\/b"'),
        ("é😀", '"\\u00e9\\ud83d\\ude00"'),
        ("\x00\x1f\x7f", '"\\u0000\\u001f\x7f"'),
        ({1: "a", 0: "b"}, '{"1":"a","0":"b"}'),
        ([], "[]"),
        ({"k": None, "t": True}, '{"k":null,"t":true}'),
    ],
)
def test_encode_json(value: PhpValue, text: str) -> None:
    assert encode_json(value) == text


def test_encode_json_refuses_infinity() -> None:
    with pytest.raises(PhpJsonError, match=r"^Inf and NaN cannot be JSON encoded$"):
        encode_json([1, math.inf])


def test_deep_values_encode_without_recursion() -> None:
    deep: PhpValue = []
    for _ in range(5000):
        deep = [deep]
    assert encode_json(deep) == "[" * 5001 + "]" * 5001


# ------------------------------------------------------------------------------------ keys and the JSON trip


@pytest.mark.parametrize(
    ("key", "expected"),
    [("0", 0), ("-5", -5), ("9223372036854775807", 9223372036854775807), ("-0", "-0"), ("01", "01"),
     ("9223372036854775808", "9223372036854775808"), (" 1", " 1"), ("1.0", "1.0"), ("", ""), ("١", "١")],
)  # fmt: skip
def test_array_key(key: str, expected: int | str) -> None:
    assert array_key(key) == expected and type(array_key(key)) is type(expected)


def test_through_json() -> None:
    assert through_json({"a": 30.0, "b": -0.0, "c": 1e17, "d": 2.5, "e": 99999999999999984.0}) == {
        "a": 30,
        "b": 0,
        "c": 1e17,
        "d": 2.5,
        "e": 99999999999999980,  # printed as 9.999999999999998e16 padded
    }
    assert type(through_json(30.0)) is int
    assert through_json(6.671984451549631e16) == 66719844515496310  # the printed digits, not the double
    assert encode_json(6.671984451549631e16) == "66719844515496310"
    assert type(through_json(1e17)) is float
    assert type(through_json(2**63)) is float
    assert through_json({"k": {"0": "a", "1": "b"}, "o": {"1": "x"}}) == {"k": ["a", "b"], "o": {1: "x"}}


def test_through_json_is_idempotent() -> None:
    once = through_json({"o": {"1": [30.0, {"2": "x"}]}, "s": "é"})
    assert through_json(once) == once


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (math.nan, "Inf and NaN cannot be JSON encoded"),
        ([math.inf], "Inf and NaN cannot be JSON encoded (at [0])"),
        ({"s": "\ud800"}, "Malformed UTF-8 characters, possibly incorrectly encoded (at ['s'])"),
        ({"x": {1.5: 1}}, "Object keys must be strings, got float"),
        ({"x": object()}, "Type is not supported: object (at ['x'])"),
    ],
)
def test_through_json_refusals(value: object, message: str) -> None:
    with pytest.raises(PhpJsonError) as info:
        through_json(value)
    assert info.value.message == message


def test_through_json_bounds_depth() -> None:
    deep: object = 1
    for _ in range(600):
        deep = [deep]
    with pytest.raises(PhpJsonError, match="Maximum stack depth exceeded"):
        through_json(deep)
