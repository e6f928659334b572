"""Every use of Lark's internals, in one place: building, saving and loading LALR parsers, the
parse loop over their tables, and what a parser state accepts.

querykit's query parser drives Lark's LALR tables with its own loop and its own contextual lexer,
and ships the tables built ahead of time; both need parts of Lark that are not its public API
(the parse table, the parser state, ``Lark._load_from_dict``, ``memo_serialize``). The rest of
querykit reaches them only through this module, whose tests run against the lowest and the
highest Lark the dependency pin allows.

>>> from lark import Token, Transformer
>>> class Words(Transformer):
...     def start(self, children):
...         return [str(word) for word in children]
>>> parser = build_parser('start: WORD+\\nWORD: /[a-z]+/', "basic", Words(), start="start")
>>> class Source:
...     def lex(self, parser_state):
...         yield Token("WORD", "ab")
...         yield Token("WORD", "cd")
>>> run(Tables(parser, "start"), Source(), Token("$END", ""))
['ab', 'cd']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from lark import Lark, Token, Transformer
from lark.common import LexerConf
from lark.exceptions import UnexpectedToken
from lark.grammar import Rule
from lark.lark import LarkOptions
from lark.lexer import ContextualLexer, Lexer, PatternStr, TerminalDef, UnlessCallback
from lark.parse_tree_builder import ChildFilterLALR, ChildFilterLALR_NoPlaceholders, ExpandSingleChild
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_interactive_parser import InteractiveParser
from lark.parsers.lalr_parser_state import ParseConf, ParserState

__all__ = [
    "LEXER_INTERFACE",
    "LarkToken",
    "Lexer",
    "LexerConf",
    "Tables",
    "TokenSource",
    "UnexpectedToken",
    "accepted_after",
    "accepted_after_prefix",
    "accepted_terminals",
    "build_parser",
    "describe",
    "describe_lexer",
    "literal_words",
    "load_parser",
    "run",
    "serialize_parser",
]

#: What a custom lexer class declares to get Lark's two-argument ``lex(lexer_state, parser_state)``.
LEXER_INTERFACE = 2


class TokenSource(Protocol):
    """What the parse loop reads tokens from (Lark calls it the lexer thread)."""

    def lex(self, parser_state: Any) -> Iterator[Any]:
        """The tokens of the text, each read once the parser is in the state it is fed to."""


def build_parser(
    grammar: str, lexer: type[Lexer] | str, transformer: Transformer[Any, Any], start: str
) -> Lark:
    """An LALR parser built from the grammar text, running ``transformer`` inside the parse."""
    return Lark(
        grammar, parser="lalr", lexer=lexer, transformer=transformer, start=start, maybe_placeholders=True
    )


def serialize_parser(parser: Lark) -> tuple[dict[str, Any], dict[Any, Any]]:
    """The parser's tables as plain data (for :func:`load_parser`), without the lexer class and
    the transformer, which are supplied again when loading.

    >>> parser = build_parser('start: "a"', "basic", Transformer(), start="start")
    >>> data, memo = serialize_parser(parser)
    >>> data["parser"]["lexer_conf"]["lexer_type"] is None
    True
    """
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["options"] = {k: v for k, v in data["options"].items() if k not in ("lexer", "transformer")}
    data["parser"]["lexer_conf"]["lexer_type"] = None
    return data, memo


def load_parser(
    data: dict[str, Any], memo: dict[Any, Any], lexer: type[Lexer] | str, transformer: Transformer[Any, Any]
) -> Lark:
    """The parser :func:`serialize_parser` saved, with ``lexer`` and ``transformer`` plugged in.

    >>> parser = build_parser('start: "a"', "basic", Transformer(), start="start")
    >>> loaded = load_parser(*serialize_parser(parser), "basic", Transformer())
    >>> loaded.parse("a").data
    'start'
    """
    data = dict(data)
    # Options a newer Lark saved that this one does not know all keep their default meaning.
    known = LarkOptions._defaults
    data["options"] = {**{k: v for k, v in data["options"].items() if k in known}, "lexer": lexer}
    data["parser"] = {**data["parser"], "lexer_conf": {**data["parser"]["lexer_conf"], "lexer_type": lexer}}
    load: Any = Lark._load_from_dict
    loaded: Lark = load(data, memo, transformer=transformer)
    return loaded


def literal_words(conf: LexerConf) -> dict[str, str]:
    """The grammar's literal words (``"and"``, ``"order"`` ...) and the terminal each one is."""
    return {
        t.pattern.value: t.name
        for t in conf.terminals
        if isinstance(t.pattern, PatternStr) and t.pattern.value.isalpha()
    }


class Tables:
    """The LALR tables and reduce callbacks of a built parser, ready for :func:`run`."""

    __slots__ = ("conf", "driver", "end_state", "lexer", "states", "transformer")

    def __init__(self, parser: Lark, start: str) -> None:
        frontend: Any = parser.parser
        self.driver: Any = frontend.parser.parser
        self.lexer: Any = frontend.lexer
        self.transformer: Any = parser.options.transformer
        self.conf: ParseConf[Any] = ParseConf(self.driver.parse_table, self.driver.callbacks, start)
        self.states: dict[Any, dict[str, Any]] = self.conf.states
        self.end_state: Any = self.conf.end_state

    def new_state(self, source: Any) -> Any:
        """A fresh parser state reading from ``source``."""
        return ParserState(self.conf, source)


def describe(tables: Tables) -> dict[str, Any]:
    """The tables and the reduce callbacks as plain data for :mod:`querykit.grammar.loop`, which
    parses without importing Lark. Raises ``TypeError`` for a callback shape it cannot describe.

    >>> class Words(Transformer):
    ...     def start(self, children):
    ...         return [str(word) for word in children]
    >>> parser = build_parser('start: WORD+\\nWORD: /[a-z]+/', "basic", Words(), start="start")
    >>> data = describe(Tables(parser, "start"))
    >>> sorted(data)
    ['end_state', 'rules', 'start_state', 'states']
    """
    rules: list[Any] = list(tables.conf.callbacks)
    index = {rule: i for i, rule in enumerate(rules)}
    states: dict[int, dict[str, int]] = {}
    for state, actions in tables.states.items():
        row: dict[str, int] = {}
        for name, (action, arg) in actions.items():
            row[str(name)] = arg if action is Shift else -1 - index[arg]
        states[state] = row
    recipes = []
    for rule in rules:
        name = str(rule.alias or rule.options.template_source or rule.origin.name)
        f: Any = tables.conf.callbacks[rule]
        include: list[list[Any]] | None = None
        append_none = 0
        if type(f) is ChildFilterLALR:
            include = [[i, bool(expand), int(nones)] for i, expand, nones in f.to_include]
            append_none = int(f.append_none)
            f = f.node_builder
        elif type(f) is ChildFilterLALR_NoPlaceholders:
            include = [[i, bool(expand), 0] for i, expand in f.to_include]
            f = f.node_builder
        expand1 = type(f) is ExpandSingleChild
        if expand1:
            f = f.node_builder
        bound = getattr(f, "__self__", None)
        if bound is not None and not isinstance(bound, type):
            if f.__name__ != name:
                raise TypeError(f"rule {rule}: callback {f.__name__!r}, expected {name!r}")
        elif getattr(tables.transformer, name, None) is not None:
            raise TypeError(f"rule {rule}: cannot describe the callback {f!r}")
        recipes.append([str(rule.origin.name), len(rule.expansion), name, expand1, include, append_none])
    return {
        "states": states,
        "rules": recipes,
        "start_state": tables.conf.start_state,
        "end_state": tables.end_state,
    }


def describe_lexer(parser: Lark) -> dict[str, Any]:
    """Lark's contextual lexer of ``parser`` as plain data for :mod:`querykit.grammar.scan`: for
    each parser state, its lexer's expressions in Lark's order, the ignored terminals, and the
    keyword expressions a match of a terminal is renamed by. Raises ``TypeError`` for a lexer or a
    terminal callback it cannot describe.

    >>> grammar = 'start: WORD+\\nWORD: /[a-z]+/\\n%ignore " "'
    >>> data = describe_lexer(build_parser(grammar, "contextual", Transformer(), start="start"))
    >>> sorted(data), len(data["lexers"]) <= len(data["states"])
    (['lexers', 'states'], True)
    """
    frontend: Any = parser.parser
    lexer: Any = frontend.lexer
    if not isinstance(lexer, ContextualLexer):
        raise TypeError(f"not a contextual lexer: {lexer!r}")
    specs: list[dict[str, Any]] = []
    seen: dict[int, int] = {}
    states: dict[int, int] = {}
    basic: Any
    for state, basic in lexer.lexers.items():
        key = id(basic)
        if key not in seen:
            mres = basic.scanner._mres
            keywords: dict[str, list[str]] = {}
            for kind, callback in basic.callback.items():
                if type(callback) is not UnlessCallback:
                    raise TypeError(f"terminal {kind}: cannot describe the callback {callback!r}")
                keywords[kind] = [m.pattern for m in callback.scanner._mres]
            flags = {m.flags for m in mres} | {
                m.flags for cb in basic.callback.values() for m in cb.scanner._mres
            }
            if len(flags) != 1:
                raise TypeError(f"state {state}: expressions with different flags {flags}")
            seen[key] = len(specs)
            specs.append(
                {
                    "patterns": [m.pattern for m in mres],
                    "flags": flags.pop(),
                    "ignore": sorted(basic.ignore_types),
                    "keywords": keywords,
                }
            )
        states[state] = seen[key]
    return {"states": states, "lexers": specs}


def accepted_terminals(parser_state: Any) -> dict[str, Any]:
    """The terminals the parser accepts next in ``parser_state`` (keys), with their actions."""
    states: dict[Any, dict[str, Any]] = parser_state.parse_conf.states
    return states[parser_state.state_stack[-1]]


def run(tables: Tables, source: TokenSource, end_token: Any) -> Any:
    """Parse the tokens of ``source`` and return what the start rule's callback made.

    Lark's own ``feed_token`` with the work a transformer-in-the-parse never needs left out
    (terminal callbacks, the per-reduce self-checks). A token the tables do not accept raises
    Lark's :class:`UnexpectedToken`, carrying an interactive parser that can say what the state
    would accept after its pending reductions.
    """
    states = tables.states
    callbacks = tables.conf.callbacks
    end_state = tables.end_state
    thread: Any = source
    state = ParserState(tables.conf, thread)
    stack = state.state_stack
    values = state.value_stack
    token: Any = None
    try:
        for token in source.lex(state):
            kind = token.type
            while True:
                action, arg = states[stack[-1]][kind]
                if action is Shift:
                    stack.append(arg)
                    values.append(token)
                    break
                size = len(arg.expansion)
                if size:
                    children = values[-size:]
                    del stack[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callbacks[arg](children))
                stack.append(states[stack[-1]][arg.origin.name][1])
        token = end_token
        while True:
            action, arg = states[stack[-1]]["$END"]
            size = len(arg.expansion)
            if size:
                children = values[-size:]
                del stack[-size:]
                del values[-size:]
            else:
                children = []
            values.append(callbacks[arg](children))
            stack.append(states[stack[-1]][arg.origin.name][1])
            if stack[-1] == end_state:
                return values[-1]
    except KeyError:
        expected = {t for t in states[stack[-1]] if t.isupper()}
        unexpected: Any = UnexpectedToken
        raise unexpected(
            token, expected, state=state, interactive_parser=InteractiveParser(tables.driver, state, thread)
        ) from None


def accepted_after_prefix(tables: Tables, source: TokenSource) -> frozenset[str] | None:
    """The terminals accepted after all the tokens of ``source`` (a text typed so far), from the
    state the parse ends in without reading the end of input; ``None`` when a token is refused."""
    states = tables.states
    callbacks = tables.conf.callbacks
    thread: Any = source
    state = ParserState(tables.conf, thread)
    stack = state.state_stack
    values = state.value_stack
    try:
        for token in source.lex(state):
            kind = token.type
            while True:
                action, arg = states[stack[-1]][kind]
                if action is Shift:
                    stack.append(arg)
                    values.append(token)
                    break
                size = len(arg.expansion)
                if size:
                    children = values[-size:]
                    del stack[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callbacks[arg](children))
                stack.append(states[stack[-1]][arg.origin.name][1])
    except KeyError:
        return None
    return frozenset(t for t in states[stack[-1]] if t.isupper())


def accepted_after(error: UnexpectedToken) -> set[str]:
    """The terminals really accepted where ``error`` happened: the LALR state may still be about
    to reduce, so ask the interactive parser, falling back to the state's own list."""
    if error.interactive_parser is not None:
        try:
            interactive: Any = error.interactive_parser
            accepted: set[str] = set(interactive.accepts())
        except Exception:  # the probe re-runs Lark's machinery; any failure keeps the plain list
            return set(error.expected)
        return accepted or set(error.expected)
    return set(error.expected)


#: Lark's token class, for the lexer threads that must make probe tokens after an error.
LarkToken = Token
