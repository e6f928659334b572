"""The ``querykit repl`` command: an interactive shell for queries, permissions and updates.

Type query text and see the JSON query strings Appwrite receives; paste JSON and see the text.
``:perm`` switches to permissions, ``:update`` to update operators, ``:schema FILE`` checks every
query (and update) against a collection.
The page ``docs/repl.md`` shows a session.

The shell is two layers. :func:`respond` turns one input into a :class:`Reply` and a new
:class:`ReplState`, with no input or output of its own; :func:`run_lines` drives it from any
iterable of lines (standard input when it is not a terminal), and the interactive session on
prompt_toolkit drives it from the keyboard::

    >>> state, reply = respond(ReplState(), "age >= 18 limit 5")
    >>> print(reply.output)
    {"method":"greaterThanEqual","attribute":"age","values":[18]}
    {"method":"limit","values":[5]}
    >>> state, reply = respond(state, ":perm")
    >>> print(respond(state, 'read("any")')[1].output)
    read: any

prompt_toolkit and Pygments (the ``repl`` extra) are imported only when a terminal session
starts, so this module and ``querykit --help`` work without them.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TextIO

from querykit.errors import Diagnostic, QueryError

if TYPE_CHECKING:
    from prompt_toolkit.completion import Completer

    from querykit.appwrite.schema import Collection
    from querykit.ast import Query

__all__ = [
    "COMMANDS",
    "ReplState",
    "Reply",
    "Suggestion",
    "complete",
    "default_history_path",
    "is_complete",
    "live_problem",
    "load_schema",
    "permission_actions",
    "permission_roles",
    "prompt_text",
    "query_keywords",
    "respond",
    "run_lines",
    "start_session",
]

Mode = Literal["query", "perm", "update"]

#: The profile :func:`querykit.validate` uses when none is chosen.
DEFAULT_PROFILE = "postgresql"

#: Every command with its one-line description, in the order ``:help`` lists them.
COMMANDS: dict[str, str] = {
    ":query": "query mode (the default): text to JSON query strings, JSON to text",
    ":perm": "permission mode: text to permission strings, permission strings to text",
    ":update": "update mode: update text to the SDK's data object, data JSON to text",
    ":schema": "FILE: check queries against a collection; no FILE: show it; `off`: forget it",
    ":profile": "NAME: the database behind the server (postgresql, mariadb, documentsdb)",
    ":explain": "JSON: which filters of the last query hold for this document, and why (needs :schema)",
    ":help": "this text",
    ":quit": "leave the REPL (Ctrl-D does the same)",
}
_MODE_NAMES = {"query": "query", "perm": "permission", "update": "update"}
_ALIASES = {":q": ":quit", ":exit": ":quit", ":h": ":help", ":?": ":help", ":permissions": ":perm"}

INSTALL_HINT = "querykit repl needs prompt_toolkit and Pygments: pip install 'appwrite-querykit[repl]'"


@dataclass(frozen=True, slots=True)
class ReplState:
    """What the REPL remembers between inputs."""

    mode: Mode = "query"
    #: The collection queries are checked against, once ``:schema`` has loaded one.
    schema: Collection | None = None
    #: Where the schema came from, for messages.
    schema_source: str = ""
    profile: str = DEFAULT_PROFILE
    #: The last query entered in query mode that could be used, for ``:explain``.
    last_query: Query | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """The answer to one input.

    ``output`` is the result (JSON strings, text, or a command's message); ``diagnostics`` are
    problems and warnings, each rendered with its line and caret. ``ok`` is false when the
    input could not be used; ``quit`` asks the REPL to stop. ``language`` names what
    ``output`` is written in (``querykit``, ``querykit-permissions``, ``querykit-update``,
    ``json`` or empty for prose), so a terminal can highlight it.
    """

    output: str = ""
    diagnostics: str = ""
    ok: bool = True
    quit: bool = False
    language: str = ""


# ----------------------------------------------------------------------------- replies


def respond(state: ReplState, text: str) -> tuple[ReplState, Reply]:
    """Answer one input (which may span lines) in ``state``: the new state and the reply.

    Nothing escapes as an exception: a querykit error becomes a reply with its caret, and
    anything else a reply that names it, so a bad input never ends the session.

    >>> respond(ReplState(), '{"method":"isNull","attribute":"deleted_at"}')[1].output
    'deleted_at is null'
    >>> print(respond(ReplState(), 'name = "John" and')[1].diagnostics)  # doctest: +ELLIPSIS
    1:18: unexpected end of input; expected an attribute, ...
    name = "John" and
                     ^
    """
    stripped = text.strip()
    if not stripped:
        return state, Reply()
    try:
        if stripped.startswith(":"):
            return _command(state, stripped)
        if state.mode == "perm":
            return state, _permissions(text)
        if state.mode == "update":
            return state, _update(state, text)
        return _query(state, text)
    except QueryError as e:
        return state, Reply(diagnostics=e.with_source(text).render(), ok=False)
    except Exception as e:  # a bug elsewhere must not end the session; say what it was
        return state, Reply(diagnostics=f"internal error: {type(e).__name__}: {e}", ok=False)


def evaluate(state: ReplState, text: str) -> tuple[ReplState, Reply]:
    """The former name of :func:`respond`, kept for existing callers; it warns.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     evaluate(ReplState(), "limit 5")[1].output
    '{"method":"limit","values":[5]}'
    >>> caught[0].category.__name__
    'DeprecationWarning'
    """
    warnings.warn(
        "querykit.repl.evaluate is deprecated; use querykit.repl.respond",
        DeprecationWarning,
        stacklevel=2,
    )
    return respond(state, text)


def _query(state: ReplState, text: str) -> tuple[ReplState, Reply]:
    import querykit

    if text.lstrip().startswith(("{", "[")):
        query = querykit.from_appwrite(_json_queries(text))
        problems = _validate(state, query)
        rendered = "\n".join(_render(d, None) for d in problems)
        ok = not _errors(problems)
        reply = Reply(querykit.format(query), rendered, ok=ok, language="querykit")
        return (replace(state, last_query=query) if ok else state), reply
    query = querykit.parse(text)
    problems = _validate(state, query)
    rendered = "\n".join(_render(d, text) for d in problems)
    if _errors(problems):
        return state, Reply(diagnostics=rendered, ok=False)
    output = "\n".join(querykit.to_appwrite(query))
    return replace(state, last_query=query), Reply(output, rendered, language="json" if output else "")


def _json_queries(text: str) -> Any:
    """Pasted JSON (a query, or an array of queries or query strings), decoded by the guarded
    reader so that hostile nesting meets the depth limit with its place."""
    from querykit.jsondata import read_json

    decoded = read_json(text)
    if isinstance(decoded, list):
        return [read_json(item) if isinstance(item, str) else item for item in decoded]
    return decoded if isinstance(decoded, dict) else text


def _validate(state: ReplState, query: Any) -> list[Diagnostic]:
    import querykit

    if state.schema is None:
        return querykit.validate(query)
    return querykit.validate(query, schema=state.schema, profile=state.profile)


def _errors(problems: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in problems)


def _render(d: Diagnostic, source: str | None) -> str:
    text = d.render(source)
    return text if d.severity == "error" else f"{d.severity}: {text}"


# An input made only of Appwrite permission strings: a JSON list, or `action(...)` calls.
_PERMISSION_STRINGS = re.compile(r"\[|[A-Za-z]+\s*\(")


def _permissions(text: str) -> Reply:
    try:
        from querykit import permissions
    except ImportError:
        return Reply(diagnostics="the permission language is not available in this installation", ok=False)
    if text.lstrip().startswith("["):
        from querykit.jsondata import read_json

        strings = read_json(text)
        if not isinstance(strings, list) or not all(isinstance(s, str) for s in strings):
            raise QueryError("expected a JSON list of permission strings")
        return Reply(permissions.decompile(strings), language="querykit-permissions")
    if _PERMISSION_STRINGS.match(text.lstrip()):
        return Reply(permissions.decompile(text), language="querykit-permissions")
    output = "\n".join(permissions.compile(text))
    return Reply(output, language="json" if output else "")


def _update(state: ReplState, text: str) -> Reply:
    from querykit import update

    if text.lstrip().startswith("{"):
        from querykit.jsondata import read_json

        value = read_json(text)
        queries: list[Any] = []
        if (
            isinstance(value, dict)
            and set(value) <= {"data", "queries"}
            and isinstance(value.get("data"), dict)
        ):
            queries = list(value.get("queries") or [])
            value = value["data"]
        parsed = update.read_update(value, queries)
        problems = update.validate(parsed, state.schema, profile=state.profile)
        rendered = "\n".join(_render(d, None) for d in problems)
        return Reply(update.format(parsed), rendered, ok=not _errors(problems), language="querykit-update")
    parsed = update.parse(text)
    problems = update.validate(parsed, state.schema, profile=state.profile)
    rendered = "\n".join(_render(d, text) for d in problems)
    if _errors(problems):
        return Reply(diagnostics=rendered, ok=False)
    request = update.to_request(parsed)
    lines = [json.dumps(request.data, separators=(",", ":"), ensure_ascii=False), *request.queries]
    return Reply("\n".join(lines), rendered, language="json")


def _command(state: ReplState, line: str) -> tuple[ReplState, Reply]:
    name, _, arg = line.partition(" ")
    name = _ALIASES.get(name.lower(), name.lower())
    arg = arg.strip()
    if name == ":quit":
        return state, Reply(quit=True)
    if name == ":help":
        return state, Reply(help_text())
    if name in (":query", ":perm", ":update"):
        mode: Mode = "query" if name == ":query" else "perm" if name == ":perm" else "update"
        return replace(state, mode=mode), Reply(f"{_MODE_NAMES[mode]} mode")
    if name == ":schema":
        return _schema_command(state, arg)
    if name == ":profile":
        return _profile_command(state, arg)
    if name == ":explain":
        return state, _explain_command(state, arg)
    return state, Reply(diagnostics=f"unknown command {name}; :help lists the commands", ok=False)


def _schema_command(state: ReplState, arg: str) -> tuple[ReplState, Reply]:
    if not arg:
        if state.schema is None:
            return state, Reply("no schema loaded; :schema FILE loads one")
        return state, Reply(_describe_schema(state))
    if arg.lower() == "off":
        return replace(state, schema=None, schema_source=""), Reply("schema forgotten")
    schema = load_schema(arg)
    new = replace(state, schema=schema, schema_source=arg)
    return new, Reply(_describe_schema(new))


def _explain_command(state: ReplState, arg: str) -> Reply:
    """The last query's filters against the document ``arg`` (a JSON object), in the words of
    ``querykit run --explain``."""
    if not arg:
        return Reply(
            diagnostics=':explain needs a document, a JSON object: :explain {"$id": "a", ...}', ok=False
        )
    if state.last_query is None:
        return Reply(diagnostics="no query to explain yet; enter a query in query mode first", ok=False)
    if state.schema is None:
        return Reply(diagnostics=":explain needs a schema; :schema FILE loads one", ok=False)
    from querykit.appwrite.server import ServerQueryError
    from querykit.evaluate.matching import matcher, render_match
    from querykit.jsondata import read_json

    document = read_json(arg)
    if not isinstance(document, dict):
        raise QueryError("expected a document: a JSON object", code="codec")
    try:
        compiled = matcher(state.last_query, schema=state.schema, profile=state.profile)
    except ServerQueryError as e:
        return Reply(diagnostics=f"{e.status} {e.type}: {e.message}", ok=False)
    label = document.get("$id")
    return Reply(render_match(compiled, document, label if isinstance(label, str) else "document"))


def _describe_schema(state: ReplState) -> str:
    assert state.schema is not None
    count = len(state.schema.attributes)
    name = state.schema.id or state.schema.name or state.schema_source
    indexes = len(state.schema.indexes)
    attrs = f"{count} attribute{'' if count == 1 else 's'}"
    return f"schema {name}: {attrs}, {indexes} index{'' if indexes == 1 else 'es'}; profile {state.profile}"


def _profile_command(state: ReplState, arg: str) -> tuple[ReplState, Reply]:
    names = profile_names()
    if not arg:
        return state, Reply(f"profile {state.profile} (one of {', '.join(names)})")
    if names and arg.lower() not in names:
        return state, Reply(
            diagnostics=f"unknown profile {arg!r}; expected one of {', '.join(names)}", ok=False
        )
    return replace(state, profile=arg.lower()), Reply(f"profile {arg.lower()}")


def profile_names() -> tuple[str, ...]:
    """The database profiles the server checks know (empty if they are not available)."""
    try:
        from querykit.appwrite.profiles import PROFILES
    except ImportError:
        return ()
    return tuple(PROFILES)


def load_schema(path: str) -> Collection:
    """Read a collection from a file holding the JSON of Appwrite's ``GET /collections/{id}``.

    Every failure is a :class:`QueryError` whose message names the file.
    """
    try:
        from querykit.appwrite.schema import Collection
    except ImportError:
        raise QueryError("schema checks are not available in this installation", code="schema") from None
    from querykit.cli.common import decode_bytes
    from querykit.jsondata import read_json

    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as e:
        raise QueryError(f"{path}: {e.strerror or e}", code="schema") from None
    try:
        text = decode_bytes(raw)
    except QueryError as e:
        raise QueryError(f"{path}: not UTF-8 text: {e.message}", code="schema") from None
    try:
        data = read_json(text)
    except QueryError as e:
        where = f" (line {e.line}, column {e.column})" if e.line is not None else ""
        what = "not JSON" if e.code == "codec" else "unusable JSON"
        message = e.message.removeprefix("invalid JSON: ")
        raise QueryError(f"{path}: {what}: {message}{where}", code="schema") from None
    try:
        return Collection.from_api(data)
    except QueryError as e:
        raise QueryError(f"{path}: {e.message}", code=e.code) from None


def help_text() -> str:
    """The text ``:help`` prints."""
    width = max(len(c) for c in COMMANDS)
    lines = [
        "Type a query to see the JSON query strings Appwrite receives; paste JSON (a line",
        "starting with { or [) to see the text. In permission mode, text becomes permission",
        "strings and permission strings become text. In update mode, update text becomes the",
        "data object the SDK sends (and the query strings of `where`), and data JSON becomes text.",
        "",
        *(f"  {c.ljust(width)}  {d}" for c, d in COMMANDS.items()),
        "",
        "An open bracket continues the input on the next line; # starts a comment.",
    ]
    return "\n".join(lines)


def prompt_text(state: ReplState) -> str:
    """The prompt for ``state``: ``qk> `` for queries, ``perm> `` for permissions, ``upd> `` for
    updates."""
    return {"query": "qk> ", "perm": "perm> ", "update": "upd> "}[state.mode]


# ----------------------------------------------------------------------------- input shape


def _scan(text: str) -> tuple[int, str]:
    """The bracket depth at the end of ``text`` and what the end is inside: ``""`` (code), a
    quote character, a backtick, or ``#`` (a comment). Strings and comments end at a newline,
    as in both grammars."""
    depth = 0
    inside = ""
    escaped = False
    for ch in text:
        if ch == "\n":
            inside, escaped = "", False
        elif inside in ('"', "'"):
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == inside:
                inside = ""
        elif inside == "`":
            if ch == "`":
                inside = ""
        elif inside == "#":
            pass
        elif ch in "\"'`#":
            inside = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
    return depth, inside


def is_complete(text: str) -> bool:
    """Whether ``text`` is a whole input: no bracket is left open (commands are always whole).

    >>> is_complete("a in [1,"), is_complete("a in [1,\\n 2]"), is_complete("a = '(' ")
    (False, True, True)
    """
    if text.lstrip().startswith(":"):
        return True
    depth, _ = _scan(text)
    return depth <= 0


_LIVE_LIMIT = 4096


def live_problem(state: ReplState, text: str) -> str | None:
    """The first problem of a half-typed input, on one line, or ``None`` (used while typing).

    >>> live_problem(ReplState(), "a = 1 limit 0")
    '1:7: limit must be at least 1'
    """
    # A long paste is checked on Enter only, so typing stays quick.
    if len(text) > _LIVE_LIMIT or not text.strip() or text.lstrip().startswith(":") or not is_complete(text):
        return None
    _, reply = respond(state, text)
    if reply.ok:
        return None
    first = reply.diagnostics.splitlines()
    return first[0] if first else None


# ----------------------------------------------------------------------------- completion


class Suggestion(NamedTuple):
    """One completion: the text that replaces the word being typed, and what kind it is."""

    text: str
    kind: str


_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_.$]*$")
_PERM_WORD = re.compile(r"(?<![:/A-Za-z0-9_.-])[A-Za-z]*$")
# The names the schema always has, besides its attributes.
_INTERNAL = ("$id", "$sequence", "$createdAt", "$updatedAt")


def complete(state: ReplState, before_cursor: str) -> tuple[str, list[Suggestion]]:
    """The word being typed at the end of ``before_cursor`` and what it may become there.

    Commands after ``:``, profile names after ``:profile``. Elsewhere the suggestions are what
    the grammar accepts at the cursor (from the parser state the text so far ends in): in query
    mode keywords and method names, then (with a schema) attribute names where a name may come;
    in permission mode actions where an action may come, roles after ``:``; in update mode the
    update words, operator names where a value may come and attribute names where an assignment
    starts, then after ``where`` the query's words. Nothing inside strings and comments.

    >>> complete(ReplState(mode="update"), "tags app")
    ('app', [Suggestion(text='append', kind='keyword')])

    >>> complete(ReplState(), "age between 1..2 offs")
    ('offs', [Suggestion(text='offset', kind='keyword')])
    >>> complete(ReplState(), "equ")
    ('equ', [Suggestion(text='equal', kind='method')])
    >>> complete(ReplState(mode="perm"), "read: u")
    ('u', [Suggestion(text='users', kind='role'), Suggestion(text='user:', kind='role')])
    """
    line = before_cursor.rsplit("\n", 1)[-1]
    if before_cursor.lstrip().startswith(":"):
        return _complete_command(line.lstrip())
    if _scan(before_cursor)[1]:
        return "", []
    if state.mode == "perm":
        m = _PERM_WORD.search(line)
        if m is None:  # inside an ID or a role name
            return "", []
        word = m.group(0)
        return word, _matching(word, _permission_words(before_cursor[: len(before_cursor) - len(word)]))
    m = _WORD.search(line)
    word = m.group(0) if m else ""
    if m and m.start() > 0 and line[m.start() - 1] in "`\"'":
        return "", []
    prefix = before_cursor[: len(before_cursor) - len(word)]
    if state.mode == "update":
        where = next(reversed(list(_WHERE.finditer(prefix))), None)
        if where is None:
            return word, _matching(word, _update_words(state, prefix))
        prefix = prefix[where.end() :]
    return word, _matching(word, _query_words(state, prefix))


_WHERE = re.compile(r"(?i)(?<![A-Za-z0-9_$`])where(?![A-Za-z0-9_$])")


def _update_words(state: ReplState, prefix: str) -> list[Suggestion]:
    """What may come after ``prefix`` (an update before ``where``; everything when the grammar
    cannot tell): update words, operator names where a value may come, attribute names where an
    assignment starts."""
    from querykit.update.catalog import OPERATORS
    from querykit.update.parsing import UPDATE_KEYWORDS, expected_terminals, terminal_keywords

    accepted = expected_terminals(prefix)
    out: list[Suggestion] = []
    if accepted is None:
        out.extend(Suggestion(k, "keyword") for k in sorted(UPDATE_KEYWORDS))
    else:
        words = {w for t, w in terminal_keywords().items() if t in accepted}
        if "VALUE" in accepted:
            words.update(("true", "false", "null"))
        out.extend(Suggestion(k, "keyword") for k in sorted(words))
    value_place = accepted is None or "VALUE" in accepted
    if value_place:
        out.extend(Suggestion(name, "operator") for name in OPERATORS)
    if state.schema is not None and (accepted is None or ("NAME" in accepted and not value_place)):
        from querykit.update.formatting import quote_name

        out.extend(Suggestion(quote_name(a.key), "attribute") for a in state.schema.attributes)
    return out


def _complete_command(line: str) -> tuple[str, list[Suggestion]]:
    name, space, arg = line.partition(" ")
    if not space:
        return name, [Suggestion(c, "command") for c in COMMANDS if c.startswith(name.lower())]
    if _ALIASES.get(name.lower(), name.lower()) == ":profile":
        word = arg.strip()
        return word, [Suggestion(p, "profile") for p in profile_names() if p.startswith(word.lower())]
    return arg, []


def _matching(word: str, candidates: Iterable[Suggestion]) -> list[Suggestion]:
    low = word.lower()
    seen: set[str] = set()
    out: list[Suggestion] = []
    for s in candidates:
        key = s.text.lstrip("`").lower()
        if key.startswith(low) and s.text not in seen and s.text != word:
            seen.add(s.text)
            out.append(s)
    return out


#: The second word of the two-word forms, offered right after the first.
_SECOND_WORD = re.compile(r"(?:^|[^A-Za-z0-9_$.`])(spatially|left|right|full)\s+$", re.IGNORECASE)


def _query_words(state: ReplState, prefix: str | None = None) -> list[Suggestion]:
    """What may come after ``prefix`` (everything, when ``prefix`` is None or the grammar cannot
    tell, as after a syntax error): keywords, method names, then attribute names."""
    from querykit.methods import METHODS
    from querykit.text.formatter import quote_attribute
    from querykit.text.lexer import terminal_words
    from querykit.text.parser import expected_terminals, terminal_keywords

    if prefix is not None:
        second = _SECOND_WORD.search(prefix)
        if second is not None:
            return [Suggestion("equals" if second.group(1).lower() == "spatially" else "join", "keyword")]
    accepted = None if prefix is None else expected_terminals(prefix)
    out: list[Suggestion] = []
    if accepted is None:
        out.extend(Suggestion(k, "keyword") for k in sorted(query_keywords()))
    else:
        words = {w for t, w in terminal_keywords().items() if t in accepted}
        for terminal, spelled in terminal_words().items():
            if terminal in accepted:
                words.update(spelled)
        out.extend(Suggestion(k, "keyword") for k in sorted(words))
    if accepted is None or "CALLNAME" in accepted:
        # `distance(...)` is the text form's call for the methods of the distance category.
        calls = {*METHODS, *(m.category for m in METHODS.values() if m.category == "distance")}
        out.extend(Suggestion(name, "method") for name in sorted(calls))
    if state.schema is not None and (accepted is None or "NAME" in accepted):
        names = [*(a.key for a in state.schema.attributes), *_INTERNAL]
        out.extend(Suggestion(quote_attribute(n), "attribute") for n in names)
    return out


def _permission_words(prefix: str | None = None) -> list[Suggestion]:
    """Actions where an action may come after ``prefix``, roles where a role may (both when the
    grammar cannot tell)."""
    from querykit.permissions.parsing import expected_terminals

    accepted = None if prefix is None else expected_terminals(prefix)
    out: list[Suggestion] = []
    if accepted is None or "ACTION" in accepted:
        out.extend(Suggestion(a, "action") for a in permission_actions())
    roles = permission_roles()
    for word, with_id in roles.items():
        if accepted is None or word.upper() in accepted:
            out.append(Suggestion(word + (":" if with_id else ""), "role"))
    return out


def query_keywords() -> frozenset[str]:
    """Every keyword of the query language, lower-case, as the parser knows them (the grammar's
    keywords and the words its lexer spells), for completion and highlighting.

    >>> {"and", "order", "between"} <= query_keywords()
    True
    """
    from querykit.text.lexer import keywords

    return keywords()


def permission_actions() -> tuple[str, ...]:
    """The actions of the permission language (kept by its parser, :mod:`querykit.permissions.parsing`).

    >>> permission_actions()
    ('read', 'create', 'update', 'delete', 'write')
    """
    from querykit.permissions.parsing import permission_actions as actions

    return actions()


def permission_roles() -> dict[str, bool]:
    """The role keywords of the permission language, each with whether an ID follows it after ``:``
    (kept by its parser, :mod:`querykit.permissions.parsing`).

    >>> permission_roles()["team"], permission_roles()["any"]
    (True, False)
    """
    from querykit.permissions.parsing import permission_roles as roles

    return roles()


# ----------------------------------------------------------------------------- history


def default_history_path(env: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """Where the history lives: the user's data folder, ``querykit/history`` inside it.

    ``$XDG_DATA_HOME`` when set, else ``~/.local/share`` (``%APPDATA%`` on Windows).

    >>> default_history_path({"XDG_DATA_HOME": "/data"}).as_posix()
    '/data/querykit/history'
    """
    env = os.environ if env is None else env
    if os.name == "nt" and env.get("APPDATA"):
        base = Path(env["APPDATA"])
    elif env.get("XDG_DATA_HOME"):
        base = Path(env["XDG_DATA_HOME"])
    else:
        base = (home or Path.home()) / ".local" / "share"
    return base / "querykit" / "history"


# ----------------------------------------------------------------------------- drivers


def run_lines(lines: Iterable[str], state: ReplState, stdout: TextIO, stderr: TextIO) -> int:
    """Evaluate inputs read line by line (an open bracket joins the next line), writing results
    to ``stdout`` and problems to ``stderr``. Returns 0 when every input was usable, else 1.
    """
    status = 0
    pending: list[str] = []

    def run(text: str) -> bool:
        nonlocal state, status
        state, reply = respond(state, text)
        if reply.output:
            stdout.write(reply.output + "\n")
        if reply.diagnostics:
            stderr.write(reply.diagnostics + "\n")
        if not reply.ok:
            status = 1
        stdout.flush()
        return reply.quit

    for line in lines:
        pending.append(line.rstrip("\r\n"))
        text = "\n".join(pending)
        if not is_complete(text):
            continue
        pending.clear()
        if run(text):
            return status
    if pending:
        run("\n".join(pending))
    return status


def _interactive(state: ReplState, history: Path | None, stderr: TextIO) -> int:
    try:
        from prompt_toolkit import PromptSession, print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText, PygmentsTokens
        from prompt_toolkit.history import FileHistory, History, InMemoryHistory
        from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
        from prompt_toolkit.lexers import DynamicLexer, PygmentsLexer
        from pygments import lex
        from pygments.lexers.data import JsonLexer

        from querykit.highlighting import QueryKitLexer, QueryKitPermissionLexer, QueryKitUpdateLexer
    except ImportError:
        stderr.write(INSTALL_HINT + "\n")
        return 2

    current = [state]
    store: History
    try:
        path = history or default_history_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        store = FileHistory(str(path))
    except OSError as e:
        stderr.write(f"history is not kept: {e}\n")
        store = InMemoryHistory()

    input_lexers = {
        "query": PygmentsLexer(QueryKitLexer),
        "perm": PygmentsLexer(QueryKitPermissionLexer),
        "update": PygmentsLexer(QueryKitUpdateLexer),
    }
    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if is_complete(buffer.text):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    @bindings.add("escape", "enter")
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    def toolbar() -> str:
        s = current[0]
        parts = [{"query": "query", "perm": "permissions", "update": "update"}[s.mode]]
        if s.schema is not None:
            parts.append(f"schema {s.schema_source} ({s.profile})")
        problem = live_problem(s, session.default_buffer.text)
        if problem:
            parts.append(problem)
        return " · ".join(parts)

    session: PromptSession[str] = PromptSession(
        history=store,
        lexer=DynamicLexer(lambda: input_lexers[current[0].mode]),
        completer=_completer(lambda: current[0]),
        complete_while_typing=True,
        multiline=True,
        key_bindings=bindings,
        prompt_continuation=lambda width, line, wrap: "." * (width - 1) + " ",
        bottom_toolbar=toolbar,
    )

    output_lexers = {
        "json": JsonLexer(ensurenl=False),
        "querykit": QueryKitLexer(ensurenl=False),
        "querykit-update": QueryKitUpdateLexer(ensurenl=False),
        "querykit-permissions": QueryKitPermissionLexer(ensurenl=False),
    }

    def show(text: str, language: str) -> None:
        lexer = output_lexers.get(language)
        if lexer is None:
            print_formatted_text(text)
        else:
            print_formatted_text(PygmentsTokens(list(lex(text, lexer))))

    from querykit import __version__

    print_formatted_text(f"querykit {__version__}: :help for the commands, Ctrl-D to leave")
    while True:
        try:
            text = session.prompt(prompt_text(current[0]))
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        new, reply = respond(current[0], text)
        current[0] = new
        if reply.output:
            show(reply.output, reply.language)
        if reply.diagnostics:
            print_formatted_text(FormattedText([("ansired", reply.diagnostics)]))
        if reply.quit:
            return 0


def _completer(get_state: Callable[[], ReplState]) -> Completer:
    from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
    from prompt_toolkit.document import Document

    paths = PathCompleter(expanduser=True)

    class ReplCompleter(Completer):
        """prompt_toolkit's view of :func:`complete`, plus file names after ``:schema``."""

        def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
            before = document.text_before_cursor
            head = before.lstrip()
            if head.lower().startswith(":schema "):
                arg = head[len(":schema ") :]
                yield from paths.get_completions(Document(arg, len(arg)), complete_event)
                return
            word, found = complete(get_state(), before)
            if not word and not complete_event.completion_requested:
                return
            for s in found:
                yield Completion(s.text, start_position=-len(word), display_meta=s.kind)

    return ReplCompleter()


def start_session(
    state: ReplState, stdin: TextIO, stdout: TextIO, stderr: TextIO, history: Path | None
) -> int:
    """Run the shell: interactive when both streams are a terminal, else one input line at a time.

    >>> import io
    >>> out = io.StringIO()
    >>> start_session(ReplState(), io.StringIO("limit 2\\n"), out, io.StringIO(), None), out.getvalue()
    (0, '{"method":"limit","values":[2]}\\n')
    """
    if _is_terminal(stdin) and _is_terminal(stdout):
        return _interactive(state, history, stderr)
    return run_lines(stdin, state, stdout, stderr)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
