"""Text to AST: the Lark grammar ``querykit/grammar/query.lark``, fed by querykit's contextual lexer
(:mod:`querykit.text.lexer`), with a transformer that runs inside the LALR parse, so the AST is
built in one pass.

>>> from querykit.text.parser import parse
>>> parse("age between 18..30").parts
(<Filter age between 18..30>,)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast

from querykit.ast import (
    Aggregate,
    And,
    CrossJoin,
    Cursor,
    Distinct,
    ElemMatch,
    Filter,
    GroupBy,
    Having,
    Join,
    JoinMethod,
    Limit,
    Node,
    Offset,
    On,
    Or,
    Order,
    OrderRandom,
    Query,
    Relationship,
    Select,
    Value,
    make_filter,
    make_query,
)
from querykit.errors import LimitError, QueryError, QuerySyntaxError, Span
from querykit.grammar import loop, read_grammar
from querykit.grammar.phrasing import TokenWords
from querykit.limits import DEFAULT_LIMITS, INT64_MAX, Limits
from querykit.methods import METHODS
from querykit.negation import negate
from querykit.text.lexer import Scanner, Tok, ValueToken, keywords, make_lexer, run_loop, tok, word_kinds
from querykit.valueclasses import slot_setters
from querykit.wireparts import node_from_parts

if TYPE_CHECKING:
    from lark import Lark

    from querykit.grammar.lalr import Tables, UnexpectedToken

__all__ = ["expected_terminals", "parse", "terminal_keywords"]


# ----------------------------------------------------------------------------- intermediate values


class _Chain:
    """An unbracketed ``p and q and ...``: at the top level (and inside ``has``/``having``)
    each operand is its own query; anywhere else it is one ``and``."""

    __slots__ = ("items", "span")

    def __init__(self, items: tuple[Node, ...], span: Span) -> None:
        self.items = items
        self.span = span


class _Negated:
    """``not x``, kept lazy so that a chain of ``not`` costs nothing and pushes down once."""

    __slots__ = ("inner", "span")

    def __init__(self, inner: Any, span: Span) -> None:
        self.inner = inner
        self.span = span


class _CallSyntax:
    __slots__ = ("args", "end", "name", "start")

    def __init__(self, name: str, args: list[Any], start: int, end: int) -> None:
        self.name = name
        self.args = args
        self.start = start
        self.end = end


class _Clause:
    __slots__ = ("nodes",)

    def __init__(self, nodes: list[Node]) -> None:
        self.nodes = nodes


_COMPARE_METHOD = {
    "=": "equal",
    "!=": "notEqual",
    "<": "lessThan",
    "<=": "lessThanEqual",
    ">": "greaterThan",
    ">=": "greaterThanEqual",
}
_DISTANCE_METHOD = {
    "=": "distanceEqual",
    "!=": "distanceNotEqual",
    "<": "distanceLessThan",
    ">": "distanceGreaterThan",
}


def _s(t: Any) -> int:
    return int(t.start_pos or 0)


def _e(t: Any) -> int:
    return int(t.end_pos or 0)


#: The token classes, whose places are always whole numbers (the common case of the helpers
#: below, read without a call).
_TOKENS = frozenset({Tok, ValueToken})
_new_object = object.__new__


_set_span_start, _set_span_end = slot_setters(Span, "start", "end")


def _make_span(start: int, end: int) -> Span:
    """``Span(start, end)``; a valid one is made without the dataclass's ``__init__``."""
    if 0 <= start <= end:
        span: Span = _new_object(Span)
        _set_span_start(span, start)
        _set_span_end(span, end)
        return span
    return Span(start, end)


def _span(start: Any, end: Any) -> Span:
    """From the start of ``start`` to the end of ``end``: ``Span(_start(start), _end(end))``, with
    the token case read without a call (the most frequent call of the callbacks)."""
    a = start.start_pos if start.__class__ in _TOKENS else _start(start)
    b = end.end_pos if end.__class__ in _TOKENS else _end(end)
    return _make_span(a, b)


#: The classes whose place is their ``span`` (when it is a :class:`Span`): the filters and the
#: intermediate values of the callbacks (the common case of :func:`_start` and :func:`_end`).
_SPANNED: frozenset[Any] = frozenset({Filter, And, Or, ElemMatch, _Chain, _Negated})


def _cover(first: Any, last: Any) -> Span:
    """From the start of ``first`` to the end of ``last``: ``_make_span(_start(first),
    _end(last))``, with the case of two nodes (or intermediate values) read without calls."""
    if first.__class__ in _SPANNED and last.__class__ in _SPANNED:
        a = first.span
        b = last.span
        if a.__class__ is Span and b.__class__ is Span:
            return _make_span(a.start, b.end)
    return _make_span(_start(first), _end(last))


def _start(x: Any) -> int:
    if x.__class__ in _TOKENS:
        return x.start_pos
    if x.__class__ in _SPANNED:
        span = x.span
        if span.__class__ is Span:
            return span.start
    if isinstance(x, Tok):
        return _s(x)
    if isinstance(x, _CallSyntax):
        return x.start
    span = getattr(x, "span", None)
    return span.start if isinstance(span, Span) else 0


def _end(x: Any) -> int:
    if x.__class__ in _TOKENS:
        return x.end_pos
    if x.__class__ in _SPANNED:
        span = x.span
        if span.__class__ is Span:
            return span.end
    if isinstance(x, Tok):
        return _e(x)
    if isinstance(x, _CallSyntax):
        return x.end
    span = getattr(x, "span", None)
    return span.end if isinstance(span, Span) else 0


def _value(x: Any) -> Value:
    if x.__class__ is ValueToken or isinstance(x, ValueToken):
        return x.data
    if isinstance(x, Tok) and x.type == "NAME":
        raise QuerySyntaxError(
            f"expected a value, found the attribute `{x}`",
            span=_span(x, x),
            hint='write a string in double quotes: "' + str(x) + '"',
        )
    raise QuerySyntaxError("expected a value", span=_span(x, x))


def _values_of(x: Any) -> tuple[Value, ...]:
    """``contains [a, b]`` means the values a and b; ``contains a`` the single value a."""
    value = _value(x)
    return value if isinstance(value, tuple) else (value,)


def _list(x: Any, what: str) -> tuple[Value, ...]:
    value = _value(x)
    if not isinstance(value, tuple):
        raise QuerySyntaxError(f"{what} takes a list in brackets", span=_span(x, x), hint=f"write [{x}]")
    return value


_TYPE = attrgetter("type")
#: The intermediate values :func:`_resolve` turns into nodes.
_LAZY = frozenset({_Negated, _Chain})


def _resolve(x: Any) -> Node:
    kind = x.__class__
    if kind is _Negated:
        return negate(_resolve(x.inner), x.span)
    if kind is _Chain:
        return And(x.items, span=x.span)
    return x  # type: ignore[no-any-return]


def _items(x: Any) -> tuple[Node, ...]:
    """The queries a filter stands for where an unbracketed chain splits into parts."""
    if isinstance(x, _Chain):
        return x.items
    return (_resolve(x),)


def _int(tok: Tok, what: str) -> int:
    value = _value(tok)
    if type(value) is not int:
        raise QuerySyntaxError(f"{what} takes a whole number", span=_span(tok, tok))
    return value


class _Build:
    """Builds AST nodes while the LALR parser reduces (``transformer=`` in Lark; the callbacks of
    :mod:`querykit.grammar.loop`). Rules without a method here become trees whose children the
    parent rule splices in."""

    def __init__(self, limits: Limits) -> None:
        self.max_items = limits.max_items

    # ------------------------------------------------------------- structure
    def query(self, c: list[Any]) -> Query:
        parts: list[Node] = []
        for x in c:
            kind = x.__class__
            if kind is _Clause:
                parts += x.nodes
            elif kind is _Chain:  # the parts of a filter (see _items)
                parts += x.items
            elif kind is _Negated:
                parts.append(_resolve(x))
            elif x is not None:
                parts.append(x)
        # Canonical clause order; the sort is stable, so keys keep the order they were written in.
        if len(parts) > 1:
            parts.sort(key=_RANK)
        return make_query(tuple(parts))

    def expr(self, c: list[Any]) -> Any:
        """``p op q op r ...``: `and` binds tighter than `or`."""
        operands = c[::2]
        if not _LAZY.isdisjoint(map(type, operands)):
            operands = list(map(_resolve, operands))
        operators = c[1::2]
        if "OR" not in map(_TYPE, operators):  # only `and`: one chain (the common case)
            items = tuple(operands)
            return _Chain(items, _cover(items[0], items[-1]))
        groups: list[list[Node]] = [[operands[0]]]
        for operator, operand in zip(operators, operands[1:], strict=True):
            if operator.type == "OR":
                groups.append([operand])
            else:
                groups[-1].append(operand)
        items = tuple([g[0] if len(g) == 1 else And(tuple(g), span=_cover(g[0], g[-1])) for g in groups])
        return Or(items, span=_cover(items[0], items[-1]))

    def negation(self, c: list[Any]) -> Any:
        not_tok, inner = c
        if isinstance(inner, _Negated):
            return inner.inner
        return _Negated(inner, _span(not_tok, not_tok))

    def group(self, c: list[Any]) -> Any:
        lpar, inner, rpar = c
        if isinstance(inner, _Chain):
            return And(inner.items, span=_span(lpar, rpar))
        return inner

    # ------------------------------------------------------------- predicates
    def compare(self, c: list[Any]) -> Filter:
        attr, op, value = c
        if value.__class__ is ValueToken and attr.__class__ is Tok:  # the common case, written out
            end = value.end_pos
            start = attr.start_pos
            return make_filter(_COMPARE_METHOD[op], str(attr), (value.data,), _make_span(start, end))
        return make_filter(_COMPARE_METHOD[str(op)], str(attr), (_value(value),), _span(attr, value))

    def in_list(self, c: list[Any]) -> Filter:
        attr, seq = c
        return make_filter("equal", str(attr), _list(seq, "`in`"), _span(attr, seq))

    def not_in_list(self, c: list[Any]) -> Node:
        attr, _not, seq = c
        values = _list(seq, "`not in`")
        span = _span(attr, seq)
        if not values:
            raise QuerySyntaxError("`not in` needs at least one value", span=span)
        if len(values) == 1:
            return make_filter("notEqual", str(attr), values, span)
        return And(tuple(make_filter("notEqual", str(attr), (v,), span) for v in values), span=span)

    def between(self, c: list[Any]) -> Filter:
        attr, lo, _sep, hi = c
        return make_filter("between", str(attr), (_value(lo), _value(hi)), _span(attr, hi))

    def not_between(self, c: list[Any]) -> Filter:
        attr, _not, lo, _sep, hi = c
        return make_filter("notBetween", str(attr), (_value(lo), _value(hi)), _span(attr, hi))

    def is_null(self, c: list[Any]) -> Filter:
        return make_filter("isNull", str(c[0]), (), _span(c[0], c[-1]))

    def is_not_null(self, c: list[Any]) -> Filter:
        return make_filter("isNotNull", str(c[0]), (), _span(c[0], c[-1]))

    def _one(self, method: str, c: list[Any]) -> Filter:
        attr, value = c[0], c[-1]
        return make_filter(method, str(attr), (_value(value),), _span(attr, value))

    def _many(self, method: str, c: list[Any]) -> Filter:
        attr, value = c[0], c[-1]
        return make_filter(method, str(attr), _values_of(value), _span(attr, value))

    def starts_with(self, c: list[Any]) -> Filter:
        return self._one("startsWith", c)

    def not_starts_with(self, c: list[Any]) -> Filter:
        return self._one("notStartsWith", c)

    def ends_with(self, c: list[Any]) -> Filter:
        return self._one("endsWith", c)

    def not_ends_with(self, c: list[Any]) -> Filter:
        return self._one("notEndsWith", c)

    def search(self, c: list[Any]) -> Filter:
        return self._one("search", c)

    def not_search(self, c: list[Any]) -> Filter:
        return self._one("notSearch", c)

    def matches(self, c: list[Any]) -> Filter:
        return self._one("regex", c)

    def contains(self, c: list[Any]) -> Filter:
        return self._many("contains", c)

    def not_contains(self, c: list[Any]) -> Filter:
        return self._many("notContains", c)

    def contains_any(self, c: list[Any]) -> Filter:
        return make_filter("containsAny", str(c[0]), _list(c[-1], "`contains any`"), _span(c[0], c[-1]))

    def contains_all(self, c: list[Any]) -> Filter:
        return make_filter("containsAll", str(c[0]), _list(c[-1], "`contains all`"), _span(c[0], c[-1]))

    def has(self, c: list[Any]) -> ElemMatch:
        attr, _, inner, rpar = c
        return ElemMatch(str(attr), () if inner is None else _items(inner), span=_span(attr, rpar))

    def _spatial(self, attr: Tok, kind: Tok, value: Any, negated: bool) -> Filter:
        method = str(kind)
        if negated:
            method = "not" + method[0].upper() + method[1:]
        return make_filter(method, str(attr), (_value(value),), _span(attr, value))

    def spatial_pred(self, c: list[Any]) -> Filter:
        return self._spatial(c[0], c[1], c[2], False)

    def not_spatial(self, c: list[Any]) -> Filter:
        return self._spatial(c[0], c[2], c[3], True)

    def date_before(self, c: list[Any]) -> Filter:
        return make_filter("lessThan", str(c[0]), (_value(c[2]),), _span(c[0], c[2]))

    def date_after(self, c: list[Any]) -> Filter:
        return make_filter("greaterThan", str(c[0]), (_value(c[2]),), _span(c[0], c[2]))

    def date_between(self, c: list[Any]) -> Filter:
        field, lo, _sep, hi = c
        return make_filter("between", str(field), (_value(lo), _value(hi)), _span(field, hi))

    # ------------------------------------------------------------- calls
    def call(self, c: list[Any]) -> _CallSyntax:
        name = c[0]
        args = [a for a in c[2:-1] if a is not None]
        if len(args) > self.max_items:
            raise LimitError(f"more than {self.max_items} arguments", span=_span(name, c[-1]))
        return _CallSyntax(str(name), args, _s(name), _e(c[-1]))

    def call_predicate(self, c: list[Any]) -> Node:
        call: _CallSyntax = c[0]
        if call.name.lower() == "distance":
            raise QuerySyntaxError(
                "`distance(attribute, geometry)` must be compared with a number",
                span=_span(call, call),
                expected=("`<`", "`>`", "`=`", "`!=`"),
            )
        return _generic(call)

    def distance(self, c: list[Any]) -> Filter:
        return self._distance(c, meters=True)

    def distance_degrees(self, c: list[Any]) -> Filter:
        return self._distance(c, meters=False)

    def _distance(self, c: list[Any], meters: bool) -> Filter:
        call, op, value = c[0], c[1], c[2]
        span = _span(call, c[-1])
        row = METHODS.get(call.name)
        if row is not None and row.category == "aggregate":
            raise QuerySyntaxError(
                f"an aggregate is compared through its alias, not as `{call.name}(...)`",
                span=span,
                hint=f"write `select {call.name}(...) as n` and then `having n {op} ...`",
            )
        if call.name.lower() != "distance":
            raise QuerySyntaxError(
                f"only `distance(...)` can be compared; `{call.name}(...)` is a query by itself", span=span
            )
        method = _DISTANCE_METHOD.get(str(op))
        if method is None:
            raise QuerySyntaxError(
                f"Appwrite has no distance query for `{op}`",
                span=_span(op, op),
                expected=("`<`", "`>`", "`=`", "`!=`"),
            )
        if len(call.args) != 2 or not _is_attr(call.args[0]):
            raise QuerySyntaxError("expected `distance(attribute, geometry)`", span=_span(call, call))
        geometry = _value(call.args[1])
        return make_filter(method, str(call.args[0]), ((geometry, _value(value), meters),), span)

    # ------------------------------------------------------------- clauses
    def select_clause(self, c: list[Any]) -> _Clause:
        nodes: list[Node] = []
        if c[1] is not None:
            nodes.append(Distinct(span=_span(c[1], c[1])))
        names: list[str] = []
        select_at = -1
        first: Any = None
        for item in c[2:]:
            if item is None:
                continue
            if isinstance(item, Aggregate):
                nodes.append(item)
            else:
                if select_at < 0:
                    select_at = len(nodes)
                    first = item
                names.append(str(item))
        if len(names) > self.max_items:
            raise LimitError(f"more than {self.max_items} attributes", span=_span(c[0], c[0]))
        if select_at >= 0:
            nodes.insert(select_at, Select(tuple(names), span=_span(first, first)))
        elif not nodes:
            nodes.append(Select((), span=_span(c[0], c[0])))
        return _Clause(nodes)

    def select_star(self, c: list[Tok]) -> Tok:
        return c[0]

    def select_attr(self, c: list[Tok]) -> Tok:
        return c[0]

    def select_all_of(self, c: list[Tok]) -> Tok:
        return tok("NAME", str(c[0]) + ".*", c[0].start_pos, c[0].end_pos)

    def select_call(self, c: list[Any]) -> Aggregate:
        call: _CallSyntax = c[0]
        alias = None if c[1] is None else str(c[1])
        row = METHODS.get(call.name)
        if row is None or row.category != "aggregate":
            raise QuerySyntaxError(
                f"`{call.name}` is not an aggregate",
                span=_span(call, call),
                expected=tuple(f"`{m}`" for m, r in METHODS.items() if r.category == "aggregate"),
            )
        if len(call.args) != 1 or not (_is_attr(call.args[0]) or _is_star(call.args[0])):
            raise QuerySyntaxError(f"`{call.name}` takes one attribute (or `*`)", span=_span(call, call))
        return Aggregate(call.name, str(call.args[0]), alias, span=_span(call, c[1] or call))

    def group_clause(self, c: list[Tok | None]) -> _Clause:
        names = [a for a in c[1:] if a is not None]
        return _Clause(
            [GroupBy(tuple(str(a) for a in names), span=_span(c[0], names[-1] if names else c[0]))]
        )

    def having_clause(self, c: list[Any]) -> _Clause:
        if c[1] is None:
            return _Clause([Having((), span=_span(c[0], c[0]))])
        items = _items(c[1])
        return _Clause([Having(items, span=Span(_start(c[0]), _end(items[-1])))])

    def join_condition(self, c: list[Any]) -> On:
        left, op, right = c
        return On(str(left), str(op), str(right), span=_span(left, right))

    def join_simple(self, c: list[On]) -> tuple[tuple[On, ...], bool]:
        return (c[0],), False

    def join_list(self, c: list[Any]) -> tuple[tuple[On, ...], bool]:
        return tuple(x for x in c if isinstance(x, On)), True

    def join(self, c: list[Any]) -> _Clause:
        kind, table, alias, (conditions, nested) = c
        method = str(kind)
        node = Join(
            cast(JoinMethod, method),
            str(table),
            conditions,
            None if alias is None else str(alias),
            nested,
            span=_span(kind, conditions[-1]),
        )
        return _Clause([node])

    def cross_join(self, c: list[Any]) -> _Clause:
        join_tok, table, alias = c
        end = alias if alias is not None else table
        if str(join_tok) != "join":
            raise QuerySyntaxError("expected `cross join`", span=_span(join_tok, join_tok))
        return _Clause(
            [CrossJoin(str(table), None if alias is None else str(alias), span=_span(join_tok, end))]
        )

    def populate_clause(self, c: list[Any]) -> _Clause:
        attr, _lpar, query, rpar = c
        return _Clause([Relationship(str(attr), query.parts, span=_span(attr, rpar))])

    def order_clause(self, c: list[Node]) -> _Clause:
        return _Clause(list(c))

    def order_attr(self, c: list[Any]) -> Order:
        attr, direction = c
        end = direction if direction is not None else attr
        return Order(str(attr), direction is not None and str(direction) == "desc", span=_span(attr, end))

    def order_default(self, c: list[Tok]) -> Order:
        """``order by desc``: the server's default key (``$sequence``), no attribute sent."""
        return Order(None, str(c[0]) == "desc", span=_span(c[0], c[0]))

    def order_random(self, c: list[Tok]) -> OrderRandom:
        return OrderRandom(span=_span(c[0], c[0]))

    def limit_clause(self, c: list[Tok]) -> _Clause:
        return _Clause([Limit(_int(c[1], "`limit`"), span=_span(c[0], c[1]))])

    def offset_clause(self, c: list[Tok]) -> _Clause:
        return _Clause([Offset(_int(c[1], "`offset`"), span=_span(c[0], c[1]))])

    def cursor_clause(self, c: list[Any]) -> _Clause:
        kw, value = c
        cursor = _value(value)
        if not isinstance(cursor, str):
            raise QuerySyntaxError(
                f"`{str(kw).lower()}` takes a document ID in quotes", span=_span(value, value)
            )
        return _Clause([Cursor(cursor, kw.type == "BEFORE", span=_span(kw, value))])

    def page_clause(self, c: list[Any]) -> _Clause:
        kw, page_tok, size_tok = c
        page = _int(page_tok, "`page`")
        size = 25 if size_tok is None else _int(size_tok, "`size`")
        end = size_tok if size_tok is not None else page_tok
        if page < 1:
            raise QuerySyntaxError("`page` must be at least 1", span=_span(page_tok, page_tok))
        if size < 1:
            raise QuerySyntaxError("`size` must be at least 1", span=_span(size_tok, size_tok))
        offset = (page - 1) * size
        if offset > INT64_MAX:
            raise LimitError("the page's offset does not fit in 64 bits", span=_span(kw, end))
        span = _span(kw, end)
        return _Clause([Limit(size, span=span), Offset(offset, span=span)])


_RANK = attrgetter("rank")


def _is_attr(x: Any) -> bool:
    return isinstance(x, Tok) and x.type == "NAME"


def _is_star(x: Any) -> bool:
    return isinstance(x, Tok) and x.type == "STAR"


def _generic(call: _CallSyntax) -> Node:
    """``method(attribute, value, ...)``: the query Appwrite would get from those parts."""
    method = call.name
    row = METHODS.get(method)
    span = Span(call.start, call.end)
    if row is not None and row.arity == "queries":
        raise QuerySyntaxError(
            f"`{method}(...)` holds queries; write it with its own syntax",
            span=span,
            hint=_QUERY_FORMS.get(method),
        )
    args = call.args
    attribute: str | None = None
    if args and (_is_attr(args[0]) or _is_star(args[0])) and (row is None or row.attribute != "none"):
        attribute = str(args[0])
        args = args[1:]
    values: list[Value] = []
    for a in args:
        if _is_attr(a) and row is not None and row.arity == "names":
            values.append(str(a))
        else:
            values.append(_value(a))
    no_values = not values and (row is None or not row.has_values_key)
    return node_from_parts(method, attribute, None if no_values else tuple(values), span)


_QUERY_FORMS = {
    "and": "join the queries with `and` inside brackets",
    "or": "join the queries with `or`",
    "elemMatch": "write `attribute has (...)`",
    "having": "write a `having ...` clause",
    "relationship": "write `populate attribute (...)`",
}


# ----------------------------------------------------------------------------- the parser


@cache
def _parser(limits: Limits) -> Lark:
    """The LALR parser: loaded from the tables shipped in the package when they were built from
    this very grammar (see :mod:`querykit.text.tables`), else built from the grammar."""
    from querykit.text.tables import build_parser, load_tables

    lexer = make_lexer(limits)
    transformer = _Build(limits)
    grammar = read_grammar("query.lark")
    prebuilt = load_tables(grammar, lexer, transformer)
    if prebuilt is not None:
        return prebuilt
    return build_parser(grammar, lexer, transformer)


@cache
def _tables(limits: Limits) -> tuple[Tables, dict[str, str]]:
    """The parser's tables and the keyword table, so that each parse only makes a parser state
    and a scanner (the text needs no line counter until an error)."""
    from querykit.grammar.lalr import Tables

    tables = Tables(_parser(limits), "query")
    return tables, tables.lexer.keywords


@cache
def _loop_tables(limits: Limits) -> tuple[loop.LoopTables, dict[str, str]] | None:
    """The shipped loop tables (no Lark import) when they were built from this very grammar."""
    try:
        from querykit.text import _loop
    except ImportError:  # pragma: no cover - a package without the generated module
        return None
    if read_grammar("query.lark") != _loop.GRAMMAR:
        return None
    return loop.LoopTables(_loop.TABLES, _Build(limits)), _loop.KEYWORDS


@cache
def _loop_parser(limits: Limits) -> tuple[loop.LoopTables, dict[str, str], dict[str, str]] | None:
    """What :func:`~querykit.text.lexer.run_loop` reads: the loop tables, the keyword table and
    its :func:`~querykit.text.lexer.word_kinds` (``None`` without shipped tables)."""
    fast = _loop_tables(limits)
    if fast is None:  # pragma: no cover - a package without the generated module
        return None
    tables, kw = fast
    return tables, kw, word_kinds(kw)


@cache
def _default_loop_parser() -> tuple[loop.LoopTables, dict[str, str], dict[str, str]] | None:
    """:func:`_loop_parser` of the default limits (found without hashing them)."""
    return _loop_parser(DEFAULT_LIMITS)


class _Text:
    """The lexer thread of one parse: hands the text to the scanner."""

    __slots__ = ("keywords", "limits", "text")

    def __init__(self, text: str, kw: dict[str, str], limits: Limits) -> None:
        self.text = text
        self.keywords = kw
        self.limits = limits

    def lex(self, parser_state: Any) -> Iterator[Tok]:
        return Scanner(self.text, parser_state, self.keywords, self.limits).tokens()

    @property
    def _Token(self) -> Any:
        """What Lark's interactive parser uses to make probe tokens after an error."""
        from querykit.grammar.lalr import LarkToken

        return LarkToken


def _run_lark(text: str, limits: Limits) -> Query:
    """The parse with Lark's tables and machinery: the same result, and a syntax error in words."""
    from querykit.grammar.lalr import UnexpectedToken, run

    tables, kw = _tables(limits)
    try:
        return cast(Query, run(tables, _Text(text, kw, limits), tok("$END", "", len(text), len(text))))
    except UnexpectedToken as e:
        raise _syntax_error(e, text) from None


def expected_terminals(text: str, limits: Limits = DEFAULT_LIMITS) -> frozenset[str] | None:
    """The terminals the grammar accepts right after ``text`` (a query typed so far), from the
    LALR state the parse of ``text`` ends in; None when ``text`` is not the start of a query.

    Terminal names are the grammar's: keyword terminals (see :func:`terminal_keywords`),
    ``NAME`` (an attribute), ``CALLNAME`` (a method in the call form), ``VALUE``, ``CMP`` ...

    >>> sorted(expected_terminals("a = 1 order"))
    ['_BY']
    >>> expected_terminals("a = = 1") is None
    True
    """
    if len(text) > limits.max_length:
        return None
    from querykit.grammar.lalr import UnexpectedToken, accepted_after_prefix

    tables, kw = _tables(limits)
    try:
        return accepted_after_prefix(tables, _Text(text, kw, limits))
    except (QueryError, UnexpectedToken, RecursionError):
        return None


def terminal_keywords() -> dict[str, str]:
    """The grammar's keyword terminals and the word each stands for.

    >>> terminal_keywords()["_ORDER"], terminal_keywords()["AND"]
    ('order', 'and')
    """
    fast = _loop_tables(DEFAULT_LIMITS)
    kw = fast[1] if fast is not None else _tables(DEFAULT_LIMITS)[1]
    return {terminal: word for word, terminal in kw.items()}


def parse(text: str, *, limits: Limits | None = DEFAULT_LIMITS) -> Query:
    """Parse query text into a :class:`~querykit.ast.Query`.

    Raises :class:`~querykit.errors.QueryError` (with the place) for anything that is not a
    query; no other exception escapes.

    >>> parse("name = 'John' order by age desc").parts
    (<Filter name = "John">, <Order order by age desc>)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be query text (str), not {type(text).__name__}")
    if limits is None:
        limits = DEFAULT_LIMITS
    elif not isinstance(limits, Limits):
        raise TypeError(f"limits must be a querykit.Limits or None, not {type(limits).__name__}")
    if len(text) > limits.max_length:
        raise LimitError(
            f"the query is {len(text)} characters long; the limit is {limits.max_length}",
            span=Span(limits.max_length, len(text)),
            source=text,
        )
    try:
        fast = _default_loop_parser() if limits is DEFAULT_LIMITS else _loop_parser(limits)
        if fast is not None:
            tables, kw, words = fast
            try:
                query: Query = run_loop(tables, text, kw, words, limits)
                return query
            except loop.Refused:
                pass  # Lark's parser says what was expected instead
        return _run_lark(text, limits)
    except QueryError as e:
        raise e.with_source(text) from None
    except RecursionError:
        raise LimitError("the query is nested too deeply", source=text) from None


# ----------------------------------------------------------------------------- syntax errors

#: The query grammar's terminals in words, for syntax errors.
TOKEN_WORDS = TokenWords(
    {
        "NAME": "an attribute",
        "CALLNAME": "a call",
        "VALUE": "a value",
        "CMP": "a comparison (`=`, `!=`, `<`, `<=`, `>`, `>=`)",
        "SPATIAL": "a spatial predicate",
        "JOIN_KIND": "`join`",
        "DIRECTION": "`asc`\0`desc`",
        "DATE_FIELD": "`created`\0`updated`",
        "STAR": "`*`",
        "DOTSTAR": "`.*`",
        "DOTDOT": "`..`",
        "LPAR": "`(`",
        "RPAR": "`)`",
        "_COMMA": "`,`",
        "TILDE": "`~`",
        "NTILDE": "`!~`",
        "$END": "end of input",
    },
    first=("an attribute", "a call", "a value", "`not`", "`(`"),
    limit=12,
)


def _syntax_error(e: UnexpectedToken, text: str) -> QueryError:
    """The parser's complaint about a token, in words, at the token's place."""
    from querykit.grammar.lalr import accepted_after

    token = e.token
    accepted = accepted_after(e)
    expected = list(TOKEN_WORDS.expected(accepted))
    if token.type == "$END":
        pos = end = len(text)
        message = "unexpected end of input"
    else:
        pos, end = _s(token), _e(token)
        message = f"unexpected {_token_words(token)}"
    if expected:
        message += "; expected " + TOKEN_WORDS.join(expected)
    hint = None
    if _after_name(token):
        hint = _keyword_hint(text, pos)
    elif token.type == "NAME" and "a value" in expected:
        hint = f'a string goes in quotes: "{token}"'
    return QuerySyntaxError(message, span=Span(pos, max(end, pos)), source=text, expected=expected, hint=hint)


_AFTER_NAME = frozenset({"in", "is", "between", "contains", "starts", "ends", "matches", "has", "not", ".*"})


def _after_name(tok: Tok) -> bool:
    """Whether ``tok`` is something that follows an attribute (so a keyword before it was
    probably meant as the attribute)."""
    return tok.type in ("CMP", "TILDE", "NTILDE") or str(tok).lower() in _AFTER_NAME


_LAST_WORD = re.compile(r"([A-Za-z]+)\s*$")


def _keyword_hint(text: str, pos: int) -> str | None:
    """When the word before the error is a keyword, it was probably meant as a name."""
    m = _LAST_WORD.search(text, 0, pos)
    if m is not None and m.group(1).lower() in keywords():
        return f"`{m.group(1)}` is a keyword here; to use it as an attribute name, write it in backticks"
    return None


def _token_words(tok: Tok) -> str:
    value = str(tok)
    if tok.type == "NAME":
        return f"attribute `{value}`"
    if tok.type == "VALUE":
        return f"value {value}"
    return f"`{value}`"
