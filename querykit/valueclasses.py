"""Frozen value classes without :mod:`dataclasses`.

``@dataclass(frozen=True, slots=True)`` generates and compiles several methods for every class,
and importing :mod:`dataclasses` loads :mod:`inspect` and with it a large part of the standard
library: together the largest cost of ``import querykit``. :func:`frozen_dataclass` makes the
same kind of class from a body that writes its own ``__init__``, sharing the other methods, and
hands the ``__dataclass_fields__`` questions to :mod:`dataclasses` only when something asks them.

>>> @frozen_dataclass()
... class Point:
...     x: int
...     y: int = value_field(default=0, compare=False)
...
...     def __init__(self, x: int, y: int = 0) -> None:
...         object.__setattr__(self, "x", x)
...         object.__setattr__(self, "y", y)
>>> Point(1, 2) == Point(1, 5), Point(1, 2)
(True, Point(x=1, y=2))
>>> import dataclasses
>>> [f.name for f in dataclasses.fields(Point)]
['x', 'y']
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, TypeVar, dataclass_transform

__all__ = ["frozen_dataclass", "slot_setters", "value_field"]

_setattr = object.__setattr__
_Class = TypeVar("_Class", bound=type)


class _FieldSpec:
    """What ``dataclasses.field(...)`` says of one field, kept until the fields are asked for."""

    __slots__ = ("compare", "default", "hash", "repr")

    def __init__(self, default: object, compare: bool, hash: bool | None, repr: bool) -> None:
        self.default = default
        self.compare = compare
        self.hash = hash
        self.repr = repr


_PLAIN = _FieldSpec(None, compare=True, hash=None, repr=True)


def value_field(*, default: Any, compare: bool = True, hash: bool | None = None, repr: bool = True) -> Any:
    """``dataclasses.field`` for the classes :func:`frozen_dataclass` makes."""
    return _FieldSpec(default, compare, hash, repr)


@dataclass_transform(frozen_default=True, field_specifiers=(value_field,))
def frozen_dataclass(*, repr: bool = True) -> Callable[[_Class], _Class]:
    """``@dataclass(frozen=True, slots=True, repr=repr)`` for a class that writes its own
    ``__init__`` (setting each field with ``object.__setattr__``, then calling ``__post_init__``
    if it has one), without importing :mod:`dataclasses` (which imports :mod:`inspect`, and would
    be the largest module ``import querykit`` loads): the same slots, ``__match_args__``,
    equality and hash over the compared fields, repr, refusal to assign or delete, and pickled
    form. ``__dataclass_fields__`` and ``__dataclass_params__`` are made by :mod:`dataclasses`
    itself the first time they are read, so ``dataclasses.fields``, ``replace``, ``asdict`` and
    ``is_dataclass`` see the class as the decorator would have made it.

    The class body declares the fields as a dataclass does (``name: type = default``, or
    ``= value_field(...)`` where ``dataclasses.field(...)`` would stand)."""

    def make(cls: _Class) -> _Class:
        body = dict(cls.__dict__)
        annotations: dict[str, Any] = body.get("__annotations__", {})
        names = tuple(name for name, kind in annotations.items() if not _is_class_var(kind))
        specs = {name: body.pop(name) for name in names if name in body}
        compared: list[str] = []
        hashed: list[str] = []
        shown: list[str] = []
        for name in names:
            spec = specs.get(name)
            if not isinstance(spec, _FieldSpec):
                spec = _PLAIN
            if spec.compare:
                compared.append(name)
            if spec.compare if spec.hash is None else spec.hash:
                hashed.append(name)
            if spec.repr:
                shown.append(name)
        compare_key = _key(tuple(compared))
        hash_key = _key(tuple(hashed))
        klass: Any = None  # the class made below, which the methods refer to

        def __eq__(self: object, other: object) -> bool:
            if other.__class__ is self.__class__:
                return compare_key(self) == compare_key(other)
            return NotImplemented

        def __hash__(self: object) -> int:
            return hash(hash_key(self))

        def __setattr__(self: object, name: str, value: object) -> None:
            if type(self) is klass or name in names:
                from dataclasses import FrozenInstanceError

                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            _setattr(self, name, value)

        def __delattr__(self: object, name: str) -> None:
            if type(self) is klass or name in names:
                from dataclasses import FrozenInstanceError

                raise FrozenInstanceError(f"cannot delete field {name!r}")
            object.__delattr__(self, name)

        def __getstate__(self: object) -> list[object]:
            return [getattr(self, name) for name in names]

        def __setstate__(self: object, state: list[object]) -> None:
            for name, value in zip(names, state, strict=False):
                _setattr(self, name, value)

        def __repr__(self: object) -> str:
            shown_fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
            return f"{self.__class__.__qualname__}({shown_fields})"

        made: list[Callable[..., Any]] = [
            __eq__,
            __hash__,
            __setattr__,
            __delattr__,
            __getstate__,
            __setstate__,
        ]
        if repr:
            made.append(__repr__)
        for method in made:
            if method.__name__ not in body:  # what the class writes itself stays
                method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
                body[method.__name__] = method
        described = _Described(annotations, specs, repr)
        body["__dataclass_fields__"] = _DataclassAttribute("__dataclass_fields__", described)
        body["__dataclass_params__"] = _DataclassAttribute("__dataclass_params__", described)
        body.pop("__dict__", None)
        body.pop("__weakref__", None)
        body["__slots__"] = names
        body.setdefault("__match_args__", names)
        body["__qualname__"] = cls.__qualname__
        klass = described.klass = type(cls)(cls.__name__, cls.__bases__, body)
        result: _Class = klass
        return result

    return make


def _is_class_var(kind: object) -> bool:
    """Whether an annotation (a string, as ``from __future__ import annotations`` leaves it)
    declares a class variable rather than a field."""
    if isinstance(kind, str):
        return kind.startswith(("ClassVar", "typing.ClassVar"))
    return getattr(kind, "__origin__", kind) is ClassVar


class _Described:
    """What :mod:`dataclasses` says of a :func:`frozen_dataclass` class: its fields and params,
    made once by the decorator itself on a twin class with the same body."""

    __slots__ = ("annotations", "klass", "repr", "specs")

    #: The class described (set once the decorator has made it).
    klass: type

    def __init__(self, annotations: dict[str, Any], specs: dict[str, object], repr: bool) -> None:
        self.annotations = annotations
        self.specs = specs
        self.repr = repr

    def settle(self) -> None:
        """Put the real ``__dataclass_fields__`` and ``__dataclass_params__`` on the class."""
        import dataclasses

        klass = self.klass
        namespace: dict[str, Any] = {
            "__module__": klass.__module__,
            "__qualname__": klass.__qualname__,
            "__doc__": klass.__doc__,
            "__annotations__": dict(self.annotations),
        }
        for name, kind in self.annotations.items():
            if _is_class_var(kind) and name in vars(klass):
                namespace[name] = vars(klass)[name]
        for name, spec in self.specs.items():
            if isinstance(spec, _FieldSpec):
                spec = dataclasses.field(
                    default=spec.default, compare=spec.compare, hash=spec.hash, repr=spec.repr
                )
            namespace[name] = spec
        twin: Any = dataclasses.dataclass(frozen=True, repr=self.repr)(type(klass.__name__, (), namespace))
        type.__setattr__(klass, "__dataclass_fields__", twin.__dataclass_fields__)
        type.__setattr__(klass, "__dataclass_params__", twin.__dataclass_params__)


class _DataclassAttribute:
    """``__dataclass_fields__`` or ``__dataclass_params__`` until first read; then the real
    attribute replaces it on the class."""

    __slots__ = ("described", "name")

    def __init__(self, name: str, described: _Described) -> None:
        self.name = name
        self.described = described

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        self.described.settle()
        return getattr(self.described.klass, self.name)


def _key(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """The tuple of the attributes ``names`` of an object."""
    if len(names) > 1:
        many: Callable[[object], tuple[object, ...]] = attrgetter(*names)
        return many
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def slot_setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """What sets each slot ``names`` of ``cls`` directly, past the refusal of a frozen class's
    ``__setattr__``: for readers that build many instances of a class on a hot path (a value
    is set once, on an instance nothing else has seen yet).

    >>> @frozen_dataclass()
    ... class Pair:
    ...     a: int
    ...     b: int
    ...
    ...     def __init__(self, a: int, b: int) -> None:
    ...         object.__setattr__(self, "a", a)
    ...         object.__setattr__(self, "b", b)
    >>> set_a, set_b = slot_setters(Pair, "a", "b")
    >>> pair = object.__new__(Pair)
    >>> set_a(pair, 1); set_b(pair, 2)
    >>> pair == Pair(1, 2)
    True
    """
    return tuple(cls.__dict__[name].__set__ for name in names)
