"""A small collection for the REPL tests, written as Appwrite's API returns it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

COLLECTION = {
    "$id": "books",
    "name": "Books",
    "attributes": [
        {"key": "title", "type": "string", "size": 255, "status": "available", "required": True},
        {"key": "year", "type": "integer", "status": "available", "required": False},
        {"key": "my-key", "type": "string", "size": 20, "status": "available", "required": False},
        {"key": "draft", "type": "string", "size": 20, "status": "processing", "required": False},
    ],
    "indexes": [{"key": "by_year", "type": "key", "attributes": ["year"], "status": "available"}],
}


@pytest.fixture
def schema_file(tmp_path: Path) -> Path:
    path = tmp_path / "books.json"
    path.write_text(json.dumps(COLLECTION), encoding="utf-8")
    return path
