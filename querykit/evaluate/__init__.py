"""Evaluate Appwrite queries in memory, as a given Appwrite backend evaluates them.

The evaluator core (:mod:`querykit.evaluate.engine`) compiles filter queries into closures once
and knows the methods, attribute types and NULL logic. Everything a backend decides differently
lives in an evaluation profile, a frozen :class:`~querykit.evaluate.semantics.Semantics`: how
strings compare equal and order, where NULL sorts, how LIKE and full-text search match, how a
query float is bound, and, for a backend with its own rules for a method, a replacement builder
for that method (``leaves``). A profile plugs in in one of two ways:

- a database profile in :data:`querykit.appwrite.profiles.PROFILES` names the module holding its
  ``SEMANTICS`` in its ``evaluation`` field (``postgresql`` and ``mariadb`` do), so every entry
  point accepting ``profile="…"`` finds it;
- or a :class:`~querykit.evaluate.semantics.Semantics` is passed wherever a profile is expected.

    >>> from querykit.appwrite import Attribute, Collection, parse_query
    >>> from querykit.evaluate.engine import compile_matcher
    >>> col = Collection((Attribute("name", "string", size=64),))
    >>> q = [parse_query('{"method":"equal","attribute":"name","values":["john"]}')]
    >>> compile_matcher(q, col, "postgresql")({"name": "John"})
    False
    >>> compile_matcher(q, col, "mariadb")({"name": "John"})
    True
"""
