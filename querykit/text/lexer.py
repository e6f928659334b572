"""The lexer of the query language: a contextual lexer tuned for it, run inside the LALR loop
(:func:`run_loop`, on the tables Lark builds from the grammar) and plugged into Lark itself when
a syntax error is put in words.

It reads the parser's state before every token, so a word is a keyword only where the grammar
accepts that keyword (``size`` is a name in ``order by size`` but a keyword in ``page 2 size 10``),
and a keyword must be a whole word (``andy`` is never ``and`` + ``y``). It reads each literal
(string, number, date, list, object) as one ``VALUE`` token that already holds the Python value,
which keeps the number of tokens, and so the parser's work, small.

>>> from querykit.text.lexer import keywords
>>> {"and", "order", "intersects", "desc"} <= keywords()
True
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from querykit.ast import JsonObject, Value
from querykit.errors import LimitError, QuerySyntaxError, Span
from querykit.grammar import read_grammar
from querykit.grammar.loop import LoopTables, ParseState, Refused, finish
from querykit.jsondata import SURROGATE, holds_surrogate, reject_json_constant
from querykit.limits import INT64_MAX, INT64_MIN, Limits

if TYPE_CHECKING:
    from querykit.grammar.lalr import Lexer

__all__ = ["Scanner", "Tok", "ValueToken", "keywords", "make_lexer", "run_loop", "tok", "word_kinds"]


class Tok(str):
    """A token: its text (or its normalised spelling), its terminal ``type`` and its place.

    Lighter than Lark's own ``Token``, which the parser does not need: Lark reads only ``type``,
    and the rest of Lark reads the place attributes with defaults.
    """

    __slots__ = ("end_pos", "start_pos", "type")
    type: str
    start_pos: int
    end_pos: int
    line = column = end_line = end_column = None


class ValueToken(Tok):
    """A ``VALUE`` token: ``data`` is the literal's Python value."""

    __slots__ = ("data",)
    data: Value


_new = str.__new__


def tok(kind: str, text: str, start: int, end: int) -> Tok:
    """A token of terminal ``kind``."""
    t: Tok = _new(Tok, text)
    t.type = kind
    t.start_pos = start
    t.end_pos = end
    return t


#: Words of the terminals the grammar declares but the lexer spells, with the value each has.
_SPATIAL = {
    "intersects": "intersects",
    "crosses": "crosses",
    "overlaps": "overlaps",
    "touches": "touches",
    "covers": "covers",
}
_DIRECTION = {"asc": "asc", "desc": "desc"}
_DATE_FIELD = {"created": "$createdAt", "updated": "$updatedAt"}
_JOIN_PREFIX = {"left": "leftJoin", "right": "rightJoin", "full": "fullOuterJoin"}
_LITERAL_WORDS: dict[str, Value] = {"true": True, "false": False, "null": None}
#: Words that may be a token other than a name (besides the grammar's keywords).
_SPECIAL_WORDS = frozenset(
    [*_SPATIAL, "spatially", *_DIRECTION, *_DATE_FIELD, *_JOIN_PREFIX, "join", *_LITERAL_WORDS]
)
_CMP = {"=": "=", "==": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

_WS = re.compile(r"(?:[ \t\r\n\f\v]+|#[^\n]*)+")
_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_]*(?:\.[A-Za-z_$][A-Za-z0-9_]*)*")
_QNAME = re.compile(r"`((?:[^`]|``)*)`")
_STRING = {'"': re.compile(r'"((?:[^"\\\n]|\\[^\n])*)"'), "'": re.compile(r"'((?:[^'\\\n]|\\[^\n])*)'")}
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?(?![0-9A-Za-z_])")
_LEADING_ZERO = re.compile(r"-?0[0-9]")
_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?"
)
_FOLLOWED_BY_EQUALS = re.compile(r"[ \t\r\n]+equals(?![A-Za-z0-9_$])", re.I)
_FOLLOWED_BY_JOIN = re.compile(r"[ \t\r\n]+join(?![A-Za-z0-9_$])", re.I)

_ESCAPE_QUOTE = re.compile(r'\\(.)|"')


@cache
def keywords() -> frozenset[str]:
    """Every keyword of the query language, lower-case (from the grammar and the lexer's words)."""
    grammar = read_grammar("query.lark")
    words = set(re.findall(r'"([a-z]+)"i', grammar))
    words.update(_SPATIAL, ("spatially", "equals"), _DIRECTION, _DATE_FIELD, _JOIN_PREFIX, ("join",))
    words.update(("true", "false", "null"))
    return frozenset(words)


def terminal_words() -> dict[str, tuple[str, ...]]:
    """The words the lexer spells for terminals the grammar declares without words (the
    two-word forms ``spatially equals`` and ``left join`` start with the first word).

    >>> terminal_words()["DIRECTION"]
    ('asc', 'desc')
    """
    return {
        "SPATIAL": (*_SPATIAL, "spatially"),
        "DIRECTION": tuple(_DIRECTION),
        "DATE_FIELD": tuple(_DATE_FIELD),
        "JOIN_KIND": ("join", *_JOIN_PREFIX),
        "VALUE": tuple(_LITERAL_WORDS),
    }


def make_lexer(limits: Limits) -> type[Lexer]:
    """A Lark lexer class bound to ``limits`` (imports Lark: only for building the tables and
    for explaining syntax errors; parsing itself runs :mod:`querykit.grammar.loop`)."""
    from querykit.grammar.lalr import LEXER_INTERFACE, Lexer, LexerConf, literal_words

    class QueryLexer(Lexer):
        __future_interface__ = LEXER_INTERFACE

        def __init__(self, conf: LexerConf) -> None:
            self.keywords = literal_words(conf)

        def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Any]:
            return Scanner(lexer_state.text.text, parser_state, self.keywords, limits).tokens()

    return QueryLexer


class Scanner:
    """Tokens of one text, each read in the parser state it will be fed to."""

    __slots__ = ("depth", "keywords", "limits", "n", "parser_state", "pos", "text")

    #: The terminal a line break becomes where the grammar accepts it (``None``: line breaks are
    #: only white space, as in the query language).
    newline: str | None = None

    def __init__(self, text: str, parser_state: Any, kw: dict[str, str], limits: Limits) -> None:
        self.text = text
        self.n = len(text)
        self.pos = 0
        self.parser_state = parser_state
        self.keywords = kw
        self.limits = limits
        self.depth = 0

    def accepts(self) -> dict[str, Any]:
        """What the parser accepts next (keys: terminal names), in the Lark parser state or the
        loop's state alike."""
        state = self.parser_state
        states: dict[Any, dict[str, Any]] = state.parse_conf.states
        return states[state.state_stack[-1]]

    def tokens(self) -> Iterator[Tok]:
        token = self.next_token()
        while token is not None:
            yield token
            token = self.next_token()

    def next_token(self) -> Tok | None:
        """The token at ``pos`` (after any white space), ``None`` at the end of the text."""
        text = self.text
        n = self.n
        while True:
            pos = self.pos
            if pos >= n:
                return None
            c = text[pos]
            if c in " \t\r\n\f\v#":
                m = _WS.match(text, pos)
                assert m is not None
                self.pos = m.end()
                newline = self.newline
                if newline is not None and "\n" in m.group() and newline in self.accepts():
                    return tok(newline, "\n", pos, m.end())
                continue
            if c.isalpha() or c == "_" or c == "$":
                return self.word(pos)
            if c == "`":
                m = _QNAME.match(text, pos)
                if m is None:
                    raise self.error("unterminated backtick name", pos, pos + 1)
                self.pos = m.end()
                return tok("NAME", m.group(1).replace("``", "`"), pos, m.end())
            if c in "\"'[{" or c.isdigit() or (c == "-" and pos + 1 < n and text[pos + 1].isdigit()):
                value, end = self.literal(pos, 0)
                self.pos = end
                return _value_token(text, pos, end, value)
            if c == "(":
                accepts = self.accepts()
                if "LPAR" not in accepts and "VALUE" in accepts:
                    value, end = self.literal(pos, 0)
                    self.pos = end
                    return _value_token(text, pos, end, value)
                self.depth += 1
                if self.depth > self.limits.max_depth:
                    raise LimitError(
                        f"brackets nested deeper than {self.limits.max_depth}", span=Span(pos, pos + 1)
                    )
                self.pos = pos + 1
                return tok("LPAR", "(", pos, pos + 1)
            if c == ")":
                self.depth -= 1
                self.pos = pos + 1
                return tok("RPAR", ")", pos, pos + 1)
            return self.symbol(pos, c)

    # ------------------------------------------------------------------ words
    def word(self, pos: int) -> Tok:
        text = self.text
        m = _WORD.match(text, pos)
        if m is None:  # a letter outside ASCII
            raise self.error(
                f"unexpected character {text[pos]!r}",
                pos,
                pos + 1,
                hint="write a name with other characters in backticks",
            )
        end = m.end()
        word = m.group()
        self.pos = end
        if "." in word:
            return tok("NAME", word, pos, end)
        lower = word.lower()
        kind = self.keywords.get(lower)
        if kind is None and lower not in _SPECIAL_WORDS:
            # An ordinary name: an attribute, or a call when `(` follows.
            if end < self.n and text[end] == "(" and "CALLNAME" in self.accepts():
                return tok("CALLNAME", word, pos, end)
            return tok("NAME", word, pos, end)
        accepts = self.accepts()
        if end < self.n and text[end] == "(" and "CALLNAME" in accepts and lower != "not":
            return tok("CALLNAME", word, pos, end)
        if kind is not None and kind in accepts:
            return tok(kind, word, pos, end)
        if lower in _LITERAL_WORDS and "VALUE" in accepts:
            return _value_token(text, pos, end, _LITERAL_WORDS[lower])
        special = self.special(lower, pos, end, accepts)
        if special is not None:
            return special
        if "NAME" in accepts or kind is None:
            return tok("NAME", word, pos, end)
        return tok(kind, word, pos, end)

    def special(self, lower: str, pos: int, end: int, accepts: dict[str, Any]) -> Tok | None:
        """The words of the terminals the grammar declares: SPATIAL, JOIN_KIND, DIRECTION ..."""
        text = self.text
        if "SPATIAL" in accepts:
            if lower in _SPATIAL:
                return tok("SPATIAL", _SPATIAL[lower], pos, end)
            if lower == "spatially":
                m = _FOLLOWED_BY_EQUALS.match(text, end)
                if m is not None:
                    self.pos = m.end()
                    return tok("SPATIAL", "spatialEquals", pos, m.end())
        if "JOIN_KIND" in accepts:
            if lower == "join":
                return tok("JOIN_KIND", "join", pos, end)
            if lower in _JOIN_PREFIX:
                m = _FOLLOWED_BY_JOIN.match(text, end)
                if m is not None:
                    self.pos = m.end()
                    return tok("JOIN_KIND", _JOIN_PREFIX[lower], pos, m.end())
        if lower in _DIRECTION and "DIRECTION" in accepts:
            return tok("DIRECTION", lower, pos, end)
        if lower in _DATE_FIELD and "DATE_FIELD" in accepts:
            return tok("DATE_FIELD", _DATE_FIELD[lower], pos, end)
        return None

    # ------------------------------------------------------------------ symbols
    def symbol(self, pos: int, c: str) -> Tok:
        text = self.text
        two = text[pos : pos + 2]
        if two in ("==", "!=", "<>", "<=", ">="):
            self.pos = pos + 2
            return tok("CMP", _CMP[two], pos, pos + 2)
        if two == "!~":
            self.pos = pos + 2
            return tok("NTILDE", "!~", pos, pos + 2)
        if two == "..":
            self.pos = pos + 2
            return tok("DOTDOT", "..", pos, pos + 2)
        if two == ".*":
            self.pos = pos + 2
            return tok("DOTSTAR", ".*", pos, pos + 2)
        self.pos = pos + 1
        if c in "=<>":
            return tok("CMP", c, pos, pos + 1)
        if c == ",":
            return tok("_COMMA", ",", pos, pos + 1)
        if c == "*":
            return tok("STAR", "*", pos, pos + 1)
        if c == "~":
            return tok("TILDE", "~", pos, pos + 1)
        raise self.error(f"unexpected character {c!r}", pos, pos + 1)

    # ------------------------------------------------------------------ literals
    def literal(self, pos: int, depth: int) -> tuple[Value, int]:
        """One literal starting at ``pos``: its value and where it ends."""
        text = self.text
        if pos >= self.n:
            raise self.error("unexpected end of input; expected a value", pos, pos)
        c = text[pos]
        if c == '"' or c == "'":
            m = _STRING[c].match(text, pos)
            if m is None:
                raise self.error(
                    "unterminated string",
                    pos,
                    pos + 1,
                    hint="close the string on the same line; write a line break as \\n",
                )
            return _decode_string(m.group(1), c, pos), m.end()
        if c.isdigit() or c == "-":
            m = _DATE.match(text, pos)
            if m is not None and (m.end() >= self.n or not text[m.end()].isalnum()):
                return m.group(), m.end()
            m = _NUMBER.match(text, pos)
            if m is None:
                if _LEADING_ZERO.match(text, pos):
                    raise self.error(
                        "a number cannot start with 0",
                        pos,
                        pos + 2,
                        hint="drop the leading zeros, or write the digits as a string",
                    )
                raise self.error("invalid number", pos, pos + 1)
            return _number(m, pos), m.end()
        if c in "[({":
            return self.collection(pos, c, depth)
        m = _WORD.match(text, pos) if c.isalpha() else None
        if m is not None:
            lower = m.group().lower()
            if lower in ("true", "false", "null"):
                return (None if lower == "null" else lower == "true"), m.end()
            raise self.error(
                f"expected a value, found `{m.group()}`",
                pos,
                m.end(),
                hint=f'write a string in quotes: "{m.group()}"',
            )
        raise self.error(f"unexpected character {c!r}; expected a value", pos, pos + 1)

    def collection(self, start: int, opener: str, depth: int) -> tuple[Value, int]:
        if opener != "(" and depth == 0:
            fast = self.json_collection(start)
            if fast is not None:
                return fast
        if depth + self.depth >= self.limits.max_depth:
            raise LimitError(
                f"brackets nested deeper than {self.limits.max_depth}", span=Span(start, start + 1)
            )
        closer = {"[": "]", "(": ")", "{": "}"}[opener]
        text = self.text
        pos = self.skip(start + 1)
        items: list[Any] = []
        keys: set[str] = set()
        if pos < self.n and text[pos] == closer:
            return (JsonObject(()) if opener == "{" else ()), pos + 1
        while True:
            if len(items) >= self.limits.max_items:
                raise LimitError(f"more than {self.limits.max_items} values in a list", span=Span(start, pos))
            if opener == "{":
                if pos >= self.n or text[pos] not in "\"'":
                    raise self.error("expected a key in quotes", pos, pos + 1)
                key, pos = self.literal(pos, depth + 1)
                assert isinstance(key, str)
                if key in keys:
                    raise self.error("an object has the same key twice", start, pos)
                keys.add(key)
                pos = self.skip(pos)
                if pos >= self.n or text[pos] != ":":
                    raise self.error("expected `:` after the key", pos, pos + 1)
                value, pos = self.literal(self.skip(pos + 1), depth + 1)
                items.append((key, value))
            else:
                value, pos = self.literal(pos, depth + 1)
                items.append(value)
            pos = self.skip(pos)
            if pos < self.n and text[pos] == ",":
                pos = self.skip(pos + 1)
                continue
            if pos < self.n and text[pos] == closer:
                break
            raise self.error(f"expected `,` or `{closer}`", pos, min(pos + 1, self.n))
        if opener == "{":
            return JsonObject(tuple(items)), pos + 1
        return tuple(items), pos + 1

    def json_collection(self, start: int) -> tuple[Value, int] | None:
        """A list or object written in plain JSON, read by the C decoder; ``None`` when the
        literal uses more than JSON (or breaks a rule), so the careful reader takes over and
        reports the place of any problem."""
        try:
            decoded, end = _JSON.raw_decode(self.text, start)
        except (ValueError, RecursionError):
            return None
        try:
            value = _from_json(decoded, self.depth, self.limits)
        except _NotPlain:
            return None
        chunk = self.text[start:end]
        if (not chunk.isascii() or "\\u" in chunk) and holds_surrogate(decoded):
            return None
        return value, end

    def skip(self, pos: int) -> int:
        m = _WS.match(self.text, pos)
        return m.end() if m is not None else pos

    def error(self, message: str, start: int, end: int, hint: str | None = None) -> QuerySyntaxError:
        return QuerySyntaxError(message, span=Span(start, max(start, min(end, self.n))), hint=hint)


#: The tokens most queries are made of, each read with one match after plain white space:
#: 1 a word (as ``_WORD`` reads it), and 2 as well when ``(`` follows it, 3 and 4 a string
#: without escapes in double or single quotes, 5 an integer and 6 a decimal of at most 18
#: digits before the point (so it fits in 64 bits, or is finite), neither followed by anything
#: that could make it a date, an exponent or more digits, 7 a comparison, 8 another symbol,
#: 9 ``(``, 10 ``)``, 11 ``[``, 12 a date as ``_DATE`` reads it, not followed by a letter or
#: digit (the number of the group that matched last tells which; a list is read on by the
#: JSON decoder). Anything else, or any doubt, is left to
#: :meth:`Scanner.next_token`, which reads the same tokens the same way.
_COMMON = re.compile(
    r"[ \t\r\n]*(?:"
    r"([A-Za-z_$][A-Za-z0-9_]*(?:\.[A-Za-z_$][A-Za-z0-9_]*)*)(?:(?=(\())|)"
    r'|("[^"\\\n\ud800-\udfff]*")'
    r"|('[^'\\\n\ud800-\udfff]*')"
    r"|(-?(?:0|[1-9][0-9]{0,17}))(?![0-9A-Za-z_\-]|\.[0-9])"
    r"|(-?(?:0|[1-9][0-9]{0,17})\.[0-9]+)(?![0-9A-Za-z_\-]|\.[0-9])"
    r"|(==|!=|<>|<=|>=|[=<>])"
    r"|(,|\.\.|\.\*|!~|~|\*)|(\()|(\))|(\[)"
    r"|((?>" + _DATE.pattern.replace("(", "(?:") + r"))(?![^\W_])"
    r")"
)
#: The terminals of the symbols of group 8 of ``_COMMON``.
_SYMBOLS = {",": "_COMMA", "..": "DOTDOT", ".*": "DOTSTAR", "!~": "NTILDE", "~": "TILDE", "*": "STAR"}
#: The element types of a JSON list that :func:`run_loop` takes as they are decoded.
_PLAIN_ELEMENTS = frozenset({str, bool, type(None)})
_INT_ELEMENTS = frozenset({int})


def word_kinds(kw: dict[str, str]) -> dict[str, str]:
    """For :func:`run_loop`: each keyword's terminal (from ``kw``), and ``""`` for the other
    words the scanner may read as something else than a name."""
    kinds = dict.fromkeys(_SPECIAL_WORDS, "")
    kinds.update(kw)
    return kinds


def run_loop(tables: LoopTables, text: str, kw: dict[str, str], words: dict[str, str], limits: Limits) -> Any:
    """:func:`querykit.grammar.loop.run` over the tokens of :meth:`Scanner.tokens`, with the
    common tokens read inline: the same tokens, read in the same parser states, and so the
    same callbacks in the same order. ``kw`` is the keyword table, ``words`` its :func:`word_kinds`.
    Raises :class:`~querykit.grammar.loop.Refused` where :func:`~querykit.grammar.loop.run`
    does."""
    states = tables.states
    start_state = tables.start_state
    stack = [start_state]
    values: list[Any] = []
    push = stack.append
    keep = values.append
    scanner: Scanner | None = None  # made for the first token it reads
    depth = 0  # the scanner's bracket depth
    match = _COMMON.match
    n = len(text)
    max_depth = limits.max_depth
    pos = 0
    row = states[start_state]
    token: Tok
    value_token: ValueToken
    try:
        while True:
            m = match(text, pos)
            if m is None:
                kind = ""  # the scanner is to read the token (an empty kind says so below)
            else:
                group: int = m.lastindex  # type: ignore[assignment]
                if group == 1:  # a word, not followed by `(`; with dots, no word of `words`
                    lexeme = m[1]
                    lower = lexeme.lower()
                    kind = words.get(lower, "NAME")
                    if kind == "NAME" or kind in row:
                        token = _new(Tok, lexeme)
                    elif lower in _LITERAL_WORDS and "VALUE" in row:
                        value_token = _new(ValueToken, lexeme)
                        value_token.data = _LITERAL_WORDS[lower]
                        token = value_token
                        kind = "VALUE"
                    elif lower in _DIRECTION and "DIRECTION" in row:
                        token = _new(Tok, lower)
                        kind = "DIRECTION"
                    else:
                        kind = ""
                elif group == 2:  # a word followed by `(`
                    lexeme = m[1]
                    lower = lexeme.lower()
                    found = words.get(lower)
                    if "." in lexeme:
                        kind = "NAME"
                    elif found is None:
                        kind = "CALLNAME" if "CALLNAME" in row else "NAME"
                    elif "CALLNAME" in row and lower != "not":
                        kind = "CALLNAME"
                    elif found in row:
                        kind = found
                    else:
                        kind = ""
                    token = _new(Tok, lexeme)
                    group = 1  # the word's group
                else:
                    lexeme = m[group]
                    if group <= 6 or group == 12:
                        if group <= 4:
                            value: Value = lexeme[1:-1]
                        elif group == 5:
                            value = int(lexeme)
                        elif group == 6:
                            value = float(lexeme)
                        else:  # a date, a string as written
                            value = lexeme
                        value_token = _new(ValueToken, lexeme)
                        value_token.data = value
                        token = value_token
                        kind = "VALUE"
                    elif group == 7:
                        token = _new(Tok, _CMP[lexeme])
                        kind = "CMP"
                    elif group == 8:
                        token = _new(Tok, lexeme)
                        kind = _SYMBOLS[lexeme]
                    elif group == 9:
                        if ("LPAR" in row or "VALUE" not in row) and depth < max_depth:
                            depth += 1
                            token = _new(Tok, lexeme)
                            kind = "LPAR"
                        else:
                            kind = ""
                    elif group == 10:
                        depth -= 1
                        token = _new(Tok, lexeme)
                        kind = "RPAR"
                    else:
                        plain = _plain_list(text, m.end() - 1, depth, limits)
                        if plain is None:
                            kind = ""
                        else:
                            lexeme, value = plain
                            value_token = _new(ValueToken, lexeme)
                            value_token.data = value
                            token = value_token
                            kind = "VALUE"
            if kind:
                start = m.start(group)  # type: ignore[union-attr]
                pos = start + len(lexeme)
                token.type = kind
                token.start_pos = start
                token.end_pos = pos
            else:
                if pos >= n:
                    return finish(states, tables.end_state, stack, values)
                if scanner is None:
                    parser_state = ParseState(tables.conf, start_state)
                    parser_state.state_stack = stack
                    scanner = Scanner(text, parser_state, kw, limits)
                scanner.pos = pos
                scanner.depth = depth
                read = scanner.next_token()
                if read is None:
                    return finish(states, tables.end_state, stack, values)
                token = read
                kind = token.type
                pos = scanner.pos
                depth = scanner.depth
            action = row[kind]
            while action.__class__ is not int:
                size, origin, callback = action
                if callback is None:
                    stack[-1] = states[stack[-2]][origin]
                else:
                    if size:
                        children = values[-size:]
                        del stack[-size:]
                        del values[-size:]
                    else:
                        children = []
                    keep(callback(children))
                    push(states[stack[-1]][origin])
                action = states[stack[-1]][kind]
            push(action)
            keep(token)
            row = states[action]
    except KeyError:
        raise Refused from None


def _plain_list(text: str, start: int, depth: int, limits: Limits) -> tuple[str, Value] | None:
    """The JSON list at ``start`` (its text and value) when the scanner's reader would take it
    as the decoder reads it (strings, booleans, nulls, or 64-bit integers only, in plain ASCII
    without ``\\u`` escapes, within the limits); ``None`` otherwise."""
    try:
        decoded, end = _JSON.raw_decode(text, start)
    except (ValueError, RecursionError):
        return None
    if decoded.__class__ is not list or depth >= limits.max_depth or len(decoded) > limits.max_items:
        return None
    kinds = set(map(type, decoded))
    if not kinds <= _PLAIN_ELEMENTS and not (
        kinds == _INT_ELEMENTS and min(decoded) >= INT64_MIN and max(decoded) <= INT64_MAX
    ):
        return None
    chunk = text[start:end]
    if not chunk.isascii() or "\\u" in chunk:
        return None
    return chunk, tuple(decoded)


class _NotPlain(Exception):
    """A decoded JSON literal that the careful reader must look at (limits, odd numbers)."""


def _duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


_JSON = json.JSONDecoder(object_pairs_hook=_duplicate_keys, parse_constant=reject_json_constant)


def _from_json(value: Any, depth: int, limits: Limits) -> Value:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value  # type: ignore[no-any-return]
    if kind is int:
        if INT64_MIN <= value <= INT64_MAX:
            return value  # type: ignore[no-any-return]
        raise _NotPlain
    if kind is float:
        if value - value == 0.0:
            return value  # type: ignore[no-any-return]
        raise _NotPlain
    if depth >= limits.max_depth or len(value) > limits.max_items:
        raise _NotPlain
    if kind is list:
        return tuple([_from_json(v, depth + 1, limits) for v in value])
    return JsonObject(tuple([(k, _from_json(v, depth + 1, limits)) for k, v in value.items()]))


def _value_token(text: str, start: int, end: int, value: Value) -> ValueToken:
    t: ValueToken = _new(ValueToken, text[start:end])
    t.type = "VALUE"
    t.start_pos = start
    t.end_pos = end
    t.data = value
    return t


def _decode_string(body: str, quote: str, at: int) -> str:
    if "\\" in body:
        if quote == "'":
            # The same escapes as JSON, plus \' ; a bare " inside single quotes is literal.
            body = _ESCAPE_QUOTE.sub(
                lambda m: '\\"' if m.group(0) == '"' else ("'" if m.group(1) == "'" else m.group(0)), body
            )
        try:
            body = json.loads('"' + body + '"', strict=False)
        except json.JSONDecodeError as e:
            bad = at + max(1, e.pos)
            raise QuerySyntaxError(
                "invalid escape in string",
                span=Span(bad - 1, bad + 1),
                expected=('one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX',),
            ) from None
    if SURROGATE.search(body):
        raise QuerySyntaxError(
            "a string cannot hold a lone surrogate (\\uD800-\\uDFFF)", span=Span(at, at + len(body) + 2)
        )
    return body


def _number(m: re.Match[str], at: int) -> int | float:
    text = m.group()
    if m.group(2) is not None or m.group(3) is not None:
        value = float(text)
        if not math.isfinite(value):
            raise LimitError(f"the number {text} is out of range", span=Span(at, at + len(text)))
        return value
    digits = text.lstrip("+-").lstrip("0")
    n = int(text) if len(digits) <= 19 else INT64_MAX + 1  # int() of a huge digit string is slow or refused
    if not INT64_MIN <= n <= INT64_MAX:
        shown = text if len(text) <= 40 else f"{text[:20]}...{text[-8:]} ({len(text)} characters)"
        raise LimitError(
            f"the integer {shown} does not fit in 64 bits",
            span=Span(at, at + len(text)),
            hint="write it as a string, or as a float with a decimal point",
        )
    return n
