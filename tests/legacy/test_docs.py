"""The examples in the migration guide and in the module docstrings run as written."""

from __future__ import annotations

import doctest
from pathlib import Path
from types import ModuleType

import pytest

from querykit import legacy, url
from querykit.cli import migrate as migrate_cli

ROOT = Path(__file__).parents[2]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_migration_guide() -> None:
    result = doctest.testfile(str(ROOT / "docs" / "migration.md"), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("module", [legacy, url, migrate_cli])
def test_module_docstrings(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.failed == 0
