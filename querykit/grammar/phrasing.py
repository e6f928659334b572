"""Syntax errors in words, for every grammar: which tokens the parser would have accepted.

Each language gives a :class:`TokenWords`, the table of its terminal names in words, and reads
back the words to put after "expected". The table is data, so a new grammar adds a table, not a
phraser.

>>> words = TokenWords({"NAME": "an attribute", "LPAR": "`(`"}, first=("an attribute",))
>>> expected = words.expected(["RPAR", "LPAR", "NAME", "__ANON_3"])
>>> expected
('an attribute', '`(`', '`rpar`', 'a symbol')
>>> words.join(expected)
'an attribute, `(`, `rpar` or a symbol'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from querykit.valueclasses import frozen_dataclass

__all__ = ["TokenWords"]


@frozen_dataclass()
class TokenWords:
    """A grammar's terminal names in words.

    ``words`` maps a terminal name to its words (``"\\0"`` separates two words one terminal
    stands for). With ``in_table_order`` the expected words follow the table's order and names
    the table lacks are left out; otherwise the words listed in ``first`` come first, in that
    order, then the rest alphabetically, and a name the table lacks is shown as itself (an
    anonymous one as "a symbol"). ``limit`` caps how many words :meth:`join` lists.
    """

    words: Mapping[str, str]
    first: tuple[str, ...] = ()
    in_table_order: bool = False
    limit: int | None = None

    def __init__(
        self,
        words: Mapping[str, str],
        first: tuple[str, ...] = (),
        in_table_order: bool = False,
        limit: int | None = None,
    ) -> None:
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "in_table_order", in_table_order)
        object.__setattr__(self, "limit", limit)

    def word(self, name: str) -> str:
        """The words for terminal ``name``.

        >>> TokenWords({"LPAR": "`(`"}).word("LPAR"), TokenWords({}).word("_COMMA")
        ('`(`', '`comma`')
        """
        found = self.words.get(name)
        if found is not None:
            return found
        if name.startswith("__ANON"):
            return "a symbol"
        return f"`{name.lstrip('_').lower()}`"

    def expected(self, names: Iterable[str], context: Mapping[str, str] | None = None) -> tuple[str, ...]:
        """The words for the accepted terminal ``names``, each once, in the table's order;
        ``context`` overrides the words of some names where the place decides them.

        >>> perms = TokenWords({"COLON": "`:`", "NAME": "a role"}, in_table_order=True)
        >>> perms.expected({"NAME", "COLON", "OTHER"}, {"NAME": "an ID"})
        ('`:`', 'an ID')
        """
        context = context or {}
        if self.in_table_order:
            present = set(names)
            return tuple(context.get(n) or self.words[n] for n in self.words if n in present)
        words = {w for name in names for w in (context.get(name) or self.word(name)).split("\0")}
        rank = {w: i for i, w in enumerate(self.first)}
        return tuple(sorted(words, key=lambda w: (rank.get(w, len(self.first)), w)))

    def join(self, words: Iterable[str]) -> str:
        """The words as one phrase, ``a, b or c`` (cut after :attr:`limit` words).

        >>> TokenWords({}, limit=2).join(["a", "b", "c"])
        'a, b or ...'
        """
        listed = list(words)
        if self.limit is not None and len(listed) > self.limit:
            listed = [*listed[: self.limit], "..."]
        if len(listed) <= 1:
            return "".join(listed)
        return ", ".join(listed[:-1]) + " or " + listed[-1]
