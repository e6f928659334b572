"""The "Appwrite versions" page: its examples run, and its tables are the registry's."""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest

from querykit.releases import render_line_table, render_method_table

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "versions.md"


def test_page_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(PAGE), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0
    assert result.attempted >= 15


def _generated(name: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    match = re.search(rf"<!-- generated: {name} -->\n(.*?)\n<!-- end -->", text, re.DOTALL)
    assert match is not None, name
    return match.group(1)


def test_tables_are_generated_from_the_registry() -> None:
    assert _generated("release lines") == render_line_table()
    assert _generated("methods by line") == render_method_table()


@pytest.mark.parametrize("module", ["querykit.releases", "querykit.compatibility"])
def test_module_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
