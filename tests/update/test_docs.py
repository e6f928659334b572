"""The examples in the update docs and docstrings run, so the docs cannot drift from the code."""

from __future__ import annotations

import doctest
import importlib
import inspect
import re
from pathlib import Path

import pytest

from querykit.update.catalog import OPERATORS

ROOT = Path(__file__).parents[2]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
MODULES = [
    "querykit.update",
    "querykit.update.builder",
    "querykit.update.catalog",
    "querykit.cli.update",
    "querykit.update.codec",
    "querykit.update.formatting",
    "querykit.update.nodes",
    "querykit.update.parsing",
    "querykit.update.tables",
    "querykit.update.validation",
]


def test_docs() -> None:
    result = doctest.testfile(str(ROOT / "docs" / "updates.md"), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 40
    assert result.failed == 0


def test_every_operator_has_a_section_with_an_example() -> None:
    text = (ROOT / "docs" / "updates.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `(\w+)`\n(.*?)(?=^### |^## )", text, flags=re.M | re.S))
    assert list(sections) == list(OPERATORS)
    for name, body in sections.items():
        assert "Text " in body and re.search(r"JSON\s", body), name
        assert f'"method":"{name}"' in body, name


@pytest.mark.parametrize("name", MODULES)
def test_docstrings(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS)
    assert result.failed == 0
    assert result.attempted > 0


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_an_example(name: str) -> None:
    module = importlib.import_module(name)
    for attr in getattr(module, "__all__", ()):
        value = getattr(module, attr)
        if inspect.isfunction(value) and value.__module__ == module.__name__:
            assert value.__doc__ and ">>>" in value.__doc__, f"{name}.{attr}"
