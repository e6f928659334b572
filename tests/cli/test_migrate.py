"""``querykit migrate``, driven through an argparse parser built here."""

from __future__ import annotations

import argparse
import io

import pytest

import querykit
from querykit.cli import migrate as migrate_cli

HAS_FORMAT = hasattr(querykit, "from_appwrite") and hasattr(querykit, "format")


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="querykit")
    subparsers = parser.add_subparsers(dest="command", required=True)
    migrate_cli.register(subparsers)
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    status = args.func(args, io.StringIO(stdin), out, err)
    return status, out.getvalue(), err.getvalue()


def _json_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.startswith("# ")]


def test_arguments() -> None:
    status, out, err = _run(["migrate", 'equal("title", ["a"])', "limit(5)"])
    assert status == 0
    assert err == ""
    assert _json_lines(out) == [
        '{"method":"equal","attribute":"title","values":["a"]}',
        '{"method":"limit","values":[5]}',
    ]


def test_stdin_one_per_line_blank_lines_skipped() -> None:
    status, out, _ = _run(["migrate"], 'orderDesc("")\n\n  \ncursorAfter("x")\r\n')
    assert status == 0
    assert _json_lines(out) == [
        '{"method":"orderDesc","attribute":"$sequence"}',
        '{"method":"cursorAfter","values":["x"]}',
    ]


def test_bad_input_exits_2_with_a_caret_and_goes_on() -> None:
    status, out, err = _run(["migrate", "title.equal(1)", "offset(3)"])
    assert status == 2
    assert _json_lines(out) == ['{"method":"offset","values":[3]}']
    assert err.splitlines() == [
        "1:6: Invalid query method",
        "title.equal(1)",
        "     ^",
        "hint: the 1.4 parser rejects dotted method names",
    ]


def test_newer_methods_are_bad_input() -> None:
    status, out, err = _run(["migrate", "orderRandom()"])
    assert status == 2
    assert out == ""
    assert "Appwrite 1.8.0" in err


@pytest.mark.skipif(not HAS_FORMAT, reason="querykit.format and from_appwrite are not there yet")
def test_text_line_is_the_formatted_query() -> None:
    _, out, _ = _run(["migrate", 'equal("title", ["a"])'])
    query = querykit.from_appwrite(['{"method":"equal","attribute":"title","values":["a"]}'])
    assert out.splitlines()[1] == "# " + querykit.format(query)
