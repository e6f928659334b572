"""Every helper of the installed SDK's ``appwrite.operator.Operator`` has a querykit twin with the
same signature whose ``str()`` is the SDK's string byte for byte, on edge arguments too; the SDK's
client-side errors are ``BuilderError``s with the same words; and every SDK string survives the
text path (read, decompile, compile) unchanged."""

from __future__ import annotations

import inspect
import math
from typing import Any

import pytest
from appwrite.operator import Condition as SdkCondition
from appwrite.operator import Operator as SdkOperator
from hypothesis import given, settings
from hypothesis import strategies as st

from querykit import Condition, Operator
from querykit import update as qu
from querykit.builder import BuilderError
from querykit.update.nodes import Operation

HELPERS = sorted(
    name for name, v in vars(SdkOperator).items() if isinstance(v, staticmethod) and not name.startswith("_")
)

#: Edge values: floats, negatives, unicode, nested lists, None, objects, big and small numbers.
EDGE_VALUES: list[Any] = [
    0,
    1,
    -1,
    -7,
    2**31,
    -(2**63),
    2**63 - 1,
    0.5,
    -0.0,
    1e-7,
    1e16,
    1.7976931348623157e308,
    5e-324,
    "5",
    "",
    "é",
    "😀",
    "a/b",
    'q"uote\\',
    "\u2028",
    "\x00",
    True,
    False,
    None,
    [],
    [1, "two", 3.0],
    [[1, [2, [3]]], {"k": [None]}],
    {"a": 1, "b": {"c": "é"}},
    ("t", 1),
]
CONDITIONS: list[Any] = [*SdkCondition, "equal", "greaterThan", "equals", 5, None]


def _sdk(name: str, *args: Any) -> tuple[str, str | None]:
    """The SDK's string (or its error message) for a call."""
    try:
        return "ok", getattr(SdkOperator, name)(*args)
    except ValueError as e:
        return "error", str(e)


def _ours(name: str, *args: Any) -> tuple[str, str | None]:
    converted = [Condition(a.value) if isinstance(a, SdkCondition) else a for a in args]
    try:
        op = getattr(Operator, name)(*converted)
    except BuilderError as e:
        assert isinstance(e, ValueError)
        return "error", e.message
    assert isinstance(op, Operation)
    return "ok", str(op)


def _calls(name: str) -> list[tuple[Any, ...]]:
    params = list(inspect.signature(getattr(SdkOperator, name)).parameters)
    if not params:
        return [()]
    if name == "array_filter":
        return [(c,) for c in CONDITIONS] + [(c, v) for c in CONDITIONS[:9] for v in EDGE_VALUES]
    if len(params) == 1:
        return [(v,) for v in EDGE_VALUES]
    pairs = [(a, b) for a in EDGE_VALUES for b in EDGE_VALUES[::3]]
    required = [
        p for p in inspect.signature(getattr(SdkOperator, name)).parameters.values() if p.default is p.empty
    ]
    return pairs + ([(a,) for a in EDGE_VALUES] if len(required) < 2 else [])


def _text_round_trip(sdk: str) -> None:
    """read_operator, then decompile, then compile gives the SDK's string back."""
    op = qu.read_operator(sdk)
    assert str(op) == sdk
    text = qu.decompile({"attr": sdk})
    assert qu.compile(text).data == {"attr": sdk}, text


def test_the_sdk_has_the_twenty_helpers() -> None:
    assert len(HELPERS) == 20


@pytest.mark.parametrize("name", HELPERS)
def test_same_signature(name: str) -> None:
    sdk = inspect.signature(getattr(SdkOperator, name))
    ours = inspect.signature(getattr(Operator, name))
    assert [(p.name, p.default, p.kind) for p in sdk.parameters.values()] == [
        (p.name, p.default, p.kind) for p in ours.parameters.values()
    ]


def test_condition_members_match() -> None:
    assert [(c.name, c.value) for c in SdkCondition] == [(c.name, c.value) for c in Condition]


def _expected_difference(args: tuple[Any, ...], sdk: str) -> bool:
    """Arguments the SDK turns into JSON the server cannot read (see the builder's table)."""

    def bad(v: Any) -> bool:
        if isinstance(v, float):
            return not math.isfinite(v)
        if isinstance(v, int) and not isinstance(v, bool):
            return not -(2**63) <= v < 2**63
        if isinstance(v, (list, tuple)):
            return any(bad(x) for x in v)
        if isinstance(v, dict):
            return any(bad(x) for x in v.values())
        return False

    return any(bad(a) for a in args)


@pytest.mark.parametrize("name", HELPERS)
def test_byte_identical_on_edge_arguments(name: str) -> None:
    checked = 0
    for args in _calls(name):
        sdk = _sdk(name, *args)
        ours = _ours(name, *args)
        if sdk[0] == "ok" and ours[0] == "error":
            assert sdk[1] is not None and _expected_difference(args, sdk[1]), (args, ours)
            continue
        assert ours == sdk, args
        if sdk[0] == "ok":
            assert sdk[1] is not None
            _text_round_trip(sdk[1])
        checked += 1
    assert checked > 0


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("increment", (math.nan,), "Value cannot be NaN or Infinity"),
        ("increment", (1, math.inf), "Max cannot be NaN or Infinity"),
        ("decrement", (-math.inf,), "Value cannot be NaN or Infinity"),
        ("decrement", (1, math.nan), "Min cannot be NaN or Infinity"),
        ("multiply", (math.inf,), "Factor cannot be NaN or Infinity"),
        ("multiply", (2, math.inf), "Max cannot be NaN or Infinity"),
        ("divide", (math.nan,), "Divisor cannot be NaN or Infinity"),
        ("divide", (2, math.nan), "Min cannot be NaN or Infinity"),
        ("divide", (0,), "Divisor cannot be zero"),
        ("divide", (-0.0,), "Divisor cannot be zero"),
        ("divide", (False,), "Divisor cannot be zero"),
        ("divide", (0, math.nan), "Min cannot be NaN or Infinity"),
        ("modulo", (math.inf,), "Divisor cannot be NaN or Infinity"),
        ("modulo", (0.0,), "Divisor cannot be zero"),
        ("power", (math.nan,), "Exponent cannot be NaN or Infinity"),
        ("power", (2, math.inf), "Max cannot be NaN or Infinity"),
    ],
)
def test_client_side_errors_have_the_sdks_words(name: str, args: tuple[Any, ...], message: str) -> None:
    assert _sdk(name, *args) == ("error", message)
    assert _ours(name, *args) == ("error", message)


def test_values_none_leaves_the_key_out() -> None:
    assert str(Operator.array_append(None)) == SdkOperator.array_append(None) == '{"method":"arrayAppend"}'
    _text_round_trip(SdkOperator.array_append(None))


@pytest.mark.parametrize(
    "args",
    [([math.nan],), ([2**64],), (["\ud800"],), ([SdkCondition.EQUAL],), ({1: "x"},), ([object()],)],
)
def test_deliberate_differences_raise_builder_errors(args: tuple[Any, ...]) -> None:
    with pytest.raises(BuilderError):
        Operator.array_append(*args)


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(name=st.sampled_from(HELPERS), a=_json_values, b=_json_values, arity=st.integers(0, 2))
def test_generated_arguments_are_byte_identical(name: str, a: Any, b: Any, arity: int) -> None:
    params = list(inspect.signature(getattr(SdkOperator, name)).parameters)
    args = (a, b)[: min(arity, len(params))]
    required = [
        p for p in inspect.signature(getattr(SdkOperator, name)).parameters.values() if p.default is p.empty
    ]
    if len(args) < len(required):
        args = (a, b)[: len(required)]
    sdk = _sdk(name, *args)
    ours = _ours(name, *args)
    assert ours == sdk
    if sdk[0] == "ok":
        assert sdk[1] is not None
        _text_round_trip(sdk[1])
