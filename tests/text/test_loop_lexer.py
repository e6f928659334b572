"""The parse loop with the common tokens read inline (``run_loop``) reads every text exactly as
the loop over the scanner's token stream does: the same AST, the same errors, the same refusals."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from querykit.grammar import loop
from querykit.limits import DEFAULT_LIMITS, Limits
from querykit.text.lexer import run_loop
from querykit.text.parser import _loop_parser, _Text

_FRAGMENTS = [
    " ",
    "  ",
    "\t",
    "\n",
    "\f",
    "# note\n",
    "a",
    "b.c",
    "$id",
    "_x",
    "size",
    "page",
    "not",
    "NOT",
    "and",
    "or",
    "in",
    "is",
    "null",
    "true",
    "False",
    "between",
    "starts",
    "with",
    "contains",
    "any",
    "all",
    "order",
    "by",
    "desc",
    "asc",
    "limit",
    "offset",
    "after",
    "before",
    "select",
    "distinct",
    "as",
    "created",
    "updated",
    "intersects",
    "spatially",
    "equals",
    "join",
    "left",
    "cross",
    "on",
    "populate",
    "has",
    "group",
    "having",
    "count",
    "distance",
    "random",
    "matches",
    "degrees",
    "0",
    "00",
    "1",
    "-1",
    "-0",
    "18",
    "1965",
    "2020",
    "12345678901234567",
    "123456789012345678",
    "1234567890123456789",
    "99999999999999999999",
    "5.5",
    "-2.25",
    "1e5",
    "1.5e3",
    "0.5",
    "2020-01-01",
    "2020-01-01T00:00:00Z",
    '"x"',
    '"a b"',
    "'y'",
    "'it\\'s'",
    '"\\n"',
    '"\\q"',
    '"\ud800"',
    '"',
    "'",
    "`n`",
    "`o``k`",
    "[1, 2]",
    "[",
    "]",
    '{"k": 1}',
    "{",
    "}",
    "(",
    ")",
    "=",
    "==",
    "!=",
    "<>",
    "<",
    "<=",
    ">",
    ">=",
    "~",
    "!~",
    "..",
    ".",
    ".*",
    "*",
    ",",
    "-",
    "é",
    "٣",
]


def _outcome(fn: object, *args: object) -> str:
    try:
        return "ok " + repr(fn(*args))  # type: ignore[operator]
    except Exception as e:  # the outcome is compared, whatever it is
        span = getattr(e, "span", None)
        return f"{type(e).__name__} {e} {span!r} {getattr(e, 'hint', None)!r}"


def _both(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    prepared = _loop_parser(limits)
    assert prepared is not None
    tables, kw, words = prepared
    inline = _outcome(run_loop, tables, text, kw, words, limits)
    streamed = _outcome(loop.run, tables, _Text(text, kw, limits).lex)
    return inline, streamed


def test_the_identity_corpus() -> None:
    corpus = (Path(__file__).parents[1] / "data" / "identity.qk").read_text(encoding="utf-8")
    for line in corpus.splitlines():
        if line.strip() and not line.startswith("#"):
            inline, streamed = _both(line)
            assert inline == streamed, line


def test_edge_cases() -> None:
    texts = [
        "a = 00",
        "a = 1-2",
        "a = 5.5.3",
        "a = 1e5",
        "a = 1234567890123456789",
        "a = -0",
        "a = 0.5..1",
        "a between 1..2",
        "a between 5.5..20",
        "a between 1 and 2",
        "a in (1, 2)",
        "size = 1",
        "page 2 size 10",
        "not(a = 1)",
        "count(*) > 1",
        "a = 'x\"y'",
        'a = "\ud800"',
        "a = 1 # c",
        "a\f=\v1",
        "(((a = 1)))",
        "a = 1 and",
        "a.b.c = 1",
        "a. = 1",
        "a = 2020-01-01T00:00:00Z",
        "ab\u00e9 = 1",
        "a = 1 order by b desc, c",
        "x = 123456789012345678.5",
        "a = ٣",
        "a = -٣",
        "select a, b.* limit 1",
        "a = [1, (2)]",
        "exists(a)",
        "a intersects [1, 2]",
        "a = ''",
    ]
    for text in texts:
        inline, streamed = _both(text)
        assert inline == streamed, text


def test_lists() -> None:
    texts = [
        "a in []",
        "a in [1, 2]",
        "a in [1, 2.5]",
        'a in [true, null, "x"]',
        'a in ["é"]',
        'a in ["\\u00e9"]',
        'a in ["\\ud800"]',
        "a in [[1], [2]]",
        'a in [{"k": 1}]',
        "a in [9223372036854775807]",
        "a in [9223372036854775808]",
        "a in [-9223372036854775809]",
        "a in [NaN]",
        "a in [1,]",
        "a in [1",
        "a in [1 2]",
        "a in ['x']",
        'a = [1] and b in ["y"]',
        "a in [true, 1]",
        "a in [1e400]",
        "(((a in [1])))",
    ]
    for text in texts:
        inline, streamed = _both(text)
        assert inline == streamed, text
    for limits in (Limits(max_items=2), Limits(max_depth=2)):
        for text in ["a in [1, 2]", "a in [1, 2, 3]", "(a in [1])", "((a in [1]))", "a in [[1]]"]:
            inline, streamed = _both(text, limits)
            assert inline == streamed, text


def test_nesting_limit() -> None:
    limits = Limits(max_depth=3)
    for text in ["((a = 1))", "(((a = 1)))", "((((a = 1))))", "a in ((1))", "a = [[[1]]]", "a = [[[[1]]]]"]:
        inline, streamed = _both(text, limits)
        assert inline == streamed, text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map(" ".join))
def test_random_fragments(text: str) -> None:
    inline, streamed = _both(text)
    assert inline == streamed


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join))
def test_random_fragments_without_spaces(text: str) -> None:
    inline, streamed = _both(text)
    assert inline == streamed
