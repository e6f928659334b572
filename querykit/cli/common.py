"""What every ``querykit`` command shares: exit statuses, reading input, printing errors, help.

A command module of this package follows one pattern, so that no input ends in a traceback:

- :func:`add_command` makes its parser, with a description, examples and the exit statuses in
  ``--help`` (:func:`add_limit_options` adds ``--max-length`` and ``--max-depth``, read back by
  :func:`limits_from`);
- its handler gets its texts from :func:`read_inputs` (the arguments, else standard input, read
  as bytes and decoded strictly as UTF-8, a byte-order mark skipped) and decodes any JSON with
  :func:`read_json` (the library's guarded reader, with the limits);
- on unusable input it raises :class:`~querykit.errors.QueryError` with the place (or calls
  :func:`report`): ``querykit.cli.main`` prints the message with its caret on standard error and
  exits with :data:`EXIT_UNUSABLE`. When standard input is a terminal and no argument was
  given, :func:`read_inputs` raises :class:`NoInput` and ``main`` prints the command's help.

>>> EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE
(0, 1, 2)
>>> import io
>>> [s.text for s in read_inputs([], io.BytesIO(b"\\xef\\xbb\\xbfa = 1"))]
['a = 1']
>>> read_inputs([], io.BytesIO(b'a = "\\xff"\\n'))
Traceback (most recent call last):
...
querykit.errors.QueryError: invalid UTF-8 (byte 0xff) at 1:6
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, TextIO

from querykit.errors import QueryError, Span
from querykit.jsondata import read_json as _read_json
from querykit.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_UNUSABLE",
    "STANDARD_EXIT_STATUSES",
    "InputText",
    "NoInput",
    "add_command",
    "add_limit_options",
    "decode_bytes",
    "limits_from",
    "read_inputs",
    "read_json",
    "report",
]

#: The input was read and the command did what it was asked.
EXIT_OK = 0
#: The input was read and is well formed, but fails the check asked for.
EXIT_INVALID = 1
#: The input cannot be used (bad syntax, unreadable file); the message goes to standard error.
EXIT_UNUSABLE = 2
#: Interrupted from the keyboard.
EXIT_INTERRUPTED = 130

#: The exit statuses as ``--help`` lists them, for commands that check something.
STANDARD_EXIT_STATUSES: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "done"),
    (EXIT_INVALID, "the input is well formed but fails the check"),
    (EXIT_UNUSABLE, "unusable input (the message, with its place, goes to standard error)"),
)

_BOM_BYTES = b"\xef\xbb\xbf"


class NoInput(Exception):
    """No argument was given and standard input is a terminal: the command shows its help
    rather than wait silently."""


@dataclass(frozen=True, slots=True)
class InputText:
    """One decoded input: an argument, or all of standard input.

    >>> list(InputText("a\\n\\n b\\n", "standard input").lines())
    [(1, 0, 'a'), (3, 3, ' b')]
    """

    text: str
    #: ``standard input`` or ``argument N``.
    origin: str

    def lines(self) -> Iterator[tuple[int, int, str]]:
        """The non-blank lines: 1-based line number, offset of the line in :attr:`text`, line."""
        offset = 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            stripped = line.rstrip("\r")
            if stripped.strip():
                yield number, offset, stripped
            offset += len(line) + 1


def decode_bytes(data: bytes) -> str:
    """``data`` as UTF-8 text, decoded strictly; a leading byte-order mark is skipped.

    >>> decode_bytes(b"\\xef\\xbb\\xbflimit 1")
    'limit 1'
    >>> decode_bytes(b"\\xef\\xbb\\xbfa = \\xff")
    Traceback (most recent call last):
    ...
    querykit.errors.QueryError: invalid UTF-8 (byte 0xff) at 1:5
    >>> decode_bytes(b"ab\\ncd\\xc3(")
    Traceback (most recent call last):
    ...
    querykit.errors.QueryError: invalid UTF-8 (byte 0xc3) at 2:3
    """
    if data.startswith(_BOM_BYTES):
        data = data[len(_BOM_BYTES) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise QueryError(
            f"invalid UTF-8 (byte 0x{data[e.start]:02x}) at {line}:{column}", code="encoding"
        ) from None
    return text


def _argument_bytes(value: str) -> bytes:
    """The bytes behind a command-line argument (Python decodes them with ``surrogateescape``)."""
    try:
        return value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _stdin_bytes(stdin: IO[Any]) -> bytes:
    buffer = getattr(stdin, "buffer", None)
    data = (buffer if buffer is not None else stdin).read()
    return data if isinstance(data, bytes) else _argument_bytes(str(data))


def _is_terminal(stream: IO[Any]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def read_inputs(arguments: Sequence[str], stdin: IO[Any]) -> list[InputText]:
    """The inputs of a command: one per argument, or else all of standard input.

    Every input is decoded strictly as UTF-8 (a byte-order mark skipped); bad bytes are a
    :class:`QueryError` with the line and column. With no argument and a terminal on standard
    input, raises :class:`NoInput`.

    >>> import io
    >>> [(i.origin, i.text) for i in read_inputs(["\\ufeffa", "b"], io.StringIO())]
    [('argument 1', 'a'), ('argument 2', 'b')]
    >>> read_inputs([], io.StringIO("x\\n"))
    [InputText(text='x\\n', origin='standard input')]
    """
    if arguments:
        out = []
        for number, value in enumerate(arguments, start=1):
            origin = f"argument {number}"
            try:
                text = decode_bytes(_argument_bytes(value))
            except QueryError as e:
                raise QueryError(f"{origin}: {e.message}", code=e.code) from None
            out.append(InputText(text, origin))
        return out
    if _is_terminal(stdin):
        raise NoInput
    return [InputText(decode_bytes(_stdin_bytes(stdin)), "standard input")]


def read_json(text: str, limits: Limits | None = None, *, offset: int = 0, source: str | None = None) -> Any:
    """Decode JSON with the library's guarded reader (:func:`querykit.jsondata.read_json`).

    ``offset`` and ``source`` place the text inside a larger input (a line of standard input),
    so that the error's line, column and caret refer to the whole input.

    >>> try:
    ...     read_json('{"a" 1}', offset=2, source='[]\\n{"a" 1}')
    ... except QueryError as e:
    ...     print(e.render())
    2:5: invalid JSON: Expecting ':' delimiter
    {"a" 1}
        ^
    """
    try:
        return _read_json(text, limits=limits)
    except QueryError as e:
        if source is not None and e.span is not None:
            e.span = Span(e.span.start + offset, e.span.end + offset)
            e.source = source
        raise


def report(error: QueryError, stderr: TextIO, source: str | None = None) -> int:
    """Print ``error`` (with its place and caret, in ``source`` when given) on standard error;
    returns :data:`EXIT_UNUSABLE`.

    >>> import io
    >>> err = io.StringIO()
    >>> report(QueryError("bad", span=Span(2, 3), source="a ?"), err), err.getvalue()
    (2, '1:3: bad\\na ?\\n  ^\\n')
    """
    if source is not None:
        error.with_source(source)
    stderr.write(error.render() + "\n")
    return EXIT_UNUSABLE


def add_command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    *,
    summary: str,
    description: str,
    examples: Sequence[str],
    exit_statuses: Sequence[tuple[int, str]] = STANDARD_EXIT_STATUSES,
) -> argparse.ArgumentParser:
    """A command's parser whose ``--help`` has the description, the examples and the exit statuses.

    >>> top = argparse.ArgumentParser(prog="querykit")
    >>> p = add_command(top.add_subparsers(), "hello", summary="greet", description="Say hello.",
    ...                 examples=["querykit hello"])
    >>> print(p.format_help().split("examples:")[1])  # doctest: +NORMALIZE_WHITESPACE
    $ querykit hello
    exit status:
      0  done
      1  the input is well formed but fails the check
      2  unusable input (the message, with its place, goes to standard error)
    """
    lines = ["examples:", *(f"  $ {e}" for e in examples), "", "exit status:"]
    lines += [f"  {code}  {meaning}" for code, meaning in exit_statuses]
    parser = subparsers.add_parser(
        name,
        help=summary,
        description=description,
        epilog="\n".join(lines),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(command_parser=parser)
    return parser


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-length`` and ``--max-depth`` (the bounds of :class:`querykit.Limits`)."""
    parser.add_argument(
        "--max-length",
        type=int,
        metavar="N",
        default=DEFAULT_LIMITS.max_length,
        help=f"longest input text, in characters (default: {DEFAULT_LIMITS.max_length})",
    )
    parser.add_argument(
        "--max-depth",
        type=int,
        metavar="N",
        default=DEFAULT_LIMITS.max_depth,
        help=f"deepest nesting of brackets (default: {DEFAULT_LIMITS.max_depth})",
    )


def limits_from(args: argparse.Namespace) -> Limits:
    """The :class:`querykit.Limits` of ``--max-length`` and ``--max-depth``.

    >>> limits_from(argparse.Namespace(max_length=10, max_depth=3))
    Limits(max_length=10, max_depth=3, max_items=10000, max_queries=10000)
    """
    length = getattr(args, "max_length", DEFAULT_LIMITS.max_length)
    depth = getattr(args, "max_depth", DEFAULT_LIMITS.max_depth)
    if (length, depth) == (DEFAULT_LIMITS.max_length, DEFAULT_LIMITS.max_depth):
        return DEFAULT_LIMITS
    return Limits(max_length=length, max_depth=depth)
