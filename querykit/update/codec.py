"""Update text to the SDK's request and back; operator strings to the AST.

:func:`compile` gives the ``data`` object the Appwrite SDK sends (each operator as the SDK's
JSON string, byte for byte, plain values as JSON values) and the query strings of ``where``;
:func:`decompile` reads them back as text; :func:`read_operator` reads one operator, in the
SDK's form or in the server's ``toString`` form (which adds ``"attribute"``).

>>> request = compile('views += 1, tags append ["sale"], title = "Hi" where status = "draft"')
>>> for key, value in request.data.items():
...     print(key, value)
views {"method":"increment","values":[1]}
tags {"method":"arrayAppend","values":["sale"]}
title Hi
>>> request.queries
['{"method":"equal","attribute":"status","values":["draft"]}']
>>> decompile(request.data, request.queries)
'views += 1, tags append ["sale"], title = "Hi" where status = "draft"'
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from querykit.appwrite.codec import from_appwrite, to_appwrite
from querykit.ast import JsonObject, Query, Value, to_json_value
from querykit.errors import CodecError, Diagnostic, LimitError, QueryError, StructureError
from querykit.limits import DEFAULT_LIMITS, INT64_MAX, INT64_MIN, Limits
from querykit.update.catalog import OPERATORS
from querykit.update.formatting import format_update
from querykit.update.nodes import Assignment, Operation, Update, UpdateRequest
from querykit.update.parsing import parse
from querykit.validation import validate as validate_query

__all__ = [
    "compile",
    "decompile",
    "is_php_int_key",
    "php_type",
    "read_operator",
    "read_update",
    "reads_as_operator",
    "structure_problems",
    "to_request",
]

_PHP_INT_KEY = re.compile(r"0|-?[1-9][0-9]*")


def is_php_int_key(key: str) -> bool:
    """Whether PHP turns the JSON object key ``key`` into an integer key (which Appwrite never
    reads an operator under).

    >>> is_php_int_key("123"), is_php_int_key("-5"), is_php_int_key("05"), is_php_int_key("-0")
    (True, True, False, False)
    """
    return _PHP_INT_KEY.fullmatch(key) is not None and INT64_MIN <= int(key) <= INT64_MAX


def php_type(value: object) -> str:
    """PHP's ``gettype`` of a decoded JSON value, as the server's messages name it.

    >>> php_type(True), php_type(1), php_type(1.5), php_type("x"), php_type([]), php_type(None)
    ('boolean', 'integer', 'double', 'string', 'array', 'NULL')
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if INT64_MIN <= value <= INT64_MAX else "double"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    return "array"


# ----------------------------------------------------------------------------- reading JSON


class _NotJson(Exception):
    pass


def _constant(name: str) -> Any:
    raise _NotJson(name)


_DECODER = json.JSONDecoder(parse_constant=_constant)


def _decode(raw: str) -> Any:
    """JSON decoded as PHP's ``json_decode`` accepts it (no NaN/Infinity, no BOM, no lone
    surrogates); raises ``_NotJson``."""
    try:
        value, end = _DECODER.raw_decode(raw, len(raw) - len(raw.lstrip(" \t\n\r")))
    except (ValueError, RecursionError):
        raise _NotJson("syntax") from None
    if raw[end:].strip(" \t\n\r"):
        raise _NotJson("syntax")
    if _holds_surrogate(value):
        raise _NotJson("surrogate")
    return value


def _holds_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value) if not value.isascii() else False
    if isinstance(value, list):
        return any(_holds_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_surrogate(k) or _holds_surrogate(v) for k, v in value.items())
    return False


def reads_as_operator(value: object) -> bool:
    """Whether Appwrite's update endpoints read this data value as an operator: a string that
    decodes to a JSON object with a ``method`` that is one of the operator names, or such an
    object itself. Anything else (a misspelt method, invalid JSON) is stored as a plain value.

    >>> reads_as_operator('{"method":"increment","values":[1]}'), reads_as_operator('{"method":"incr"}')
    (True, False)
    >>> reads_as_operator({"method": "toggle"}), reads_as_operator("increment")
    (True, False)
    """
    if isinstance(value, str):
        try:
            value = _decode(value)
        except _NotJson:
            return False
    return isinstance(value, dict) and isinstance(value.get("method"), str) and value["method"] in OPERATORS


def _value(raw: Any, limits: Limits, depth: int = 0) -> Value:
    """A decoded JSON value as an AST value, within the limits."""
    if raw is None or isinstance(raw, (bool, str)):
        if isinstance(raw, str) and _holds_surrogate(raw):
            raise CodecError("a string holds a lone surrogate (U+D800..U+DFFF), which is not text")
        return raw
    if isinstance(raw, int):
        if not INT64_MIN <= raw <= INT64_MAX:
            raise CodecError(f"the integer {raw} does not fit in 64 bits")
        return raw
    if isinstance(raw, float):
        if raw - raw != 0.0:
            raise CodecError(f"the number {raw} is not valid JSON (NaN and infinities have no text form)")
        return raw
    if depth >= limits.max_depth:
        raise CodecError(f"values nested deeper than {limits.max_depth} levels")
    if isinstance(raw, (list, tuple)):
        if len(raw) > limits.max_items:
            raise CodecError(f"more than {limits.max_items} values in a list")
        return tuple(_value(v, limits, depth + 1) for v in raw)
    if isinstance(raw, Mapping):
        if len(raw) > limits.max_items:
            raise CodecError(f"more than {limits.max_items} keys in an object")
        items: list[tuple[str, Value]] = []
        for k, v in raw.items():
            if not isinstance(k, str):
                raise CodecError(f"an object key must be a string, got {type(k).__name__} {k!r}")
            items.append((k, _value(v, limits, depth + 1)))
        return JsonObject(tuple(items))
    raise CodecError(f"a value of type {type(raw).__name__} is not JSON data")


def read_operator(
    raw: str | bytes | Mapping[str, Any], *, any_method: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Operation:
    """One operator, as a JSON string or object, in the SDK's form or in the server's
    ``toString`` form (an ``attribute`` key, which the server ignores: the data key names the
    attribute).

    Raises :class:`~querykit.errors.CodecError` for what has no text form, with the server
    parser's own message where it has one: not JSON, not a JSON object, a ``method`` that is not
    a string or not an operator (``any_method=True`` accepts any name, written with the generic
    form), an ``attribute`` that is not a string, ``values`` that are not a list.

    >>> read_operator('{"method":"increment","attribute":"","values":[5,100]}')
    Operation(method='increment', values=(5, 100))
    >>> read_operator({"method": "arrayAppend"})
    Operation(method='arrayAppend', values=None)
    >>> read_operator('{"method":"increment","values":5}')
    Traceback (most recent call last):
    ...
    querykit.errors.CodecError: Invalid operator values. Must be an array, got integer
    >>> try:
    ...     read_operator('{"method":"incremnt"}')
    ... except CodecError as e:
    ...     print(e.message, "/", e.hint)
    Invalid operator method: incremnt / did you mean `increment`?
    """
    data: Any = raw
    if isinstance(raw, bytes):
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CodecError(
                "Invalid operator: Malformed UTF-8 characters, possibly incorrectly encoded", code="operator"
            ) from None
    if isinstance(data, str):
        if len(data) > limits.max_length:
            raise LimitError(f"the operator is {len(data)} characters long; the limit is {limits.max_length}")
        try:
            data = _decode(data)
        except _NotJson as e:
            why = (
                "Single unpaired UTF-16 surrogate in unicode escape"
                if str(e) == "surrogate"
                else "Syntax error"
            )
            raise CodecError(
                f"Invalid operator: {why}",
                hint="the server stores such a string as a plain value",
                code="operator",
            ) from None
    if isinstance(data, (list, tuple)):
        data = {str(k): v for k, v in enumerate(data)}
    if not isinstance(data, Mapping):
        raise CodecError(f"Invalid operator. Must be an array, got {php_type(data)}", code="operator")
    method = data.get("method")
    if not isinstance(method, str):
        raise CodecError(
            f"Invalid operator method. Must be a string, got {php_type(method)}", code="operator"
        )
    if method not in OPERATORS and (not any_method or not method):
        close = difflib.get_close_matches(method, OPERATORS, n=1)
        raise CodecError(
            f"Invalid operator method: {method}",
            hint=f"did you mean `{close[0]}`?" if close else "the operators are " + ", ".join(OPERATORS),
            code="operator",
        )
    attribute = data.get("attribute")
    if attribute is not None and not isinstance(attribute, str):
        raise CodecError(
            f"Invalid operator attribute. Must be a string, got {php_type(attribute)}", code="operator"
        )
    values = data.get("values")
    if values is None:
        return Operation(method, None)
    if isinstance(values, Mapping):
        raise CodecError(
            "values given as a JSON object have no text form",
            hint='the server reads {"0": a, "1": b} as [a, b]; write the values as a JSON array',
            code="operator",
        )
    if not isinstance(values, (list, tuple)):
        raise CodecError(
            f"Invalid operator values. Must be an array, got {php_type(values)}", code="operator"
        )
    items = _value(values, limits)
    assert isinstance(items, tuple)
    return Operation(method, items)


# ----------------------------------------------------------------------------- compile


def structure_problems(update: Update) -> list[Diagnostic]:
    """The problems that keep an update from being one SDK request, whatever the schema: an
    attribute assigned twice, an operator where Appwrite never reads one (``$`` keys and keys
    PHP reads as integers).

    >>> for problem in structure_problems(parse("a = 1, a += 1, $id += 1")):
    ...     print(problem.message)
    `a` is assigned twice
    Appwrite never reads an operator under `$id` (keys starting with `$` are skipped)
    """
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for k, a in enumerate(update.assignments):
        if a.attribute in seen:
            problems.append(
                Diagnostic(
                    "duplicate-attribute",
                    f"`{a.attribute}` is assigned twice",
                    span=a.span,
                    hint="a request holds one value per attribute; merge the two",
                    path=(k,),
                )
            )
        seen.add(a.attribute)
        if isinstance(a.value, Operation):
            why = None
            if a.attribute.startswith("$"):
                why = "keys starting with `$` are skipped"
            elif is_php_int_key(a.attribute):
                why = "a numeric key is a PHP integer key"
            if why is not None:
                problems.append(
                    Diagnostic(
                        "operator-not-read",
                        f"Appwrite never reads an operator under `{a.attribute}` ({why})",
                        span=a.span,
                        path=(k,),
                    )
                )
    return problems


def to_request(update: Update) -> UpdateRequest:
    """The SDK's request for an update AST (no checks; see :func:`compile`).

    >>> to_request(parse("n += 1")).data
    {'n': '{"method":"increment","values":[1]}'}
    """
    data: dict[str, object] = {}
    for a in update.assignments:
        data[a.attribute] = str(a.value) if isinstance(a.value, Operation) else to_json_value(a.value)
    queries = [] if update.query is None else to_appwrite(update.query)
    return UpdateRequest(data, queries)


def compile(text: str, *, limits: Limits = DEFAULT_LIMITS) -> UpdateRequest:
    """Parse update text, check its structure, and return the SDK's request.

    Raises :class:`~querykit.errors.StructureError` listing every structural problem (of the
    assignments and of the ``where`` query), each with its place.

    >>> compile('set status = "archived" where status = "draft" limit 100').queries
    ['{"method":"equal","attribute":"status","values":["draft"]}', '{"method":"limit","values":[100]}']
    """
    update = parse(text, limits=limits)
    problems = structure_problems(update)
    if update.query is not None:
        problems += [d for d in validate_query(update.query) if d.severity == "error"]
    if problems:
        first = problems[0]
        raise StructureError(
            first.message,
            span=first.span,
            source=text,
            hint=first.hint,
            code=first.code,
            diagnostics=problems,
        )
    return to_request(update)


# ----------------------------------------------------------------------------- decompile


def _load_data(data: object) -> Mapping[str, Any]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise CodecError("the data is not UTF-8 text") from None
    if isinstance(data, str):
        try:
            data = _decode(data)
        except _NotJson:
            raise CodecError("the data is not a JSON object (invalid JSON)") from None
    if not isinstance(data, Mapping):
        raise CodecError(f"the data must be a JSON object, got {php_type(data)}")
    return data


def _sdk_form(raw: str) -> Operation | None:
    """The operation when ``raw`` is exactly the SDK's string for it (any method), else None."""
    try:
        op = read_operator(raw, any_method=True)
    except QueryError:
        return None
    try:
        return op if str(op) == raw else None
    except QueryError:
        return None


def read_update(
    data: object,
    queries: str | bytes | Sequence[str | bytes | dict[str, Any]] = (),
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Update:
    """The update AST of an SDK request: each value Appwrite reads as an operator becomes an
    :class:`~querykit.update.nodes.Operation` (as does an unknown method written exactly in the
    SDK's form); everything else is a plain value.

    >>> update = read_update({"n": '{"method":"increment","values":[1]}', "$id": '{"method":"toggle"}'})
    >>> for a in update.assignments:
    ...     print(a.attribute, repr(a.value))
    n Operation(method='increment', values=(1,))
    $id '{"method":"toggle"}'
    """
    mapping = _load_data(data)
    if len(mapping) > limits.max_items:
        raise CodecError(f"more than {limits.max_items} keys in the data")
    assignments: list[Assignment] = []
    for key, value in mapping.items():
        if not isinstance(key, str):
            raise CodecError(f"a data key must be a string, got {type(key).__name__} {key!r}")
        where = f"`{key}`: "
        try:
            readable = not key.startswith("$") and not is_php_int_key(key)
            if readable and reads_as_operator(value):
                assignments.append(Assignment(key, read_operator(value, limits=limits)))
                continue
            if readable and isinstance(value, str):
                op = _sdk_form(value)
                if op is not None and op.values is not None:
                    assignments.append(Assignment(key, op))
                    continue
            assignments.append(Assignment(key, _value(value, limits)))
        except CodecError as e:
            raise CodecError(where + e.message, hint=e.hint) from None
    if not assignments:
        raise CodecError("the data is empty: an update needs at least one attribute")
    query: Query | None = None
    if isinstance(queries, (str, bytes)) or queries:
        query = from_appwrite(queries)
        if not query.parts:
            query = None
    return Update(tuple(assignments), query)


def decompile(
    data: object,
    queries: str | bytes | Sequence[str | bytes | dict[str, Any]] = (),
    *,
    wrap: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> str:
    """Read the SDK's ``data`` (a dict or its JSON text) and query strings, and return update text.

    For data in the SDK's form, ``compile(decompile(data, queries))`` gives the same data and
    queries back, byte for byte.

    >>> decompile({"stock": '{"method":"decrement","values":[2,0]}', "at": '{"method":"dateSetNow"}'})
    'stock -= 2 min 0, at = dateSetNow'
    """
    return format_update(read_update(data, queries, limits=limits), wrap=wrap)
