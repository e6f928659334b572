"""The round-trip contracts of the architecture, as Hypothesis properties."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import querykit as qk
from querykit.errors import QueryError
from querykit.nodes import Node, Relationship
from tests.properties.strategies import ANY_ORDER, QUERIES

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _typed(q: qk.Query) -> str:
    # repr keeps 1, 1.0 and True apart, which == does not.
    return repr(q.parts)


@SETTINGS
@given(ANY_ORDER)
def test_json_round_trip(q: qk.Query) -> None:
    strings = qk.to_appwrite(q)
    back = qk.from_appwrite(strings)
    assert back == q
    assert _typed(back) == _typed(q)
    assert qk.to_appwrite(back) == strings


@SETTINGS
@given(QUERIES)
def test_text_round_trip(q: qk.Query) -> None:
    text = qk.format(q)
    back = qk.parse(text)
    assert back == q, text
    assert _typed(back) == _typed(q), text


@SETTINGS
@given(QUERIES)
def test_format_is_a_fixed_point(q: qk.Query) -> None:
    text = qk.format(q)
    assert qk.format(qk.parse(text)) == text
    one_line = qk.format(q, wrap=False)
    assert qk.format(qk.parse(one_line), wrap=False) == one_line


@SETTINGS
@given(ANY_ORDER)
def test_json_through_text_keeps_every_query(q: qk.Query) -> None:
    strings = qk.to_appwrite(q)
    again = qk.to_appwrite(qk.parse(qk.decompile(strings)))
    canonical = qk.to_appwrite(qk.Query(tuple(sorted(q.parts, key=lambda p: p.rank))))
    assert again == canonical


_ALPHABET = st.sampled_from(
    [
        *"abc =!<>~()[]{},.\"'`\\#*$.-0123456789\n\t",
        "and ",
        "or ",
        "not ",
        " in ",
        " between ",
        "..",
        " is null",
        " has ",
        " contains ",
        " limit ",
        " order by ",
        " select ",
        "distance(",
        "exists(",
        " join ",
        " on ",
        " as ",
        " having ",
        "é",
        "\u2028",
    ]
)
TEXTS = st.one_of(st.text(), st.lists(_ALPHABET, max_size=30).map("".join))


@SETTINGS
@given(TEXTS)
def test_any_text_gives_a_query_or_a_query_error(text: str) -> None:
    try:
        q = qk.parse(text)
    except QueryError as e:
        assert e.span is not None, e
        assert 0 <= e.span.start <= e.span.end <= len(text), (e.span, len(text))
        assert e.render()
    else:
        assert isinstance(q, qk.Query)
        assert qk.parse(qk.format(q)) == q


@SETTINGS
@given(st.one_of(st.text(), st.binary(), st.lists(st.one_of(st.text(), st.binary()), max_size=3)))
def test_any_json_input_gives_a_query_or_a_query_error(data: object) -> None:
    try:
        q = qk.from_appwrite(data)  # type: ignore[arg-type]
    except QueryError as e:
        assert e.message
    else:
        assert qk.from_appwrite(qk.to_appwrite(q)) == q


_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6),
)
_JSON_VALUES = st.recursive(_JSON_SCALARS, lambda c: st.lists(c, max_size=3), max_leaves=6)


@st.composite
def _json_query(draw: st.DrawFn, depth: int = 0) -> dict[str, object]:
    from querykit.methods import METHODS

    method = draw(st.sampled_from([*METHODS, "foo", "Equal"]))
    obj: dict[str, object] = {"method": method}
    if draw(st.booleans()):
        obj["attribute"] = draw(st.one_of(st.just(""), st.just("*"), st.text(max_size=5)))
    if draw(st.booleans()):
        row = METHODS.get(method)
        if row is not None and row.arity in ("queries", "join") and depth < 2 and draw(st.booleans()):
            obj["values"] = draw(st.lists(_json_query(depth + 1), max_size=3))
        else:
            obj["values"] = draw(st.lists(_JSON_VALUES, max_size=4))
    return obj


@SETTINGS
@given(st.lists(_json_query(), max_size=4))
@example(
    [
        {
            "method": "relationship",
            "attribute": "author",
            "values": [
                {"method": "crossJoin", "attribute": "x"},
                {"method": "equal", "attribute": "a", "values": [1]},
            ],
        }
    ]
)
def test_whatever_json_is_read_has_a_text_form(objects: list[dict[str, object]]) -> None:
    try:
        q = qk.from_appwrite(objects)
    except QueryError:
        return
    text = qk.format(q)
    assert qk.to_appwrite(qk.parse(text)) == qk.to_appwrite(qk.Query(_in_clause_order(q.parts)))


def _in_clause_order(parts: tuple[Node, ...]) -> tuple[Node, ...]:
    """The parts in the canonical clause order the text writes, a populated relationship's
    nested query included."""
    ordered = []
    for part in sorted(parts, key=lambda p: p.rank):
        if isinstance(part, Relationship):
            part = Relationship(part.attribute, _in_clause_order(part.children))
        ordered.append(part)
    return tuple(ordered)
