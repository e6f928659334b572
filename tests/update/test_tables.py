"""The update grammar's parse tables shipped in the package are the ones the grammar builds."""

from __future__ import annotations

from querykit.grammar.lalr import build_parser
from querykit.limits import DEFAULT_LIMITS
from querykit.text.tables import digest
from querykit.update import _tables
from querykit.update.parsing import _parser, _UpdateBuild, grammar_text, make_update_lexer
from querykit.update.tables import load_tables

CORPUS = [
    'views += 1, stock -= 2 min 0, tags append ["sale"], updated = now',
    'set status = "archived" where status = "draft" and $updatedAt < "2025-01-01" limit 100',
    "a *= 2 max 10; b /= 2 min 1\nc %= 3\nd ^= 2",
    'a insert "x" at 0, b remove [1], c intersect [1], d except [], e append "s", f prepend [0]',
    "a keep > 5, b keep is not null, c keep contains 1, d unique, e toggle, f += 3 days, g -= 1 days",
    'a replace "x" with "y", b = increment("5"), c = arrayAppend, d = futureOp(1, [2])',
    "a = [1, {'k': null}] where select(1) order by random\n limit 5",
    "`where` = 1, max += 2 where populate author (name = 'x') group by a",
]


def test_shipped_tables_match_the_grammar() -> None:
    # When this fails, run `python -m querykit.text` and commit querykit/update/_tables.py.
    assert digest(grammar_text()) == _tables.GRAMMAR_SHA256


def test_loaded_tables_parse_like_the_built_ones() -> None:
    grammar = grammar_text()
    lexer, transformer = make_update_lexer(DEFAULT_LIMITS), _UpdateBuild(DEFAULT_LIMITS)
    loaded = load_tables(grammar, lexer, transformer)
    assert loaded is not None
    built = build_parser(grammar, lexer, transformer, start="update")
    default = _parser(DEFAULT_LIMITS)
    for line in CORPUS:
        assert repr(loaded.parse(line)) == repr(built.parse(line)) == repr(default.parse(line))


def test_stale_tables_are_not_used() -> None:
    edited = grammar_text() + "\n// edited\n"
    lexer, transformer = make_update_lexer(DEFAULT_LIMITS), _UpdateBuild(DEFAULT_LIMITS)
    assert load_tables(edited, lexer, transformer) is None
