"""AST to canonical text.

The printer adds only the brackets the structure needs, quotes an attribute with backticks only
when it is not a plain name or is spelled like a keyword, and writes strings as JSON strings, so
its output always parses back to the same AST. A query longer than a line puts each clause on a
line of its own.

>>> import querykit as qk
>>> qk.format(qk.parse("(A = 1 OR b = 2) AND `order` == 'x'  LIMIT 5"))
'(A = 1 or b = 2) and `order` = "x" limit 5'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring
from operator import attrgetter
from typing import Any

from querykit.ast import (
    Aggregate,
    And,
    Call,
    CrossJoin,
    Cursor,
    Distinct,
    ElemMatch,
    Filter,
    GroupBy,
    Having,
    Join,
    JsonObject,
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
)
from querykit.errors import FormatError, LimitError, QueryError
from querykit.methods import JOIN_OPERATORS, METHODS
from querykit.text.lexer import keywords
from querykit.wireparts import to_dict

__all__ = [
    "WRITERS",
    "NodeWriter",
    "format_node",
    "format_query",
    "format_value",
    "keywords",
    "quote_attribute",
]

#: Width above which a query is printed one clause per line.
WRAP_AT = 88

_PLAIN = re.compile(r"[A-Za-z_$][A-Za-z0-9_]*(?:\.[A-Za-z_$][A-Za-z0-9_]*)*")
_CALLABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


_LINE_BREAKS = re.compile("[\u0085\u2028\u2029]")


def _string(value: str) -> str:
    """A JSON string; the line breaks JSON leaves bare are escaped too, so output stays one line
    per query for line-based tools."""
    text = encode_basestring(value)
    if not value.isascii() and _LINE_BREAKS.search(text):
        text = _LINE_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


@lru_cache(maxsize=4096)
def quote_attribute(name: str) -> str:
    """``name`` as it must be written in text: bare when possible, else in backticks.

    >>> quote_attribute("author.name"), quote_attribute("order"), quote_attribute("my-key")
    ('author.name', '`order`', '`my-key`')
    """
    if _PLAIN.fullmatch(name) and name.lower() not in keywords():
        return name
    return "`" + name.replace("`", "``") + "`"


def format_value(value: Value) -> str:
    """A value as text: JSON's spelling, with a space after commas.

    >>> format_value(("a", 1, 2.0, True, None))
    '["a", 1, 2.0, true, null]'
    """
    kind = type(value)
    if kind is str:
        return _string(value)  # type: ignore[arg-type]
    if kind is int:
        return str(value)
    if kind is tuple:  # a list: its plain strings and integers written here, one call less each
        items: list[str] = []
        for v in value:  # type: ignore[union-attr]
            item_kind = type(v)
            if item_kind is int:
                items.append(str(v))
            elif item_kind is str and v.isascii():  # type: ignore[union-attr]
                items.append(encode_basestring(v))  # type: ignore[arg-type]
            else:
                items.append(format_value(v))
        return "[" + ", ".join(items) + "]"
    if isinstance(value, str):
        return _string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FormatError(f"{value} has no text form (it is not valid JSON either)")
        return repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join([format_value(v) for v in value]) + "]"
    if isinstance(value, JsonObject):
        return "{" + ", ".join(f"{_string(k)}: {format_value(v)}" for k, v in value.items) + "}"
    raise FormatError(f"cannot write a value of type {type(value).__name__}")


# ----------------------------------------------------------------------------- filters

_SYMBOL = {
    "equal": "=",
    "notEqual": "!=",
    "lessThan": "<",
    "lessThanEqual": "<=",
    "greaterThan": ">",
    "greaterThanEqual": ">=",
    "search": "~",
    "notSearch": "!~",
    "regex": "matches",
    "startsWith": "starts with",
    "notStartsWith": "not starts with",
    "endsWith": "ends with",
    "notEndsWith": "not ends with",
}
_SPATIAL_WORDS = {
    "intersects": "intersects",
    "crosses": "crosses",
    "overlaps": "overlaps",
    "touches": "touches",
    "covers": "covers",
    "spatialEquals": "spatially equals",
}
_DISTANCE_OP = {
    "distanceEqual": "=",
    "distanceNotEqual": "!=",
    "distanceLessThan": "<",
    "distanceGreaterThan": ">",
}


def _filter(n: Filter, ctx: int = 0) -> str:
    """A filter as text (``ctx``, its position, changes nothing: a filter needs no brackets)."""
    m, vs = n.method, n.values
    if m in ("exists", "notExists") and n.attribute == "":
        inner = ", ".join([quote_attribute(v) if isinstance(v, str) else format_value(v) for v in vs])
        return ("not " if m == "notExists" else "") + f"exists({inner})"
    a = quote_attribute(n.attribute)
    count = len(vs)
    if count == 1 and type(m) is str:  # the usual filter, `a = 1`, in one step
        symbol = _SYMBOL.get(m)
        if symbol is not None:
            value = vs[0]
            kind = type(value)
            if kind is int:
                text = str(value)
            elif kind is str:
                string: str = value  # type: ignore[assignment]
                text = encode_basestring(string) if string.isascii() else _string(string)
            else:
                text = format_value(value)
            return f"{a} {symbol} {text}"
    if m == "equal" and count != 1:
        return f"{a} in {format_value(vs)}"
    if m in _SYMBOL and count == 1:
        return f"{a} {_SYMBOL[m]} {format_value(vs[0])}"
    if m in ("isNull", "isNotNull") and count == 0:
        return f"{a} is {'not ' if m == 'isNotNull' else ''}null"
    if m in ("between", "notBetween") and count == 2:
        word = "not between" if m == "notBetween" else "between"
        return f"{a} {word} {format_value(vs[0])}..{format_value(vs[1])}"
    if m in ("contains", "notContains"):
        word = "not contains" if m == "notContains" else "contains"
        if count == 1 and not isinstance(vs[0], tuple):
            return f"{a} {word} {format_value(vs[0])}"
        return f"{a} {word} {format_value(vs)}"
    if m in ("containsAny", "containsAll"):
        return f"{a} contains {'any' if m == 'containsAny' else 'all'} {format_value(vs)}"
    if count == 1:
        if m in _SPATIAL_WORDS:
            return f"{a} {_SPATIAL_WORDS[m]} {format_value(vs[0])}"
        if m.startswith("not") and (m[3].lower() + m[4:]) in _SPATIAL_WORDS:
            return f"{a} not {_SPATIAL_WORDS[m[3].lower() + m[4:]]} {format_value(vs[0])}"
        if m in _DISTANCE_OP:
            shape = vs[0]
            if (
                isinstance(shape, tuple)
                and len(shape) == 3
                and isinstance(shape[2], bool)
                and isinstance(shape[1], (int, float))
                and not isinstance(shape[1], bool)
            ):
                geometry, distance, meters = shape
                unit = "" if meters else " in degrees"
                return (
                    f"distance({a}, {format_value(geometry)}) {_DISTANCE_OP[m]} "
                    f"{format_value(distance)}{unit}"
                )
    return _generic(m, n.attribute, vs)


def _generic(method: str, attribute: str | None, values: tuple[Value, ...] | None) -> str:
    """The generic call form ``method(attribute, value, ...)``."""
    if not _CALLABLE.fullmatch(method) or method.lower() in ("not", "distance"):
        raise FormatError(f"the method name {method!r} cannot be written as a call")
    row = METHODS.get(method)
    args: list[str] = []
    if attribute is not None:
        if row is not None and row.attribute == "none":
            raise FormatError(f"`{method}` takes no attribute, so {attribute!r} cannot be written")
        args.append(quote_attribute(attribute))
    if values:
        args.extend(format_value(v) for v in values)
    expect_values = row is not None and row.has_values_key
    if values is None and expect_values:
        raise FormatError(f"`{method}` without values has no text form")
    if values == () and not expect_values:
        raise FormatError(f"`{method}` with an empty values list has no text form")
    return f"{method}({', '.join(args)})"


def _call(n: Node) -> str:
    d = to_dict(n)
    values = d.get("values")
    return _generic(d["method"], d.get("attribute"), None if values is None else tuple(values))


# ----------------------------------------------------------------------------- expressions

_ATOM, _AND_OPERAND, _OR_OPERAND = 0, 1, 2


def _expr(n: Node, ctx: int) -> str:
    """``n`` where a filter stands; ``ctx`` says where (an ``and`` or ``or`` operand, or alone)."""
    write = _TERMS.get(type(n))
    if write is None:
        write = _writer(type(n)).term
    return write(n, ctx)


def _check_logical(n: And | Or) -> None:
    if len(n.children) < 2:
        raise FormatError(f"an {n.method} with fewer than two queries has no text form")


def _and_term(n: And, ctx: int) -> str:
    _check_logical(n)
    inner = " and ".join([_filter(c) if type(c) is Filter else _expr(c, _AND_OPERAND) for c in n.children])
    return inner if ctx == _OR_OPERAND else f"({inner})"


def _or_term(n: Or, ctx: int) -> str:
    _check_logical(n)
    inner = " or ".join([_filter(c) if type(c) is Filter else _expr(c, _OR_OPERAND) for c in n.children])
    return f"({inner})"


def _elem_match_term(n: ElemMatch, ctx: int) -> str:
    inner = _conjunction(n.children) if n.children else ""
    return f"{quote_attribute(n.attribute)} has ({inner})"


def _outside_filters(n: Having | Relationship, ctx: int) -> str:
    raise FormatError(f"a {n.method} query cannot stand inside a filter")


def _join_term(n: Join, ctx: int) -> str:
    if n.nested:
        raise FormatError("a join with a list of conditions cannot stand inside a filter")
    return _call(n)


def _call_term(n: Node, ctx: int) -> str:
    return _call(n)


def _conjunction(parts: Sequence[Node]) -> str:
    """Parts that the server ANDs: joined by ``and``, each bracketed where needed."""
    if len(parts) == 1 and isinstance(parts[0], Or):
        _check_logical(parts[0])
        return " or ".join([_expr(c, _OR_OPERAND) for c in parts[0].children])
    return " and ".join([_filter(p) if type(p) is Filter else _expr(p, _AND_OPERAND) for p in parts])


# ----------------------------------------------------------------------------- clauses


def _select_clauses(nodes: list[Node]) -> list[str]:
    clauses: list[list[Node]] = []
    for n in nodes:
        cur = clauses[-1] if clauses else None
        if (
            cur is None
            or isinstance(n, Distinct)
            or (isinstance(n, Select) and (not n.attributes or any(isinstance(x, Select) for x in cur)))
            or any(isinstance(x, Select) and not x.attributes for x in cur)
        ):
            clauses.append([n])
        else:
            cur.append(n)
    out = []
    for clause in clauses:
        words = ["select"]
        items: list[str] = []
        for n in clause:
            if isinstance(n, Distinct):
                words.append("distinct")
            elif isinstance(n, Select):
                items.extend(_select_item(a) for a in n.attributes)
            elif isinstance(n, Aggregate):
                text = f"{n.method}({'*' if n.attribute == '*' else quote_attribute(n.attribute)})"
                if n.alias is not None:
                    text += f" as {quote_attribute(n.alias)}"
                items.append(text)
        out.append(" ".join(words) + (" " + ", ".join(items) if items else ""))
    return out


def _select_item(name: str) -> str:
    if name == "*":
        return "*"
    if name.endswith(".*") and _PLAIN.fullmatch(name[:-2]) and name[:-2].lower() not in keywords():
        return name
    return quote_attribute(name)


def _join(n: Join) -> str:
    kind = {"join": "join", "leftJoin": "left join", "rightJoin": "right join", "fullOuterJoin": "full join"}
    head = f"{kind[n.method]} {quote_attribute(n.table)}"
    if n.alias is not None:
        head += f" as {quote_attribute(n.alias)}"
    if not n.conditions or (not n.nested and len(n.conditions) != 1):
        raise FormatError("a join needs conditions (exactly one in the simple form)")
    conds = []
    for c in n.conditions:
        if c.operator not in JOIN_OPERATORS:
            raise FormatError(f"the join operator {c.operator!r} has no text form")
        conds.append(f"{quote_attribute(c.left)} {c.operator} {quote_attribute(c.right)}")
    body = " and ".join(conds)
    if n.nested and len(conds) == 1:
        body = f"({body})"
    return f"{head} on {body}"


def _order_clauses(nodes: list[Order | OrderRandom]) -> list[str]:
    keys = []
    for k in nodes:
        if isinstance(k, Order) and k.attribute is None:
            keys.append("desc" if k.descending else "asc")
        elif isinstance(k, Order) and k.attribute is not None:
            keys.append(quote_attribute(k.attribute) + (" desc" if k.descending else ""))
        else:
            keys.append("random")
    return ["order by " + ", ".join(keys)]


def _each(write: Callable[[Any], str]) -> Callable[[list[Any]], list[str]]:
    """A clause writer for a run of nodes that are each their own clause."""

    def clauses(nodes: list[Any]) -> list[str]:
        return [write(n) for n in nodes]

    return clauses


def _group_by_clause(n: GroupBy) -> str:
    return " ".join(["group by", ", ".join(quote_attribute(a) for a in n.attributes)]).rstrip()


def _having_clause(n: Having) -> str:
    return " ".join(["having", _conjunction(n.children) if n.children else ""]).rstrip()


def _cross_join_clause(n: CrossJoin) -> str:
    return f"cross join {quote_attribute(n.table)}" + (
        "" if n.alias is None else f" as {quote_attribute(n.alias)}"
    )


def _relationship_clause(n: Relationship) -> str:
    return f"populate {quote_attribute(n.attribute)} ({_query(n.children)})"


def _cursor_clause(n: Cursor) -> str:
    return f"{'before' if n.before else 'after'} {format_value(n.id)}"


def _clause_writer(n: Node) -> Callable[[list[Any]], list[str]]:
    write = _writer(type(n)).clauses
    if write is None:
        raise FormatError(f"{type(n).__name__} is not a clause")
    return write


def _clauses(nodes: list[Node]) -> list[str]:
    """Clause nodes (in rank order) as text: adjacent nodes with one writer share a clause
    (``select`` items, ``order by`` keys)."""
    out: list[str] = []
    run: list[Node] = []
    current: Callable[[list[Any]], list[str]] | None = None
    for n in nodes:
        writer = WRITERS.get(type(n))
        write = writer.clauses if writer is not None and writer.clauses is not None else _clause_writer(n)
        if write is not current:
            if current is not None:
                out.extend(current(run))
            current, run = write, []
        run.append(n)
    if current is not None:
        out.extend(current(run))
    return out


# ----------------------------------------------------------------------------- the table


@dataclass(frozen=True, slots=True)
class NodeWriter:
    """How the nodes of one class are written as text.

    ``term`` writes a node where a filter stands (inside ``and``, ``or``, ``has``, ``having``,
    or the filter part of a query), given the position it stands in; ``clauses`` writes a run
    of adjacent nodes of a query that share it, one string per clause, and is ``None`` for a
    node that goes in the filter part of a query.

    >>> WRITERS[Limit].clauses([Limit(3)]), WRITERS[Limit].term(Limit(3), 0)
    (['limit 3'], 'limit(3)')
    """

    term: Callable[[Any, int], str]
    clauses: Callable[[list[Any]], list[str]] | None = None


_AS_CALL = NodeWriter(_call_term)
_SELECT = NodeWriter(_call_term, _select_clauses)
_ORDER = NodeWriter(_call_term, _order_clauses)

#: How each node class is written (a test checks every node class is here).
WRITERS: dict[type[Node], NodeWriter] = {
    Filter: NodeWriter(_filter),
    And: NodeWriter(_and_term),
    Or: NodeWriter(_or_term),
    ElemMatch: NodeWriter(_elem_match_term),
    Select: _SELECT,
    Aggregate: _SELECT,
    Distinct: _SELECT,
    GroupBy: NodeWriter(_call_term, _each(_group_by_clause)),
    Having: NodeWriter(_outside_filters, _each(_having_clause)),
    On: _AS_CALL,
    Join: NodeWriter(_join_term, _each(_join)),
    CrossJoin: NodeWriter(_call_term, _each(_cross_join_clause)),
    Relationship: NodeWriter(_outside_filters, _each(_relationship_clause)),
    Order: _ORDER,
    OrderRandom: _ORDER,
    Limit: NodeWriter(_call_term, _each(lambda n: f"limit {n.value}")),
    Offset: NodeWriter(_call_term, _each(lambda n: f"offset {n.value}")),
    Cursor: NodeWriter(_call_term, _each(_cursor_clause)),
    Call: _AS_CALL,
}

_TERMS = {kind: writer.term for kind, writer in WRITERS.items()}


def _writer(kind: type) -> NodeWriter:
    found = WRITERS.get(kind)
    if found is not None:
        return found
    for cls in kind.__mro__:  # a subclass of a node is written as its node
        found = WRITERS.get(cls)
        if found is not None:
            return found
    return _AS_CALL  # not a node: the call form, which the encoder refuses with its reason


# ----------------------------------------------------------------------------- queries


def _query(parts: Sequence[Node], wrap: bool = False) -> str:
    filters: list[Node] = []
    clauses: list[Node] = []
    for p in parts:
        kind = type(p)
        if kind is Filter:
            filters.append(p)
            continue
        writer = WRITERS.get(kind) or _writer(kind)
        (filters if writer.clauses is None else clauses).append(p)
    if len(clauses) > 1:
        clauses.sort(key=_RANK)
    pieces: list[str] = []
    if filters:
        if len(filters) == 1 and type(filters[0]) is Filter:
            pieces.append(_filter(filters[0]))  # what _conjunction writes for it
        else:
            pieces.append(_conjunction(filters))
    if clauses:
        pieces.extend(_clauses(clauses))
    line = " ".join(pieces)
    if not wrap or len(line) <= WRAP_AT or (len(pieces) < 2 and len(filters) < 2):
        return line
    lines: list[str] = []
    if filters:
        if len(filters) > 1:
            lines.extend(("and " if k else "") + _expr(p, _AND_OPERAND) for k, p in enumerate(filters))
        else:
            lines.append(pieces[0])
    lines.extend(pieces[1:] if filters else pieces)
    return "\n".join(lines)


#: A node's canonical rank (``node.rank``), read in C while sorting.
_RANK: Callable[[Node], int] = attrgetter("rank")


def format_query(query: Query | Sequence[Node], *, wrap: bool = True) -> str:
    """The canonical text of a whole query.

    >>> import querykit as qk
    >>> format_query(qk.parse("(a = 1 OR b IS NULL)"))
    'a = 1 or b is null'
    """
    parts = query.parts if isinstance(query, Query) else tuple(query)
    try:
        return _query(parts, wrap)
    except QueryError:
        raise
    except RecursionError:
        raise LimitError("the query is nested too deeply to write as text") from None
    except (AttributeError, TypeError, KeyError) as e:
        raise FormatError(f"not a query AST: {e}") from None


def format_node(node: Node) -> str:
    """One node as text (a clause node prints as its clause).

    >>> from querykit.ast import Limit
    >>> format_node(Limit(3))
    'limit 3'
    """
    return format_query((node,), wrap=False)
