"""The realtime profile through the evaluator's entry points: qk.matcher and Query.matches."""

from __future__ import annotations

import pytest

import querykit as qk
from querykit.realtime import RealtimeQueryError


def test_matcher_on_the_realtime_profile_needs_no_schema_and_answers_as_subscribe() -> None:
    m = qk.matcher("score > 10", schema=None, profile="realtime")
    sub = qk.realtime.subscribe("score > 10")
    for payload in ({"score": 11}, {"score": 5}, {}, {"score": "11"}):
        assert m(payload) == sub.matches(payload)
    assert m({"score": 11}) and not m({"score": 5})
    assert [e.held for e in m.explain({"score": 11})] == [True]


def test_select_all_reaches_every_event_through_the_matcher() -> None:
    m = qk.matcher(['{"method":"select","values":["*"]}'], schema=None, profile="realtime")
    assert m({"anything": 1})


def test_query_matches_on_the_realtime_profile() -> None:
    assert qk.parse("score > 10").matches({"score": 12}, schema=None, profile="realtime")


def test_a_query_realtime_refuses_raises_its_error() -> None:
    with pytest.raises(RealtimeQueryError):
        qk.matcher("limit 5", schema=None, profile="realtime")
