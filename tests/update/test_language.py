"""The update language: every assignment form, separators, names, errors with places."""

from __future__ import annotations

import math

import pytest

from querykit import update as qu
from querykit.ast import JsonObject
from querykit.errors import CodecError, FormatError, LimitError, QueryError, QuerySyntaxError
from querykit.limits import Limits
from querykit.update.nodes import Assignment, Operation, Update


def op(text: str) -> Operation | object:
    (assignment,) = qu.parse(text).assignments
    return assignment.value


@pytest.mark.parametrize(
    ("text", "method", "values"),
    [
        ("a += 1", "increment", (1,)),
        ("a += 1.0 max 10", "increment", (1.0, 10)),
        ("a -= 2 min 0", "decrement", (2, 0)),
        ("a *= -3", "multiply", (-3,)),
        ("a *= 2 max 1e3", "multiply", (2, 1000.0)),
        ("a /= 2 min 1", "divide", (2, 1)),
        ("a %= 7", "modulo", (7,)),
        ("a ^= 2 MAX 100", "power", (2, 100)),
        ("a append [1, 'x', null]", "arrayAppend", (1, "x", None)),
        ('a append "s"', "stringConcat", ("s",)),
        ("a prepend []", "arrayPrepend", ()),
        ('a insert "x" at 2', "arrayInsert", (2, "x")),
        ("a remove [1, 2]", "arrayRemove", ((1, 2),)),
        ("a unique", "arrayUnique", ()),
        ("a intersect [1]", "arrayIntersect", (1,)),
        ("a except [1]", "arrayDiff", (1,)),
        ("a keep = 1", "arrayFilter", ("equal", 1)),
        ("a keep == 1", "arrayFilter", ("equal", 1)),
        ("a keep <> 1", "arrayFilter", ("notEqual", 1)),
        ("a keep < 1", "arrayFilter", ("lessThan", 1)),
        ("a keep <= 1", "arrayFilter", ("lessThanEqual", 1)),
        ("a keep > 1", "arrayFilter", ("greaterThan", 1)),
        ("a keep >= 1", "arrayFilter", ("greaterThanEqual", 1)),
        ("a keep contains 'x'", "arrayFilter", ("contains", "x")),
        ("a keep is null", "arrayFilter", ("isNull", None)),
        ("a keep IS NOT NULL", "arrayFilter", ("isNotNull", None)),
        ('a replace "x" with "y"', "stringReplace", ("x", "y")),
        ("a toggle", "toggle", ()),
        ("a += 3 days", "dateAddDays", (3,)),
        ("a -= 3 DAYS", "dateSubDays", (3,)),
        ("a = now", "dateSetNow", ()),
        ("a = NOW", "dateSetNow", ()),
        ("a = increment()", "increment", ()),
        ("a = futureOp(1, [2], {'k': 3})", "futureOp", (1, (2,), JsonObject((("k", 3),)))),
        ("a = arrayUnique", "arrayUnique", None),
    ],
)
def test_every_form(text: str, method: str, values: tuple[object, ...] | None) -> None:
    value = op(text)
    assert value == Operation(method, values)
    assert repr(value) == repr(Operation(method, values))  # 1 and 1.0 stay apart


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a = 1", 1),
        ("a = 1.0", 1.0),
        ('a = "now"', "now"),
        ("a = null", None),
        ("a = [1, {'b': true}]", None),
    ],
)
def test_plain_values(text: str, value: object) -> None:
    got = op(text)
    assert not isinstance(got, Operation)
    if value is not None:
        assert repr(got) == repr(value)


def test_separators_comments_and_set() -> None:
    text = "SET a = 1; b += 2,\n\n  c toggle  # a comment\n# another\nd unique"
    update = qu.parse(text)
    assert [a.attribute for a in update.assignments] == ["a", "b", "c", "d"]
    assert qu.format(update) == "a = 1, b += 2, c toggle, d unique"


def test_line_breaks_inside_where_are_white_space() -> None:
    update = qu.parse("a += 1\nwhere b = 1\n  and c = 2\nlimit 5")
    assert update.query is not None
    assert len(update.query.parts) == 3


def test_names_spelled_like_keywords() -> None:
    update = qu.parse("set set = 1, max += 2, `where` = 3, keep keep > 1, now = now, `a b` toggle")
    assert [a.attribute for a in update.assignments] == ["set", "max", "where", "keep", "now", "a b"]
    assert qu.format(update) == "`set` = 1, max += 2, `where` = 3, keep keep > 1, now = now, `a b` toggle"
    assert qu.parse(qu.format(update)) == update


def test_spans_point_at_the_assignment() -> None:
    text = 'views += 1, tags append ["x"]'
    update = qu.parse(text)
    spans = [a.span for a in update.assignments]
    assert [text[s.start : s.end] for s in spans if s is not None] == ["views += 1", 'tags append ["x"]']


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment", "hint"),
    [
        (
            "a += 1 b = 2",
            1,
            8,
            "unexpected attribute `b`",
            "separate assignments with `,`, `;` or a line break",
        ),
        ("a apend [1]", 1, 3, "unexpected attribute `apend`", "did you mean `append`?"),
        ("a += 1 mx 3", 1, 8, "unexpected attribute `mx`", "did you mean `max`?"),
        ("a toggel", 1, 3, "unexpected attribute `toggel`", "did you mean `toggle`?"),
        ("a = 1,\nb != 2", 2, 3, "`!=` is not an assignment", None),
        ("a += 1 min 0", 1, 8, "`+=` takes `max`, not `min`", "write `a += 1 max 0`"),
        ("a %= 1 max 0", 1, 8, "`%=` takes no bound, not `max`", None),
        ("a *= 2 days", 1, 3, "`*=` does not take days", None),
        ("a append 5", 1, 10, "`append` takes a list in brackets", None),
        ("a prepend 'x'", 1, 11, "`prepend` takes a list in brackets", None),
        ("a = archived", 1, 5, "expected a value, found `archived`", 'write a string in quotes: "archived"'),
        ("a = arrayAppnd", 1, 5, "expected a value, found `arrayAppnd`", None),
        ("a = 1 where", 1, 7, "expected a query after `where`", None),
        ("a = 1 where b ==", 1, 17, "unexpected end of input; expected a value", None),
        ("", 1, 1, "unexpected end of input; expected an attribute or `set`", None),
        ("a += ", 1, 6, "unexpected end of input; expected a value", None),
        ("a = 'x", 1, 5, "unterminated string", None),
        ("a += 1 +", 1, 8, "unexpected character '+'", None),
    ],
)
def test_errors_have_places_and_words(
    text: str, line: int, column: int, fragment: str, hint: str | None
) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        qu.parse(text)
    e = info.value
    assert (e.line, e.column) == (line, column), e.render()
    assert fragment in e.message
    if hint is not None:
        assert e.hint is not None and hint in e.hint
    rendered = e.render().splitlines()
    assert rendered[0].startswith(f"{line}:{column}: ")
    assert "^" in rendered[2]


def test_expected_tokens_are_words() -> None:
    with pytest.raises(QuerySyntaxError) as info:
        qu.parse("a")
    assert info.value.expected[:8] == ("`=`", "`+=`", "`-=`", "`*=`", "`/=`", "`%=`", "`^=`", "`append`")


def test_limits_and_bad_input_are_query_errors() -> None:
    with pytest.raises(LimitError):
        qu.parse("a = 1" + " " * 100, limits=Limits(max_length=50))
    with pytest.raises(LimitError):
        qu.parse("a = " + "[" * 500 + "]" * 500)
    with pytest.raises(QueryError):
        qu.parse(5)  # type: ignore[arg-type]
    with pytest.raises(QueryError):
        qu.compile("a = 99999999999999999999")


def test_format_rejects_what_has_no_text() -> None:
    with pytest.raises(FormatError):
        qu.format(Update((Assignment("a", Operation("not a name", (1,))),)))
    with pytest.raises(FormatError):
        qu.format(Update((Assignment("a", Operation("unknownMethod", None)),)))
    with pytest.raises(FormatError):
        qu.format(Update(()))
    with pytest.raises(QueryError):
        qu.format(Update((Assignment("a", math.nan),)))
    with pytest.raises(CodecError):
        str(Operation("increment", (math.inf,)))


def test_long_updates_wrap_one_assignment_per_line() -> None:
    text = ", ".join(f"attribute_{k} += {k}" for k in range(8)) + " where a = 1"
    formatted = qu.format(qu.parse(text))
    assert formatted.splitlines() == [f"attribute_{k} += {k}" for k in range(8)] + ["where a = 1"]
    assert qu.format(qu.parse(formatted)) == formatted
    assert qu.format(qu.parse(text), wrap=False) == text


def test_read_operator_edges() -> None:
    assert qu.read_operator(b'  {"values":[1],"method":"increment","extra":1}  ') == Operation(
        "increment", (1,)
    )
    assert qu.read_operator('{"method":"decrement","method":"increment"}') == Operation("increment", None)
    assert qu.read_operator('{"method":"\\u0069ncrement","values":null}') == Operation("increment", None)
    for raw, message in [
        ("\ufeff{}", "Invalid operator: Syntax error"),
        ('{"method":"increment","values":[NaN]}', "Invalid operator: Syntax error"),
        ('{"method":"increment","values":["\\ud800"]}', "Invalid operator: Single unpaired UTF-16 surrogate"),
        ("[1]", "Invalid operator method. Must be a string, got NULL"),
        ("5", "Invalid operator. Must be an array, got integer"),
        ('{"method":null}', "Invalid operator method. Must be a string, got NULL"),
        ('{"method":true}', "Invalid operator method. Must be a string, got boolean"),
        ('{"method":"Increment"}', "Invalid operator method: Increment"),
        ('{"method":"toggle","values":"x"}', "Invalid operator values. Must be an array, got string"),
        ('{"method":"increment","values":[1e999]}', "is not valid JSON"),
        ('{"method":"increment","values":[99999999999999999999]}', "does not fit in 64 bits"),
    ]:
        with pytest.raises(CodecError) as info:
            qu.read_operator(raw)
        assert message in info.value.message, raw
    assert qu.read_operator('{"method":"futureOp","values":[1]}', any_method=True) == Operation(
        "futureOp", (1,)
    )


def test_decompile_reads_data_as_appwrite_does() -> None:
    data = {
        "a": '{"method":"increment","values":[1]}',
        "$b": '{"method":"increment","values":[1]}',
        "12": '{"method":"increment","values":[1]}',
        "c": {"method": "toggle"},
        "d": {"method": "nope", "x": 1},
        "e": "invalid json",
        "f": ' {"method" : "arrayUnique"} ',
    }
    text = qu.decompile(data, wrap=False)
    assert text == (
        'a += 1, $b = "{\\"method\\":\\"increment\\",\\"values\\":[1]}", '
        '`12` = "{\\"method\\":\\"increment\\",\\"values\\":[1]}", c = toggle, '
        'd = {"method": "nope", "x": 1}, e = "invalid json", f = arrayUnique'
    )
    for bad in (5, "[1]", {"a": {1, 2}}, {"a": math.nan}, {}, b"\xff"):
        with pytest.raises(QueryError):
            qu.decompile(bad)
