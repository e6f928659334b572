"""Permission text made only of statements, read with regular expressions.

Most permission text is statements (``read, update: users/verified, team:t1``), one per line or
separated by ``;``. :func:`statement_items` reads such text with expressions written from
``permissions.lark`` (the same terminals: ``ACTION``, the role keywords, ``NAME``, the ignored
blanks) and gives the very items the grammar's parser gives. For any other text (an Appwrite
string, a JSON list, a comment, a role the server would reject, anything that is not a statement)
it gives None, and the caller runs the parser, which also reports every error. Tests compare the
two on random text, and check that the grammar is still the one these expressions were written for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from querykit.grammar.scan import Token
from querykit.permissions.model import (
    ANY,
    GUESTS,
    Role,
    role_problem,
    role_text_and_key,
    valid_permission,
    valid_role,
)
from querykit.permissions.rules import ACTION_RANK, ACTIONS, Action

if TYPE_CHECKING:
    from querykit.permissions.model import Permission

__all__ = ["GRAMMAR_DIGEST", "statement_items", "statement_strings"]

#: The SHA-256 of the ``permissions.lark`` these expressions were written from (a test compares).
GRAMMAR_DIGEST: Final = "93e4d129dc2e69764b1fd8a2b4ab6c14516de8cf5d2360029727cf7315845a79"

_BLANK = r"[ \t\f]*"  # the grammar's %ignore /[ \t\f]+/, where it may be
_NAME = r"[A-Za-z0-9_.\-]+"
_END_OF_NAME = r"(?![A-Za-z0-9_.\-])"  # a keyword is a whole NAME token
_ACTION = r"(?i:read|create|update|delete|write)(?![A-Za-z0-9_.-])"
_ROLE = (
    rf"(?P<bare>any|guests){_END_OF_NAME}"
    rf"|users{_END_OF_NAME}(?:{_BLANK}/{_BLANK}(?P<status>{_NAME}))?"
    rf"|(?P<with_dimension>user|team){_END_OF_NAME}{_BLANK}:{_BLANK}(?P<ident>{_NAME})"
    rf"(?:{_BLANK}/{_BLANK}(?P<dimension>{_NAME}))?"
    rf"|(?P<plain>member|label){_END_OF_NAME}{_BLANK}:{_BLANK}(?P<name>{_NAME})"
)
_ROLE_NO_GROUPS = re.sub(r"\(\?P<[a-z_]+>", "(?:", _ROLE)
#: One item and what ends it: blanks, perhaps a statement, blanks, then a separator (``_NL`` or
#: ``;``) or the end of the text.
_ITEM: Final = re.compile(
    rf"{_BLANK}(?:(?P<actions>{_ACTION}(?:{_BLANK},{_BLANK}{_ACTION})*){_BLANK}:{_BLANK}"
    rf"(?P<roles>(?:{_ROLE_NO_GROUPS})(?:{_BLANK},{_BLANK}(?:{_ROLE_NO_GROUPS}))*){_BLANK})?"
    r"(?:(?P<separator>\r\n|[\r\n;])|\Z)"
)
_ACTION_TOKEN: Final = re.compile(_ACTION)
_ROLE_TOKENS: Final = re.compile(_ROLE)
_ACTION_OF: Final[dict[str, Action]] = {a: a for a in ACTIONS}
_BARE: Final[dict[str, Role]] = {"any": ANY, "guests": GUESTS}
_new = str.__new__

#: A statement's actions (where they are in the text) and its roles (kind, ID, dimension).
Statement = tuple[int, int, list[tuple[str, str, str]]]


def _statements(text: str) -> list[Statement] | None:
    """The statements of ``text`` when it is only statements with valid roles; else None."""
    statements: list[Statement] = []
    n = len(text)
    pos = 0
    while True:
        item = _ITEM.match(text, pos)
        if item is None:
            return None
        start, end = item.span("actions")
        if start >= 0:
            roles: list[tuple[str, str, str]] = []
            # findall gives "" for a group that took no part (no group here matches "").
            for bare, status, kind, ident, dimension, plain, name in _ROLE_TOKENS.findall(
                text, *item.span("roles")
            ):
                if bare:
                    roles.append((bare, "", ""))
                    continue
                if not kind:
                    kind, ident = (plain, name) if plain else ("users", "")
                    dimension = status
                if role_problem(kind, ident, dimension) is not None:
                    return None
                roles.append((kind, ident, dimension))
            statements.append((start, end, roles))
        pos = item.end()
        if item.start("separator") < 0:
            return statements if pos == n else None


def statement_items(text: str) -> list[tuple[Permission, Token]] | None:
    """The items of ``text`` (each permission with its action token) when ``text`` is only
    statements with valid roles; else None.

    >>> [(str(p), t, t.start_pos) for p, t in statement_items("read: any; Update: user:u1")]
    [('read("any")', 'read', 0), ('update("user:u1")', 'Update', 11)]
    >>> statement_items('read("any")') is None
    True
    """
    statements = _statements(text)
    if statements is None:
        return None
    items: list[tuple[Permission, Token]] = []
    for start, end, parts in statements:
        roles = [_BARE.get(kind) or valid_role(kind, ident, dimension) for kind, ident, dimension in parts]
        for a in _ACTION_TOKEN.finditer(text, start, end):
            value = a.group()
            action = _ACTION_OF.get(value.lower())
            if action is None:
                return None
            token: Token = _new(Token, value)
            token.type = "ACTION"
            token.start_pos, token.end_pos = a.span()
            items.extend((valid_permission(action, role), token) for role in roles)
    return items


def statement_strings(text: str) -> list[str] | None:
    """The Appwrite strings of the permissions of ``text``, distinct and in canonical order,
    when ``text`` is only statements with valid roles; else None.

    >>> statement_strings("update: users; read: any, users")
    ['read("any")', 'read("users")', 'update("users")']
    """
    statements = _statements(text)
    if statements is None:
        return None
    texts: dict[tuple[int, tuple[int, str, int, str]], str] = {}
    for start, end, parts in statements:
        roles = [role_text_and_key(kind, ident, dimension) for kind, ident, dimension in parts]
        for word in _ACTION_TOKEN.findall(text, start, end):
            action = word.lower()
            rank = ACTION_RANK.get(action)
            if rank is None:
                return None
            for role, key in roles:
                texts[rank, key] = f'{action}("{role}")'
    return [texts[key] for key in sorted(texts)]
