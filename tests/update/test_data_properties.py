"""The data-side contracts of the update language, and its hardening, as Hypothesis properties
(500 examples each)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querykit import update as qu
from querykit.errors import QueryError
from querykit.update.nodes import Update

from .strategies import SDK_DATA, SIMPLE_QUERIES, updates

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(SDK_DATA, st.one_of(st.none(), SIMPLE_QUERIES))
def test_data_to_text_to_data_is_byte_identical(data: dict[str, Any], query: Any) -> None:
    import querykit

    queries = [] if query is None else querykit.to_appwrite(query)
    text = qu.decompile(data, queries)
    request = qu.compile(text)
    assert json.dumps(request.data) == json.dumps(data), text
    assert request.queries == queries


@SETTINGS
@given(
    st.text(max_size=60) | st.from_regex(r"[a-z]{1,4} ?(\+=|=|append|keep|remove) ?[\[\]0-9a-z\", ]{0,12}")
)
def test_any_text_gives_an_update_or_a_query_error(text: str) -> None:
    with contextlib.suppress(QueryError):
        qu.compile(text)


@SETTINGS
@given(st.one_of(SDK_DATA, st.text(max_size=40), st.dictionaries(st.text(max_size=3), st.text(max_size=40))))
def test_any_data_gives_text_or_a_query_error(data: Any) -> None:
    with contextlib.suppress(QueryError):
        qu.decompile(data)


_COLLECTION = None


def _collection() -> Any:
    global _COLLECTION
    if _COLLECTION is None:
        from querykit.appwrite import Attribute, Collection

        _COLLECTION = Collection(
            (
                Attribute("a", "integer"),
                Attribute("b", "double", array=True),
                Attribute("c", "string", size=5),
                Attribute("x", "string", size=20, array=True),
                Attribute("y", "boolean"),
                Attribute("z", "datetime"),
            )
        )
    return _COLLECTION


@SETTINGS
@given(updates(queries=SIMPLE_QUERIES), st.booleans())
def test_validate_reports_problems_in_source_order(update: Update, with_schema: bool) -> None:
    diagnostics = qu.validate(Update(update.assignments), _collection() if with_schema else None)
    assert qu.validate(update, _collection() if with_schema else None)[: len(diagnostics)] == diagnostics
    places = [d.path[0] for d in diagnostics if d.path]
    assert places == sorted(places)
    assert all(0 <= p < len(update.assignments) for p in places)
    assert all(d.severity in ("error", "warning") for d in diagnostics)
