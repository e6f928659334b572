"""The parse tables shipped in the package are the ones the grammar builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from querykit.errors import QuerySyntaxError
from querykit.grammar import loop, read_grammar
from querykit.limits import DEFAULT_LIMITS
from querykit.text import _loop, _tables
from querykit.text.lexer import make_lexer
from querykit.text.parser import _Build, _loop_tables, _parser, _run_lark, _Text, parse
from querykit.text.tables import build_parser, digest, load_tables


def test_shipped_tables_match_the_grammar() -> None:
    # When this fails, run `python -m querykit.text` and commit querykit/text/_tables.py.
    assert digest(read_grammar("query.lark")) == _tables.GRAMMAR_SHA256


def test_loaded_tables_parse_like_the_built_ones() -> None:
    grammar = read_grammar("query.lark")
    lexer, transformer = make_lexer(DEFAULT_LIMITS), _Build(DEFAULT_LIMITS)
    loaded = load_tables(grammar, lexer, transformer)
    assert loaded is not None
    built = build_parser(grammar, lexer, transformer)
    corpus = (Path(__file__).parents[1] / "data" / "identity.qk").read_text(encoding="utf-8")
    lines = [line for line in corpus.splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) > 100
    default = _parser(DEFAULT_LIMITS)
    for line in lines:
        assert repr(loaded.parse(line)) == repr(built.parse(line)) == repr(default.parse(line))


def test_stale_tables_are_not_used() -> None:
    edited = read_grammar("query.lark") + "\n// edited\n"
    assert load_tables(edited, make_lexer(DEFAULT_LIMITS), _Build(DEFAULT_LIMITS)) is None


def test_shipped_loop_tables_match_the_grammar() -> None:
    # When this fails, run `python -m querykit.text` and commit querykit/text/_loop.py too.
    assert read_grammar("query.lark") == _loop.GRAMMAR
    assert _loop_tables(DEFAULT_LIMITS) is not None


def test_loop_parses_like_lark() -> None:
    corpus = (Path(__file__).parents[1] / "data" / "identity.qk").read_text(encoding="utf-8")
    lines = [line for line in corpus.splitlines() if line.strip() and not line.startswith("#")]
    fast = _loop_tables(DEFAULT_LIMITS)
    assert fast is not None
    tables, keywords = fast
    for line in lines:
        source = _Text(line, keywords, DEFAULT_LIMITS)
        assert repr(loop.run(tables, source.lex)) == repr(_run_lark(line, DEFAULT_LIMITS))


def test_refused_tokens_fall_back_to_lark_for_the_message() -> None:
    fast = _loop_tables(DEFAULT_LIMITS)
    assert fast is not None
    with pytest.raises(loop.Refused):
        loop.run(fast[0], _Text("a = = 1", fast[1], DEFAULT_LIMITS).lex)
    with pytest.raises(QuerySyntaxError, match="unexpected `=`"):
        parse("a = = 1")


def test_parsing_does_not_import_lark() -> None:
    code = (
        "import sys, querykit\n"
        "querykit.compile('name = \"John\" and age between 18..30 order by age desc limit 10')\n"
        "querykit.format(querykit.parse('a = 1'))\n"
        "print('lark' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
