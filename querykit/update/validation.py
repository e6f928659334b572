"""Validation of updates for people: every problem at once, each with its place.

Without a schema, each operation's values are checked as the server checks them for the
attribute type the operator is made for (so ``n /= 0`` reports the server's ``division by
zero``), plus what keeps an update from being one request (an attribute assigned twice, an
operator under a key Appwrite never reads operators from, an operator Appwrite does not know).
With a collection schema, each assignment gets the server's own verdict
(:func:`querykit.appwrite.check_update`, with the stored document when ``current`` is given),
unknown attributes a did-you-mean, and operators that the server accepts but the databases then
fail on a warning. The ``where`` query is validated as :func:`querykit.validate` does.

>>> from querykit.appwrite import Attribute, Collection
>>> col = Collection((Attribute("views", "integer"), Attribute("title", "string", size=20)))
>>> for d in validate("views += 1, title += 1, veiws = 2", schema=col):
...     print(d.severity, d.message)
warning without `max`, the server refuses the update once `views` would pass 2147483647
error Invalid document structure: Cannot apply increment operator to non-numeric field 'title'
error Invalid document structure: Unknown attribute: "veiws"
>>> validate("veiws = 2", schema=col)[0].hint
'did you mean `views`?'
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from querykit.arguments import collection_argument
from querykit.ast import to_json_value
from querykit.errors import Diagnostic, QueryError
from querykit.update.catalog import NUMERIC_TYPES, OPERATORS, OperatorSpec
from querykit.update.codec import structure_problems
from querykit.update.nodes import Assignment, Operation, Update
from querykit.update.parsing import parse
from querykit.validation import validate as validate_query

if TYPE_CHECKING:
    from querykit.appwrite.schema import Attribute, Collection

__all__ = ["validate"]

_INT32_MAX = 2147483647
_STRUCTURE = "Invalid document structure: "
_GROWS = frozenset({"increment", "multiply", "power"})


def _ideal_attribute(name: str, spec: OperatorSpec) -> Attribute:
    """The attribute the operator is made for, to check values without a schema."""
    from querykit.appwrite.schema import Attribute

    if spec.shape == "number":
        return Attribute(name, "double")
    if spec.arrays == "only":
        return Attribute(name, "string", size=1 << 30, array=True)
    if spec.types is not None and "boolean" in spec.types:
        return Attribute(name, "boolean")
    if spec.types is not None and "datetime" in spec.types:
        return Attribute(name, "datetime")
    return Attribute(name, "string", size=1 << 30)


def _values_problem(a: Assignment, op: Operation, spec: OperatorSpec) -> str | None:
    """The server's message for the operation's values, checked against the attribute type the
    operator is made for; ``None`` when they pass."""
    from querykit.appwrite.update_check import ParsedOperator, validate_operator

    values = [to_json_value(v) for v in op.values or ()]
    parsed = ParsedOperator(op.method, a.attribute, values)
    try:
        return validate_operator(parsed, _ideal_attribute(a.attribute, spec), None)
    except Exception:  # a PHP error in the server's prediction: not reachable without a document
        return None


def _diagnostic(
    code: str, message: str, a: Assignment, k: int, hint: str | None = None, severity: str = "error"
) -> Diagnostic:
    return Diagnostic(code, message, span=a.span, hint=hint, severity=severity, path=(k,))


def _structural(update: Update) -> list[Diagnostic]:
    out = list(structure_problems(update))
    for k, a in enumerate(update.assignments):
        op = a.operation
        if op is None:
            continue
        spec = op.spec
        if spec is None:
            close = difflib.get_close_matches(op.method, OPERATORS, n=1)
            out.append(
                _diagnostic(
                    "unknown-operator",
                    f"Appwrite has no operator `{op.method}`; it stores the JSON text as a plain value",
                    a,
                    k,
                    hint=f"did you mean `{close[0]}`?" if close else None,
                )
            )
            continue
        message = _values_problem(a, op, spec)
        if message is not None:
            hint = None
            if op.method == "arrayFilter" and op.values and op.values[0] == "contains":
                hint = "the SDK's Condition.CONTAINS builds it, but the server rejects it"
            out.append(_diagnostic("operator-values", message, a, k, hint=hint))
        elif op.method == "modulo" and op.values is not None and len(op.values) > 1:
            out.append(
                _diagnostic(
                    "ignored-value",
                    "modulo takes one value; the server checks the second one, then ignores it",
                    a,
                    k,
                    severity="warning",
                )
            )
    return out


def _with_schema(
    update: Update,
    schema: Collection,
    current: Mapping[str, object] | None,
    resource: str,
    profile: str,
) -> list[Diagnostic]:
    from querykit.appwrite import check_update

    out: list[Diagnostic] = []
    attributes = {attr.key: attr for attr in schema.attributes}
    for k, a in enumerate(update.assignments):
        value = a.value
        raw = str(value) if isinstance(value, Operation) else to_json_value(value)
        attr = attributes.get(a.attribute)
        op = a.operation
        if op is not None and attr is not None and op.spec is not None:
            out.extend(_risks(a, k, op, attr, current))
        verdict = check_update(
            {a.attribute: raw}, schema, current=current, resource=resource, profile=profile
        )
        if verdict.valid:
            continue
        hint = None
        if verdict.message.endswith(f'Unknown attribute: "{a.attribute}"'):
            close = difflib.get_close_matches(a.attribute, attributes, n=1)
            hint = f"did you mean `{close[0]}`?" if close else None
        elif verdict.status >= 500:
            hint = "the server fails with a PHP error here (HTTP 500)"
        out.append(_diagnostic(verdict.type or "server", verdict.message, a, k, hint=hint))
    return out


def _risks(
    a: Assignment, k: int, op: Operation, attr: Attribute, current: Mapping[str, object] | None
) -> list[Diagnostic]:
    """What the server accepts but may refuse later, or the databases then fail on."""
    out: list[Diagnostic] = []
    values = op.values or ()
    spec = op.spec
    assert spec is not None
    if (
        spec.shape == "number"
        and attr.type == "integer"
        and not attr.array
        and current is None
        and op.method in _GROWS
        and len(values) < 2
    ):
        out.append(
            _diagnostic(
                "overflow-risk",
                f"without `max`, the server refuses the update once `{a.attribute}` would pass {_INT32_MAX}",
                a,
                k,
                hint=f"write `{a.attribute} {_symbol(op.method)} ... max {_INT32_MAX}` to leave the value "
                "unchanged instead",
                severity="warning",
            )
        )
    if attr.array and spec.arrays == "either" and (spec.types is None or attr.type in spec.types):
        out.append(
            _diagnostic(
                "fails-on-array",
                f"the server accepts {op.method} on the array `{a.attribute}`, but PostgreSQL and MariaDB "
                "then fail the update",
                a,
                k,
                severity="warning",
            )
        )
    if spec.shape == "number" and attr.type in NUMERIC_TYPES and attr.type == "integer" and values:
        first = values[0]
        if isinstance(first, float) and not first.is_integer() and len(values) < 2:
            out.append(
                _diagnostic(
                    "fractional-operand",
                    f"a fractional operand on the integer `{a.attribute}`: PostgreSQL fails the update "
                    "(invalid input syntax for type integer), MariaDB rounds half to even",
                    a,
                    k,
                    severity="warning",
                )
            )
    return out


def _symbol(method: str) -> str:
    return {"increment": "+=", "multiply": "*=", "power": "^="}.get(method, "=")


def validate(
    update: Update | str,
    schema: Collection | Mapping[str, Any] | None = None,
    *,
    current: Mapping[str, object] | None = None,
    resource: str = "document",
    profile: str = "postgresql",
) -> list[Diagnostic]:
    """Every problem of an update (an AST, or text to parse), in source order (the assignments',
    then the ``where`` query's); an empty list means none was found.

    ``schema`` is a :class:`querykit.appwrite.Collection` or the collection JSON Appwrite's API
    returns; with it, each assignment is also checked exactly as the server checks it
    (``current``: the stored document, when known; ``resource``: ``"document"`` or ``"row"``).

    >>> for d in validate("n /= 0, tags remove [], n2 = incremnt(1)"):
    ...     print(d.path, d.message)
    (0,) Cannot apply divide operator: division by zero
    (2,) Appwrite has no operator `incremnt`; it stores the JSON text as a plain value
    """
    schema = collection_argument(schema, "schema")
    if isinstance(update, str):
        update = parse(update)
    if not isinstance(update, Update):
        raise QueryError(f"expected an update (text or Update), got {type(update).__name__}")
    out = _structural(update)
    if schema is not None:
        known = {(d.path, d.message) for d in out}
        for d in _with_schema(update, schema, current, resource, profile):
            bare = d.message.removeprefix(_STRUCTURE)
            if (d.path, bare) not in known:
                out.append(d)
    order = {id(d): n for n, d in enumerate(out)}
    out.sort(key=lambda d: (d.path[:1] if d.path else (len(update.assignments),), order[id(d)]))
    if update.query is not None:
        # The query's own problems come last, with their paths into the query.
        out.extend(validate_query(update.query, schema, profile))
    return out
