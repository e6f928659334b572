"""The permission language's parser: Lark's LALR tables and contextual lexer run in one loop.

Lark builds both from ``permissions.lark``; ``python -m querykit.text`` saves them as plain data
in :mod:`querykit.permissions._loop`. :class:`Machine` reads that data and scans and parses in a
single loop: each token is matched with the lexer of the parser state it will be fed to (Lark's
contextual lexer, see :mod:`querykit.grammar.scan`) and then shifted, after the reductions it
triggers, as :func:`querykit.grammar.loop.run` does. The transformer is called as Lark's
parse-tree builder calls it, with the same children in the same order; a rule Lark inlines
(``_item``, ``__start_star_0`` ...) has no method and its value is the plain list of its children,
which the rule above splices in. Text no lexer matches, or a token the tables refuse, raises
:class:`~querykit.grammar.loop.Refused`, and the caller asks Lark for the error in words.

>>> tables = {
...     "states": {0: {"WORD": 1, "start": 2}, 1: {"$END": -1}},
...     "rules": [["start", 1, "start", False, None, 0]],
...     "start_state": 0,
...     "end_state": 2,
... }
>>> lexer = {"states": {0: 0, 1: 0, 2: 0},
...          "lexers": [{"patterns": ["(?P<WORD>[a-z]+)|(?P<__IGNORE_0>[ ]+)"], "flags": 0,
...                      "ignore": ["__IGNORE_0"], "keywords": {}}]}
>>> class Words:
...     def start(self, children):
...         return [(t.type, str(t), t.start_pos) for t in children]
>>> Machine(tables, lexer, Words()).parse(" ab")
[('WORD', 'ab', 1)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from querykit.grammar.loop import Refused, Tree, finish
from querykit.grammar.scan import StateLexer, Token, state_lexers

__all__ = ["Machine"]

Reducer = Callable[[list[Any]], Any]

_new = str.__new__


def _same(children: list[Any]) -> list[Any]:
    return children


def _reducer(recipe: Sequence[Any], transformer: object) -> Reducer | None:
    """The call Lark's parse-tree builder makes for one rule (None: the rule hands its one child
    on unchanged)."""
    _origin, size, name, expand1, include, append_none = recipe
    method: Reducer | None = getattr(transformer, name, None)
    inlined = method is None and name.startswith("_")
    if method is not None and name.startswith("_"):
        raise TypeError(f"rule {name}: a rule Lark inlines has a transformer method")
    passes_through = include is None or [list(i) for i in include] == [[0, False, 0]]
    if expand1 and size == 1 and not append_none and passes_through:
        return None
    build: Reducer
    if method is not None:
        build = method
    elif inlined:
        build = _same
    else:

        def build(children: list[Any], name: str = name) -> Any:
            return Tree(name, children)

    if expand1:
        inner = build

        def build(children: list[Any], inner: Reducer = inner) -> Any:
            return children[0] if len(children) == 1 else inner(children)

    if include is None:
        return build
    keep = tuple((int(i), bool(expand), int(nones)) for i, expand, nones in include)
    after = int(append_none)
    if not after and not any(expand or nones for _, expand, nones in keep):
        return _picking(tuple(i for i, _, _ in keep), build)
    if not after and not any(nones for _, _, nones in keep):
        return _splicing(keep, build)

    def filtered(children: list[Any]) -> Any:
        out: list[Any] = []
        for i, expand, nones in keep:
            if nones:
                out += [None] * nones
            if expand:
                out += children[i]
            else:
                out.append(children[i])
        if after:
            out += [None] * after
        return build(out)

    return filtered


def _picking(indices: tuple[int, ...], build: Reducer) -> Reducer:
    """The reducer that passes on the children at ``indices``."""
    if not indices:
        return lambda children: build([])
    if len(indices) == 1:
        only = indices[0]
        return lambda children: build([children[only]])
    pick = itemgetter(*indices)
    return lambda children: build(list(pick(children)))


def _splicing(keep: tuple[tuple[int, bool, int], ...], build: Reducer) -> Reducer:
    """The reducer that passes on some children and splices in the children of inlined ones."""
    if len(keep) == 1:
        only = keep[0][0]
        return lambda children: build(list(children[only]))
    if len(keep) == 2:
        (first, first_spliced, _), (second, second_spliced, _) = keep
        if first_spliced and second_spliced:
            return lambda children: build(children[first] + children[second])
        if first_spliced:
            return lambda children: build([*children[first], children[second]])
        return lambda children: build([children[first], *children[second]])

    def spliced(children: list[Any]) -> Any:
        out: list[Any] = []
        for i, expand, _ in keep:
            if expand:
                out += children[i]
            else:
                out.append(children[i])
        return build(out)

    return spliced


class Machine:
    """Lark's tables and contextual lexer for one grammar, with a transformer's methods bound.

    ``rows[state]`` maps a terminal or rule name to a state (a shift or a goto) or to a reduction
    ``(number of children, rule name, reducer)``.
    """

    __slots__ = ("end_state", "lexers", "rows", "start_state")

    def __init__(self, tables: dict[str, Any], lexer: dict[str, Any], transformer: object) -> None:
        reductions = [(r[1], r[0], _reducer(r, transformer)) for r in tables["rules"]]
        count = 1 + max([*tables["states"], *lexer["states"], tables["start_state"], tables["end_state"]])
        rows: list[dict[str, Any]] = [{} for _ in range(count)]
        for state, row in tables["states"].items():
            rows[state] = {name: a if a >= 0 else reductions[-1 - a] for name, a in row.items()}
        self.rows = rows
        lexers: list[StateLexer | None] = [None] * count
        for state, state_lexer in state_lexers(lexer).items():
            lexers[state] = state_lexer
        self.lexers = lexers
        self.start_state: int = tables["start_state"]
        self.end_state: int = tables["end_state"]

    def parse(self, text: str) -> Any:
        """What the start rule's method makes of ``text``; :class:`Refused` when the lexer of
        the state matches nothing, or when the tables refuse a token or the end of the input."""
        rows = self.rows
        lexers = self.lexers
        stack = [self.start_state]
        values: list[Any] = []
        push = stack.append
        keep = values.append
        pos = 0
        n = len(text)
        try:
            while pos < n:
                state = stack[-1]
                lexer = lexers[state]
                m = lexer.match(text, pos) or lexer.match_rest(text, pos)  # type: ignore[union-attr]
                kind = m.lastgroup
                end = m.end()
                if kind is None or end == pos:
                    raise Refused
                if kind in lexer.ignore:  # type: ignore[union-attr]
                    pos = end
                    continue
                value = m.group()
                if kind in lexer.keywords:  # type: ignore[union-attr]
                    kind = lexer.keywords[kind][value]  # type: ignore[union-attr]
                token: Token = _new(Token, value)
                token.type = kind
                token.start_pos = pos
                token.end_pos = end
                pos = end
                row = rows[state]
                while True:
                    action = row[kind]
                    if action.__class__ is int:
                        push(action)
                        keep(token)
                        break
                    size, origin, reduce = action
                    if reduce is None:
                        state = stack[-1] = rows[stack[-2]][origin]
                        row = rows[state]
                        continue
                    if size:
                        children = values[-size:]
                        del stack[-size:]
                        del values[-size:]
                    else:
                        children = []
                    keep(reduce(children))
                    state = rows[stack[-1]][origin]
                    push(state)
                    row = rows[state]
            return finish(rows, self.end_state, stack, values)
        except KeyError:
            raise Refused from None
