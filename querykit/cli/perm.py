"""The ``querykit perm`` command: compile, decompile and check permissions from the shell.

Exit status: 0 when all is well, 1 when the permissions are invalid (``check``), 2 when the input
cannot be used (a syntax error, say), with the message and a caret on standard error.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import IO, Any, TextIO

from querykit.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNUSABLE,
    add_command,
    add_limit_options,
    limits_from,
    read_inputs,
    read_json,
)
from querykit.errors import QueryError
from querykit.permissions import check_grant, check_permissions, compile, decompile
from querykit.permissions.rules import RESOURCE_KINDS

__all__ = ["register"]

Handler = Callable[[argparse.Namespace, IO[Any], TextIO, TextIO], int]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``perm`` command (``compile``, ``decompile``, ``check``) to a ``querykit`` parser.

    >>> import argparse, io
    >>> top = argparse.ArgumentParser(prog="querykit")
    >>> register(top.add_subparsers(dest="command"))
    >>> args = top.parse_args(["perm", "compile", "read: any; write: users"])
    >>> out = io.StringIO()
    >>> args.func(args, io.StringIO(), out, io.StringIO()), out.getvalue()
    (0, 'read("any")\\nwrite("users")\\n')
    """
    perm = add_command(
        subparsers,
        "perm",
        summary="Appwrite permissions: compile, decompile, check",
        description="Appwrite permissions from the shell: compile permission text to strings, "
        "decompile strings to text, check strings as the server does. "
        "`querykit perm COMMAND --help` describes each.",
        examples=[
            "querykit perm compile 'read: any; write: users'",
            "querykit perm check 'read(\"any\")'",
        ],
    )
    commands = perm.add_subparsers(dest="perm_command", required=True, metavar="COMMAND")
    usage = (
        (EXIT_OK, "done"),
        (EXIT_UNUSABLE, "unusable input (the error, with its place, on standard error)"),
    )

    p = add_command(
        commands,
        "compile",
        summary="permission text to Appwrite permission strings, one per line",
        description="Compile permission text to the Appwrite permission strings, one per line "
        "(--json: one JSON array).",
        examples=["querykit perm compile 'read: any; update, delete: user:abc/verified'"],
        exit_statuses=usage,
    )
    p.add_argument("text", nargs="*", help="the permission text (default: standard input)")
    p.add_argument(
        "--resource", choices=RESOURCE_KINDS, help="check types and expand write for this resource"
    )
    p.add_argument("--json", action="store_true", help="print one JSON array instead")
    p.add_argument("--lines", action="store_true", help=argparse.SUPPRESS)
    add_limit_options(p)
    p.set_defaults(func=_compile)

    forms = (
        "Permission strings come as arguments or on standard input, in the same forms: one JSON "
        "array of strings, or one string per argument (per line on standard input)."
    )
    d = add_command(
        commands,
        "decompile",
        summary="Appwrite permission strings to permission text",
        description="Turn Appwrite permission strings into permission text. " + forms,
        examples=[
            "querykit perm decompile 'read(\"any\")' 'update(\"user:abc\")'",
            'querykit perm decompile \'["read(\\"any\\")"]\'',
        ],
        exit_statuses=usage,
    )
    d.add_argument("strings", nargs="*", help="permission strings (default: standard input)")
    d.add_argument("--server", action="store_true", help="accept and normalise what the server accepts")
    d.add_argument("--collapse-write", choices=RESOURCE_KINDS, help="write `write` where it applies")
    add_limit_options(d)
    d.set_defaults(func=_decompile)

    c = add_command(
        commands,
        "check",
        summary="check permission strings as the Appwrite server does",
        description="Check permission strings as the Appwrite server does; print `ok` (and the "
        "strings it stores) or the server's error. " + forms,
        examples=[
            "querykit perm check 'read(\"any\")' 'write(\"users\")'",
            "querykit perm check --roles users 'read(\"any\")'",
        ],
    )
    c.add_argument("strings", nargs="*", help="permission strings (default: standard input)")
    c.add_argument("--resource", choices=RESOURCE_KINDS, default="collection", help="default: collection")
    c.add_argument(
        "--roles", help="the caller's roles, comma-separated: also check what a client session may grant"
    )
    add_limit_options(c)
    c.set_defaults(func=_check)


def _read_strings(args: argparse.Namespace, stdin: IO[Any]) -> list[object]:
    """The permission strings, in the same forms from the arguments and from standard input: a
    JSON list of strings, or one string per argument (per non-blank line on standard input)."""
    limits = limits_from(args)
    out: list[object] = []
    for given in read_inputs(args.strings, stdin):
        text = given.text
        if text.lstrip().startswith("["):
            value = read_json(text, limits)
            if not isinstance(value, list):  # pragma: no cover - JSON starting with [ is a list
                raise QueryError("expected a JSON list of permission strings", source=text)
            out.extend(value)
        elif args.strings:
            out.append(text)
        else:
            out.extend(line for _, _, line in given.lines())
    return out


def _usage_error(e: QueryError, stderr: TextIO) -> int:
    stderr.write(e.render() + "\n")
    return EXIT_UNUSABLE


def _compile(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
    text = " ".join(i.text for i in read_inputs(args.text, stdin))
    limits = limits_from(args)
    if len(text) > limits.max_length:
        return _usage_error(QueryError(f"text longer than {limits.max_length} characters"), stderr)
    try:
        strings = compile(text, resource=args.resource)
    except QueryError as e:
        return _usage_error(e.with_source(text), stderr)
    if args.json:
        stdout.write(json.dumps(strings) + "\n")
    else:
        stdout.write("".join(s + "\n" for s in strings))
    return EXIT_OK


def _decompile(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
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


def _check(args: argparse.Namespace, stdin: IO[Any], stdout: TextIO, stderr: TextIO) -> int:
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
