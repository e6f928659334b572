"""The method catalog reads as a table: one line per method, every field on that line."""

from __future__ import annotations

import ast
import inspect

from querykit import methods
from querykit.methods import METHODS, Method


def _table_rows() -> list[ast.Tuple]:
    tree = ast.parse(inspect.getsource(methods))
    for stmt in tree.body:
        target = stmt.target if isinstance(stmt, ast.AnnAssign) else None
        if isinstance(target, ast.Name) and target.id == "_TABLE":
            assert isinstance(stmt, ast.AnnAssign) and isinstance(stmt.value, ast.Tuple)
            return [row for row in stmt.value.elts if isinstance(row, ast.Tuple)]
    raise AssertionError("the catalog has no _TABLE")


def test_each_method_is_one_line_of_the_table() -> None:
    rows = _table_rows()
    assert len(rows) == len(METHODS)
    for row in rows:
        assert row.lineno == row.end_lineno, ast.unparse(row)
        assert len(row.elts) == len(Method.__dataclass_fields__), ast.unparse(row)


def test_the_table_is_the_catalog_in_order() -> None:
    names = [ast.literal_eval(row.elts[0]) for row in _table_rows()]
    assert names == list(METHODS)
    for row in _table_rows():
        name = ast.literal_eval(row.elts[0])
        assert tuple(ast.literal_eval(e) for e in row.elts) == tuple(
            getattr(METHODS[name], f) for f in Method.__dataclass_fields__
        )


def test_the_columns_are_aligned() -> None:
    source = inspect.getsource(methods).splitlines()
    rows = _table_rows()
    for column in range(len(Method.__dataclass_fields__)):
        starts = {row.elts[column].col_offset for row in rows}
        assert len(starts) == 1, (column, sorted(starts))
    header = source[rows[0].lineno - 2]
    assert header.lstrip().startswith("# name")
