"""The parse tables shipped in the package are the ones the grammar builds."""

from __future__ import annotations

from pathlib import Path

from querykit.grammar import read_grammar
from querykit.limits import DEFAULT_LIMITS
from querykit.text import _tables
from querykit.text.lexer import make_lexer
from querykit.text.parser import _Build, _parser
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
