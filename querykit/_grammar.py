"""Locate the Lark grammar files, both in a source checkout and in an installed wheel."""

from __future__ import annotations

import os

__all__ = ["read_grammar"]

_HERE = os.path.dirname(os.path.abspath(__file__))
# The wheel ships the grammars as querykit/grammar/; a source checkout keeps them in the
# top-level grammar/ folder next to the package.
_PLACES = (os.path.join(_HERE, "grammar"), os.path.join(os.path.dirname(_HERE), "grammar"))


def read_grammar(name: str) -> str:
    """The text of the grammar file ``name`` (for example ``"permissions.lark"``).

    >>> read_grammar("permissions.lark").startswith("//")
    True
    """
    for folder in _PLACES:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                return f.read()
    # Installed in some other way (a zip, for instance): ask the import system.
    from importlib.resources import files

    return files("querykit").joinpath("grammar", name).read_text(encoding="utf-8")
