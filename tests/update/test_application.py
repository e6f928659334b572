"""apply against the values real PostgreSQL 15 and MariaDB 10.11 stored, and its rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from querykit.appwrite import Collection
from querykit.update import UpdateError, apply

CASES: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "data" / "operator-cases.json").read_text(encoding="utf-8")
)
NOW = datetime(2026, 3, 4, 5, 6, 7, 891000, tzinfo=UTC)
NOW_TEXT = {"postgresql": "2026-03-04T05:06:07.891+00:00", "mariadb": "2026-03-04T05:06:07.000+00:00"}
APPLIED = [c for c in CASES["cases"] if c["effect_db"] is not None]


def collection_of(schema_name: str) -> Collection:
    return Collection.from_metadata(CASES["schemas"][schema_name]["attributes"])


@pytest.mark.parametrize("profile", ["postgresql", "mariadb"])
@pytest.mark.parametrize("case", APPLIED, ids=[c["id"] for c in APPLIED])
def test_case_effect(case: dict[str, Any], profile: str) -> None:
    given = case["input"]
    expected = case["effect_db"][profile]
    document = given["current"]
    before = json.dumps(document, sort_keys=True)
    data = {given["key"]: given["raw"]}
    if "error" in expected:
        with pytest.raises(UpdateError):
            apply(document, data, collection_of(given["schema_name"]), profile=profile, now=NOW)
        return
    result = apply(document, data, collection_of(given["schema_name"]), profile=profile, now=NOW)
    value = expected["value"]
    if value == {"$now": True}:
        value = NOW_TEXT[profile]
    assert result[given["key"]] == value
    assert type(result[given["key"]]) is type(value)
    assert json.dumps(document, sort_keys=True) == before
