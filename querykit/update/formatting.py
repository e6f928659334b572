"""Update AST to canonical text.

Each operation prints in its own syntax when its values fit it (``views += 1``,
``tags append ["sale"]``) and in the generic form ``a = method(v, ...)`` otherwise, so the
output always parses back to the same AST. A long update puts each assignment on its own line,
in source order.

>>> from querykit.update.parsing import parse
>>> format_update(parse("SET views += 1 , tags = arrayAppend('x', 2) WHERE a == 1"))
'views += 1, tags append ["x", 2] where a = 1'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from querykit.ast import Value
from querykit.errors import FormatError, LimitError, QueryError
from querykit.text.formatter import WRAP_AT, format_query, format_value
from querykit.update.catalog import CONDITION_WORDS, OPERATORS
from querykit.update.nodes import Assignment, Operation, Update
from querykit.update.parsing import ARITHMETIC

__all__ = ["format_assignment", "format_operation", "format_update", "quote_name"]

_PLAIN = re.compile(r"[A-Za-z_$][A-Za-z0-9_]*(?:\.[A-Za-z_$][A-Za-z0-9_]*)*")
_CALLABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Where an assignment starts, the grammar takes a name, `set` (first) or `where` (after a
# separator): only those two words need backticks there.
_AMBIGUOUS = frozenset({"set", "where"})
_SYMBOL = {method: (symbol, bound) for symbol, (method, bound) in ARITHMETIC.items()}


def quote_name(name: str) -> str:
    """An attribute name as the update language writes it: bare when possible, else in
    backticks (also ``set`` and ``where``, the words that may start an assignment's place).

    >>> quote_name("views"), quote_name("where"), quote_name("my-key"), quote_name("order")
    ('views', '`where`', '`my-key`', 'order')
    """
    if not isinstance(name, str):
        raise FormatError(f"an attribute name must be a string, got {type(name).__name__}")
    if _PLAIN.fullmatch(name) and name.lower() not in _AMBIGUOUS:
        return name
    return "`" + name.replace("`", "``") + "`"


def format_operation(name: str, op: Operation) -> str:
    """``name`` changed by ``op``, in the operation's own syntax when its values fit it.

    >>> format_operation("stock", Operation("decrement", (2, 0)))
    'stock -= 2 min 0'
    >>> format_operation("n", Operation("modulo", (3, 1)))
    'n = modulo(3, 1)'
    """
    method, values = op.method, op.values
    a = quote_name(name)
    if values is None:
        if method not in OPERATORS:
            raise FormatError(f"the operator `{method}` without values has no text form")
        return f"{a} = {method}"
    n = len(values)
    v = [format_value(x) for x in values]
    if method in _SYMBOL:
        symbol, bound = _SYMBOL[method]
        if n == 1:
            return f"{a} {symbol} {v[0]}"
        if n == 2 and bound is not None:
            return f"{a} {symbol} {v[0]} {bound} {v[1]}"
    elif method in ("dateAddDays", "dateSubDays") and n == 1:
        return f"{a} {'+=' if method == 'dateAddDays' else '-='} {v[0]} days"
    elif method == "dateSetNow" and n == 0:
        return f"{a} = now"
    elif method == "arrayAppend":
        return f"{a} append [{', '.join(v)}]"
    elif method == "stringConcat" and n == 1 and isinstance(values[0], str):
        return f"{a} append {v[0]}"
    elif method in ("arrayPrepend", "arrayIntersect", "arrayDiff"):
        word = {"arrayPrepend": "prepend", "arrayIntersect": "intersect", "arrayDiff": "except"}[method]
        return f"{a} {word} [{', '.join(v)}]"
    elif method == "arrayInsert" and n == 2:
        return f"{a} insert {v[1]} at {v[0]}"
    elif method == "arrayRemove" and n == 1:
        return f"{a} remove {v[0]}"
    elif method in ("arrayUnique", "toggle") and n == 0:
        return f"{a} {'unique' if method == 'arrayUnique' else 'toggle'}"
    elif method == "arrayFilter" and n == 2 and isinstance(values[0], str) and values[0] in CONDITION_WORDS:
        condition = values[0]
        if condition in ("isNull", "isNotNull"):
            if values[1] is None:
                return f"{a} keep {CONDITION_WORDS[condition]}"
        else:
            return f"{a} keep {CONDITION_WORDS[condition]} {v[1]}"
    elif method == "stringReplace" and n == 2:
        return f"{a} replace {v[0]} with {v[1]}"
    if not _CALLABLE.fullmatch(method):
        raise FormatError(f"the operator name {method!r} has no text form")
    return f"{a} = {method}({', '.join(v)})"


def format_assignment(assignment: Assignment) -> str:
    """One assignment as text.

    >>> format_assignment(Assignment("tags", ("a", 1)))
    'tags = ["a", 1]'
    """
    value = assignment.value
    if isinstance(value, Operation):
        return format_operation(assignment.attribute, value)
    return f"{quote_name(assignment.attribute)} = {_plain(value)}"


def _plain(value: Value) -> str:
    return format_value(value)


def format_update(update: Update | Sequence[Assignment], *, wrap: bool = True) -> str:
    """The canonical text of an update; a long one puts each assignment (and ``where``) on its
    own line, in source order (``wrap=False`` keeps one line).

    >>> from querykit.update.parsing import parse
    >>> print(format_update(parse('a = 1, b = 2'), wrap=False))
    a = 1, b = 2
    """
    if isinstance(update, Update):
        assignments, query = update.assignments, update.query
    else:
        assignments, query = tuple(update), None
    try:
        if not assignments:
            raise FormatError("an update needs at least one assignment")
        lines = [format_assignment(a) for a in assignments]
        where = "" if query is None or not query.parts else format_query(query, wrap=False)
    except QueryError:
        raise
    except RecursionError:
        raise LimitError("the update is nested too deeply to write as text") from None
    except (AttributeError, TypeError, KeyError) as e:
        raise FormatError(f"not an update AST: {e}") from None
    line = ", ".join(lines) + (f" where {where}" if where else "")
    if not wrap or len(line) <= WRAP_AT:
        return line
    if where:
        lines.append("where " + format_query(query or (), wrap=True))
    return "\n".join(lines)
