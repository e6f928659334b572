"""``querykit repl``: the interactive shell of :mod:`querykit.repl` on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from querykit.cli.common import EXIT_UNUSABLE
from querykit.repl import DEFAULT_PROFILE, ReplState, respond, start_session

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``querykit repl`` to a ``querykit`` argument parser.

    >>> import argparse, io
    >>> top = argparse.ArgumentParser(prog="querykit")
    >>> register(top.add_subparsers(dest="command"))
    >>> args = top.parse_args(["repl"])
    >>> out = io.StringIO()
    >>> args.func(args, io.StringIO("a = 1\\n"), out, io.StringIO()), out.getvalue()
    (0, '{"method":"equal","attribute":"a","values":[1]}\\n')
    """
    p = subparsers.add_parser(
        "repl",
        help="an interactive shell: query text to JSON and back, permissions, schema checks",
        description="Type query text to see the JSON, paste JSON to see the text; :help lists the "
        "commands. When standard input is not a terminal, each input line is evaluated in turn.",
    )
    p.add_argument("--schema", metavar="FILE", help="check queries against this collection (Appwrite's JSON)")
    p.add_argument("--profile", metavar="NAME", help=f"the database profile (default: {DEFAULT_PROFILE})")
    p.add_argument("--history", metavar="FILE", type=Path, help="the history file (default: the data folder)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    state = ReplState()
    for command, value in ((":profile", args.profile), (":schema", args.schema)):
        if value is None:
            continue
        state, reply = respond(state, f"{command} {value}")
        if not reply.ok:
            stderr.write(reply.diagnostics + "\n")
            return EXIT_UNUSABLE
    return start_session(state, stdin, stdout, stderr, args.history)
