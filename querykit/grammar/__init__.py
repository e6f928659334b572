"""The grammars of querykit's languages, as Lark files shipped inside the package.

``query.lark`` is the query language, ``permissions.lark`` the permission language. The files
are the source of truth for syntax; :mod:`querykit.grammar.lalr` runs the LALR parsers Lark
builds from them.
"""

from __future__ import annotations

import os

__all__ = ["read_grammar"]

_HERE = os.path.dirname(os.path.abspath(__file__))


def read_grammar(name: str) -> str:
    """The text of the grammar file ``name`` (for example ``"permissions.lark"``).

    >>> read_grammar("permissions.lark").startswith("//")
    True
    """
    path = os.path.join(_HERE, name)
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            return f.read()
    # Installed in some other way (a zip, for instance): ask the import system.
    from importlib.resources import files

    return files("querykit.grammar").joinpath(name).read_text(encoding="utf-8")
