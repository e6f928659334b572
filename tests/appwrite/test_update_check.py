"""check_update against the real server code's answers, and its rules one by one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from querykit.appwrite import Collection, check_update

CASES_FILE = Path(__file__).parents[1] / "data" / "operator-cases.json"
CASES: dict[str, Any] = json.loads(CASES_FILE.read_text(encoding="utf-8"))


def collection_of(schema_name: str) -> Collection:
    schema = CASES["schemas"][schema_name]
    return Collection.from_metadata(schema["attributes"])


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["id"] for c in CASES["cases"]])
def test_case_verdict(case: dict[str, Any]) -> None:
    given = case["input"]
    col = collection_of(given["schema_name"])
    verdict = check_update({given["key"]: given["raw"]}, col, current=given.get("current"))
    api = case["oracle"]["api"]
    assert verdict.status == api["status"]
    assert verdict.valid is (api["status"] == 200)
    if api["status"] != 200:
        assert verdict.type == api["type"]
        assert verdict.message == api["message"]


@pytest.mark.parametrize(
    "case",
    [c for c in CASES["cases"] if c["oracle"]["validator_no_current"] is not None],
    ids=lambda c: c["id"],
)
def test_case_verdict_without_current(case: dict[str, Any]) -> None:
    given = case["input"]
    col = collection_of(given["schema_name"])
    verdict = check_update({given["key"]: given["raw"]}, col)
    expected = case["oracle"]["validator_no_current"]
    if given["key"] not in {a.key for a in col.attributes}:
        assert verdict.message == f'Invalid document structure: Unknown attribute: "{given["key"]}"'
        return
    assert verdict.valid is expected["valid"]
    if not expected["valid"]:
        assert verdict.message == "Invalid document structure: " + expected["description"]
