"""The AST's frozen dataclasses are made by ``querykit.valueclasses.frozen_dataclass``, which writes out
what ``@dataclass(frozen=True, slots=True)`` would generate; they behave as that decorator's
classes do, and importing querykit to compile a query does not import :mod:`dataclasses`."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import subprocess
import sys
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any, ClassVar

import pytest

from querykit.ast import Query
from querykit.errors import Diagnostic, Span
from querykit.grammar.phrasing import TokenWords
from querykit.limits import DEFAULT_LIMITS, Limits
from querykit.methods import METHODS, Method
from querykit.nodes import NODE_TYPES, And, Filter, JsonObject, Limit, Node
from querykit.valueclasses import frozen_dataclass, value_field


@dataclass(frozen=True, slots=True)
class Generated:
    """A class as the dataclass decorator makes it."""

    name: str
    size: int = 0
    tags: tuple[str, ...] = ()
    place: Span | None = field(default=None, compare=False, hash=False, repr=False)
    kind: ClassVar[str] = "generated"


@frozen_dataclass()
class Written:
    """The same class through frozen_dataclass."""

    name: str
    size: int = 0
    tags: tuple[str, ...] = ()
    place: Span | None = value_field(default=None, compare=False, hash=False, repr=False)
    kind: ClassVar[str] = "generated"

    def __init__(
        self, name: str, size: int = 0, tags: tuple[str, ...] = (), place: Span | None = None
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "tags", tags)
        object.__setattr__(self, "place", place)


def _describe_fields(cls: Any) -> list[tuple[Any, ...]]:
    return [
        (f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.hash, f.compare, f.kw_only)
        for f in cls.__dataclass_fields__.values()
    ]


def test_frozen_dataclass_makes_what_the_decorator_makes() -> None:
    assert dataclasses.is_dataclass(Written("a"))
    assert _describe_fields(Written) == _describe_fields(Generated)
    written_class: Any = Written
    generated_class: Any = Generated
    assert repr(written_class.__dataclass_params__) == repr(generated_class.__dataclass_params__)
    assert written_class.__slots__ == generated_class.__slots__
    assert Written.__match_args__ == Generated.__match_args__
    assert str(inspect.signature(Written)) == str(inspect.signature(Generated)).replace(
        "-> None", "-> 'None'"
    )
    assert Written.kind == "generated"
    pairs = [
        (Written("a"), Generated("a")),
        (Written("a", 2, ("x",), Span(0, 1)), Generated("a", 2, ("x",), Span(0, 1))),
    ]
    for written, generated in pairs:
        assert repr(written).replace("Written", "Generated") == repr(generated)
        assert hash(written) == hash(generated)
        assert written.__getstate__() == generated.__getstate__()
        assert dataclasses.asdict(written) == dataclasses.asdict(generated)
        assert pickle.loads(pickle.dumps(written)) == written
        assert copy.deepcopy(written) == written
        assert dataclasses.replace(written, size=5) == Written("a", 5, written.tags)
    assert Written("a", 1, (), Span(0, 1)) == Written("a", 1, (), None)
    assert Written("a") != Written("b")
    assert Written("a") != generated_class("a")


@pytest.mark.parametrize("statement", ["x.name = 'b'", "del x.name", "x.other = 1", "del x.other"])
def test_frozen_dataclass_refuses_changes(statement: str) -> None:
    x = Written("a")
    with pytest.raises(FrozenInstanceError):
        exec(statement, {"x": x})


def test_the_hub_classes_are_frozen_dataclasses() -> None:
    samples: list[Any] = [
        Filter("equal", "a", (1,), Span(0, 5)),
        And((Filter("isNull", "b"),)),
        Limit(3),
        JsonObject((("k", 1),)),
        Query((Limit(1),), Span(0, 7)),
        Span(1, 2),
        Diagnostic("c", "m", Span(0, 1), "h", "warning", (0,)),
        DEFAULT_LIMITS,
        METHODS["equal"],
        TokenWords({"A": "a"}, ("x",), True, 3),
    ]
    x: Any
    for x in samples:
        cls: Any = type(x)
        assert dataclasses.is_dataclass(type(x))
        assert cls.__dataclass_params__.frozen
        names = tuple(f.name for f in dataclasses.fields(x))
        assert names == cls.__match_args__ == cls.__slots__
        assert x.__getstate__() == [getattr(x, name) for name in names]
        assert pickle.loads(pickle.dumps(x)) == x
        assert dataclasses.replace(x) == x
        with pytest.raises(FrozenInstanceError):
            object.__getattribute__(cls, "__setattr__")(x, names[0], None)
    node_type: Any
    for node_type in NODE_TYPES:
        assert issubclass(node_type, Node)
        assert [f.name for f in dataclasses.fields(node_type)][-1] == "span"
        span = dataclasses.fields(node_type)[-1]
        assert (span.compare, span.hash, span.repr, span.default) == (False, False, False, None)
    assert [f.name for f in dataclasses.fields(Method)] == list(Method.__dataclass_fields__)
    assert repr(Span(1, 2)) == "Span(start=1, end=2)"
    assert (
        Filter("equal", "a", (1,), Span(0, 5)).fields_repr()
        == "Filter(method='equal', attribute='a', values=(1,))"
    )
    with pytest.raises(ValueError, match="invalid span"):
        dataclasses.replace(Span(1, 2), start=5)
    with pytest.raises(TypeError, match="must be an int"):
        dataclasses.replace(DEFAULT_LIMITS, max_depth=1.5)  # type: ignore[arg-type]
    assert dataclasses.replace(DEFAULT_LIMITS, max_depth=5) == Limits(max_depth=5)


def test_compiling_a_query_does_not_import_dataclasses() -> None:
    code = (
        "import sys, querykit\n"
        "querykit.compile('name = \"John\" and age between 18..30 order by age desc limit 10')\n"
        "print(sorted({'dataclasses', 'inspect'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
