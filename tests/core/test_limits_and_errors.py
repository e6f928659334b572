"""Bounded inputs and errors with places."""

from __future__ import annotations

import json
import time

import pytest

import querykit as qk
from querykit.errors import LimitError, NegationError, QuerySyntaxError


def _quick(fn: object, *args: object) -> qk.QueryError:
    start = time.perf_counter()
    with pytest.raises(qk.QueryError) as info:
        fn(*args)  # type: ignore[operator]
    assert time.perf_counter() - start < 5, "not prompt"
    return info.value


def test_two_thousand_nested_brackets() -> None:
    for text in ("(" * 2000 + "a = 1" + ")" * 2000, "a in " + "[" * 2000 + "]" * 2000, "not " * 2000 + "("):
        err = _quick(qk.parse, text)
        assert err.span is not None and err.span.end <= len(text)
    deep = '{"method":"and","values":[' * 2000 + "]}" * 2000
    _quick(qk.from_appwrite, deep)
    _quick(qk.from_appwrite, "[" * 100_000 + "]" * 100_000)


def test_one_megabyte_input() -> None:
    text = "a = 1 and " * 100_000 + "b = 2"
    assert len(text) > 1_000_000
    err = _quick(qk.parse, text)
    assert isinstance(err, LimitError)
    assert "limit is" in err.message
    _quick(qk.from_appwrite, json.dumps({"method": "equal", "attribute": "a", "values": ["x" * 1_100_000]}))


def test_long_not_chains_are_linear() -> None:
    text = "not " * 100_001 + "a = 1"
    start = time.perf_counter()
    assert qk.format(qk.parse(text)) == "a != 1"
    assert time.perf_counter() - start < 5


def test_ten_thousand_terms() -> None:
    text = " and ".join(f"a{i} = {i}" for i in range(10_000))
    assert len(qk.compile(text)) == 10_000


def test_integer_bounds() -> None:
    assert qk.compile("a = 9223372036854775807") == [
        '{"method":"equal","attribute":"a","values":[9223372036854775807]}'
    ]
    assert qk.compile("a = -9223372036854775808")[0].endswith("[-9223372036854775808]}")
    err = _quick(qk.parse, "a = 9223372036854775808")
    assert isinstance(err, LimitError) and (err.line, err.column) == (1, 5)
    _quick(qk.from_appwrite, '{"method":"equal","attribute":"a","values":[9223372036854775808]}')


def test_values_per_list_limit() -> None:
    limits = qk.Limits(max_items=3)
    assert qk.parse("a in [1, 2, 3]", limits=limits)
    err = _quick(lambda: qk.parse("a in [1, 2, 3, 4]", limits=limits))
    assert isinstance(err, LimitError)


def test_syntax_error_has_place_words_and_caret() -> None:
    text = 'status = "open" and\n  (age > 5 or)'
    err = _quick(qk.parse, text)
    assert isinstance(err, QuerySyntaxError)
    assert (err.line, err.column, err.offset, err.end) == (2, 14, 33, 34)
    assert "expected" in err.message and "an attribute" in err.expected
    assert err.render().splitlines() == [
        "2:14: unexpected `)`; expected an attribute, a call, `not`, `(`, `created` or `updated`",
        "  (age > 5 or)",
        "             ^",
    ]
    assert err.to_dict()["line"] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('a = "x', "unterminated string"),
        ("a = `b", "unterminated backtick name"),
        ('a = "\\q"', "invalid escape in string"),
        ('a = "\\ud800"', "lone surrogate"),
        ("a = 01", "a number cannot start with 0"),
        ("a in 5", "`in` takes a list in brackets"),
        ("limit 1.5", "`limit` takes a whole number"),
        ("page 0", "`page` must be at least 1"),
        ('a = {"k": 1, "k": 2}', "same key twice"),
        ("distance(a, [1, 2]) <= 3", "no distance query for `<=`"),
        ("a = 1 andy = 2", "unexpected attribute `andy`"),
        ('a in ["x", "\\ud800"]', "lone surrogate"),
        ('a in ["x", "\ud800"]', "lone surrogate"),
        ("a in [1, 99999999999999999999]", "does not fit in 64 bits"),
        ("a in [1, 1e999]", "out of range"),
        ("a in [1, NaN]", "expected a value, found `NaN`"),
        ('a = [{"k": 1, "k": 2}]', "same key twice"),
        ("a = b", "unexpected attribute `b`; expected a value"),
        ("and(x, 1)", "holds queries"),
        ("select count(*) as n having count(*) > 5", "compared through its alias"),
    ],
)
def test_error_messages(text: str, message: str) -> None:
    err = _quick(qk.parse, text)
    assert message in err.message, err.render()
    assert err.span is not None and 0 <= err.span.start <= err.span.end <= len(text)


def test_keyword_as_name_gets_a_hint() -> None:
    err = _quick(qk.parse, "limit = 1")
    assert err.hint is not None and "backticks" in err.hint
    assert qk.compile("`limit` = 1") == ['{"method":"equal","attribute":"limit","values":[1]}']


def test_negation_without_complement_points_at_not() -> None:
    text = 'a = 1 and not (b matches "x")'
    err = _quick(qk.parse, text)
    assert isinstance(err, NegationError)
    assert err.span is not None and text[err.span.start : err.span.end] == "not"
    assert "regex" in err.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not a = 1", "a != 1"),
        ("not a != 1", "a = 1"),
        ("not a < 1", "a >= 1"),
        ("not a <= 1", "a > 1"),
        ("not a in [1, 2]", "(a != 1 and a != 2)"),
        ("not a between 1..2", "a not between 1..2"),
        ("not a is null", "a is not null"),
        ('not a starts with "x"', 'a not starts with "x"'),
        ('not a ends with "x"', 'a not ends with "x"'),
        ('not a contains "x"', 'a not contains "x"'),
        ('not a ~ "x"', 'a !~ "x"'),
        ("not exists(a)", "not exists(a)"),
        ("not not exists(a)", "exists(a)"),
        ("not a intersects [1, 2]", "a not intersects [1, 2]"),
        ("not distance(a, [1, 2]) = 3", "distance(a, [1, 2]) != 3"),
        ("not (a = 1 and (b = 2 or c = 3))", "a != 1 or b != 2 and c != 3"),
        ("not not (a = 1 or b = 2)", "a = 1 or b = 2"),
    ],
)
def test_negation_is_pushed_down(text: str, expected: str) -> None:
    assert qk.format(qk.parse(text)) == expected
