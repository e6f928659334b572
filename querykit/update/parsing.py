"""Update text to the update AST.

The grammar is ``querykit/grammar/update.lark`` with the query grammar appended (for ``where``), read by
the query language's contextual lexer (:mod:`querykit.text.lexer`) with three additions: the
assignment operators ``+= -= *= /= %= ^=``, ``;``, and line breaks, which separate assignments
where an assignment may end.

>>> update = parse('views += 1, tags append ["sale"] where status = "draft"')
>>> [a.attribute for a in update.assignments], update.query
(['views', 'tags'], <Query status = "draft">)
>>> update.assignments[0].value
Operation(method='increment', values=(1,))
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import cache
from typing import Any, cast

from lark import Lark
from lark.exceptions import UnexpectedInput

from querykit.ast import Query, Value
from querykit.errors import LimitError, QueryError, QuerySyntaxError, Span
from querykit.grammar import read_grammar
from querykit.grammar.lalr import (
    LEXER_INTERFACE,
    Lexer,
    LexerConf,
    UnexpectedToken,
    accepted_after,
    build_parser,
    literal_words,
)
from querykit.grammar.phrasing import TokenWords
from querykit.limits import DEFAULT_LIMITS, Limits
from querykit.text.lexer import Scanner, Tok, ValueToken, tok
from querykit.text.parser import TOKEN_WORDS as QUERY_TOKEN_WORDS
from querykit.text.parser import _Build, _CallSyntax
from querykit.update.catalog import CONDITION_WORDS, OPERATORS
from querykit.update.nodes import Assignment, Operation, Update

__all__ = ["UPDATE_KEYWORDS", "expected_terminals", "grammar_text", "parse", "terminal_keywords"]

#: The words the update grammar adds to the query language's keywords.
UPDATE_KEYWORDS: frozenset[str] = frozenset(
    re.findall(r'"([a-z]+)"i', read_grammar("update.lark").split("the query language follows")[0])
)

_ASSIGN_OPS = ("+=", "-=", "*=", "/=", "%=", "^=")
#: The arithmetic operator of each assignment symbol, and the bound it takes.
ARITHMETIC: dict[str, tuple[str, str | None]] = {
    "+=": ("increment", "max"),
    "-=": ("decrement", "min"),
    "*=": ("multiply", "max"),
    "/=": ("divide", "min"),
    "%=": ("modulo", None),
    "^=": ("power", "max"),
}
_CONDITIONS = {"=": "equal", "!=": "notEqual", "<": "lessThan", "<=": "lessThanEqual", ">": "greaterThan"}
_CONDITIONS[">="] = "greaterThanEqual"
assert set(_CONDITIONS.values()) | {"contains", "isNull", "isNotNull"} == set(CONDITION_WORDS)


def grammar_text() -> str:
    """The whole grammar of the update language: ``update.lark`` then ``query.lark``.

    >>> grammar_text().startswith("// The querykit update language")
    True
    """
    return read_grammar("update.lark") + "\n" + read_grammar("query.lark")


class _UpdateScanner(Scanner):
    """The query language's scanner, plus ``+=``-style operators, ``;`` and line breaks (which
    separate assignments, so they are only white space once ``where`` has begun the query)."""

    __slots__ = ("newline",)

    def __init__(self, text: str, parser_state: Any, kw: dict[str, str], limits: Limits) -> None:
        super().__init__(text, parser_state, kw, limits)
        self.newline: str | None = "_NL"

    def word(self, pos: int) -> Tok:
        token = super().word(pos)
        if token.type == "WHERE":
            self.newline = None
        return token

    def symbol(self, pos: int, c: str) -> Tok:
        two = self.text[pos : pos + 2]
        if two in _ASSIGN_OPS and "UPDATE_OP" in self.accepts():
            self.pos = pos + 2
            return tok("UPDATE_OP", two, pos, pos + 2)
        if c == ";":
            self.pos = pos + 1
            return tok("_SEMI", ";", pos, pos + 1)
        return super().symbol(pos, c)


def make_update_lexer(limits: Limits) -> type[Lexer]:
    """A Lark lexer class for the update grammar, bound to ``limits``."""

    class UpdateLexer(Lexer):
        __future_interface__ = LEXER_INTERFACE

        def __init__(self, conf: LexerConf) -> None:
            self.keywords = literal_words(conf)

        def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Any]:
            return _UpdateScanner(lexer_state.text.text, parser_state, self.keywords, limits).tokens()

    return UpdateLexer


# ----------------------------------------------------------------------------- the transformer


def _span(first: Any, last: Any) -> Span:
    return Span(_start(first), _end(last))


def _start(x: Any) -> int:
    if isinstance(x, Tok):
        return int(x.start_pos)
    if isinstance(x, _CallSyntax):
        return x.start
    span = getattr(x, "span", None)
    return span.start if isinstance(span, Span) else 0


def _end(x: Any) -> int:
    if isinstance(x, Tok):
        return int(x.end_pos)
    if isinstance(x, _CallSyntax):
        return x.end
    span = getattr(x, "span", None)
    return span.end if isinstance(span, Span) else 0


def _value(x: Any) -> Value:
    if isinstance(x, ValueToken):
        return x.data
    if isinstance(x, Tok) and x.type == "NAME":
        raise QuerySyntaxError(
            f"expected a value, found `{x}`", span=_span(x, x), hint=f'write a string in quotes: "{x}"'
        )
    raise QuerySyntaxError("expected a value", span=_span(x, x))


def _list(x: Any, what: str) -> tuple[Value, ...]:
    value = _value(x)
    if not isinstance(value, tuple):
        raise QuerySyntaxError(
            f"`{what}` takes a list in brackets", span=_span(x, x), hint=f"write {what} [{x}]"
        )
    return value


def _assign(attr: Tok, method: str, values: tuple[Value, ...] | None, last: Any) -> Assignment:
    span = _span(attr, last)
    return Assignment(str(attr), Operation(method, values, span=Span(_end(attr), span.end)), span=span)


class _UpdateBuild(_Build):
    """Builds the update AST while the LALR parser reduces; the query rules are the query
    language's own."""

    def update(self, c: list[Any]) -> Update:
        assignments = tuple(x for x in c if isinstance(x, Assignment))
        where = next((x for x in c if isinstance(x, Tok) and x.type == "WHERE"), None)
        query = next((x for x in c if isinstance(x, Query)), None)
        if where is not None and (query is None or not query.parts):
            raise QuerySyntaxError("expected a query after `where`", span=_span(where, where))
        if query is not None and query.parts:
            query = Query(query.parts, span=Span(_start(query.parts[0]), max(_end(p) for p in query.parts)))
        first: Any = c[0] if c[0] is not None else assignments[0]
        return Update(assignments, query, span=Span(_start(first), _end(query or assignments[-1])))

    def assign_value(self, c: list[Any]) -> Assignment:
        attr, op, value = c
        _check_equals(op)
        return Assignment(str(attr), _value(value), span=_span(attr, value))

    def assign_now(self, c: list[Any]) -> Assignment:
        attr, op, now = c
        _check_equals(op)
        return _assign(attr, "dateSetNow", (), now)

    def assign_call(self, c: list[Any]) -> Assignment:
        attr, op, call = c
        _check_equals(op)
        values: list[Value] = []
        for arg in call.args:
            if isinstance(arg, Tok) and arg.type == "STAR":
                raise QuerySyntaxError("expected a value, found `*`", span=_span(arg, arg))
            values.append(_value(arg))
        return _assign(attr, call.name, tuple(values), call)

    def assign_bare(self, c: list[Any]) -> Assignment:
        attr, op, name = c
        _check_equals(op)
        if str(name) not in OPERATORS:
            close = difflib.get_close_matches(str(name), OPERATORS, n=1)
            hint = (
                f'did you mean `{close[0]}` (an operator without values), or the string "{name}"?'
                if close
                else f'write a string in quotes: "{name}"'
            )
            raise QuerySyntaxError(f"expected a value, found `{name}`", span=_span(name, name), hint=hint)
        return _assign(attr, str(name), None, name)

    def arithmetic(self, c: list[Any]) -> Assignment:
        attr, op, value, bound_kw, bound = c
        method, bound_word = ARITHMETIC[str(op)]
        values: tuple[Value, ...] = (_value(value),)
        if bound_kw is not None:
            word = str(bound_kw).lower()
            if word != bound_word:
                expected = f"`{op}` takes `{bound_word}`" if bound_word else f"`{op}` takes no bound"
                raise QuerySyntaxError(
                    f"{expected}, not `{word}`",
                    span=_span(bound_kw, bound_kw),
                    hint=None if bound_word is None else f"write `{attr} {op} {value} {bound_word} {bound}`",
                )
            values += (_value(bound),)
        return _assign(attr, method, values, bound if bound is not None else value)

    def days(self, c: list[Any]) -> Assignment:
        attr, op, value = c
        if str(op) not in ("+=", "-="):
            raise QuerySyntaxError(
                f"`{op}` does not take days; only `+=` and `-=` do",
                span=_span(op, op),
                expected=("`+=`", "`-=`"),
            )
        method = "dateAddDays" if str(op) == "+=" else "dateSubDays"
        return _assign(attr, method, (_value(value),), value)

    def append(self, c: list[Any]) -> Assignment:
        attr, value = c
        v = _value(value)
        if isinstance(v, tuple):
            return _assign(attr, "arrayAppend", v, value)
        if isinstance(v, str):
            return _assign(attr, "stringConcat", (v,), value)
        raise QuerySyntaxError(
            "`append` takes a list in brackets (array append) or a string (string concat)",
            span=_span(value, value),
            hint=f"write append [{value}]",
        )

    def prepend(self, c: list[Any]) -> Assignment:
        return _assign(c[0], "arrayPrepend", _list(c[1], "prepend"), c[1])

    def insert(self, c: list[Any]) -> Assignment:
        attr, value, index = c
        return _assign(attr, "arrayInsert", (_value(index), _value(value)), index)

    def remove(self, c: list[Any]) -> Assignment:
        return _assign(c[0], "arrayRemove", (_value(c[1]),), c[1])

    def unique(self, c: list[Any]) -> Assignment:
        return _assign(c[0], "arrayUnique", (), c[0])

    def intersect(self, c: list[Any]) -> Assignment:
        return _assign(c[0], "arrayIntersect", _list(c[1], "intersect"), c[1])

    def except_(self, c: list[Any]) -> Assignment:
        return _assign(c[0], "arrayDiff", _list(c[1], "except"), c[1])

    def keep_compare(self, c: list[Any]) -> Assignment:
        attr, op, value = c
        return _assign(attr, "arrayFilter", (_CONDITIONS[str(op)], _value(value)), value)

    def keep_contains(self, c: list[Any]) -> Assignment:
        return _assign(c[0], "arrayFilter", ("contains", _value(c[1])), c[1])

    def keep_null(self, c: list[Any]) -> Assignment:
        return _assign(c[0], "arrayFilter", ("isNull", None), c[-1])

    def keep_not_null(self, c: list[Any]) -> Assignment:
        return _assign(c[0], "arrayFilter", ("isNotNull", None), c[-1])

    def replace(self, c: list[Any]) -> Assignment:
        attr, search, replacement = c
        return _assign(attr, "stringReplace", (_value(search), _value(replacement)), replacement)

    def toggle(self, c: list[Any]) -> Assignment:
        return _assign(c[0], "toggle", (), c[0])


def _check_equals(op: Tok) -> None:
    if str(op) != "=" or _end(op) - _start(op) != 1:
        raise QuerySyntaxError(
            f"`{op}` is not an assignment",
            span=_span(op, op),
            expected=("`=`", *(f"`{s}`" for s in _ASSIGN_OPS)),
            hint="an update assigns with `=` or changes a value with `+=`, `append`, ...; "
            "comparisons go after `where`",
        )


# ----------------------------------------------------------------------------- the parser


@cache
def _parser(limits: Limits) -> Lark:
    """The LALR parser: from the shipped tables when they match the grammar, else built."""
    from querykit.update.tables import load_tables

    lexer = make_update_lexer(limits)
    transformer: Any = _UpdateBuild(limits)
    grammar = grammar_text()
    prebuilt = load_tables(grammar, lexer, transformer)
    if prebuilt is not None:
        return prebuilt
    return build_parser(grammar, lexer, transformer, start="update")


def parse(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Update:
    """Parse update text into an :class:`~querykit.update.nodes.Update`.

    Raises :class:`~querykit.errors.QueryError` with the place for anything that is not an
    update; no other exception escapes.

    >>> parse("set status = 'archived', count -= 1 min 0").assignments[1].value
    Operation(method='decrement', values=(1, 0))
    """
    if not isinstance(text, str):
        raise QueryError(f"expected update text (str), got {type(text).__name__}")
    if len(text) > limits.max_length:
        raise LimitError(
            f"the update is {len(text)} characters long; the limit is {limits.max_length}",
            span=Span(limits.max_length, len(text)),
            source=text,
        )
    try:
        result: Any = _parser(limits).parse(text)
        return cast(Update, result)
    except QueryError as e:
        raise e.with_source(text) from None
    except UnexpectedToken as e:
        raise _syntax_error(e, text) from None
    except UnexpectedInput as e:  # pragma: no cover - the scanner reports its own errors
        raise QuerySyntaxError(f"unexpected input: {e}", source=text) from None
    except RecursionError:
        raise LimitError("the update is nested too deeply", source=text) from None


def expected_terminals(text: str, limits: Limits = DEFAULT_LIMITS) -> frozenset[str] | None:
    """The terminals the update grammar accepts right after ``text`` (an update typed so far),
    from the LALR state its parse ends in; None when ``text`` is not the start of an update.

    >>> sorted(expected_terminals("tags keep"))
    ['CMP', '_CONTAINS', '_IS']
    >>> expected_terminals("a = = 1") is None
    True
    """
    if not isinstance(text, str) or len(text) > limits.max_length:
        return None
    try:
        interactive: Any = _parser(limits).parse_interactive(text)
        interactive.exhaust_lexer()
        choices: Any = interactive.choices()
    except (QueryError, UnexpectedInput, RecursionError):
        return None
    return frozenset(t for t in choices if t.isupper())


@cache
def terminal_keywords() -> dict[str, str]:
    """The update grammar's keyword terminals (the query grammar's included) and the word each
    stands for.

    >>> terminal_keywords()["_APPEND"], terminal_keywords()["WHERE"]
    ('append', 'where')
    """
    return dict(re.findall(r'^(\w+): "([a-z]+)"i', grammar_text(), flags=re.M))


# ----------------------------------------------------------------------------- syntax errors

#: The update grammar's terminals in words, for syntax errors before ``where``.
TOKEN_WORDS = TokenWords(
    {
        "NAME": "an attribute",
        "CALLNAME": "an operator call",
        "VALUE": "a value",
        "CMP": "`=`",
        "UPDATE_OP": "`+=`\0`-=`\0`*=`\0`/=`\0`%=`\0`^=`",
        "_NL": "a line break",
        "_SEMI": "`;`",
        "_COMMA": "`,`",
        "LPAR": "`(`",
        "RPAR": "`)`",
        "$END": "end of input",
    },
    first=("an attribute", "a value", "`=`", "`+=`", "`-=`", "`*=`", "`/=`", "`%=`", "`^=`"),
    limit=12,
)


def _syntax_error(e: UnexpectedToken, text: str) -> QueryError:
    """The parser's complaint about a token, in words, at the token's place, with a
    did-you-mean when the token is a misspelt keyword; after ``where``, in the query
    language's words."""
    token = e.token
    accepted = accepted_after(e)
    words = QUERY_TOKEN_WORDS if _after_where(text, token) else TOKEN_WORDS
    expected = list(words.expected(accepted))
    if token.type == "$END":
        pos = end = len(text)
        message = "unexpected end of input"
    else:
        pos, end = _start(token), _end(token)
        message = f"unexpected {_token_words(token)}"
    if expected:
        message += "; expected " + words.join(expected)
    hint = _did_you_mean(token, accepted)
    return QuerySyntaxError(message, span=Span(pos, max(end, pos)), source=text, expected=expected, hint=hint)


def _after_where(text: str, token: Any) -> bool:
    pos = len(text) if token.type == "$END" else _start(token)
    return re.search(r"(?i)(?<![A-Za-z0-9_$`])where(?![A-Za-z0-9_$])", text[:pos]) is not None


def _did_you_mean(token: Any, accepted: set[str]) -> str | None:
    if token.type not in ("NAME", "CALLNAME"):
        return None
    word = str(token).lower()
    candidates = {name.lstrip("_").lower() for name in accepted if name.lstrip("_").isalpha()}
    candidates -= {"name", "callname", "value", "cmp", "nl", "semi", "comma", "lpar", "rpar"}
    if "UPDATE_OP" in accepted:
        candidates.update(("append", "prepend", "insert", "remove", "unique", "intersect", "except", "keep"))
        candidates.update(("replace", "toggle"))
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.7)
    if close:
        return f"did you mean `{close[0]}`?"
    if "_SEMI" in accepted or "_COMMA" in accepted:
        return "separate assignments with `,`, `;` or a line break"
    return None


def _token_words(token: Any) -> str:
    if token.type == "NAME":
        return f"attribute `{token}`"
    if token.type == "VALUE":
        return f"value {token}"
    if token.type == "_NL":
        return "line break"
    return f"`{token}`"
