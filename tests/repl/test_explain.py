"""The REPL's ``:explain``: the last query against one document, in the words of ``run --explain``."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from querykit.cli.run import run_command
from querykit.repl import COMMANDS, ReplState, Reply, complete, help_text, respond


def run(*inputs: str, state: ReplState | None = None) -> tuple[ReplState, list[Reply]]:
    current = state or ReplState()
    replies = []
    for text in inputs:
        current, reply = respond(current, text)
        replies.append(reply)
    return current, replies


QUERY = 'title = "Dune" and year >= 1965'


def test_explain_says_per_filter_what_held(schema_file: Path) -> None:
    _, replies = run(f":schema {schema_file}", QUERY, ':explain {"$id": "d1", "title": "Dune", "year": 1965}')
    assert replies[-1].ok
    assert replies[-1].output.splitlines() == [
        "d1: matches",
        "  held      equal title: value 'Dune' (postgresql string equality; NULL never matches)",
        "  held      greaterThanEqual year: value 1965 (integer comparison; NULL never matches)",
    ]


def test_explain_a_document_that_fails(schema_file: Path) -> None:
    _, replies = run(f":schema {schema_file}", QUERY, ':explain {"title": "dune", "year": null}')
    lines = replies[-1].output.splitlines()
    assert lines[0] == "document: does not match"
    assert lines[1].startswith("  failed    equal title: value 'dune'")
    assert lines[2].startswith("  failed    greaterThanEqual year: value None")


def test_explain_follows_the_profile(schema_file: Path) -> None:
    state, _ = run(f":schema {schema_file}", QUERY)
    doc = ':explain {"title": "dune", "year": 2000}'
    _, [postgres] = run(doc, state=state)
    _, [_, mariadb] = run(":profile mariadb", doc, state=state)
    assert postgres.output.splitlines()[0] == "document: does not match"
    assert mariadb.output.splitlines()[0] == "document: matches"
    assert "(mariadb string equality; NULL never matches)" in mariadb.output


def test_explain_uses_the_words_of_the_run_command(schema_file: Path, tmp_path: Path) -> None:
    document = {"$id": "d1", "title": "Dune", "year": None}
    documents = tmp_path / "documents.json"
    documents.write_text(json.dumps([document]), encoding="utf-8")
    args = argparse.Namespace(
        query=[QUERY], schema=str(schema_file), documents=str(documents), explain=True,
        count=False, profile="mariadb",
    )  # fmt: skip
    out = io.StringIO()
    assert run_command(args, io.StringIO(), out, io.StringIO()) == 0
    _, replies = run(f":schema {schema_file}", ":profile mariadb", QUERY, f":explain {json.dumps(document)}")
    assert replies[-1].output + "\n" == out.getvalue()


def test_explain_the_last_query_from_json(schema_file: Path) -> None:
    pasted = '[{"method":"lessThan","attribute":"year","values":[2000]}]'
    _, replies = run(f":schema {schema_file}", QUERY, pasted, ':explain {"year": 1990}')
    assert replies[-1].output.splitlines() == [
        "document: matches",
        "  held      lessThan year: value 1990 (integer comparison; NULL never matches)",
    ]


def test_a_rejected_query_does_not_replace_the_last_one(schema_file: Path) -> None:
    _, replies = run(f":schema {schema_file}", QUERY, 'year > "x"', ':explain {"title": "Dune", "year": 1}')
    assert not replies[2].ok
    assert "greaterThanEqual year" in replies[-1].output


def test_without_a_query() -> None:
    _, [reply] = run(':explain {"a": 1}')
    assert not reply.ok
    assert reply.diagnostics == "no query to explain yet; enter a query in query mode first"


def test_without_a_schema() -> None:
    _, replies = run(QUERY, ':explain {"a": 1}')
    assert not replies[-1].ok
    assert replies[-1].diagnostics == ":explain needs a schema; :schema FILE loads one"


def test_without_a_document(schema_file: Path) -> None:
    _, replies = run(f":schema {schema_file}", QUERY, ":explain")
    assert not replies[-1].ok and ":explain needs a document" in replies[-1].diagnostics


@pytest.mark.parametrize("document", ["[1]", '"text"', "42", "null"])
def test_a_document_must_be_an_object(schema_file: Path, document: str) -> None:
    _, replies = run(f":schema {schema_file}", QUERY, f":explain {document}")
    assert not replies[-1].ok
    assert "expected a document: a JSON object" in replies[-1].diagnostics


def test_invalid_json_is_rendered_with_its_place(schema_file: Path) -> None:
    _, replies = run(f":schema {schema_file}", QUERY, ':explain {"year":')
    assert not replies[-1].ok
    assert replies[-1].diagnostics.startswith("1:9: invalid JSON")
    assert "internal error" not in replies[-1].diagnostics


def test_deep_json_meets_the_depth_limit(schema_file: Path) -> None:
    deep = '{"a": ' + "[" * 5000 + "]" * 5000 + "}"
    _, replies = run(f":schema {schema_file}", QUERY, f":explain {deep}")
    assert not replies[-1].ok
    assert "JSON nested deeper than" in replies[-1].diagnostics


def test_a_profile_without_evaluation_rules(schema_file: Path) -> None:
    _, replies = run(f":schema {schema_file}", QUERY, ":profile documentsdb", ':explain {"year": 1}')
    assert not replies[-1].ok
    assert (
        replies[-1].diagnostics
        == "the documentsdb profile has no evaluation rules; use postgresql or mariadb"
    )


def test_a_query_the_new_schema_rejects_gets_the_server_message(schema_file: Path) -> None:
    _, replies = run("age > 1", f":schema {schema_file}", ':explain {"age": 2}')
    assert not replies[-1].ok
    assert replies[-1].diagnostics == (
        "400 general_query_invalid: Invalid query: Attribute not found in schema: age"
    )


def test_explain_is_listed_and_completed() -> None:
    assert ":explain" in COMMANDS
    assert ":explain" in help_text()
    word, found = complete(ReplState(), ":exp")
    assert word == ":exp" and [s.text for s in found] == [":explain"]
