"""The Lark adapter works with the Lark that is installed.

CI runs this file twice: with the highest Lark the dependency pin allows (the project's own
environment) and with the lowest (a throwaway environment, see ``.ci/run``). It must stay quick
and must not need anything but querykit and Lark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from lark import Token, Transformer

from querykit.grammar import lalr

GRAMMAR = """
start: item ("," item)*
item: WORD | "(" start ")"
WORD: /[a-z]+/
%ignore " "
"""


class Nested(Transformer[Any, Any]):
    def start(self, children: list[Any]) -> list[Any]:
        return children

    def item(self, children: list[Any]) -> Any:
        return str(children[0]) if isinstance(children[0], Token) else children[0]


class Source:
    """A token source that yields pre-made tokens, recording the states it saw."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.accepted: list[set[str]] = []

    def lex(self, parser_state: Any) -> Iterator[Token]:
        for t in self.tokens:
            self.accepted.append(set(lalr.accepted_terminals(parser_state)))
            yield t

    _Token = Token


def tokens(text: str) -> list[Token]:
    names = {",": "COMMA", "(": "LPAR", ")": "RPAR"}
    return [Token(names.get(m, "WORD"), m) for m in re.findall(r"[a-z]+|[,()]", text)]


def parser() -> Any:
    return lalr.build_parser(GRAMMAR, "basic", Nested(), start="start")


def test_the_installed_lark_is_within_the_pin() -> None:
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    pin = re.search(r'"lark>=([\d.]+),<([\d.]+)"', pyproject)
    assert pin is not None

    def key(v: str) -> tuple[int, ...]:
        return tuple(int(p) for p in v.split(".")[:3])

    assert key(pin.group(1)) <= key(version("lark")) < key(pin.group(2))


@pytest.mark.parametrize(
    "text, tree", [("a", ["a"]), ("a,b", ["a", "b"]), ("(a,(b)),c", [["a", ["b"]], "c"])]
)
def test_run_drives_the_tables_with_the_transformer(text: str, tree: list[Any]) -> None:
    tables = lalr.Tables(parser(), "start")
    assert lalr.run(tables, Source(tokens(text)), Token("$END", "")) == tree
    assert parser().parse(text.replace(",", ", ")) == tree  # Lark's own loop agrees


def test_the_source_sees_the_state_each_token_is_fed_to() -> None:
    tables = lalr.Tables(parser(), "start")
    source = Source(tokens("(a"))
    with pytest.raises(lalr.UnexpectedToken):
        lalr.run(tables, source, Token("$END", ""))
    assert source.accepted[0] >= {"WORD", "LPAR"}
    assert "COMMA" not in source.accepted[0]


def test_an_unexpected_token_says_what_is_accepted_after_pending_reductions() -> None:
    tables = lalr.Tables(parser(), "start")
    with pytest.raises(lalr.UnexpectedToken) as caught:
        lalr.run(tables, Source(tokens("a b")), Token("$END", ""))
    assert caught.value.token == "b"
    assert lalr.accepted_after(caught.value) == {"COMMA", "$END"}
    with pytest.raises(lalr.UnexpectedToken) as at_end:
        lalr.run(tables, Source(tokens("(a")), Token("$END", ""))
    assert at_end.value.token.type == "$END"
    assert lalr.accepted_after(at_end.value) == {"RPAR"}  # "a" is already reduced into the list


def test_serialized_tables_load_and_parse_alike() -> None:
    data, memo = lalr.serialize_parser(parser())
    loaded = lalr.load_parser(data, memo, "basic", Nested())
    for text in ("a", "a, b", "((a), b), c"):
        assert loaded.parse(text) == parser().parse(text)
        assert lalr.run(lalr.Tables(loaded, "start"), Source(tokens(text)), Token("$END", "")) == (
            parser().parse(text)
        )


def test_literal_words_are_the_alphabetic_literals() -> None:
    grammar = 'start: "and" WORD | "(" WORD ")"\nWORD: /[a-z]+/\n%ignore " "'
    seen: dict[str, str] = {}

    class Recorder(lalr.Lexer):
        __future_interface__ = lalr.LEXER_INTERFACE

        def __init__(self, conf: lalr.LexerConf) -> None:
            seen.update(lalr.literal_words(conf))

        def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Any]:
            yield Token("AND", "and")
            yield Token("WORD", "x")

    built = lalr.build_parser(grammar, Recorder, Transformer(), start="start")
    assert seen == {"and": "AND"}
    assert built.parse("ignored").children == [Token("WORD", "x")]


def test_the_shipped_query_tables_load_with_this_lark() -> None:
    import querykit as qk
    from querykit.grammar import read_grammar
    from querykit.limits import DEFAULT_LIMITS
    from querykit.text.lexer import make_lexer
    from querykit.text.parser import _Build
    from querykit.text.tables import load_tables

    loaded = load_tables(read_grammar("query.lark"), make_lexer(DEFAULT_LIMITS), _Build(DEFAULT_LIMITS))
    assert loaded is not None
    assert qk.compile("a = 1 and (b < 2 or c is null) limit 3") == [
        '{"method":"equal","attribute":"a","values":[1]}',
        '{"method":"or","values":[{"method":"lessThan","attribute":"b","values":[2]},'
        '{"method":"isNull","attribute":"c"}]}',
        '{"method":"limit","values":[3]}',
    ]
    with pytest.raises(qk.QueryError, match="expected"):
        qk.parse("a = ")


def test_accepted_after_a_prefix() -> None:
    tables = lalr.Tables(parser(), "start")
    assert lalr.accepted_after_prefix(tables, Source(tokens("("))) == {"WORD", "LPAR"}
    assert lalr.accepted_after_prefix(tables, Source(tokens("a b"))) is None
