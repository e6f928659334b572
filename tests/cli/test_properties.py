"""No input makes any command print a traceback: every command of the registry (and each
sub-command) is driven with random bytes, random JSON nesting, a byte-order mark, invalid UTF-8
and empty input, on standard input and as an argument; it exits 0, 1 or 2."""

from __future__ import annotations

import argparse
import contextlib
import io
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querykit.cli import build_parser, main

#: A file for options a command requires (a collection: ``--schema`` and the like).
EXAMPLE_FILE = str(Path(__file__).parents[2] / "examples" / "books.json")


def _required_options(parser: argparse.ArgumentParser) -> list[str]:
    """Values for the options a command requires, so that the input reaches the command."""
    argv: list[str] = []
    for action in parser._actions:
        if action.required and action.option_strings:
            choices = list(action.choices) if action.choices else [EXAMPLE_FILE]
            argv += [action.option_strings[-1], str(choices[0])]
    return argv


def _leaf_commands() -> list[list[str]]:
    """Every runnable command path of the registry: a group with sub-commands gives its leaves,
    with the options the command requires."""

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> list[list[str]]:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            return [prefix + _required_options(parser)]
        return [path for a in subs for name, sub in a.choices.items() for path in walk(sub, [*prefix, name])]

    return walk(build_parser(), [])


COMMANDS = _leaf_commands()

_JSON_ATOMS = st.sampled_from(
    ["1", '"x"', "null", '{"method":"limit","values":[1]}', '"read(\\"any\\")"', "a = 1", ""]
)


@st.composite
def _nested_json(draw: st.DrawFn) -> str:
    depth = draw(st.integers(0, 1500))
    opener = draw(st.sampled_from(["[", '{"a":', '{"method":"and","values":[']))
    closer = {"[": "]", '{"a":': "}", '{"method":"and","values":[': "]}"}[opener]
    cut = draw(st.integers(0, depth))  # sometimes unbalanced
    return opener * depth + draw(_JSON_ATOMS) + closer * (depth - cut)


_TEXTS = st.one_of(
    st.binary(max_size=80),
    _nested_json().map(lambda s: s.encode()),
    st.builds(lambda s: b"\xef\xbb\xbf" + s.encode(), _JSON_ATOMS | st.text(max_size=30)),
    st.builds(
        lambda a, b: a.encode() + b + b"\n",
        st.text(max_size=10),
        st.sampled_from([b"\xff", b"\xc3(", b"\xed\xa0\x80"]),
    ),
    st.just(b""),
    st.text(max_size=60).map(lambda s: s.encode("utf-8", "surrogatepass")),
)


def _drive(argv: list[str], stdin: bytes) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv, io.BytesIO(stdin), out, err)
    except BaseException:  # the property: nothing escapes
        pytest.fail(f"querykit {argv!r} with stdin {stdin!r} raised:\n{traceback.format_exc()}")
    return code, out.getvalue() + err.getvalue()


def test_the_registry_gives_every_command() -> None:
    assert ["compile"] in COMMANDS and ["perm", "check"] in COMMANDS and ["methods"] in COMMANDS
    assert ["perm"] not in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_TEXTS, as_argument=st.booleans())
def test_no_input_ends_in_a_traceback(command: list[str], data: bytes, as_argument: bool) -> None:
    if as_argument:
        # An argument is what the OS gives: bytes, decoded by Python with surrogateescape.
        argument = data.replace(b"\0", b"").decode("utf-8", "surrogateescape")
        argv, stdin = [*command, "--", argument], b""
    else:
        argv, stdin = command, data
    code, output = _drive(argv, stdin)
    assert code in (0, 1, 2), (argv, stdin, output)
    assert "Traceback" not in output
