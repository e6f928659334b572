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
from typing import Any

from querykit.grammar.loop import Refused

__all__ = ["ContextualScanner", "Token"]


class Token(str):
    """A token: its text, its terminal ``type`` and its place (as Lark's ``Token`` has them)."""

    __slots__ = ("end_pos", "start_pos", "type")
    type: str
    start_pos: int
    end_pos: int


_new = str.__new__


class _Lexer:
    __slots__ = ("ignore", "keywords", "more", "pattern")

    def __init__(self, spec: dict[str, Any]) -> None:
        flags = spec["flags"]
        patterns = [re.compile(p, flags) for p in spec["patterns"]]
        self.pattern = patterns[0]
        #: Lark splits a union of more than a hundred groups; the rest, tried in turn.
        self.more = patterns[1:]
        self.ignore = frozenset(spec["ignore"])
        self.keywords = {
            kind: [re.compile(p, flags) for p in patterns] for kind, patterns in spec["keywords"].items()
        }


class ContextualScanner:
    """The contextual lexer of one grammar: ``states`` maps a parser state to its lexer."""

    __slots__ = ("by_state",)

    def __init__(self, data: dict[str, Any]) -> None:
        lexers = [_Lexer(spec) for spec in data["lexers"]]
        self.by_state: dict[int, _Lexer] = {state: lexers[i] for state, i in data["states"].items()}

    def tokens(self, text: str, parser_state: Any) -> Iterator[Token]:
        """The tokens of ``text``, each matched in the parser state it will be fed to."""
        stack = parser_state.state_stack
        by_state = self.by_state
        pos = 0
        n = len(text)
        while pos < n:
            lexer = by_state[stack[-1]]
            m = lexer.pattern.match(text, pos)
            if m is None:
                for pattern in lexer.more:
                    m = pattern.match(text, pos)
                    if m is not None:
                        break
                else:
                    raise Refused
            kind = m.lastgroup
            end = m.end()
            if kind is None or end == pos:
                raise Refused
            if kind not in lexer.ignore:
                value = m.group()
                renames = lexer.keywords.get(kind)
                if renames is not None:
                    for keyword in renames:
                        k = keyword.fullmatch(value)
                        if k is not None:
                            kind = k.lastgroup or kind
                            break
                t: Token = _new(Token, value)
                t.type = kind
                t.start_pos = pos
                t.end_pos = end
                yield t
            pos = end
