"""The recorded database cases, loaded once for the evaluation tests."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from querykit.appwrite import Collection

DATA = Path(__file__).parents[1] / "data"
PROFILES = ("postgresql", "mariadb")
_ORDER_NULL = re.compile(r"Order attribute '(.*)' is empty")


@cache
def seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "db-documents.json").read_text(encoding="utf-8"))
    return data


@cache
def collection() -> Collection:
    return Collection.from_api(seed()["collection"])


@cache
def cases() -> list[dict[str, Any]]:
    lines = (DATA / "db-cases.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def stored(profile: str) -> list[dict[str, Any]]:
    """The documents as the API returns them on ``profile``, with NULL arrays as ``null``.

    The API shows a NULL array as ``[]``; the input documents say which arrays were NULL.
    """
    out = []
    for doc, original in zip(seed()["stored"][profile], seed()["documents"], strict=True):
        doc = dict(doc)
        for key, value in original.items():
            if value is None and isinstance(doc.get(key), list):
                doc[key] = None
        out.append(doc)
    return out


def server_message(library_message: str) -> str:
    """Appwrite's message for the database layer's ``Exception\\Order``."""
    m = _ORDER_NULL.fullmatch(library_message)
    if m is None:
        return library_message
    return (
        f"The order attribute '{m.group(1)}' had a null value. "
        "Cursor pagination requires all documents order attribute values are non-null."
    )
