"""The examples in the permission docs and docstrings run, so the docs cannot drift from the code."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
DOCS = ["docs/permissions.md", "docs/guide-permissions.md", "docs/errors-permissions.md"]
MODULES = [
    "querykit.permissions",
    "querykit.permissions.builder",
    "querykit.cli.perm",
    "querykit.permissions.formatting",
    "querykit.permissions.model",
    "querykit.permissions.parsing",
    "querykit.permissions.rules",
    "querykit.permissions.server",
    "querykit.grammar",
]


@pytest.mark.parametrize("path", DOCS)
def test_docs(path: str) -> None:
    result = doctest.testfile(str(ROOT / path), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_docstrings(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS)
    assert result.failed == 0


def test_every_public_function_has_an_example() -> None:
    import querykit.permissions as perms

    for name in perms.__all__:
        obj = getattr(perms, name)
        if (
            callable(obj)
            and not isinstance(obj, type)
            and getattr(obj, "__module__", "").startswith("querykit")
        ):
            assert ">>>" in (obj.__doc__ or ""), name
