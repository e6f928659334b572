"""The ``querykit perm`` command: compile, decompile and check permissions from the shell.

Exit status: 0 when all is well, 1 when the permissions are invalid (``check``), 2 when the input
cannot be used (a syntax error, say), with the message and a caret on standard error.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TextIO

from querykit.cli.common import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE
from querykit.errors import QueryError
from querykit.permissions import check_grant, check_permissions, compile, decompile
from querykit.permissions.rules import RESOURCE_KINDS

__all__ = ["register"]

Handler = Callable[[argparse.Namespace, TextIO, TextIO, TextIO], int]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``perm`` command (``compile``, ``decompile``, ``check``) to a ``querykit`` parser.

    >>> import argparse, io
    >>> top = argparse.ArgumentParser(prog="querykit")
    >>> register(top.add_subparsers(dest="command"))
    >>> args = top.parse_args(["perm", "compile", "read: any; write: users"])
    >>> out = io.StringIO()
    >>> args.func(args, io.StringIO(), out, io.StringIO()), out.getvalue()
    (0, '["read(\\\\"any\\\\")", "write(\\\\"users\\\\")"]\\n')
    """
    perm = subparsers.add_parser("perm", help="Appwrite permissions: compile, decompile, check")
    commands = perm.add_subparsers(dest="perm_command", required=True)

    p = commands.add_parser("compile", help="permission text to Appwrite permission strings")
    p.add_argument("text", nargs="?", help="the permission text (default: standard input)")
    p.add_argument(
        "--resource", choices=RESOURCE_KINDS, help="check types and expand write for this resource"
    )
    p.add_argument("--lines", action="store_true", help="one string per line instead of a JSON list")
    p.set_defaults(func=_compile)

    d = commands.add_parser("decompile", help="Appwrite permission strings to permission text")
    d.add_argument("strings", nargs="*", help="permission strings (default: standard input)")
    d.add_argument("--server", action="store_true", help="accept and normalise what the server accepts")
    d.add_argument("--collapse-write", choices=RESOURCE_KINDS, help="write `write` where it applies")
    d.set_defaults(func=_decompile)

    c = commands.add_parser("check", help="check permission strings as the Appwrite server does")
    c.add_argument("strings", nargs="*", help="permission strings (default: standard input)")
    c.add_argument("--resource", choices=RESOURCE_KINDS, default="collection", help="default: collection")
    c.add_argument(
        "--roles", help="the caller's roles, comma-separated: also check what a client session may grant"
    )
    c.set_defaults(func=_check)


def _read_strings(args: argparse.Namespace, stdin: TextIO) -> list[object]:
    """The strings from the arguments, or from standard input: a JSON list, or one per line."""
    strings: list[str] = args.strings
    if strings:
        return list(strings)
    text = stdin.read()
    if text.lstrip().startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            raise QueryError(f"invalid JSON: {e.msg}", source=text) from None
        if not isinstance(value, list):
            raise QueryError("expected a JSON list of permission strings", source=text)
        return value
    return [line for line in text.splitlines() if line.strip()]


def _usage_error(e: QueryError, stderr: TextIO) -> int:
    stderr.write(e.render() + "\n")
    return EXIT_UNUSABLE


def _compile(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    text = args.text if args.text is not None else stdin.read()
    try:
        strings = compile(text, resource=args.resource)
    except QueryError as e:
        return _usage_error(e, stderr)
    if args.lines:
        stdout.write("".join(s + "\n" for s in strings))
    else:
        stdout.write(json.dumps(strings) + "\n")
    return EXIT_OK


def _decompile(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        strings = _read_strings(args, stdin)
        if not all(isinstance(s, str) for s in strings):
            raise QueryError("every permission must be a string")
        text = decompile(
            [str(s) for s in strings],
            mode="server" if args.server else "strict",
            collapse_write=args.collapse_write,
        )
    except QueryError as e:
        return _usage_error(e, stderr)
    stdout.write(text + "\n" if text else "")
    return EXIT_OK


def _check(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        strings = _read_strings(args, stdin)
        if args.roles is None:
            verdict = check_permissions(strings, resource=args.resource)
        else:
            roles = [r.strip() for r in args.roles.split(",") if r.strip()]
            verdict = check_grant(strings, roles, resource=args.resource)  # type: ignore[arg-type]
    except QueryError as e:
        return _usage_error(e, stderr)
    if not verdict.valid:
        stdout.write(f"{verdict.status} {verdict.type}: {verdict.message}\n")
        return EXIT_INVALID
    stdout.write("ok\n")
    if verdict.stored:
        stdout.write(json.dumps(list(verdict.stored)) + "\n")
    return EXIT_OK
