"""Parsers: the permission language (Lark), and Appwrite permission and role strings.

Appwrite strings are read in one of two modes:

* ``strict`` accepts only the canonical spelling that the SDK helpers produce and reports errors
  with their position;
* ``server`` runs the server's own splitting parser and validator, so it accepts (and normalises)
  exactly what Appwrite accepts, and rejects the rest with Appwrite's message.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Final, Literal, NoReturn

from querykit.errors import LimitError, QueryError, Span
from querykit.grammar import loop, read_grammar
from querykit.grammar.phrasing import TokenWords
from querykit.grammar.scan import ContextualScanner, Token
from querykit.permissions import server
from querykit.permissions.errors import (
    PermissionSyntaxError,
    PermissionUsageError,
    RejectedError,
    RoleValueError,
)
from querykit.permissions.machine import Machine
from querykit.permissions.model import (
    ANY,
    DIMENSION_PART,
    GUESTS,
    Permission,
    Role,
    make_role,
    role_problem,
    valid_permission,
    valid_role,
)
from querykit.permissions.rules import ACTION_RANK, ACTIONS, ROLE_NAMES, Action

if TYPE_CHECKING:
    from lark import Lark
    from lark.exceptions import UnexpectedInput

__all__ = [
    "MAX_STRING_LENGTH",
    "MAX_TEXT_LENGTH",
    "PUBLIC_PARSERS",
    "Mode",
    "expected_terminals",
    "parse_items",
    "parse_permission",
    "parse_role",
    "permission_actions",
    "permission_roles",
]

Mode = Literal["strict", "server"]

#: The longest permission text :func:`parse_items` reads.
MAX_TEXT_LENGTH: Final = 1_000_000
#: The longest single permission or role string the string parsers read.
MAX_STRING_LENGTH: Final = 100_000

_NOT_ALLOWED = 'Role "{}" is not allowed. Must be one of: any, guests, users, user, team, member, label.'
_CANONICAL: Final = re.compile(r'(read|create|update|delete|write)\("([^"]*)"\)')
_WORD: Final = re.compile(r"[A-Za-z0-9_.\-]+")
_PYTHON_ESCAPE: Final = re.compile(r'\\(.)|"', re.DOTALL)

_ACTION: Final[dict[str, Action]] = {a: a for a in ACTIONS}

#: One parsed item: the permission and the token it came from (the action, or the JSON string).
Item = tuple[Permission, Token]


# --------------------------------------------------------------------------- errors with places


def _fail(
    message: str,
    start: int,
    end: int,
    source: str,
    *,
    expected: tuple[str, ...] = (),
    hint: str | None = None,
    cls: type[QueryError] = PermissionSyntaxError,
) -> NoReturn:
    raise cls(message, span=Span(start, end), source=source, expected=expected, hint=hint)


def _role_hint(name: str) -> str | None:
    if name.lower() in ROLE_NAMES:
        return f"role names are lower-case: `{name.lower()}`"
    if name.lower() in ACTION_RANK:
        return "an action starts a new statement: separate statements with `;` or a new line"
    close = difflib.get_close_matches(name, ROLE_NAMES, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return None


# --------------------------------------------------------------------------- strict strings


def _strict_role(text: str, base: int, source: str) -> Role:
    """The role in ``text`` (found at ``base`` in ``source``), which must be canonical."""
    end = len(text)
    cut = end
    for sep in (":", "/"):
        at = text.find(sep)
        if at != -1 and at < cut:
            cut = at
    name = text[:cut]
    if name not in ROLE_NAMES:
        _fail(
            _NOT_ALLOWED.format(name),
            base,
            base + max(cut, 1 if end else 0),
            source,
            hint=_role_hint(name),
            cls=RoleValueError,
        )
    rest = text[cut:]
    if name in ("any", "guests") or (name == "users" and rest.startswith(":")):
        if not rest:
            return ANY if name == "any" else GUESTS
        what = "an ID" if rest[0] == ":" else "a dimension"
        _fail(f'Role "{name}" can not have {what} value.', base + cut, base + end, source, cls=RoleValueError)
    ident = ""
    ident_at = dim_at = base + cut
    if name != "users":
        if not rest.startswith(":"):
            _fail(f'Role "{name}" must have an ID value.', base + cut, base + cut, source, cls=RoleValueError)
        rest = rest[1:]
        slash = rest.find("/")
        ident = rest if slash == -1 else rest[:slash]
        ident_at = base + cut + 1
        rest = "" if slash == -1 else rest[slash:]
        colon = ident.find(":")
        if colon != -1:
            _fail(
                "unexpected `:`; a role has one ID",
                ident_at + colon,
                ident_at + colon + 1,
                source,
                hint="IDs are letters, digits, `.`, `_` and `-`",
            )
        dim_at = ident_at + len(ident)
    dimension = rest[1:] if rest else ""
    if rest:
        dim_at += 1
        for sep in ("/", ":"):
            at = dimension.find(sep)
            if at != -1:
                message = "Only one dimension can be provided" if sep == "/" else "unexpected `:`"
                _fail(message, dim_at + at, dim_at + at + 1, source)
        if not dimension:
            _fail("Dimension must not be empty", dim_at, dim_at, source, cls=RoleValueError)
    problem = role_problem(name, ident, dimension)
    if problem is not None:
        if problem[1] == DIMENSION_PART:
            _fail(problem[0], dim_at, dim_at + len(dimension), source, cls=RoleValueError)
        _fail(problem[0], ident_at, ident_at + len(ident), source, cls=RoleValueError)
    return make_role(name, ident, dimension)


def _strict_permission(text: str, base: int, source: str) -> Permission:
    match = _CANONICAL.fullmatch(text)
    if match is not None:
        return Permission(_ACTION[match[1]], _strict_role(match[2], base + match.start(2), source))
    word = re.match(r"[A-Za-z]*", text)
    action = word[0] if word else ""
    if action not in ACTION_RANK:
        if not action:
            _fail(
                "expected a permission type",
                base,
                base + (1 if text else 0),
                source,
                expected=("read", "create", "update", "delete", "write"),
                hint='a permission string looks like read("any")',
            )
        hint = (
            f"permission types are lower-case: `{action.lower()}`" if action.lower() in ACTION_RANK else None
        )
        _fail(
            f"unknown permission type `{action}`",
            base,
            base + len(action),
            source,
            expected=("read", "create", "update", "delete", "write"),
            hint=hint,
        )
    at = len(action)
    if text[at : at + 2] != '("':
        hint = "use double quotes" if text[at : at + 2] == "('" else None
        _fail(f'expected `("` after `{action}`', base + at, base + min(at + 2, len(text)), source, hint=hint)
    inner_start = at + 2
    if not text.endswith('")') or len(text) < inner_start + 2:
        _fail('expected `")` at the end', base + len(text), base + len(text), source)
    inner = text[inner_start:-2]
    quote = max(inner.find('"'), 0)
    _fail(
        'unexpected `"` inside the role',
        base + inner_start + quote,
        base + inner_start + quote + 1,
        source,
        hint="a permission string holds exactly one role",
    )


@lru_cache(maxsize=4096)
def _strict_cached(text: str) -> Permission:
    return _strict_permission(text, 0, text)


@lru_cache(maxsize=4096)
def _server_cached(text: str) -> Permission:
    problem = server.permission_problem(text)
    if problem is not None:
        raise RejectedError(problem, span=Span(0, len(text)), source=text)
    action, name, ident, dimension = server.split_permission(text)
    return Permission(_ACTION[action], make_role(name, ident, dimension))


def _check_string(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise PermissionUsageError(f"{what} must be a string, not {type(value).__name__}")
    if len(value) > MAX_STRING_LENGTH:
        raise LimitError(
            f"{what} is {len(value)} characters long; the limit is {MAX_STRING_LENGTH}",
            span=Span(MAX_STRING_LENGTH, len(value)),
            source=value,
        )
    return value


def _check_mode(mode: object) -> None:
    if mode not in ("strict", "server"):
        raise PermissionUsageError(f"mode must be 'strict' or 'server', not {mode!r}")


def parse_permission(s: str, mode: Mode = "strict") -> Permission:
    """One Appwrite permission string as a :class:`Permission`; ``str()`` gives it back.

    ``strict`` accepts only the canonical spelling; ``server`` accepts and normalises whatever
    the Appwrite server accepts, and rejects the rest with the server's message.

    >>> p = parse_permission('update("team:t1/owner")')
    >>> p.action, str(p.role)
    ('update', 'team:t1/owner')
    >>> str(parse_permission('read("users:")', mode="server"))
    'read("users")'
    >>> parse_permission('read("users:")')
    Traceback (most recent call last):
    ...
    querykit.permissions.errors.RoleValueError: 1:12: Role "users" can not have an ID value.
    """
    _check_mode(mode)
    text = _check_string(s, "a permission")
    if mode == "server":
        return _server_cached(text)
    return _strict_cached(text)


def parse_role(s: str, mode: Mode = "strict") -> Role:
    """One Appwrite role string (``user:abc/verified``) as a typed :class:`Role`.

    >>> parse_role("user:abc/verified")
    User(id='abc', status='verified')
    >>> parse_role("user:abc:def", mode="server")
    User(id='abc', status='')
    """
    _check_mode(mode)
    text = _check_string(s, "a role")
    if mode == "server":
        problem = server.role_problem_of(text)
        if problem is not None:
            raise RejectedError(problem, span=Span(0, len(text)), source=text)
        return make_role(*server.split_role(text))
    return _strict_role(text, 0, text)


# --------------------------------------------------------------------------- the language (Lark)


_ESCAPES: Final[dict[str, str]] = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


def _hex4(raw: str, at: int) -> int | None:
    digits = raw[at : at + 4]
    if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
        return int(digits, 16)
    return None


def _decode_string(token: Token) -> tuple[str, list[int]]:
    """The value of a quoted string token, and the source offset of each of its characters.

    The last offset is that of the closing quote, so a span at the end of the value maps too.
    Escapes are JSON's; a single-quoted string may also escape ``'``.
    """
    raw = str(token)
    base = token.start_pos or 0
    quote = raw[0]
    out: list[str] = []
    offsets: list[int] = []
    i, last = 1, len(raw) - 1
    while i < last:
        c = raw[i]
        if c != "\\":
            out.append(c)
            offsets.append(base + i)
            i += 1
            continue
        e = raw[i + 1]
        if e in _ESCAPES or (e == "'" and quote == "'"):
            out.append(_ESCAPES.get(e, e))
            offsets.append(base + i)
            i += 2
            continue
        code = _hex4(raw, i + 2) if e == "u" else None
        if code is None:
            _fail("invalid escape in a string", base + i, base + i + 2, "", hint="strings use JSON's escapes")
        width = 6
        if 0xD800 <= code <= 0xDBFF and raw[i + 6 : i + 8] == "\\u":
            low = _hex4(raw, i + 8)
            if low is not None and 0xDC00 <= low <= 0xDFFF:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                width = 12
        if 0xD800 <= code <= 0xDFFF:
            _fail("lone surrogate in a string", base + i, base + i + 6, "")
        out.append(chr(code))
        offsets.append(base + i)
        i += width
    offsets.append(base + last)
    return "".join(out), offsets


class _Build:
    """Builds the model while the LALR parser reduces (``transformer=`` in Lark; the callbacks of
    :mod:`querykit.permissions.machine` and :mod:`querykit.grammar.loop`)."""

    def start(self, items: list[list[Item]]) -> list[Item]:
        out: list[Item] = []
        for group in items:
            out.extend(group)
        return out

    def statement(self, children: list[list[Any]]) -> list[Item]:
        actions: list[Token] = children[0]
        roles: list[Role] = children[1]
        return [(valid_permission(_ACTION[a.lower()], r), a) for a in actions for r in roles]

    def actions(self, tokens: list[Token]) -> list[Token]:
        return tokens

    def roles(self, roles: list[Role]) -> list[Role]:
        return roles

    def call(self, children: list[Token | Role]) -> list[Item]:
        action, role = children[0], children[2]
        assert isinstance(action, str) and isinstance(role, Role)
        return [(valid_permission(_ACTION[action.lower()], role), action)]

    def json_list(self, tokens: list[Token]) -> list[Item]:
        out: list[Item] = []
        for token in tokens:
            value, offsets = _decode_string(token)
            try:
                out.append((_strict_cached(value), token))
            except QueryError as e:
                span = e.span or Span(0, len(value))
                raise type(e)(
                    e.message,
                    span=Span(offsets[span.start], max(offsets[span.end], offsets[span.start])),
                    expected=e.expected,
                    hint=e.hint,
                ) from None
        return out

    def any_role(self, _: list[Token]) -> Role:
        return ANY

    def guests_role(self, _: list[Token]) -> Role:
        return GUESTS

    def users_role(self, c: list[Token]) -> Role:
        return _role_from_tokens("users", None, c[1] if len(c) > 1 else None)

    def user_role(self, c: list[Token]) -> Role:
        return _role_from_tokens("user", c[1], c[2] if len(c) > 2 else None)

    def team_role(self, c: list[Token]) -> Role:
        return _role_from_tokens("team", c[1], c[2] if len(c) > 2 else None)

    def member_role(self, c: list[Token]) -> Role:
        return _role_from_tokens("member", c[1], None)

    def label_role(self, c: list[Token]) -> Role:
        return _role_from_tokens("label", c[1], None)

    def unknown_role(self, c: list[Token]) -> Role:
        name = c[0]
        _fail(
            _NOT_ALLOWED.format(name),
            name.start_pos or 0,
            name.end_pos or 0,
            "",
            hint=_role_hint(str(name)),
            cls=RoleValueError,
        )


def _role_from_tokens(kind: str, ident: Token | None, dimension: Token | None) -> Role:
    ident_text = "" if ident is None else str(ident)
    dim_text = "" if dimension is None else str(dimension)
    problem = role_problem(kind, ident_text, dim_text)
    if problem is not None:
        token = dimension if problem[1] == DIMENSION_PART else ident
        assert token is not None
        _fail(problem[0], token.start_pos or 0, token.end_pos or 0, "", cls=RoleValueError)
    return valid_role(kind, ident_text, dim_text)


@cache
def _parser() -> Lark:
    """Lark's parser of the permission grammar (for syntax errors, and when the grammar changed
    since the loop tables were generated)."""
    from lark import Lark

    return Lark(
        read_grammar("permissions.lark"),
        parser="lalr",
        lexer="contextual",
        transformer=_Build(),
        maybe_placeholders=False,
    )


@cache
def permission_actions() -> tuple[str, ...]:
    """The actions of the permission language, as the grammar's ``ACTION`` terminal lists them.

    >>> permission_actions()
    ('read', 'create', 'update', 'delete', 'write')
    """
    m = re.search(r"^ACTION:.*?\(\?i:([a-z|]+)\)", read_grammar("permissions.lark"), re.MULTILINE)
    return tuple(m.group(1).split("|")) if m else ()


@cache
def permission_roles() -> dict[str, bool]:
    """The role keywords of the permission language (from its grammar), each with whether an
    ID follows it after ``:``.

    >>> permission_roles()["team"], permission_roles()["any"]
    (True, False)
    """
    grammar = read_grammar("permissions.lark")
    words = dict(re.findall(r'^([A-Z_]+):\s*"([a-z]+)"\s*$', grammar, re.MULTILINE))
    with_id = set(re.findall(r'\b([A-Z_]+)\s+":"\s+NAME\b', grammar))
    return {word: terminal in with_id for terminal, word in words.items()}


#: The permission grammar's terminals in words, for syntax errors, in the order they are listed
#: (``NAME`` is worded by its place: a role, an ID, a label name ...).
TOKEN_WORDS: Final = TokenWords(
    {
        "ACTION": "an action",
        "COLON": "`:`",
        "COMMA": "`,`",
        "SEMICOLON": "`;`",
        "_NL": "a new line",
        "LPAR": "`(`",
        "RPAR": "`)`",
        "QUOTE": '`"`',
        "LSQB": "`[`",
        "RSQB": "`]`",
        "STRING": "a quoted permission string",
        "SLASH": "`/`",
        "$END": "the end of the input",
        "NAME": "a role",
    },
    in_table_order=True,
)


def _name_word(text: str, pos: int) -> str:
    before = text[:pos].rstrip(" \t\f")
    if re.search(r"(?:user|team|member)\s*:$", before):
        return "an ID"
    if re.search(r"label\s*:$", before):
        return "a label name"
    if before.endswith("/"):
        return "a status or team role"
    return "a role"


def _expected(names: set[str], text: str, pos: int) -> tuple[str, ...]:
    return TOKEN_WORDS.expected(names, {"NAME": _name_word(text, pos)})


@cache
def _loop_tables() -> tuple[loop.LoopTables, ContextualScanner] | None:
    """The shipped tables for :func:`querykit.grammar.loop.run` and their contextual scanner, when
    built from this very grammar (what :func:`_machine` runs in one loop; tests compare the two)."""
    try:
        from querykit.permissions import _loop
    except ImportError:  # pragma: no cover - a package without the generated module
        return None
    if read_grammar("permissions.lark") != _loop.GRAMMAR:
        return None
    return loop.LoopTables(_loop.TABLES, _Build()), ContextualScanner(_loop.LEXER)


@cache
def _machine() -> Machine | None:
    """The parser of the shipped tables (no Lark import) when built from this very grammar."""
    try:
        from querykit.permissions import _loop
    except ImportError:  # pragma: no cover - a package without the generated module
        return None
    if read_grammar("permissions.lark") != _loop.GRAMMAR:
        return None
    try:
        return Machine(_loop.TABLES, _loop.LEXER, _Build())
    except TypeError:  # pragma: no cover - tables a machine cannot run (a test builds it directly)
        return None


def _syntax_error(e: UnexpectedInput, text: str) -> PermissionSyntaxError:
    from lark.exceptions import UnexpectedToken

    pos = e.pos_in_stream if e.pos_in_stream is not None else len(text)
    pos = max(0, min(pos, len(text)))
    hint: str | None = None
    if isinstance(e, UnexpectedToken) and e.token.type == "$END":
        expected = _expected(set(e.expected), text, len(text))
        start = end = len(text)
        message = "unexpected end of input"
    else:
        names = set(e.expected) if isinstance(e, UnexpectedToken) else set(getattr(e, "allowed", None) or ())
        line_start = max(text.rfind("\n", 0, pos), text.rfind(";", 0, pos)) + 1
        if "QUOTE" in names and "(" not in text[line_start:pos]:
            names.discard("QUOTE")
        expected = _expected(names, text, pos)
        word = _WORD.match(text, pos)
        start = pos
        if isinstance(e, UnexpectedToken) and e.token.end_pos is not None:
            end = max(e.token.end_pos, pos + 1)
        else:
            end = word.end() if word else pos + 1
        shown = text[start:end]
        if len(shown) > 40:
            shown = shown[:37] + "..."
        message = (
            f"unexpected `{shown}`" if word or shown.isprintable() else f"unexpected character {shown!r}"
        )
        previous = re.search(r"([A-Za-z]+)[ \t\f]*$", text[:pos])
        if shown == ":" and previous and previous[1].lower() in ACTION_RANK:
            hint = "a new statement starts here: separate statements with `;` or a new line"
        elif shown[:1] in "\"'" and "QUOTE" not in names and "STRING" not in names:
            hint = 'write roles bare (read: any), or as an Appwrite string: read("any")'
    if expected:
        message += f"; expected {TOKEN_WORDS.join(expected)}"
    return PermissionSyntaxError(message, span=Span(start, end), source=text, expected=expected, hint=hint)


def expected_terminals(text: str) -> frozenset[str] | None:
    """The terminals the permission grammar accepts right after ``text`` (permission text typed
    so far), from its LALR parser state; None when ``text`` is not the start of permission text.

    >>> sorted(expected_terminals("read, update"))
    ['COLON', 'COMMA']
    >>> "ACTION" in expected_terminals("read: any; ")
    True
    """
    if len(text) > MAX_TEXT_LENGTH:
        return None
    from lark.exceptions import LarkError

    try:
        interactive = _parser().parse_interactive(text)
        interactive.exhaust_lexer()
        accepted: set[str] = interactive.accepts()  # type: ignore[no-untyped-call]
        return frozenset(accepted)
    except (LarkError, QueryError, RecursionError):
        return None


def parse_items(text: str) -> list[Item]:
    """The permissions of ``text`` in the order written, each with the token it came from.

    >>> [str(p) for p, _ in parse_items("read, update: any")]
    ['read("any")', 'update("any")']
    """
    if not isinstance(text, str):
        raise PermissionUsageError(f"permission text must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT_LENGTH:
        raise LimitError(
            f"the text is {len(text)} characters long; the limit is {MAX_TEXT_LENGTH}",
            span=Span(MAX_TEXT_LENGTH, len(text)),
            source=text,
        )
    machine = _machine()
    try:
        if machine is not None:
            try:
                items = machine.parse(text)
            except loop.Refused:
                items = _parse_lark(text)  # the same parse with Lark, for the error in words
        else:
            items = _parse_lark(text)
    except QueryError as e:
        e.source = text
        raise
    assert isinstance(items, list)
    return items


def _parse_lark(text: str) -> Any:
    from lark.exceptions import UnexpectedInput

    try:
        return _parser().parse(text)
    except UnexpectedInput as e:
        raise _syntax_error(e, text) from None


#: The parse functions that must never raise anything but :class:`QueryError` (used by tests).
PUBLIC_PARSERS: Final[tuple[Callable[[str], object], ...]] = (
    parse_items,
    parse_permission,
    parse_role,
    lambda s: parse_permission(s, mode="server"),
    lambda s: parse_role(s, mode="server"),
)
