"""The 25 operator strings every Appwrite SDK must produce (the sdk-generator's end-to-end
expectations, OPERATOR_HELPER_RESPONSES), through querykit's builders and through text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from querykit import Condition, Operator
from querykit import update as qu
from querykit.update.nodes import Operation

CANON: list[tuple[Callable[[], Operation], str, str]] = [
    (lambda: Operator.increment(1), "n += 1", '{"method":"increment","values":[1]}'),
    (lambda: Operator.increment(5, 100), "n += 5 max 100", '{"method":"increment","values":[5,100]}'),
    (lambda: Operator.decrement(1), "n -= 1", '{"method":"decrement","values":[1]}'),
    (lambda: Operator.decrement(3, 0), "n -= 3 min 0", '{"method":"decrement","values":[3,0]}'),
    (lambda: Operator.multiply(2), "n *= 2", '{"method":"multiply","values":[2]}'),
    (lambda: Operator.multiply(3, 1000), "n *= 3 max 1000", '{"method":"multiply","values":[3,1000]}'),
    (lambda: Operator.divide(2), "n /= 2", '{"method":"divide","values":[2]}'),
    (lambda: Operator.divide(4, 1), "n /= 4 min 1", '{"method":"divide","values":[4,1]}'),
    (lambda: Operator.modulo(5), "n %= 5", '{"method":"modulo","values":[5]}'),
    (lambda: Operator.power(2), "n ^= 2", '{"method":"power","values":[2]}'),
    (lambda: Operator.power(3, 100), "n ^= 3 max 100", '{"method":"power","values":[3,100]}'),
    (
        lambda: Operator.array_append(["item1", "item2"]),
        'n append ["item1", "item2"]',
        '{"method":"arrayAppend","values":["item1","item2"]}',
    ),
    (
        lambda: Operator.array_prepend(["first", "second"]),
        'n prepend ["first", "second"]',
        '{"method":"arrayPrepend","values":["first","second"]}',
    ),
    (
        lambda: Operator.array_insert(0, "newItem"),
        'n insert "newItem" at 0',
        '{"method":"arrayInsert","values":[0,"newItem"]}',
    ),
    (
        lambda: Operator.array_remove("oldItem"),
        'n remove "oldItem"',
        '{"method":"arrayRemove","values":["oldItem"]}',
    ),
    (lambda: Operator.array_unique(), "n unique", '{"method":"arrayUnique","values":[]}'),
    (
        lambda: Operator.array_intersect(["a", "b", "c"]),
        'n intersect ["a", "b", "c"]',
        '{"method":"arrayIntersect","values":["a","b","c"]}',
    ),
    (
        lambda: Operator.array_diff(["x", "y"]),
        'n except ["x", "y"]',
        '{"method":"arrayDiff","values":["x","y"]}',
    ),
    (
        lambda: Operator.array_filter(Condition.EQUAL, "test"),
        'n keep = "test"',
        '{"method":"arrayFilter","values":["equal","test"]}',
    ),
    (
        lambda: Operator.string_concat("suffix"),
        'n append "suffix"',
        '{"method":"stringConcat","values":["suffix"]}',
    ),
    (
        lambda: Operator.string_replace("old", "new"),
        'n replace "old" with "new"',
        '{"method":"stringReplace","values":["old","new"]}',
    ),
    (lambda: Operator.toggle(), "n toggle", '{"method":"toggle","values":[]}'),
    (lambda: Operator.date_add_days(7), "n += 7 days", '{"method":"dateAddDays","values":[7]}'),
    (lambda: Operator.date_sub_days(3), "n -= 3 days", '{"method":"dateSubDays","values":[3]}'),
    (lambda: Operator.date_set_now(), "n = now", '{"method":"dateSetNow","values":[]}'),
]


def test_there_are_25() -> None:
    assert len(CANON) == 25
    assert {wire.split('"')[3] for _, _, wire in CANON} == set(qu.OPERATORS)


@pytest.mark.parametrize(("build", "text", "wire"), CANON, ids=[w for _, _, w in CANON])
def test_builder_text_and_wire_agree(build: Callable[[], Operation], text: str, wire: str) -> None:
    assert str(build()) == wire
    assert qu.compile(text).data == {"n": wire}
    assert qu.decompile({"n": wire}) == text
    assert qu.read_operator(wire) == build()
