"""Errors with places.

Every error querykit raises is a :class:`QueryError`. When the error comes from a piece of
source text it carries a :class:`Span` (character offsets into that text) and can render the
offending line with a caret under it::

    >>> import querykit as qk
    >>> try:
    ...     qk.parse('name = "John" and')
    ... except qk.QueryError as e:
    ...     print(e.render())
    1:18: unexpected end of input; expected an attribute, a call, `not`, `(`, `created` or `updated`
    name = "John" and
                     ^
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, ClassVar, TypeVar, dataclass_transform

__all__ = [
    "CodecError",
    "Diagnostic",
    "FormatError",
    "LimitError",
    "NegationError",
    "QueryError",
    "QuerySyntaxError",
    "Span",
    "StructureError",
    "line_col",
]

_setattr = object.__setattr__
_Class = TypeVar("_Class", bound=type)


class _FieldSpec:
    """What ``dataclasses.field(...)`` says of one field, kept until the fields are asked for."""

    __slots__ = ("compare", "default", "hash", "repr")

    def __init__(self, default: object, compare: bool, hash: bool | None, repr: bool) -> None:
        self.default = default
        self.compare = compare
        self.hash = hash
        self.repr = repr


_PLAIN = _FieldSpec(None, compare=True, hash=None, repr=True)


def value_field(*, default: Any, compare: bool = True, hash: bool | None = None, repr: bool = True) -> Any:
    """``dataclasses.field`` for the classes :func:`frozen_dataclass` makes."""
    return _FieldSpec(default, compare, hash, repr)


@dataclass_transform(frozen_default=True, field_specifiers=(value_field,))
def frozen_dataclass(*, repr: bool = True) -> Callable[[_Class], _Class]:
    """``@dataclass(frozen=True, slots=True, repr=repr)`` for a class that writes its own
    ``__init__`` (setting each field with ``object.__setattr__``, then calling ``__post_init__``
    if it has one), without importing :mod:`dataclasses` (which imports :mod:`inspect`, and would
    be the largest module ``import querykit`` loads): the same slots, ``__match_args__``,
    equality and hash over the compared fields, repr, refusal to assign or delete, and pickled
    form. ``__dataclass_fields__`` and ``__dataclass_params__`` are made by :mod:`dataclasses`
    itself the first time they are read, so ``dataclasses.fields``, ``replace``, ``asdict`` and
    ``is_dataclass`` see the class as the decorator would have made it.

    The class body declares the fields as a dataclass does (``name: type = default``, or
    ``= value_field(...)`` where ``dataclasses.field(...)`` would stand)."""

    def make(cls: _Class) -> _Class:
        body = dict(cls.__dict__)
        annotations: dict[str, Any] = body.get("__annotations__", {})
        names = tuple(name for name, kind in annotations.items() if not _is_class_var(kind))
        specs = {name: body.pop(name) for name in names if name in body}
        compared: list[str] = []
        hashed: list[str] = []
        shown: list[str] = []
        for name in names:
            spec = specs.get(name)
            if not isinstance(spec, _FieldSpec):
                spec = _PLAIN
            if spec.compare:
                compared.append(name)
            if spec.compare if spec.hash is None else spec.hash:
                hashed.append(name)
            if spec.repr:
                shown.append(name)
        compare_key = _key(tuple(compared))
        hash_key = _key(tuple(hashed))
        klass: Any = None  # the class made below, which the methods refer to

        def __eq__(self: object, other: object) -> bool:
            if other.__class__ is self.__class__:
                return compare_key(self) == compare_key(other)
            return NotImplemented

        def __hash__(self: object) -> int:
            return hash(hash_key(self))

        def __setattr__(self: object, name: str, value: object) -> None:
            if type(self) is klass or name in names:
                from dataclasses import FrozenInstanceError

                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            _setattr(self, name, value)

        def __delattr__(self: object, name: str) -> None:
            if type(self) is klass or name in names:
                from dataclasses import FrozenInstanceError

                raise FrozenInstanceError(f"cannot delete field {name!r}")
            object.__delattr__(self, name)

        def __getstate__(self: object) -> list[object]:
            return [getattr(self, name) for name in names]

        def __setstate__(self: object, state: list[object]) -> None:
            for name, value in zip(names, state, strict=False):
                _setattr(self, name, value)

        def __repr__(self: object) -> str:
            shown_fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
            return f"{self.__class__.__qualname__}({shown_fields})"

        made: list[Callable[..., Any]] = [
            __eq__,
            __hash__,
            __setattr__,
            __delattr__,
            __getstate__,
            __setstate__,
        ]
        if repr:
            made.append(__repr__)
        for method in made:
            if method.__name__ not in body:  # what the class writes itself stays
                method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
                body[method.__name__] = method
        described = _Described(annotations, specs, repr)
        body["__dataclass_fields__"] = _DataclassAttribute("__dataclass_fields__", described)
        body["__dataclass_params__"] = _DataclassAttribute("__dataclass_params__", described)
        body.pop("__dict__", None)
        body.pop("__weakref__", None)
        body["__slots__"] = names
        body.setdefault("__match_args__", names)
        body["__qualname__"] = cls.__qualname__
        klass = described.klass = type(cls)(cls.__name__, cls.__bases__, body)
        result: _Class = klass
        return result

    return make


def _is_class_var(kind: object) -> bool:
    """Whether an annotation (a string, as ``from __future__ import annotations`` leaves it)
    declares a class variable rather than a field."""
    if isinstance(kind, str):
        return kind.startswith(("ClassVar", "typing.ClassVar"))
    return getattr(kind, "__origin__", kind) is ClassVar


class _Described:
    """What :mod:`dataclasses` says of a :func:`frozen_dataclass` class: its fields and params,
    made once by the decorator itself on a twin class with the same body."""

    __slots__ = ("annotations", "klass", "repr", "specs")

    #: The class described (set once the decorator has made it).
    klass: type

    def __init__(self, annotations: dict[str, Any], specs: dict[str, object], repr: bool) -> None:
        self.annotations = annotations
        self.specs = specs
        self.repr = repr

    def settle(self) -> None:
        """Put the real ``__dataclass_fields__`` and ``__dataclass_params__`` on the class."""
        import dataclasses

        klass = self.klass
        namespace: dict[str, Any] = {
            "__module__": klass.__module__,
            "__qualname__": klass.__qualname__,
            "__doc__": klass.__doc__,
            "__annotations__": dict(self.annotations),
        }
        for name, kind in self.annotations.items():
            if _is_class_var(kind) and name in vars(klass):
                namespace[name] = vars(klass)[name]
        for name, spec in self.specs.items():
            if isinstance(spec, _FieldSpec):
                spec = dataclasses.field(
                    default=spec.default, compare=spec.compare, hash=spec.hash, repr=spec.repr
                )
            namespace[name] = spec
        twin: Any = dataclasses.dataclass(frozen=True, repr=self.repr)(type(klass.__name__, (), namespace))
        type.__setattr__(klass, "__dataclass_fields__", twin.__dataclass_fields__)
        type.__setattr__(klass, "__dataclass_params__", twin.__dataclass_params__)


class _DataclassAttribute:
    """``__dataclass_fields__`` or ``__dataclass_params__`` until first read; then the real
    attribute replaces it on the class."""

    __slots__ = ("described", "name")

    def __init__(self, name: str, described: _Described) -> None:
        self.name = name
        self.described = described

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        self.described.settle()
        return getattr(self.described.klass, self.name)


def _key(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """The tuple of the attributes ``names`` of an object."""
    if len(names) > 1:
        many: Callable[[object], tuple[object, ...]] = attrgetter(*names)
        return many
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


@frozen_dataclass()
class Span:
    """A half-open range ``[start, end)`` of character offsets into a source text."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        _setattr(self, "start", start)
        _setattr(self, "end", end)
        self.__post_init__()

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def cover(self, other: Span | None) -> Span:
        """The smallest span holding both ``self`` and ``other``."""
        if other is None:
            return self
        return Span(min(self.start, other.start), max(self.end, other.end))


def line_col(source: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in code points) of ``offset`` in ``source``.

    >>> line_col("ab\\ncd", 4)
    (2, 2)
    """
    offset = max(0, min(offset, len(source)))
    line = source.count("\n", 0, offset) + 1
    start = source.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


class QueryError(Exception):
    """The root of every error querykit raises.

    ``message`` says what went wrong; ``span`` (when known) is where in ``source``;
    ``expected`` lists what would have been accepted there, in words; ``hint`` suggests a fix;
    ``code`` is a stable machine-readable name (see the error catalogue in the docs).
    """

    code: str = "query-error"

    def __init__(
        self,
        message: str,
        *,
        span: Span | None = None,
        source: str | None = None,
        expected: Sequence[str] = (),
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.source = source
        self.expected = tuple(expected)
        self.hint = hint
        if code is not None:
            self.code = code

    def with_source(self, source: str) -> QueryError:
        """Attach the source text (used by entry points that know it); returns ``self``."""
        if self.source is None:
            self.source = source
        return self

    @property
    def offset(self) -> int | None:
        """Start offset of the error in the source, or ``None``."""
        return None if self.span is None else self.span.start

    @property
    def end(self) -> int | None:
        """End offset (exclusive) of the error in the source, or ``None``."""
        return None if self.span is None else self.span.end

    @property
    def line(self) -> int | None:
        """1-based line of the error start, when both span and source are known."""
        if self.span is None or self.source is None:
            return None
        return line_col(self.source, self.span.start)[0]

    @property
    def column(self) -> int | None:
        """1-based column of the error start, when both span and source are known."""
        if self.span is None or self.source is None:
            return None
        return line_col(self.source, self.span.start)[1]

    def render(self) -> str:
        """``line:col: message``, then the source line with carets under the span."""
        return render_message(self.message, self.span, self.source, self.hint)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description of the error."""
        out: dict[str, object] = {"code": self.code, "message": self.message}
        if self.span is not None:
            out["start"] = self.span.start
            out["end"] = self.span.end
            if self.source is not None:
                out["line"], out["column"] = line_col(self.source, self.span.start)
        if self.expected:
            out["expected"] = list(self.expected)
        if self.hint:
            out["hint"] = self.hint
        return out

    def __str__(self) -> str:
        if self.span is not None and self.source is not None:
            line, col = line_col(self.source, self.span.start)
            return f"{line}:{col}: {self.message}"
        return self.message


class QuerySyntaxError(QueryError):
    """The text does not follow the grammar."""

    code = "syntax"


class LimitError(QueryError):
    """The input exceeds one of the explicit limits (length, depth, list size, integer size)."""

    code = "limit"


class NegationError(QueryError):
    """``not`` was applied to something that has no exact complement in Appwrite."""

    code = "negation"


class CodecError(QueryError):
    """An Appwrite JSON query that querykit cannot read or represent."""

    code = "codec"


class FormatError(QueryError):
    """An AST that cannot be written as text (for example a hand-built node with a bad value)."""

    code = "format"


class StructureError(QueryError):
    """A query that breaks a structural rule (see :func:`querykit.validate`)."""

    code = "structure"

    def __init__(self, message: str, *, diagnostics: Sequence[Diagnostic] = (), **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.diagnostics = tuple(diagnostics)

    def render(self) -> str:
        if not self.diagnostics:
            return super().render()
        return "\n".join(d.render(self.source) for d in self.diagnostics)


@frozen_dataclass()
class Diagnostic:
    """One problem found by validation: a stable ``code``, a ``message``, where, and a hint."""

    code: str
    message: str
    span: Span | None = None
    hint: str | None = None
    severity: str = "error"
    path: tuple[int, ...] = ()

    def __init__(
        self,
        code: str,
        message: str,
        span: Span | None = None,
        hint: str | None = None,
        severity: str = "error",
        path: tuple[int, ...] = (),
    ) -> None:
        _setattr(self, "code", code)
        _setattr(self, "message", message)
        _setattr(self, "span", span)
        _setattr(self, "hint", hint)
        _setattr(self, "severity", severity)
        _setattr(self, "path", path)

    def render(self, source: str | None = None) -> str:
        """``line:col: message`` with the source line and a caret when the place is known."""
        return render_message(self.message, self.span, source, self.hint)


def render_message(message: str, span: Span | None, source: str | None, hint: str | None) -> str:
    """Shared rendering: position prefix, the line, carets, and the hint."""
    text = message
    lines: list[str] = []
    if span is not None and source is not None:
        line, col = line_col(source, span.start)
        text = f"{line}:{col}: {message}"
        line_start = source.rfind("\n", 0, span.start) + 1
        line_end = source.find("\n", span.start)
        if line_end == -1:
            line_end = len(source)
        shown = source[line_start:line_end]
        width = max(1, min(span.end, line_end) - span.start)
        if len(shown) > 200:
            # Keep very long lines readable: show a window around the error.
            lo = max(0, span.start - line_start - 80)
            shown = ("…" if lo else "") + shown[lo : lo + 160] + "…"
            col = span.start - line_start - lo + (2 if lo else 1)
            width = min(width, 80)
        lines.append(shown.replace("\t", " "))
        lines.append(" " * (col - 1) + "^" * width)
    if hint:
        lines.append(f"hint: {hint}")
    return "\n".join([text, *lines])
