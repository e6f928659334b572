"""Every case of tests/data/permission-cases.json (from Appwrite's own tests and derived edge cases)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from querykit import permissions as perms
from querykit.errors import QueryError
from querykit.permissions import RejectedError

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "data" / "permission-cases.json").read_text(encoding="utf-8")
)
PERMISSION_CASES = [c for c in CASES if c["kind"] == "permission"]
ROLE_CASES = [c for c in CASES if c["kind"] == "role"]
DOCUMENT_TYPES = ("read", "update", "delete", "write")


def _id(case: dict[str, Any]) -> str:
    return repr(case["input"])[:60]


def test_the_file_is_complete() -> None:
    assert len(CASES) == 202
    assert all(c.get("source") for c in CASES)


@pytest.mark.parametrize("case", PERMISSION_CASES, ids=_id)
def test_permission_on_containers(case: dict[str, Any]) -> None:
    verdict = perms.check_permissions([case["input"]], resource="collection")
    assert verdict.valid is case["valid"]
    if case["valid"]:
        assert (verdict.status, verdict.type, verdict.message) == (200, "", "")
    else:
        assert verdict.status == 400
        assert verdict.type == "general_argument_invalid"
        assert verdict.detail == case["message"]
        assert verdict.message == f"Invalid `permissions` param: {case['message']} or null"


@pytest.mark.parametrize("case", [c for c in PERMISSION_CASES if "valid_document_level" in c], ids=_id)
def test_permission_on_documents(case: dict[str, Any]) -> None:
    for resource in ("document", "row", "file"):
        verdict = perms.check_permissions([case["input"]], resource=resource)
        assert verdict.valid is case["valid_document_level"]
        if not verdict.valid:
            assert verdict.detail == case["message_document_level"]
            assert verdict.message == (
                f"Invalid `permissions` param: {case['message_document_level']} or null"
            )


@pytest.mark.parametrize("case", PERMISSION_CASES, ids=_id)
def test_permission_server_parse(case: dict[str, Any]) -> None:
    if case["valid"]:
        parsed = perms.parse_permission(case["input"], mode="server")
        assert str(parsed) == case["normalized"]
        assert parsed.action == case["parsed"]["permission"]
        assert parsed.role.kind == case["parsed"]["role"]
    else:
        with pytest.raises(RejectedError) as info:
            perms.parse_permission(case["input"], mode="server")
        assert info.value.message == case["message"]
        assert info.value.span is not None and info.value.span.end <= len(case["input"])


@pytest.mark.parametrize("case", [c for c in PERMISSION_CASES if "aggregate" in c], ids=_id)
def test_aggregate(case: dict[str, Any]) -> None:
    assert perms.aggregate([case["input"]], resource="collection") == case["aggregate"]
    for resource in ("document", "row", "file", "file-update"):
        assert perms.aggregate([case["input"]], resource=resource) == case["aggregate_document_level"]


@pytest.mark.parametrize("case", [c for c in PERMISSION_CASES if "parse_error" in c], ids=_id)
def test_aggregate_raises_the_parse_error(case: dict[str, Any]) -> None:
    with pytest.raises(RejectedError) as info:
        perms.aggregate([case["input"]])
    assert info.value.message == case["parse_error"]


@pytest.mark.parametrize("case", [c for c in PERMISSION_CASES if "normalized" in c], ids=_id)
def test_aggregate_normalises(case: dict[str, Any]) -> None:
    if case["parsed"]["permission"] != "write":
        assert perms.aggregate([case["input"]]) == [case["normalized"]]


@pytest.mark.parametrize("case", ROLE_CASES, ids=_id)
def test_role(case: dict[str, Any]) -> None:
    allowed = tuple(
        case.get("validator_allowed") or ("any", "guests", "users", "user", "team", "member", "label")
    )
    verdict = perms.check_roles([case["input"]], allowed=allowed)
    assert verdict.valid is case["valid"]
    if not case["valid"]:
        assert verdict.detail == case["message"]
        assert verdict.message == f"Invalid `execute` param: {case['message']}"
        assert verdict.status == 400


@pytest.mark.parametrize("case", [c for c in ROLE_CASES if "validator_allowed" not in c], ids=_id)
def test_role_server_parse(case: dict[str, Any]) -> None:
    if case["valid"]:
        assert str(perms.parse_role(case["input"], mode="server")) == case["normalized"]
    else:
        with pytest.raises(RejectedError) as info:
            perms.parse_role(case["input"], mode="server")
        assert info.value.message == case["message"]


@pytest.mark.parametrize("case", [c for c in CASES if "validator_allowed" not in c], ids=_id)
def test_strict_accepts_exactly_the_canonical_valid_strings(case: dict[str, Any]) -> None:
    """Strict mode takes a string only when the server accepts it and it is already canonical."""
    canonical = case["valid"] and case.get("normalized") == case["input"]
    parse = perms.parse_permission if case["kind"] == "permission" else perms.parse_role
    if canonical:
        assert str(parse(case["input"])) == case["input"]
    else:
        with pytest.raises(QueryError) as info:
            parse(case["input"])
        span = info.value.span
        assert span is not None and 0 <= span.start <= span.end <= len(case["input"])
