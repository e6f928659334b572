"""The fluent ``Query.builder()`` matches the SDK's ``Query.builder()`` method for method."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import querykit as qk
from querykit.ast import Limit, Node, Offset

from .calls import ARGS, SdkQuery, qk_args, sdk_args

SDK_BUILDER_METHODS = sorted(name for name in vars(SdkQuery.Builder) if not name.startswith("_"))


def test_builder_and_builder_class() -> None:
    assert isinstance(qk.Query.builder(), qk.Query.Builder)
    assert qk.Query.builder().build() == [] == SdkQuery.builder().build()
    assert qk.Query.Builder().strings() == []


@pytest.mark.parametrize("name", SDK_BUILDER_METHODS)
def test_every_sdk_builder_method_exists_with_its_signature(name: str) -> None:
    ours = getattr(qk.Query.Builder, name)
    sdk = getattr(SdkQuery.Builder, name)
    sdk_params = [(p.name, p.kind, p.default) for p in inspect.signature(sdk).parameters.values()]
    our_params = [(p.name, p.kind, p.default) for p in inspect.signature(ours).parameters.values()]
    assert our_params == sdk_params
    assert ours.__doc__


def test_builder_methods_have_strategies() -> None:
    assert set(SDK_BUILDER_METHODS) - {"build"} <= set(ARGS)


def test_a_fixed_chain() -> None:
    def chain(query: Any) -> Any:
        return (
            query.builder()
            .equal("status", ["draft", "published"])
            .or_queries([query.less_than("price", 10), query.is_null("price")])
            .count("*", "n")
            .group_by(["category"])
            .having([query.greater_than("n", 5)])
            .join("authors", "author", "authors.$id", "=", "a")
            .order_desc("n")
            .page(3, 20)
        )

    sdk = chain(SdkQuery).build()
    ours = chain(qk.Query)
    assert ours.strings() == sdk
    nodes = ours.build()
    assert all(isinstance(n, Node) for n in nodes)
    assert nodes[-2:] == [Limit(20), Offset(40)]
    assert qk.to_appwrite(nodes) == sdk
    assert ours.build() is not ours.build()  # a copy each time, like the SDK's


STEP = st.sampled_from([name for name in SDK_BUILDER_METHODS if name != "build"]).flatmap(
    lambda name: ARGS[name].map(lambda args: (name, args))
)


@settings(max_examples=500, deadline=None)
@given(steps=st.lists(STEP, max_size=6))
def test_generated_chains(steps: list[tuple[str, tuple[Any, ...]]]) -> None:
    sdk, ours = SdkQuery.builder(), qk.Query.builder()
    for name, args in steps:
        sdk = getattr(sdk, name)(*sdk_args(args))
        ours = getattr(ours, name)(*qk_args(args))
    expected = sdk.build()
    assert ours.strings() == expected
    assert [str(n) for n in ours.build()] == expected
    assert qk.to_appwrite(qk.from_appwrite(expected)) == expected
    assert qk.from_appwrite(expected).parts == tuple(ours.build())
