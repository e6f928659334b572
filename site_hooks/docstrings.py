"""A griffe extension: querykit's reStructuredText-flavoured docstrings as Markdown.

The docstrings are written for ``help()`` and doctest: ``>>>`` examples, ``::`` literal
blocks and roles such as ``:func:`parse```. In Markdown a ``>>>`` line would be a block
quote, so each example run becomes a fenced ``pycon`` block, roles become inline code and a
paragraph ending in ``::`` ends in ``:``. The source docstrings are unchanged.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|attr|mod|data|exc|obj):`~?([^`]+)`")


def markdown_docstring(text: str) -> str:
    """``text`` with doctest runs fenced, roles as code and ``::`` as ``:``.

    >>> markdown_docstring("Use :func:`parse`::\\n\\n    >>> 1 + 1\\n    2\\n\\nDone.").split("\\n")
    ['Use `parse`:', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
    """
    out: list[str] = []
    indent: str | None = None  # the indentation of the open example run, if any
    for line in _ROLE.sub(r"`\1`", text).split("\n"):
        stripped = line.lstrip()
        if indent is None and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append("```pycon")
        elif indent is not None and not stripped:
            out.append("```")
            indent = None
        if indent is not None:
            out.append(line[len(indent) :] if line.startswith(indent) else stripped)
            continue
        if line.endswith(" ::"):
            line = line[:-3]
        elif line.endswith("::"):
            line = line[:-1]
        out.append(line)
    if indent is not None:
        out.append("```")
    return "\n".join(out)


def _objects(obj: griffe.Object) -> Any:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _objects(member)  # type: ignore[arg-type]


class DoctestBlocks(griffe.Extension):
    """Rewrite every docstring of a loaded package with :func:`markdown_docstring`."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for obj in _objects(pkg):
            if obj.docstring is not None:
                obj.docstring.value = markdown_docstring(obj.docstring.value)
