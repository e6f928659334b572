"""The examples in the validation guide and the server error catalogue run as written."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("name", ["validation.md", "errors-server.md", "update-server.md"])
def test_doc_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(ROOT / "docs" / name),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.failed == 0
    assert result.attempted > 0


@pytest.mark.parametrize(
    "module",
    ["server", "schema", "profiles", "phpdate", "validator", "__init__"],
)
def test_module_examples(module: str) -> None:
    import importlib

    name = "querykit.appwrite" if module == "__init__" else f"querykit.appwrite.{module}"
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
