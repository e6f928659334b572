"""Locate the Lark grammar files, both in a source checkout and in an installed wheel."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["read_grammar"]


def read_grammar(name: str) -> str:
    """The text of the grammar file ``name`` (for example ``"permissions.lark"``).

    The wheel ships the grammars as ``querykit/grammar/``; a source checkout keeps them in the
    top-level ``grammar/`` folder next to the package.

    >>> read_grammar("permissions.lark").startswith("//")
    True
    """
    packaged = files("querykit").joinpath("grammar", name)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parent.parent / "grammar" / name).read_text(encoding="utf-8")
