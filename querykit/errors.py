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

from collections.abc import Sequence

from querykit.valueclasses import frozen_dataclass

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
