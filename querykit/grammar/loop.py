"""The LALR shift/reduce loop over tables saved as plain data, without importing Lark.

Lark builds the tables from the grammar file (see :mod:`querykit.grammar.lalr`); :func:`describe`
there turns a built parser into the plain data this module reads: for each state, what each
terminal or rule name does (a shift to a state, or a reduction by a rule), and for each rule the
way Lark's parse-tree builder calls the transformer (which children it keeps, where optional
items leave ``None``, whether a single child is passed through). The loop here makes the same
calls in the same order as Lark's own parser would, so the result is the same; a token the tables
refuse raises :class:`Refused`, and the caller then asks Lark for the full syntax error.

>>> class Words:
...     def start(self, children):
...         return [str(word) for word in children]
>>> data = {
...     "states": {
...         0: {"WORD": 1, "words": 2, "start": 3},
...         1: {"$END": -1},
...         2: {"$END": -2},
...     },
...     "rules": [["words", 1, "words", False, None, 0], ["start", 1, "start", False, [[0, True, 0]], 0]],
...     "start_state": 0,
...     "end_state": 3,
... }
>>> class Word(str):
...     type = "WORD"
>>> run(LoopTables(data, Words()), lambda state: iter([Word("ab")]))
['ab']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

__all__ = ["LoopTables", "ParseState", "Refused", "Tree", "finish", "run"]


class Refused(Exception):
    """The tables accept no such token here (the caller asks Lark for the error in words)."""


class Tree:
    """What a rule with no transformer method becomes (its children are spliced by the parent)."""

    __slots__ = ("children", "data")

    def __init__(self, data: str, children: list[Any]) -> None:
        self.data = data
        self.children = children


class _Conf:
    __slots__ = ("states",)

    def __init__(self, states: dict[int, dict[str, int]]) -> None:
        self.states = states


class ParseState:
    """The parser state a lexer reads (``state_stack`` and ``parse_conf.states``, as in Lark)."""

    __slots__ = ("parse_conf", "state_stack")

    def __init__(self, conf: _Conf, start: int) -> None:
        self.parse_conf = conf
        self.state_stack = [start]


def _callback(recipe: Sequence[Any], transformer: object) -> Callable[[list[Any]], Any]:
    """The call Lark's parse-tree builder makes for one rule."""
    _origin, _size, name, expand1, include, append_none = recipe
    method = getattr(transformer, name, None)
    build: Callable[[list[Any]], Any]
    if method is None:

        def build(children: list[Any], name: str = name) -> Any:
            return Tree(name, children)

    else:
        build = method
    if expand1:
        inner = build

        def build(children: list[Any], inner: Callable[[list[Any]], Any] = inner) -> Any:
            return children[0] if len(children) == 1 else inner(children)

    if include is None:
        return build
    keep = tuple((i, bool(expand), int(nones)) for i, expand, nones in include)
    after = int(append_none)
    if not after and not any(expand or nones for _, expand, nones in keep):
        return _picking(tuple(i for i, _, _ in keep), build)
    if not after and not any(nones for _, _, nones in keep):
        if len(keep) > 1 and keep[0][:2] == (0, True) and not any(expand for _, expand, _ in keep[1:]):
            tree_name = name if method is None and not expand1 else None
            return _splicing_first(tuple(i for i, _, _ in keep[1:]), build, tree_name)
        if [k[:2] for k in keep] == [(0, False), (1, True)]:
            return _keeping_first_splicing_second(build)

    def filtered(children: list[Any]) -> Any:
        out: list[Any] = []
        for i, expand, nones in keep:
            if nones:
                out += [None] * nones
            if expand:
                if out:
                    out += children[i].children
                else:
                    out = children[i].children
            else:
                out.append(children[i])
        if after:
            out += [None] * after
        return build(out)

    return filtered


def _passes_through(recipe: Sequence[Any]) -> bool:
    """Whether the rule hands its one child on unchanged (Lark's ``?rule`` with one item kept)."""
    _origin, size, _name, expand1, include, append_none = recipe
    if not expand1 or size != 1 or append_none:
        return False
    return include is None or [list(i) for i in include] == [[0, False, 0]]


def _picking(indices: tuple[int, ...], build: Callable[[list[Any]], Any]) -> Callable[[list[Any]], Any]:
    """The callback that passes the children at ``indices`` (the common filter, made cheap)."""
    if not indices:

        def pick_none(children: list[Any]) -> Any:
            return build([])

        return pick_none
    if len(indices) == 1:
        only = indices[0]

        def pick_one(children: list[Any]) -> Any:
            return build([children[only]])

        return pick_one
    pick = itemgetter(*indices)

    def pick_many(children: list[Any]) -> Any:
        return build(list(pick(children)))

    return pick_many


def _splicing_first(
    indices: tuple[int, ...], build: Callable[[list[Any]], Any], tree_name: str | None
) -> Callable[[list[Any]], Any]:
    """The callback of a repetition's rule (``x: x a b``): the first child's children, then the
    children at ``indices``, in the first child's list (the filter extends it, as Lark's does).
    When the rule makes a :class:`Tree` named ``tree_name`` and the first child is one of that
    name, that tree is the result (the same tree a new one would be)."""
    if len(indices) == 1:
        only = indices[0]

        def splice_one(children: list[Any]) -> Any:
            first = children[0]
            out: list[Any] = first.children
            out.append(children[only])
            if first.__class__ is Tree and first.data == tree_name:
                return first
            return build(out)

        return splice_one
    pick = itemgetter(*indices)

    def splice_many(children: list[Any]) -> Any:
        first = children[0]
        out: list[Any] = first.children
        out += pick(children)
        if first.__class__ is Tree and first.data == tree_name:
            return first
        return build(out)

    return splice_many


def _keeping_first_splicing_second(build: Callable[[list[Any]], Any]) -> Callable[[list[Any]], Any]:
    """The callback of a rule ``r: a x`` where ``x`` is a repetition spliced in."""

    def keep_and_splice(children: list[Any]) -> Any:
        return build([children[0], *children[1].children])

    return keep_and_splice


class LoopTables:
    """Saved tables with the transformer's callbacks bound, ready for :func:`run`.

    In the saved data, ``states[s][name]`` is a target state (a shift or a goto) when at least 0,
    else the rule ``-1 - value`` to reduce by. Here each reduction becomes the tuple (number of
    children, rule name, callback), the callback ``None`` for a rule that hands its one child on.
    """

    __slots__ = ("conf", "end_state", "start_state", "states")

    def __init__(self, data: dict[str, Any], transformer: object) -> None:
        reductions = [
            (r[1], r[0], None if _passes_through(r) else _callback(r, transformer)) for r in data["rules"]
        ]
        self.states: dict[int, dict[str, Any]] = {
            state: {name: a if a >= 0 else reductions[-1 - a] for name, a in row.items()}
            for state, row in data["states"].items()
        }
        self.start_state: int = data["start_state"]
        self.end_state: int = data["end_state"]
        self.conf = _Conf(self.states)


def run(tables: LoopTables, lex: Callable[[ParseState], Iterator[Any]]) -> Any:
    """Parse the tokens ``lex(state)`` yields and return what the start rule's callback made;
    :class:`Refused` when a token (or the end of input) is not accepted where it comes."""
    states = tables.states
    state = ParseState(tables.conf, tables.start_state)
    stack = state.state_stack
    values: list[Any] = []
    push = stack.append
    keep = values.append
    try:
        for token in lex(state):
            kind = token.type
            while True:
                action = states[stack[-1]][kind]
                if action.__class__ is int:
                    push(action)
                    keep(token)
                    break
                size, origin, callback = action
                if callback is None:
                    stack[-1] = states[stack[-2]][origin]
                    continue
                if size:
                    children = values[-size:]
                    del stack[-size:]
                    del values[-size:]
                else:
                    children = []
                keep(callback(children))
                push(states[stack[-1]][origin])
        return finish(tables.states, tables.end_state, stack, values)
    except KeyError:
        raise Refused from None


def finish(
    states: Mapping[int, dict[str, Any]] | Sequence[dict[str, Any]],
    end_state: int,
    stack: list[int],
    values: list[Any],
) -> Any:
    """The reductions at the end of input, from the state ``stack`` and the ``values`` beside it,
    on the rows ``states`` (by state number, as :class:`LoopTables` keeps them) up to
    ``end_state``: what the start rule's callback made; :class:`Refused` (or ``KeyError``, which
    the loops turn into it) when the input may not end here."""
    push = stack.append
    keep = values.append
    while True:
        action = states[stack[-1]]["$END"]
        if action.__class__ is int:  # pragma: no cover - the end of input is never shifted
            raise Refused
        size, origin, callback = action
        if callback is None:
            stack[-1] = states[stack[-2]][origin]
        else:
            if size:
                children = values[-size:]
                del stack[-size:]
                del values[-size:]
            else:
                children = []
            keep(callback(children))
            push(states[stack[-1]][origin])
        if stack[-1] == end_state:
            return values[-1]
