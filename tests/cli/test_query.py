"""The `querykit` command: compile and decompile (the other commands test themselves)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from querykit.cli import main


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def test_compile_prints_one_string_per_line() -> None:
    code, out, err = run(["compile", 'name = "John" and age between 18..30 order by age desc limit 10'])
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        '{"method":"equal","attribute":"name","values":["John"]}',
        '{"method":"between","attribute":"age","values":[18,30]}',
        '{"method":"orderDesc","attribute":"age"}',
        '{"method":"limit","values":[10]}',
    ]


def test_compile_json_url_and_stdin() -> None:
    code, out, _ = run(["compile", "--json"], stdin="a = 1 limit 2")
    assert code == 0 and json.loads(out) == [
        '{"method":"equal","attribute":"a","values":[1]}',
        '{"method":"limit","values":[2]}',
    ]
    code, out, _ = run(["compile", "--url", "a = 1"])
    assert (code, out) == (
        0,
        "queries%5B0%5D=%7B%22method%22%3A%22equal%22%2C%22attribute%22%3A%22a%22%2C%22values"
        "%22%3A%5B1%5D%7D\n",
    )


def test_compile_error_exits_2_with_a_caret() -> None:
    code, out, err = run(["compile", "a = 1 and"])
    assert (code, out) == (2, "")
    assert err.splitlines()[0].startswith("1:10: unexpected end of input")
    assert err.splitlines()[2] == "         ^"
    code, _, err = run(["compile", "a in []"])
    assert code == 2 and err.startswith("1:1: equal takes at least one value")


@pytest.mark.parametrize(
    "stdin",
    [
        json.dumps(['{"method":"equal","attribute":"a","values":[1]}', '{"method":"limit","values":[2]}']),
        '[{"method":"equal","attribute":"a","values":[1]},{"method":"limit","values":[2]}]',
        '{"method":"equal","attribute":"a","values":[1]}\n{"method":"limit","values":[2]}\n',
    ],
)
def test_decompile_reads_arrays_objects_and_lines(stdin: str) -> None:
    assert run(["decompile"], stdin=stdin) == (0, "a = 1 limit 2\n", "")


def test_decompile_argument_and_url() -> None:
    line = (
        '{"method":"or","values":[{"method":"equal","attribute":"a","values":[1]},'
        '{"method":"isNull","attribute":"b"}]}'
    )
    assert run(["decompile", line]) == (0, "a = 1 or b is null\n", "")
    url = (
        "https://cloud.appwrite.io/v1/databases/d/collections/c/documents"
        "?queries%5B0%5D=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B3%5D%7D"
    )
    assert run(["decompile", "--url", url]) == (0, "limit 3\n", "")


def test_decompile_error_exits_2() -> None:
    code, out, err = run(["decompile", '{"method":"equal","attribute":1}'])
    assert (code, out) == (2, "") and "`attribute` must be a string" in err


def test_no_command_prints_help() -> None:
    code, out, _ = run([])
    assert code == 2 and "compile" in out and "decompile" in out and "perm" in out and "check" in out


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "querykit", "compile", "a = 1"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, '{"method":"equal","attribute":"a","values":[1]}\n')
