"""``querykit check``, driven through ``register`` with in-memory streams."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from querykit.cli.check import register

BOOKS = str(Path(__file__).parents[1] / "data" / "books.json")


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="querykit")
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = args.func(args, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def test_invalid_query_prints_status_type_and_message() -> None:
    code, out, _ = run(
        ["check", "--schema", BOOKS, "--profile", "mariadb", '{"method":"limit","values":[0]}']
    )
    assert code == 1
    assert out == (
        "400 general_query_invalid: Invalid query: Invalid limit: Value must be a valid range between 1 and "
        "9,223,372,036,854,775,807\n"
    )


def test_valid_queries_from_stdin_lines_and_json_array() -> None:
    lines = '{"method":"equal","attribute":"title","values":["Dune"]}\n{"method":"limit","values":[5]}\n'
    assert run(["check", "--schema", BOOKS], lines) == (0, "valid\n", "")
    array = json.dumps(['{"method":"search","attribute":"summary","values":["x"]}'])
    code, out, _ = run(["check", "--schema", BOOKS, "--json"], array)
    assert code == 1
    assert json.loads(out) == {
        "valid": False,
        "status": 400,
        "type": "general_query_invalid",
        "message": 'Searching by attribute "summary" requires a fulltext index.',
        "stage": "find",
    }


def test_without_schema_only_internal_attributes_exist() -> None:
    code, out, _ = run(["check", '{"method":"orderDesc","attribute":"$createdAt"}'])
    assert (code, out) == (0, "valid\n")
    code, out, _ = run(["check", '{"method":"orderDesc","attribute":"title"}'])
    assert (code, out) == (
        1,
        "400 general_query_invalid: Invalid query: Attribute not found in schema: title\n",
    )


def test_unusable_schema_exits_2(tmp_path: Path) -> None:
    code, out, err = run(["check", "--schema", str(tmp_path / "missing.json"), "{}"])
    assert (code, out) == (2, "") and "cannot read schema" in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"attributes": 3}')
    assert run(["check", "--schema", str(bad), "{}"])[0] == 2


def test_unknown_profile_is_refused_by_the_parser() -> None:
    with pytest.raises(SystemExit):
        run(["check", "--profile", "oracle", "{}"])


def test_text_mode() -> None:
    pytest.importorskip("querykit.text.parser")
    code, out, _ = run(["check", "--schema", BOOKS, "--text", 'title = "Dune" and year > 1960'])
    assert (code, out) == (0, "valid\n")
    code, out, _ = run(["check", "--schema", BOOKS, "--text", "summary = 3"])
    expected = '1:1: Query value is invalid for attribute "summary"\nsummary = 3\n^^^^^^^^^^^\n'
    assert (code, out) == (1, expected)
    code, out, _ = run(["check", "--schema", BOOKS, "--text", 'year > 1 and titel = "x"'])
    assert code == 1
    assert out.splitlines()[0] == '1:14: attribute "titel" not found in schema; did you mean "title"?'
    code, _, err = run(["check", "--schema", BOOKS, "--text", "titel ="])
    assert code == 2 and err.startswith("1:8: unexpected end of input")
