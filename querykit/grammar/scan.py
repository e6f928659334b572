"""Lark's contextual lexer, run from its patterns saved as plain data (no Lark import).

For each parser state, Lark's contextual lexer matches only the terminals that state accepts
(and the ignored ones), trying them in one regular expression in Lark's order, and renames a
match that spells a keyword (``"any"`` read as ``NAME`` becomes ``ANY`` where ``ANY`` is accepted).
:func:`querykit.grammar.lalr.describe_lexer` saves those expressions; :class:`ContextualScanner`
runs them with :func:`querykit.grammar.loop.run`. Text no expression matches raises
:class:`~querykit.grammar.loop.Refused`, and the caller asks Lark for the error in words.

>>> data = {
...     "states": {0: 0},
...     "lexers": [{"patterns": ["(?P<WORD>[a-z]+)|(?P<__IGNORE_0>[ ]+)"], "flags": 0,
...                 "ignore": ["__IGNORE_0"], "keywords": {"WORD": ["(?P<AND>and)"]}}],
... }
>>> class State:
...     state_stack = [0]
>>> [(t.type, str(t), t.start_pos) for t in ContextualScanner(data).tokens("ab and", State())]
[('WORD', 'ab', 0), ('AND', 'and', 3)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from querykit.grammar.loop import Refused

__all__ = ["ContextualScanner", "Keywords", "StateLexer", "Token", "state_lexers"]


class Token(str):
    """A token: its text, its terminal ``type`` and its place (as Lark's ``Token`` has them)."""

    __slots__ = ("end_pos", "start_pos", "type")
    type: str
    start_pos: int
    end_pos: int


_new = str.__new__

#: One alternative of a keyword expression that spells a plain word: ``(?P<ANY>any)``.
_LITERAL_GROUP: Final = re.compile(
    r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>((?:[^\\()\[\]{}.*+?^$|]|\\[^A-Za-z0-9])*)\)"
)
_UNESCAPE: Final = re.compile(r"\\(.)")


class Keywords(dict[str, str]):
    """The renaming of one terminal's matches (Lark's ``UnlessCallback``): ``keywords[text]`` is
    the keyword terminal that ``text`` spells, else the terminal itself. Keywords that are plain
    words are looked up; others are tried as Lark tries them, in turn, with ``fullmatch``.

    >>> Keywords("NAME", ["(?P<ANY>any)|(?P<USER>user)"], 0)["user"]
    'USER'
    >>> Keywords("NAME", ["(?P<ANY>any)|(?P<USER>user)"], 0)["users"]
    'NAME'
    """

    __slots__ = ("kind", "patterns")

    def __init__(self, kind: str, expressions: list[str], flags: int) -> None:
        super().__init__()
        self.kind = kind
        self.patterns: list[re.Pattern[str]] = []
        for expression in expressions:
            groups = _LITERAL_GROUP.findall(expression)
            plain = "|".join(f"(?P<{name}>{text})" for name, text in groups) == expression
            if plain and not flags & (re.IGNORECASE | re.VERBOSE) and not self.patterns:
                for name, text in groups:
                    self.setdefault(_UNESCAPE.sub(r"\1", text), name)
            else:
                self.patterns.append(re.compile(expression, flags))

    def __missing__(self, text: str) -> str:
        for pattern in self.patterns:
            k = pattern.fullmatch(text)
            if k is not None:
                return k.lastgroup or self.kind
        return self.kind


class StateLexer:
    """The lexer of one parser state: ``match`` tries its expression at a position (``more``,
    the rest in turn, when Lark split it), ``ignore`` names the ignored terminals and
    ``keywords`` the renamings of a terminal's matches."""

    __slots__ = ("ignore", "keywords", "match", "more")

    def __init__(self, spec: dict[str, Any]) -> None:
        flags = spec["flags"]
        patterns = [re.compile(p, flags) for p in spec["patterns"]]
        self.match = patterns[0].match
        #: Lark splits a union of more than a hundred groups; the rest, tried in turn.
        self.more = [p.match for p in patterns[1:]]
        self.ignore = frozenset(spec["ignore"])
        self.keywords = {kind: Keywords(kind, exprs, flags) for kind, exprs in spec["keywords"].items()}

    def match_rest(self, text: str, pos: int) -> re.Match[str]:
        """The match at ``pos`` of the expressions after the first, tried in turn (for when
        ``match`` found nothing); :class:`Refused` when none matches."""
        for match in self.more:
            m = match(text, pos)
            if m is not None:
                return m
        raise Refused


def state_lexers(data: dict[str, Any]) -> dict[int, StateLexer]:
    """The lexer of each parser state, from the data :func:`querykit.grammar.lalr.describe_lexer`
    saves (states that share a lexer share the object)."""
    lexers = [StateLexer(spec) for spec in data["lexers"]]
    return {state: lexers[i] for state, i in data["states"].items()}


class ContextualScanner:
    """The contextual lexer of one grammar: ``states`` maps a parser state to its lexer."""

    __slots__ = ("by_state",)

    def __init__(self, data: dict[str, Any]) -> None:
        self.by_state = state_lexers(data)

    def tokens(self, text: str, parser_state: Any) -> Iterator[Token]:
        """The tokens of ``text``, each matched in the parser state it will be fed to."""
        stack = parser_state.state_stack
        by_state = self.by_state
        pos = 0
        n = len(text)
        while pos < n:
            lexer = by_state[stack[-1]]
            m = lexer.match(text, pos) or lexer.match_rest(text, pos)
            kind = m.lastgroup
            end = m.end()
            if kind is None or end == pos:
                raise Refused
            if kind not in lexer.ignore:
                value = m.group()
                if kind in lexer.keywords:
                    kind = lexer.keywords[kind][value]
                t: Token = _new(Token, value)
                t.type = kind
                t.start_pos = pos
                t.end_pos = end
                yield t
            pos = end
