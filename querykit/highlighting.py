"""Pygments lexers for the query language, the permission language and the update language.

The keywords come from the grammar files (through :func:`querykit.text.lexer.keywords` and
:func:`querykit.permissions.parsing.permission_roles`), so a keyword added to a grammar is highlighted
without touching this module. Needs Pygments (the ``repl`` extra)::

    >>> from pygments import lex
    >>> from querykit.highlighting import QueryKitLexer
    >>> for token, text in lex("age >= 18 limit 5", QueryKitLexer()):
    ...     if text.strip():
    ...         print(f"{text:5} {token}")
    age   Token.Name.Attribute
    >=    Token.Operator
    18    Token.Literal.Number.Integer
    limit Token.Keyword
    5     Token.Literal.Number.Integer

To use them in Sphinx, register them in ``conf.py``::

    from querykit.highlighting import QueryKitLexer, QueryKitPermissionLexer

    def setup(app):
        app.add_lexer("querykit", QueryKitLexer)
        app.add_lexer("querykit-permissions", QueryKitPermissionLexer)
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

from querykit.permissions.parsing import permission_actions, permission_roles
from querykit.text.lexer import keywords as query_keywords
from querykit.update.parsing import UPDATE_KEYWORDS

__all__ = ["QueryKitLexer", "QueryKitPermissionLexer", "QueryKitUpdateLexer"]

#: Query keywords that are values, and those that combine predicates: both come from the
#: grammar's keyword list, these sets only choose their token type.
_CONSTANTS = frozenset({"true", "false", "null"})
_LOGICAL = frozenset({"and", "or", "not"})

# A word ends where a name could not go on; `a.order` stays one attribute.
_WORD_END = r"(?![A-Za-z0-9_$]|\.[A-Za-z_$])"
# A permission word ends where an ID could not go on (the grammar's NAME characters).
_ID_END = r"(?![A-Za-z0-9_.-])"


def _alternation(words: frozenset[str] | tuple[str, ...]) -> str:
    # Longest first, so that `crosses` is not read as `cross` followed by `es`.
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _query_tokens(extra: frozenset[str] = frozenset(), operators: str = "") -> dict[str, list[Any]]:
    """The query language's tokens; ``extra`` keywords and ``operators`` (a regex alternation
    tried first) make the update language's."""
    kws = query_keywords() | extra
    return {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"(?:[^"\\\n]|\\[^\n])*"', String.Double),
            (r"'(?:[^'\\\n]|\\[^\n])*'", String.Single),
            (r"`(?:[^`]|``)*`", Name.Variable),
            (
                r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
                r"(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?",
                Literal.Date,
            ),
            (r"-?[0-9]+(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)", Number.Float),
            (r"-?[0-9]+", Number.Integer),
            # The grammar's call form: a name directly followed by `(`, except `not(`.
            (r"(?!(?i:not)\()[A-Za-z_][A-Za-z0-9_]*(?=\()", Name.Function),
            (rf"(?i:{_alternation(kws & _CONSTANTS)}){_WORD_END}", Keyword.Constant),
            (rf"(?i:{_alternation(kws & _LOGICAL)}){_WORD_END}", Operator.Word),
            (rf"(?i:{_alternation(kws - _CONSTANTS - _LOGICAL)}){_WORD_END}", Keyword),
            (r"[A-Za-z_$][A-Za-z0-9_]*(?:\.[A-Za-z_$][A-Za-z0-9_]*)*", Name.Attribute),
            (operators + r"==|!=|<>|<=|>=|!~|\.\.|\.\*|[=<>~*]", Operator),
            (r"[()\[\]{},:;]" if operators else r"[()\[\]{},:]", Punctuation),
            (r".", Error),
        ]
    }


def _permission_tokens() -> dict[str, list[Any]]:
    roles = permission_roles()
    with_id = tuple(w for w, takes_id in roles.items() if takes_id)
    plain = tuple(w for w, takes_id in roles.items() if not takes_id)
    return {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (r"'(?:[^'\\\n]|\\.)*'", String.Single),
            (rf"(?i:{_alternation(permission_actions())}){_ID_END}", Keyword),
            # `team:ID/ROLE` and the like: after the `:` a role keyword is an ID (`team:any`).
            (
                rf"({_alternation(with_id)})([ \t]*)(:)([ \t]*)([A-Za-z0-9_.-]*)(?:(/)([A-Za-z0-9_.-]*))?",
                bygroups(
                    Name.Builtin,
                    Whitespace,
                    Punctuation,
                    Whitespace,
                    Name.Variable,
                    Punctuation,
                    Name.Variable,
                ),
            ),
            (rf"(?:{_alternation(plain)}){_ID_END}", Name.Builtin),
            (r"[A-Za-z0-9_.-]+", Name),
            (r"[;,:/()\[\]]", Punctuation),
            (r".", Error),
        ],
    }


class QueryKitLexer(RegexLexer):  # type: ignore[misc]
    """The querykit query language: ``name = "John" and age between 18..30 order by age desc``."""

    name = "querykit"
    aliases: ClassVar[list[str]] = ["querykit", "qk"]
    filenames: ClassVar[list[str]] = ["*.qk"]
    mimetypes: ClassVar[list[str]] = ["text/x-querykit"]
    tokens = _query_tokens()


class QueryKitPermissionLexer(RegexLexer):  # type: ignore[misc]
    """The querykit permission language: ``read: any; update, delete: team:t1/owner``."""

    name = "querykit permissions"
    aliases: ClassVar[list[str]] = ["querykit-permissions"]
    filenames: ClassVar[list[str]] = []
    mimetypes: ClassVar[list[str]] = ["text/x-querykit-permissions"]
    tokens = _permission_tokens()


class QueryKitUpdateLexer(RegexLexer):  # type: ignore[misc]
    """The querykit update language: ``views += 1, tags append ["sale"] where status = "draft"``.

    >>> from pygments import lex
    >>> [text for token, text in lex("tags append [1]; n += 2", QueryKitUpdateLexer()) if token in Keyword]
    ['append']
    """

    name = "querykit update"
    aliases: ClassVar[list[str]] = ["querykit-update"]
    filenames: ClassVar[list[str]] = []
    mimetypes: ClassVar[list[str]] = ["text/x-querykit-update"]
    tokens = _query_tokens(UPDATE_KEYWORDS, r"\+=|-=|\*=|/=|%=|\^=|")
