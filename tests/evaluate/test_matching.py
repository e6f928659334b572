"""Matching one document, explanations, the profile plumbing, and the known differences."""

from __future__ import annotations

from datetime import UTC

import pytest

import querykit as qk
from querykit.appwrite import Attribute, Collection, ServerQueryError
from querykit.errors import QueryError
from querykit.evaluate.collation import glibc_key
from querykit.evaluate.engine import DocumentError
from querykit.evaluate.semantics import resolve
from tests.evaluate.cases import collection, seed, stored

PEOPLE = Collection(
    (
        Attribute("name", "string", size=64),
        Attribute("age", "integer", size=4),
        Attribute("score", "double"),
        Attribute("born", "datetime"),
        Attribute("tags", "string", size=16, array=True),
    ),
    id="people",
)


def test_a_matcher_is_built_once_and_reused() -> None:
    m = qk.matcher('name starts with "jo" and age between 18..30', schema=PEOPLE)
    docs = [{"name": "John", "age": 20}, {"name": "Ann", "age": 20}, {"name": "jo", "age": 31}, {}]
    assert [m(d) for d in docs] == [True, False, False, False]
    assert [m(d) for d in docs] == [True, False, False, False]


def test_string_equality_differs_by_profile() -> None:
    q = qk.parse('name = "John"')
    assert [q.matches({"name": n}, schema=PEOPLE) for n in ("John", "john", "John ")] == [True, False, False]
    assert [q.matches({"name": n}, schema=PEOPLE, profile="mariadb") for n in ("jöhn", "JOHN ", "Jon")] == [
        True,
        True,
        False,
    ]


def test_explain_reports_each_filter_value_and_rule() -> None:
    m = qk.matcher('age > 18 and (name = "x" or score < 1.5)', schema=PEOPLE, profile="mariadb")
    lines = [e.render() for e in m.explain({"age": 20, "name": "X", "score": None})]
    assert lines == [
        "held      greaterThan age: value 20 (integer comparison; NULL never matches)",
        "held      or (some filter holds)\n"
        "  held      equal name: value 'X' (mariadb string equality; NULL never matches)\n"
        "  failed    lessThan score: value None (doubles as the server binds them; NULL never matches)",
    ]
    explained = m.explain({"age": 3})
    assert [e.held for e in explained] == [False, False]
    assert explained[0].value == 3


def test_datetimes_are_compared_as_instants_and_shown_in_utc() -> None:
    m = qk.matcher('born > "2000-01-01T00:00:00+02:00"', schema=PEOPLE)
    assert m({"born": "1999-12-31T23:00:00.000+00:00"}) is True
    assert m({"born": "1999-12-31T21:59:59.999Z"}) is False
    (explained,) = m.explain({"born": "2000-01-01T01:00:00.000+01:00"})
    assert explained.value == "2000-01-01T00:00:00.000+00:00"


def test_like_on_a_datetime_and_a_trailing_escape_fail_on_postgresql_only() -> None:
    with pytest.raises(ServerQueryError) as e:
        qk.matcher('born starts with "2000-01-01"', schema=PEOPLE)
    assert e.value.status == 500 and "operator does not exist" in e.value.message
    equal = qk.matcher('born starts with "2000-01-01"', schema=PEOPLE, profile="mariadb")
    assert equal({"born": "2000-01-01T00:00:00.000Z"}) and not equal({"born": "2000-01-01T00:00:01.000Z"})
    with pytest.raises(ServerQueryError) as e:
        qk.matcher(['{"method":"endsWith","attribute":"name","values":["a\\\\"]}'], schema=PEOPLE)
    assert e.value.status == 500 and "22025" in e.value.message
    literal = qk.matcher(
        ['{"method":"endsWith","attribute":"name","values":["a\\\\"]}'], schema=PEOPLE, profile="mariadb"
    )
    assert literal({"name": "xa\\"}) and not literal({"name": "xa"})


def test_bad_input_raises_querykit_errors() -> None:
    with pytest.raises(QueryError, match="unknown database profile"):
        qk.matcher("age > 1", schema=PEOPLE, profile="oracle")
    with pytest.raises(QueryError, match="no evaluation rules"):
        qk.matcher("age > 1", schema=PEOPLE, profile="documentsdb")
    with pytest.raises(QueryError, match="schema"):
        qk.matcher("age > 1", schema=None)
    with pytest.raises(ServerQueryError, match="Attribute not found in schema: height"):
        qk.matcher("height > 1", schema=PEOPLE)
    m = qk.matcher("age > 1", schema=PEOPLE)
    with pytest.raises(DocumentError, match="expected an integer"):
        m({"age": "2"})
    with pytest.raises(QueryError, match="JSON object"):
        m(["age"])  # type: ignore[arg-type]
    with pytest.raises(QueryError):
        qk.run("age > 1", [{"$id": 1}], schema=PEOPLE)


def test_run_defaults_limit_25_and_caps_the_total_at_5000() -> None:
    docs = [{"$id": f"d{i}", "age": i % 50} for i in range(6000)]
    res = qk.run("age >= 0", docs, schema=PEOPLE)
    assert len(res.documents) == 25 and res.total == 5000
    assert res.ids[:3] == ["d0", "d1", "d2"]


def test_cursor_lookup_uses_the_profile_string_equality() -> None:
    docs = [{"$id": "a000"}, {"$id": "b001"}, {"$id": "c002"}]
    with pytest.raises(ServerQueryError) as e:
        qk.run("after 'A000'", docs, schema=PEOPLE)
    assert (e.value.status, e.value.type) == (400, "general_cursor_not_found")
    assert e.value.message == "Document 'A000' for the 'cursor' value not found."
    assert qk.run("after 'A000'", docs, schema=PEOPLE, profile="mariadb").ids == ["b001", "c002"]


def test_select_returns_the_selected_attributes_then_the_internal_keys() -> None:
    docs = [{"$id": "a", "name": "x", "age": 1, "score": 0.30000000000000004, "tags": None}]
    (doc,) = qk.run("select score, tags", docs, schema=PEOPLE).documents
    assert doc == {
        "score": 0.3,
        "tags": [],
        "$id": "a",
        "$sequence": "1",
        "$createdAt": None,
        "$updatedAt": None,
        "$permissions": [],
        "$collection": "people",
    }


def test_profiles_resolve_through_the_database_registry() -> None:
    from querykit.appwrite import PROFILES

    assert resolve(PROFILES["mariadb"]) is resolve("mariadb")
    assert resolve(resolve("postgresql")).name == "postgresql"


# ---------------------------------------------------------------------------------- known differences


def test_known_difference_a_null_array_read_from_the_api_is_an_empty_array() -> None:
    """The API shows a NULL array as []; run() takes [] as an empty array, so isNull misses it."""
    nulls = sum(d["tags"] is None for d in seed()["documents"])
    api = qk.run("tags is null limit 500", seed()["stored"]["postgresql"], schema=collection())
    assert nulls == 26 and api.total == 0
    assert qk.run("tags is null limit 500", stored("postgresql"), schema=collection()).total == nulls


def test_known_difference_order_random_keeps_the_list_order() -> None:
    docs = [{"$id": i} for i in ("c", "a", "b")]
    assert qk.run("order by random", docs, schema=PEOPLE).ids == ["c", "a", "b"]


def test_known_difference_the_fourth_level_after_a_digit_in_the_postgresql_order() -> None:
    """glibc's strcoll puts '0Ö' before "0'Ö" (though 'aÖ' after "a'Ö"); querykit, like glibc's
    strxfrm, puts "0'Ö" first."""
    assert glibc_key("0'Ö") < glibc_key("0Ö")
    assert glibc_key("a'Ö") < glibc_key("aÖ")
    # The accent level is read backwards over digits and marks, as glibc reads it.
    assert glibc_key("x\u0308\u0301") < glibc_key("x\u0301\u0308")
    assert glibc_key("\u03011") < glibc_key("1\u0301")


def test_datetimes_read_as_php_reads_them() -> None:
    from datetime import datetime

    docs = [
        {"$id": "a", "born": "2024-01-01T00:00:00.000+00:00"},
        {"$id": "b", "born": "2024-01-01T20:24:00.000+00:00"},
        {"$id": "c", "born": "2024-01-01T20:24:00.001+00:00"},
    ]
    assert qk.run('born = "2024-W01-1"', docs, schema=PEOPLE).ids == ["a"]
    noon = datetime(2024, 1, 1, 12, tzinfo=UTC)
    assert qk.run('born = "2024"', docs, schema=PEOPLE, now=noon).ids == ["b"]
    assert qk.run('born <= "2024"', docs, schema=PEOPLE, now=noon).ids == ["a", "b"]
    assert qk.matcher('born > "2024-01-01 20:24:00.0009"', schema=PEOPLE)(docs[2]) is True
    assert qk.matcher('born > "2024-01-01 20:24:00.0019"', schema=PEOPLE)(docs[2]) is False


def test_the_schema_may_be_the_collection_json() -> None:
    api_json = {"$id": "people", "attributes": [{"key": "age", "type": "integer", "min": 0, "max": 150}]}
    assert qk.run("age > 1", [{"$id": "a", "age": 2}], schema=api_json).ids == ["a"]
    assert qk.matcher("age > 1", schema=api_json)({"age": 1}) is False
    with pytest.raises(QueryError, match="schema must be"):
        qk.run("age > 1", [], schema=5)  # type: ignore[arg-type]


def test_contains_all_on_a_string_binds_each_value_as_a_whole_like_pattern() -> None:
    """The adapters neither escape nor wrap containsAll values on a string attribute, and OR them."""
    docs = [{"$id": "a", "name": "John"}, {"$id": "b", "name": "joan"}, {"$id": "c", "name": "Jo"}]
    query = ['{"method":"containsAll","attribute":"name","values":["jo%n","x"]}']
    for profile in ("postgresql", "mariadb"):
        assert qk.run(query, docs, schema=PEOPLE, profile=profile).ids == ["a", "b"]
        only = ['{"method":"containsAll","attribute":"name","values":["jo"]}']
        assert qk.run(only, docs, schema=PEOPLE, profile=profile).ids == ["c"]


@pytest.mark.parametrize("documents", ["x", b"x", {"$id": "a"}, 5, None])
def test_run_names_the_documents_parameter_for_a_wrong_type(documents: object) -> None:
    with pytest.raises(TypeError, match=r"^documents must be a list of documents"):
        qk.run("limit 1", documents, schema={"attributes": []})  # type: ignore[arg-type]
