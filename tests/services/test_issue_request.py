"""Issue requests: the JSON shape shared by the single-issue API and bulk rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from credstack.core.errors import ErrorCode
from credstack.core.model import Evidence, Result, ResultStatus
from credstack.core.ob3 import limits
from credstack.services.errors import InvalidRequestError
from credstack.services.issue_request import (
    MAX_ITEMS,
    MAX_TEXT,
    SERVER_SET,
    IssueRequest,
    parse_issue_request,
)

FULL: dict[str, Any] = {
    "recipient": "  Ada.Lovelace@Example.ORG ",
    "recipient_name": "Ada Lovelace",
    "valid_until": "2030-06-30T00:00:00Z",
    "credits_earned": 5,
    "activity_start_date": "2025-02-03T00:00:00Z",
    "activity_end_date": "2025-05-30T00:00:00+02:00",
    "results": [
        {
            "result_description": "https://uni.example/results/grade",
            "value": "8.5",
            "status": "Completed",
            "achieved_level": "https://uni.example/levels/distinction",
        }
    ],
    "evidence": [{"id": "https://portfolio.example/ada", "name": "Final project"}],
}


def _field_of(data: Any) -> str:
    with pytest.raises(InvalidRequestError) as raised:
        parse_issue_request(data)
    field: str = raised.value.detail["field"]
    assert raised.value.message.startswith(f"{field}: ") or not field
    return field


def test_every_field_is_read() -> None:
    request = parse_issue_request(FULL)
    assert request == IssueRequest(
        recipient="ada.lovelace@example.org",
        recipient_name="Ada Lovelace",
        valid_until=datetime(2030, 6, 30, tzinfo=UTC),
        credits_earned=5.0,
        activity_start_date=datetime(2025, 2, 3, tzinfo=UTC),
        activity_end_date=datetime(2025, 5, 29, 22, tzinfo=UTC),
        results=(
            Result(
                result_description="https://uni.example/results/grade",
                value="8.5",
                status=ResultStatus.COMPLETED,
                achieved_level="https://uni.example/levels/distinction",
            ),
        ),
        evidence=(Evidence(id="https://portfolio.example/ada", name="Final project"),),
    )
    assert request.is_email


@pytest.mark.parametrize(
    "recipient",
    ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "https://ada.example/me"],
)
def test_a_did_or_url_is_kept_as_given(recipient: str) -> None:
    request = parse_issue_request({"recipient": recipient})
    assert request.recipient == recipient
    assert not request.is_email


def test_mailto_is_a_url_not_an_address() -> None:
    assert not parse_issue_request({"recipient": "mailto:ada@example.org"}).is_email


@pytest.mark.parametrize(
    "recipient", [None, "", "   ", 42, True, ["ada@x.example"], "ada", "ada@localhost", "x" * 2049]
)
def test_a_missing_or_unreadable_recipient_is_refused(recipient: Any) -> None:
    assert _field_of({"recipient": recipient}) == "recipient"


def test_null_and_empty_text_mean_not_given() -> None:
    request = parse_issue_request(
        {
            "recipient": "did:example:ada",
            "recipient_name": "",
            "valid_until": None,
            "credits_earned": " ",
            "results": None,
        }
    )
    assert request == IssueRequest(recipient="did:example:ada")


@pytest.mark.parametrize("field", sorted(SERVER_SET))
def test_fields_the_platform_sets_are_refused_with_the_reason(field: str) -> None:
    with pytest.raises(InvalidRequestError, match="set by the platform") as raised:
        parse_issue_request({"recipient": "did:example:ada", field: "x"})
    assert raised.value.detail["field"] == field
    assert SERVER_SET[field] in raised.value.message


def test_an_unknown_field_is_refused_with_a_suggestion() -> None:
    with pytest.raises(InvalidRequestError, match="did you mean 'valid_until'"):
        parse_issue_request({"recipient": "did:example:ada", "validUntil": "2030-01-01T00:00Z"})


def test_an_unknown_field_without_a_near_miss_gets_no_suggestion() -> None:
    with pytest.raises(InvalidRequestError) as raised:
        parse_issue_request({"recipient": "did:example:ada", "colour": "blue"})
    assert "did you mean" not in raised.value.message
    assert raised.value.detail["field"] == "colour"


def test_a_request_must_be_an_object() -> None:
    assert _field_of(["did:example:ada"]) == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"recipient_name": 7}, "recipient_name"),
        ({"recipient_name": "n" * 257}, "recipient_name"),
        ({"valid_until": "2030-06-30"}, "valid_until"),
        ({"valid_until": "2030-06-30T00:00:00"}, "valid_until"),
        ({"activity_start_date": "2025-13-01T00:00:00Z"}, "activity_start_date"),
        (
            {
                "activity_start_date": "2025-05-01T00:00:00Z",
                "activity_end_date": "2025-04-01T00:00:00Z",
            },
            "activity_end_date",
        ),
        ({"credits_earned": -1}, "credits_earned"),
        ({"credits_earned": "five"}, "credits_earned"),
        ({"credits_earned": True}, "credits_earned"),
        ({"credits_earned": float("inf")}, "credits_earned"),
        ({"results": {"value": "8"}}, "results"),
        ({"results": [{"value": "8"}] * (MAX_ITEMS + 1)}, "results"),
        ({"results": ["8"]}, "results[0]"),
        ({"results": [{}]}, "results[0]"),
        ({"results": [{"value": "8", "grade": "A"}]}, "results[0].grade"),
        ({"results": [{"value": "8", "status": "Passed"}]}, "results[0].status"),
        (
            {"results": [{"value": "8", "result_description": "grade"}]},
            "results[0].result_description",
        ),
        ({"results": [{"value": 8}]}, "results[0].value"),
        ({"evidence": [{}]}, "evidence[0]"),
        ({"evidence": [{"id": "portfolio"}]}, "evidence[0].id"),
        ({"evidence": [{"narrative": "n" * (MAX_TEXT + 1)}]}, "evidence[0].narrative"),
        ({"evidence": [{"name": "x", "issuer": "y"}]}, "evidence[0].issuer"),
    ],
)
def test_each_bad_value_names_its_field(changes: dict[str, Any], field: str) -> None:
    assert _field_of({"recipient": "did:example:ada", **changes}) == field


def test_credits_may_be_text_as_in_a_csv_cell() -> None:
    request = parse_issue_request({"recipient": "did:example:ada", "credits_earned": " 2.5 "})
    assert request.credits_earned == 2.5


def test_a_result_needs_only_one_of_value_status_and_level() -> None:
    request = parse_issue_request(
        {"recipient": "did:example:ada", "results": [{"status": "Failed"}]}
    )
    assert request.results == (Result(status=ResultStatus.FAILED),)


def _result(**fields: str) -> dict[str, Any]:
    return {"results": [{"value": "8", **fields}]}


def _evidence(**fields: str) -> dict[str, Any]:
    return {"evidence": [{"name": "Project", **fields}]}


URL = "https://portfolio.example/"


@pytest.mark.parametrize(
    ("make", "field", "prefix", "bound"),
    [
        (lambda v: {"recipient": v}, "recipient", "did:example:", limits.URI),
        (lambda v: {"recipient_name": v}, "recipient_name", "", limits.NAME),
        (lambda v: {"results": [{"value": v}]}, "results[0].value", "", limits.LABEL),
        (
            lambda v: _result(result_description=v),
            "results[0].result_description",
            URL,
            limits.URI,
        ),
        (lambda v: _result(achieved_level=v), "results[0].achieved_level", URL, limits.URI),
        (lambda v: _evidence(id=v), "evidence[0].id", URL, limits.URI),
        (lambda v: _evidence(name=v), "evidence[0].name", "", limits.NAME),
        (lambda v: _evidence(description=v), "evidence[0].description", "", limits.LONG_TEXT),
        (lambda v: _evidence(narrative=v), "evidence[0].narrative", "", limits.LONG_TEXT),
        (lambda v: _evidence(genre=v), "evidence[0].genre", "", limits.NAME),
        (lambda v: _evidence(audience=v), "evidence[0].audience", "", limits.NAME),
    ],
    ids=lambda x: x if isinstance(x, str) and not x.startswith(("did", "http")) else "",
)
def test_every_text_field_is_bounded(make: Any, field: str, prefix: str, bound: int) -> None:
    def request(length: int) -> dict[str, Any]:
        return {"recipient": "did:example:ada", **make(prefix + "x" * (length - len(prefix)))}

    parse_issue_request(request(bound))
    with pytest.raises(InvalidRequestError) as raised:
        parse_issue_request(request(bound + 1))
    assert raised.value.code is ErrorCode.FIELD_TOO_LONG
    assert raised.value.detail == {"field": field, "limit": bound}
    assert raised.value.message == f"{field}: at most {bound:,} characters, not {bound + 1:,}"


@pytest.mark.parametrize("key", ["results", "evidence"])
def test_lists_are_bounded(key: str) -> None:
    item = {"value": "8"} if key == "results" else {"name": "Project"}
    bound = limits.LIST_BOUNDS[key]
    parse_issue_request({"recipient": "did:example:ada", key: [item] * bound})
    with pytest.raises(InvalidRequestError) as raised:
        parse_issue_request({"recipient": "did:example:ada", key: [item] * (bound + 1)})
    assert raised.value.code is ErrorCode.TOO_MANY_ITEMS
    assert raised.value.detail == {"field": key, "limit": bound}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (_result(result_description="final-grade"), "results[0].result_description"),
        (_result(achieved_level="levels/distinction"), "results[0].achieved_level"),
        (_evidence(id="relative/id"), "evidence[0].id"),
        (_evidence(id="https://"), "evidence[0].id"),
    ],
)
def test_uri_fields_must_be_absolute(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        parse_issue_request({"recipient": "did:example:ada", **changes})
    assert raised.value.code is ErrorCode.NOT_ABSOLUTE_URI
    assert raised.value.detail == {"field": field}
