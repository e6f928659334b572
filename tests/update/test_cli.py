"""The `querykit update` command, driven through `querykit.cli.main`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from querykit.cli import main


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


SCHEMA = {
    "$id": "books",
    "attributes": [
        {"key": "views", "type": "integer", "status": "available"},
        {"key": "stock", "type": "integer", "status": "available"},
        {"key": "tags", "type": "string", "size": 20, "array": True, "status": "available"},
        {"key": "title", "type": "string", "size": 10, "status": "available"},
    ],
}


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    current = tmp_path / "current.json"
    current.write_text(
        json.dumps({"views": 2147483647, "stock": 3, "tags": ["a"], "title": "Hello"}), "utf-8"
    )
    return str(schema), str(current)


def test_compile_prints_the_data_object() -> None:
    code, out, err = run(
        "update", "compile", 'views += 1, stock -= 2 min 0, tags append ["sale"], updated = now'
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "views": '{"method":"increment","values":[1]}',
        "stock": '{"method":"decrement","values":[2,0]}',
        "tags": '{"method":"arrayAppend","values":["sale"]}',
        "updated": '{"method":"dateSetNow","values":[]}',
    }
    assert out.startswith('{"views":"{\\"method\\":\\"increment\\",\\"values\\":[1]}",')


def test_compile_from_stdin_with_where() -> None:
    code, out, _ = run(
        "update", "compile", stdin='set status = "archived" where status = "draft" limit 100\n'
    )
    assert code == 0
    assert out.splitlines() == [
        '{"status":"archived"}',
        '{"method":"equal","attribute":"status","values":["draft"]}',
        '{"method":"limit","values":[100]}',
    ]


def test_compile_json_then_decompile_round_trips() -> None:
    code, out, _ = run("update", "compile", "--json", "n *= 2 max 10, t keep >= 3 where a > 1")
    assert code == 0
    request = json.loads(out)
    assert request["queries"] == ['{"method":"greaterThan","attribute":"a","values":[1]}']
    code, text, _ = run("update", "decompile", stdin=out)
    assert (code, text) == (0, "n *= 2 max 10, t keep >= 3 where a > 1\n")


def test_decompile_with_query_arguments() -> None:
    data = json.dumps({"views": '{"method":"increment","attribute":"","values":[5]}'})
    code, out, _ = run("update", "decompile", data, "--query", '{"method":"limit","values":[3]}')
    assert (code, out) == (0, "views += 5 where limit 3\n")


@pytest.mark.parametrize(
    ("argv", "stdin", "fragment"),
    [
        (("update", "compile", "views +="), "", "1:9: unexpected end of input; expected a value"),
        (("update", "compile", "views apend [1]"), "", "did you mean `append`?"),
        (("update", "compile", "a = 1, a = 2"), "", "`a` is assigned twice"),
        (("update", "decompile", "{not json"), "", "the data is not valid JSON"),
        (("update", "decompile", "[1, 2]"), "", "the data must be a JSON object"),
        (
            ("update", "decompile"),
            '{"n": "{\\"method\\":\\"increment\\",\\"values\\":5}"}',
            "Must be an array",
        ),
        (("update", "check", "--schema", "/nonexistent.json", "n += 1"), "", "cannot read the schema"),
        (("update", "check", "n +="), "", "unexpected end of input"),
    ],
)
def test_unusable_input_exits_2_with_a_message(argv: tuple[str, ...], stdin: str, fragment: str) -> None:
    code, out, err = run(*argv, stdin=stdin)
    assert code == 2
    assert out == ""
    assert fragment in err
    assert "Traceback" not in err


def test_errors_show_the_place_with_a_caret() -> None:
    _, _, err = run("update", "compile", "views += 1 max")
    assert err.splitlines()[1:] == ["views += 1 max", "              ^"]


def test_check_valid_and_invalid(files: tuple[str, str]) -> None:
    schema, current = files
    code, out, _ = run("update", "check", "--schema", schema, "stock -= 2 min 0, tags unique")
    assert (code, out) == (0, "valid\n")
    code, out, _ = run("update", "check", "--schema", schema, "--current", current, "views += 1")
    assert code == 1
    assert out.splitlines()[0] == (
        "400 document_invalid_structure: Invalid document structure: "
        "Cannot apply increment operator: would overflow maximum value of 2147483647"
    )


def test_check_reads_data_json_and_answers_as_json(files: tuple[str, str]) -> None:
    schema, _ = files
    data = json.dumps({"title": '{"method":"increment","values":[1]}'})
    code, out, _ = run("update", "check", "--schema", schema, "--json", "--resource", "row", data)
    assert code == 1
    verdict = json.loads(out)
    assert verdict["status"] == 400
    assert verdict["type"] == "row_invalid_structure"
    assert verdict["message"] == (
        "Invalid document structure: Cannot apply increment operator to non-numeric field 'title'"
    )


def test_check_without_schema_runs_the_checks_that_need_none() -> None:
    code, out, _ = run("update", "check", "n /= 0")
    assert code == 1
    assert "Cannot apply divide operator: division by zero" in out
    code, out, _ = run("update", "check", "n /= 2")
    assert (code, out) == (0, "valid (no schema: structure and values only)\n")


@settings(max_examples=200, deadline=None)
@given(
    command=st.sampled_from(["compile", "decompile", "check"]),
    text=st.text(max_size=40) | st.sampled_from(['{"a": 1}', '{"data": {}, "queries": 5}', "a += 1 where"]),
)
def test_any_input_exits_with_a_status_never_a_traceback(command: str, text: str) -> None:
    code, _, err = run("update", command, stdin=text)
    assert code in (0, 1, 2)
    assert "Traceback" not in err
