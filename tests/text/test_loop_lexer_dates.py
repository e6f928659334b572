"""Dates read inline by ``run_loop`` are read as the scanner reads them: the same AST, the same
errors, the same refusals, whatever follows the date."""

from __future__ import annotations

import pytest

from querykit.grammar import loop
from querykit.limits import DEFAULT_LIMITS
from querykit.text.lexer import run_loop
from querykit.text.parser import _loop_parser, _Text

_DATES = [
    "2020-01-01",
    "2020-01-01T00:00",
    "2020-01-01T00:00:00",
    "2020-01-01T00:00:00.5",
    "2020-01-01T00:00:00.123Z",
    "2020-01-01T00:00:00Z",
    "2020-01-01T10:00+02:00",
    "2020-01-01T10:00:00-05:30",
    "9999-99-99",
    "2020-1-01",
    "2020-01-01T0",
    "2020-01-01T00:00:00.",
    "-2020-01-01",
]
_AFTER = [
    "",
    " ",
    ")",
    "]",
    ",",
    "x",
    "Z",
    "é",
    "٣",
    "_",
    "0",
    ".",
    ".5",
    "-",
    ":",
    "+02:00",
    "T",
    "..2021-01-01",
]


def _outcome(fn: object, *args: object) -> str:
    try:
        return "ok " + repr(fn(*args))  # type: ignore[operator]
    except Exception as e:  # the outcome is compared, whatever it is
        span = getattr(e, "span", None)
        return f"{type(e).__name__} {e} {span!r} {getattr(e, 'hint', None)!r}"


@pytest.mark.parametrize("date", _DATES)
@pytest.mark.parametrize(
    "template", ["a = {}", "a > {} and b = 1", "created before {}", "a between {}", "a in [{}]"]
)
def test_dates_read_inline_as_the_scanner_reads_them(date: str, template: str) -> None:
    prepared = _loop_parser(DEFAULT_LIMITS)
    assert prepared is not None
    tables, kw, words = prepared
    for after in _AFTER:
        text = template.format(date + after)
        inline = _outcome(run_loop, tables, text, kw, words, DEFAULT_LIMITS)
        streamed = _outcome(loop.run, tables, _Text(text, kw, DEFAULT_LIMITS).lex)
        assert inline == streamed, text
