"""The shape of the house: module-level imports form no cycle, the hub imports no spoke, and every
``querykit.X`` is a module that no package attribute shadows."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "querykit"

#: The hub: what every front end produces and every back end reads. It imports only itself.
HUB = frozenset(
    {
        "querykit.nodes",
        "querykit.errors",
        "querykit.limits",
        "querykit.methods",
        "querykit.releases",
        "querykit.valueclasses",
    }
)

#: The methods of the hub that may import a spoke, and only when called.
LAZY_HUB_METHODS = frozenset({"__str__", "__repr__", "text", "__invert__", "to_appwrite", "matches"})


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "_tables.py"}


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _imports(module: str, path: Path, body: list[ast.stmt], known: set[str]) -> set[str]:
    """The querykit modules the statements import (``from a import b`` counts ``a.b`` when it is
    a module, else ``a``)."""
    found: set[str] = set()
    for node in body:
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks run only under a type checker
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("querykit"))
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node)
            if not base.startswith("querykit"):
                continue
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.add(name if name in known else base)
    return found & known


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = _imports(name, path, tree.body, known)
        # Importing a.b.c runs a/__init__ and a.b/__init__ first, unless the importer is inside
        # that package (whose __init__ is then already running).
        parents = {".".join(e.split(".")[:i]) for e in edges for i in range(1, e.count(".") + 1)}
        graph[name] = (edges | parents) - {name} - {p for p in parents if name.startswith(p + ".")}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    for root in sorted(graph):
        if state.get(root):
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(graph.get(nxt, ()))))
    return None


def test_the_graph_sees_the_imports() -> None:
    graph = _graph()
    assert "querykit.nodes" in graph["querykit.ast"]
    assert "querykit.builder" in graph["querykit.ast"]
    assert "querykit.grammar.loop" in graph["querykit.text.parser"]
    assert "querykit.grammar" in graph["querykit.grammar.lalr"] or graph["querykit.grammar.lalr"] == set()


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_at_module_level() -> None:
    assert _cycle(_graph()) is None


@pytest.mark.parametrize("hub", sorted(HUB))
def test_the_hub_imports_no_spoke(hub: str) -> None:
    assert _graph()[hub] <= HUB


def test_the_hub_reaches_a_spoke_only_from_the_named_methods() -> None:
    modules = _modules()
    for hub in HUB:
        tree = ast.parse(modules[hub].read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            spokes = _imports(hub, modules[hub], list(ast.walk(func)), set(modules)) - HUB  # type: ignore[arg-type]
            assert not spokes or func.name in LAZY_HUB_METHODS, (hub, func.name, spokes)


@pytest.mark.parametrize("name", sorted(m for m in _modules() if not m.endswith(".__main__")))
def test_every_submodule_is_a_module_no_attribute_shadows(name: str) -> None:
    module = importlib.import_module(name)
    assert sys.modules[name] is module
    if "." in name:
        parent, _, child = name.rpartition(".")
        attribute = getattr(importlib.import_module(parent), child)
        assert attribute is module, f"{parent}.{child} is {attribute!r}, not the module"
