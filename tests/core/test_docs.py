"""The API reference and the error catalogue run as doctests; the README's example too."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import querykit as qk

ROOT = Path(__file__).parents[2]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", ["docs/api.md", "docs/errors.md", "docs/architecture.md", "README.md"])
def test_doctests(name: str) -> None:
    result = doctest.testfile(str(ROOT / name), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0


def test_readme_console_example_matches_the_cli() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```console", 1)[1].split("```", 1)[0]
    command = re.search(r"\$ querykit compile '([^']*)'\n((?:\{.*\}\n)+)", block)
    assert command is not None
    assert qk.compile(command.group(1)) == command.group(2).splitlines()


def test_every_doc_page_is_tested() -> None:
    tested = set()
    for path in (ROOT / "tests").rglob("test_docs.py"):
        tested.update(re.findall(r"[\w-]+\.md", path.read_text(encoding="utf-8")))
    pages = {p.name for p in (ROOT / "docs").glob("*.md")}
    assert pages - tested == set()


def _modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "querykit").rglob("*.py")):
        if path.name == "__main__.py" or path.name == "_tables.py":
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@pytest.mark.parametrize("module", _modules())
def test_docstring_examples(module: str) -> None:
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=FLAGS)
    assert result.failed == 0


def test_reserved_words_table_lists_every_keyword() -> None:
    from querykit.text.lexer import keywords

    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    section = text.split("### Keywords", 1)[1].split("###", 1)[0]
    table = set(re.findall(r"\| `([a-z]+)` ", section.split("The parser is contextual", 1)[0]))
    assert table == set(keywords())
