"""``querykit run``, driven through ``querykit.cli.main`` with the command registered."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import querykit.cli
from tests.evaluate.cases import seed

SCHEMA = {
    "$id": "people",
    "attributes": [
        {"key": "name", "type": "string", "size": 64, "status": "available"},
        {"key": "age", "type": "integer", "status": "available", "min": 0, "max": 200},
    ],
    "indexes": [],
}
DOCS = [
    {"$id": "a", "name": "john", "age": 30},
    {"$id": "b", "name": "John", "age": 12},
    {"$id": "c", "name": "Ann", "age": None},
]


def test_run_is_a_registered_command() -> None:
    assert "querykit.cli.run" in querykit.cli.COMMAND_MODULES


class Stdin(io.StringIO):
    def __init__(self, raw: bytes) -> None:
        super().__init__()
        self.buffer = io.BytesIO(raw)


def main(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = querykit.cli.main(argv, Stdin(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    array = tmp_path / "docs.json"
    array.write_text(json.dumps(DOCS), encoding="utf-8")
    lines = tmp_path / "docs.jsonl"
    lines.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    return str(schema), str(array), str(lines)


def test_array_file_and_json_lines_give_the_same_answer(files: tuple[str, str, str]) -> None:
    schema, array, lines = files
    first = main(["run", "--schema", schema, "--documents", array, "age >= 18 or age < 18 order by name"])
    second = main(["run", "--schema", schema, "--documents", lines, "age >= 18 or age < 18 order by name"])
    assert first == second
    code, out, err = first
    assert code == 0 and err == ""
    answer = json.loads(out)
    assert answer["total"] == 2
    assert [d["$id"] for d in answer["documents"]] == ["a", "b"]
    assert answer["documents"][0]["$collection"] == "people"


def test_documents_from_stdin_with_profile_and_count(files: tuple[str, str, str]) -> None:
    schema, _, _ = files
    raw = json.dumps(DOCS).encode()
    assert main(["run", "--schema", schema, "--count", 'name = "JOHN"'], raw) == (0, "0\n", "")
    assert main(["run", "--schema", schema, "--count", "--profile", "mariadb", 'name = "JOHN"'], raw) == (
        0,
        "2\n",
        "",
    )


def test_json_query_strings_are_accepted(files: tuple[str, str, str]) -> None:
    schema, array, _ = files
    code, out, _ = main(
        [
            "run",
            "--schema",
            schema,
            "--documents",
            array,
            '{"method":"orderDesc","attribute":"age"}',
            "--count",
        ]
    )
    assert (code, out) == (0, "3\n")


def test_explain_says_why_each_document_matched(files: tuple[str, str, str]) -> None:
    schema, array, _ = files
    code, out, _ = main(["run", "--schema", schema, "--documents", array, "--explain", "age >= 18"])
    assert code == 0
    assert out.splitlines()[:2] == [
        "a: matches",
        "  held      greaterThanEqual age: value 30 (integer comparison; NULL never matches)",
    ]
    assert "c: does not match" in out


def test_a_query_the_server_rejects_exits_1_with_its_message(files: tuple[str, str, str]) -> None:
    schema, array, _ = files
    code, out, _ = main(["run", "--schema", schema, "--documents", array, "after 'zz'"])
    assert (code, out) == (
        1,
        "400 general_cursor_not_found: Document 'zz' for the 'cursor' value not found.\n",
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'[{"$id": "a"', "invalid JSON"),
        (b"[" * 100 + b"]" * 100, "nested deeper than 64 levels"),
        (b'[{"$id": "a\xff"}]', "invalid UTF-8 at byte 11"),
        (b'\xef\xbb\xbf[{"$id": "a"}]', "byte order mark"),
        (b'[{"$id": "a"}, 3]', "item 2 is a number, not a JSON object"),
        (b'{"$id": "a"}\n[1]\n', "item 2 is an array"),
        (b'[{"$id": "a", "age": "old"}]', "attribute 'age' holds 'old'; expected an integer"),
        (b'[{"name": "x"}]', "document 1 has no string $id"),
        (b"[NaN]", "NaN is not JSON"),
    ],
)
def test_bad_documents_exit_2_with_a_clear_message(
    files: tuple[str, str, str], raw: bytes, message: str
) -> None:
    schema, _, _ = files
    code, out, err = main(["run", "--schema", schema, "age > 1"], raw)
    assert code == 2 and out == ""
    assert message in err
    assert "Traceback" not in err


def test_unreadable_schema_and_bad_query_text_exit_2(tmp_path: Path, files: tuple[str, str, str]) -> None:
    schema, array, _ = files
    code, _, err = main(["run", "--schema", str(tmp_path / "missing.json"), "--documents", array, "a = 1"])
    assert code == 2 and "cannot read schema" in err
    (tmp_path / "bad.json").write_text('"x"', encoding="utf-8")
    code, _, err = main(["run", "--schema", str(tmp_path / "bad.json"), "--documents", array, "a = 1"])
    assert code == 2 and "must be a JSON object" in err
    code, _, err = main(["run", "--schema", schema, "--documents", array, "age >="])
    assert code == 2 and "^" in err


def test_the_recorded_collection_runs_from_files(tmp_path: Path) -> None:
    (tmp_path / "items.json").write_text(json.dumps(seed()["collection"]), encoding="utf-8")
    (tmp_path / "docs.json").write_text(json.dumps(seed()["documents"]), encoding="utf-8")
    code, out, _ = main(
        [
            "run",
            "--schema",
            str(tmp_path / "items.json"),
            "--documents",
            str(tmp_path / "docs.json"),
            "--count",
            'name = "Jöhn"',
            "--profile",
            "mariadb",
        ]
    )
    assert (code, out) == (0, "13\n")
