"""The contracts of the update language, as Hypothesis properties (500 examples each)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, assume, given, settings

from querykit import update as qu
from querykit.errors import QueryError
from querykit.text.formatter import format_query
from querykit.update.codec import reads_as_operator
from querykit.update.formatting import format_assignment
from querykit.update.nodes import Operation, Update

from .strategies import SIMPLE_QUERIES, updates

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _typed(update: Update) -> str:
    # repr keeps 1, 1.0 and True apart, which == does not.
    return repr((update.assignments, None if update.query is None else update.query.parts))


def _plain_values_read_as_plain(update: Update) -> bool:
    """A plain value that Appwrite would read as an operator (or that is an operator string in the
    SDK's form) comes back from the data as that operator, so it has another canonical text."""
    for a in update.assignments:
        if isinstance(a.value, Operation):
            continue
        raw = json.loads(json.dumps(qu.to_request(Update((a,))).data[a.attribute]))
        if reads_as_operator(raw):
            return False
        if isinstance(raw, str):
            try:
                op = qu.read_operator(raw, any_method=True)
            except QueryError:
                continue
            if str(op) == raw:
                return False
    return True


@SETTINGS
@given(updates())
def test_text_round_trip(update: Update) -> None:
    text = qu.format(update)
    back = qu.parse(text)
    assert back == update, text
    assert _typed(back) == _typed(update), text


@SETTINGS
@given(updates(queries=SIMPLE_QUERIES))
def test_format_is_a_fixed_point_and_long_updates_have_one_assignment_per_line(update: Update) -> None:
    text = qu.format(update)
    assert qu.format(qu.parse(text)) == text
    one_line = qu.format(update, wrap=False)
    assert qu.format(qu.parse(one_line), wrap=False) == one_line
    if text != one_line:
        lines = "\n".join(format_assignment(a) for a in update.assignments)
        assert text.startswith(lines)
        assert text[len(lines) :] in ("", "\nwhere " + format_query(update.query or (), wrap=True))


@SETTINGS
@given(updates(queries=SIMPLE_QUERIES))
def test_text_to_data_to_text_is_the_identity_on_canonical_text(update: Update) -> None:
    assume(_plain_values_read_as_plain(update))
    text = qu.format(update)
    request = qu.compile(text)
    assert qu.decompile(request.data, request.queries) == text
