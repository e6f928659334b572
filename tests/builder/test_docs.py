"""The SDK integration guide and the builder module's examples run as written."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import querykit.builder

ROOT = Path(__file__).parents[2]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_sdk_guide() -> None:
    pytest.importorskip("appwrite")
    result = doctest.testfile(str(ROOT / "docs" / "sdk.md"), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0
    assert result.attempted > 0


def test_builder_module_examples() -> None:
    result = doctest.testmod(querykit.builder, optionflags=FLAGS)
    assert result.failed == 0
    assert result.attempted > 0


def test_every_public_helper_has_a_one_line_docstring() -> None:
    helpers = querykit.builder.QueryHelpers
    for owner in (helpers, helpers.Builder):
        for name in vars(owner):
            if name.startswith("_") or name == "Builder":
                continue
            doc = getattr(owner, name).__doc__ or ""
            assert doc.strip(), f"{owner.__name__}.{name} has no docstring"
            assert doc.strip().splitlines()[0].endswith("."), f"{owner.__name__}.{name}: {doc!r}"
