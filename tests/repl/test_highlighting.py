"""The Pygments lexers: every token kind of both languages, and keywords read from the grammars."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("pygments")

from pygments import highlight, lex
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
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
    _TokenType,
)

from querykit.grammar import read_grammar
from querykit.highlighting import QueryKitLexer, QueryKitPermissionLexer
from querykit.repl import permission_actions, permission_roles, query_keywords

Tokens = list[tuple[_TokenType, str]]


def tokens(text: str, lexer: QueryKitLexer | QueryKitPermissionLexer) -> Tokens:
    return [(t, v) for t, v in lex(text, lexer) if v.strip()]


def query(text: str) -> Tokens:
    return tokens(text, QueryKitLexer())


def perm(text: str) -> Tokens:
    return tokens(text, QueryKitPermissionLexer())


def test_query_token_kinds() -> None:
    text = (
        "title = \"Dune\" and `my-key` != 'x' or not (year between 1965..2024.5) "
        "and count(*) >= -1e3 and created after 2024-01-01T00:00:00Z and flag is null "
        "order by author.name desc  # trailing comment"
    )
    assert query(text) == [
        (Name.Attribute, "title"),
        (Operator, "="),
        (String.Double, '"Dune"'),
        (Operator.Word, "and"),
        (Name.Variable, "`my-key`"),
        (Operator, "!="),
        (String.Single, "'x'"),
        (Operator.Word, "or"),
        (Operator.Word, "not"),
        (Punctuation, "("),
        (Name.Attribute, "year"),
        (Keyword, "between"),
        (Number.Integer, "1965"),
        (Operator, ".."),
        (Number.Float, "2024.5"),
        (Punctuation, ")"),
        (Operator.Word, "and"),
        (Name.Function, "count"),
        (Punctuation, "("),
        (Operator, "*"),
        (Punctuation, ")"),
        (Operator, ">="),
        (Number.Float, "-1e3"),
        (Operator.Word, "and"),
        (Keyword, "created"),
        (Keyword, "after"),
        (Literal.Date, "2024-01-01T00:00:00Z"),
        (Operator.Word, "and"),
        (Name.Attribute, "flag"),
        (Keyword, "is"),
        (Keyword.Constant, "null"),
        (Keyword, "order"),
        (Keyword, "by"),
        (Name.Attribute, "author.name"),
        (Keyword, "desc"),
        (Comment.Single, "# trailing comment"),
    ]


def test_query_operators_and_punctuation() -> None:
    ops = ["==", "=", "!=", "<>", "<", "<=", ">", ">=", "~", "!~", "..", ".*", "*"]
    for op in ops:
        assert query(op) == [(Operator, op)], op
    assert query('[1, 2] {"k": true} (x)') == [
        (Punctuation, "["),
        (Number.Integer, "1"),
        (Punctuation, ","),
        (Number.Integer, "2"),
        (Punctuation, "]"),
        (Punctuation, "{"),
        (String.Double, '"k"'),
        (Punctuation, ":"),
        (Keyword.Constant, "true"),
        (Punctuation, "}"),
        (Punctuation, "("),
        (Name.Attribute, "x"),
        (Punctuation, ")"),
    ]


def test_every_query_keyword_from_the_grammar_is_highlighted() -> None:
    kws = query_keywords()
    assert {"select", "order", "between", "populate", "intersects"} <= kws
    assert frozenset(re.findall(r'"([a-z]+)"i', read_grammar("query.lark"))) <= kws
    for word in sorted(kws):
        for spelling in (word, word.upper(), word.title()):
            [(token, value)] = query(spelling)
            assert value == spelling
            assert token in Keyword or token is Operator.Word, (spelling, token)


def test_query_names_that_only_look_like_query_keywords() -> None:
    assert query("orders") == [(Name.Attribute, "orders")]
    assert query("a.order") == [(Name.Attribute, "a.order")]
    assert query("$createdAt") == [(Name.Attribute, "$createdAt")]
    assert query("`order`") == [(Name.Variable, "`order`")]
    assert query("`a``b`") == [(Name.Variable, "`a``b`")]
    # The generic call form wins over a keyword, as in the grammar; `not(` stays `not`.
    assert query("contains(tags, 1)")[0] == (Name.Function, "contains")
    assert query("not(a)")[0] == (Operator.Word, "not")
    assert query("NOT(a)")[0] == (Operator.Word, "NOT")
    assert query("vectorCosine(e, [0.1])")[0] == (Name.Function, "vectorCosine")


def test_query_strings_with_escapes_and_errors() -> None:
    assert query(r'"say \"hi\""') == [(String.Double, r'"say \"hi\""')]
    assert query(r"'it\'s'") == [(String.Single, r"'it\'s'")]
    assert (Error, "!") in query("a ! b")


def test_query_lexer_keeps_every_character() -> None:
    text = "a = 1\n  and b in [\"x\", 'y'] # c\nlimit 5 ?"
    assert "".join(v for _, v in lex(text, QueryKitLexer())) == text + "\n"


def test_permission_token_kinds() -> None:
    text = 'read, UPDATE: any, team:t1/owner; write: users/verified, user:abc # note\ndelete("label:x")'
    assert perm(text) == [
        (Keyword, "read"),
        (Punctuation, ","),
        (Keyword, "UPDATE"),
        (Punctuation, ":"),
        (Name.Builtin, "any"),
        (Punctuation, ","),
        (Name.Builtin, "team"),
        (Punctuation, ":"),
        (Name.Variable, "t1"),
        (Punctuation, "/"),
        (Name.Variable, "owner"),
        (Punctuation, ";"),
        (Keyword, "write"),
        (Punctuation, ":"),
        (Name.Builtin, "users"),
        (Punctuation, "/"),
        (Name, "verified"),
        (Punctuation, ","),
        (Name.Builtin, "user"),
        (Punctuation, ":"),
        (Name.Variable, "abc"),
        (Comment.Single, "# note"),
        (Keyword, "delete"),
        (Punctuation, "("),
        (String.Double, '"label:x"'),
        (Punctuation, ")"),
    ]


def test_permission_json_list_and_errors() -> None:
    assert perm('[\'read("any")\', "x"] !') == [
        (Punctuation, "["),
        (String.Single, "'read(\"any\")'"),
        (Punctuation, ","),
        (String.Double, '"x"'),
        (Punctuation, "]"),
        (Error, "!"),
    ]


def test_permission_role_keyword_after_a_colon_is_an_id() -> None:
    assert perm("team:any")[2] == (Name.Variable, "any")
    assert perm("member : users") == [(Name.Builtin, "member"), (Punctuation, ":"), (Name.Variable, "users")]
    assert perm("anyone") == [(Name, "anyone")]
    # Role names are case-sensitive on the server; actions are not.
    assert perm("Any") == [(Name, "Any")]
    assert perm("Read")[0] == (Keyword, "Read")


def test_permission_words_come_from_the_grammar() -> None:
    grammar = read_grammar("permissions.lark")
    assert permission_actions() == ("read", "create", "update", "delete", "write")
    roles = permission_roles()
    assert set(roles) == {"any", "guests", "users", "user", "team", "member", "label"}
    assert {w for w, takes_id in roles.items() if takes_id} == {"user", "team", "member", "label"}
    for action in permission_actions():
        assert action in grammar
        assert perm(action) == [(Keyword, action)]
        assert perm(action.upper()) == [(Keyword, action.upper())]
    for role, takes_id in roles.items():
        assert f'"{role}"' in grammar
        if takes_id:
            assert perm(f"{role}:x")[0] == (Name.Builtin, role)
        else:
            assert perm(role) == [(Name.Builtin, role)]


@pytest.mark.parametrize(
    ("alias", "cls"),
    [("querykit", QueryKitLexer), ("qk", QueryKitLexer), ("querykit-permissions", QueryKitPermissionLexer)],
)
def test_lexers_work_with_pygments_formatters(
    alias: str, cls: type[QueryKitLexer] | type[QueryKitPermissionLexer]
) -> None:
    assert alias in cls.aliases
    html = highlight("read: any" if "perm" in alias else "a = 1", cls(), HtmlFormatter())
    assert "<span" in html


def test_prompt_toolkit_can_use_the_lexers() -> None:
    pytest.importorskip("prompt_toolkit")
    from prompt_toolkit.document import Document
    from prompt_toolkit.lexers import PygmentsLexer

    get_line = PygmentsLexer(QueryKitLexer).lex_document(Document("a = 1"))
    fragments = [(fragment[0], fragment[1]) for fragment in get_line(0)]
    assert "".join(text for _, text in fragments) == "a = 1"
    assert [style for style, text in fragments if text == "="] == ["class:pygments.operator"]


def test_lexers_are_not_registered_globally() -> None:
    # Registration through an entry point is left to the application.
    with pytest.raises(Exception, match="no lexer"):
        get_lexer_by_name("qk")


def test_whitespace_tokens() -> None:
    assert (Whitespace, "  ") in list(lex("a  = 1", QueryKitLexer()))
