"""One registry of database profiles: every part that names a database reads it."""

from __future__ import annotations

import argparse

import pytest

import querykit as qk
from querykit.appwrite.profiles import PROFILES, get_profile
from querykit.cli.check import register
from querykit.releases import LINES
from querykit.repl import profile_names


def test_each_release_line_runs_on_registered_profiles() -> None:
    for line in LINES.values():
        assert line.profiles, line.name
        assert line.profiles <= set(PROFILES), line.name
    assert LINES["latest"].profiles == set(PROFILES)
    assert LINES["1.8"].profiles == {"mariadb"}


def test_the_repl_and_the_check_command_offer_the_registered_profiles() -> None:
    assert set(profile_names()) == set(PROFILES)
    top = argparse.ArgumentParser(prog="querykit")
    register(top.add_subparsers(dest="command"))
    for name in PROFILES:
        assert top.parse_args(["check", "--profile", name, "x"]).profile == name
    with pytest.raises(SystemExit):
        top.parse_args(["check", "--profile", "sqlite", "x"])


def test_a_profile_is_found_by_name_and_an_unknown_one_is_a_query_error() -> None:
    for name, profile in PROFILES.items():
        assert get_profile(name) is profile
        assert get_profile(profile) is profile
    with pytest.raises(qk.QueryError, match="unknown database profile 'sqlite'"):
        get_profile("sqlite")
