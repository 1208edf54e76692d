"""The report's JSON shape and the order of its checks: the contract with every consumer.

``to_json()`` of a credential report is exactly ``{"verified", "checks"}``, each check exactly
``{"id", "status", "code", "message"}``; a presentation's report adds ``"credentials"`` (one
report per credential). Checks always come in the documented order.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import orjson
import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import CheckId, CheckStatus, VerificationReport, verify_document
from credstack.core.verify.report import Check
from tests.factories import (
    CHECK_ORDER,
    NOW,
    issue,
    lists,
    options,
    presentation,
    signed_status_list,
    status_entry,
    unsigned_credential,
)

STATUSES = {"passed", "failed", "warning", "skipped"}


def _tampered() -> dict[str, Any]:
    credential = issue()
    credential["name"] = "Forged"
    return credential


DOCUMENTS = {
    "good": lambda: issue(),
    "good-vc-jwt": lambda: issue(suite=SignatureSuite.VC_JWT),
    "tampered": _tampered,
    "unsigned": unsigned_credential,
    "revoked": lambda: issue(status=[status_entry(3)]),
    "expired": lambda: issue(now=NOW - timedelta(days=9), valid_until=NOW - timedelta(days=1)),
    "unknown-context": lambda: {**issue(), "@context": ["https://example.org/c"]},
    "no-issuer": lambda: {k: v for k, v in issue().items() if k != "issuer"},
    "not-json": lambda: "{not json",
    "bad-jws": lambda: "a.b.c",
}
OPTIONS = options(fetch_status_list=lists(signed_status_list(set_indexes=[3])), profile="emc-cmf")


def _report(name: str) -> VerificationReport:
    return verify_document(DOCUMENTS[name](), OPTIONS)


def test_the_documented_order_is_the_order_of_check_ids() -> None:
    assert [str(c) for c in CheckId][: len(CHECK_ORDER)] == list(CHECK_ORDER)
    assert [str(c) for c in CheckId][len(CHECK_ORDER) :] == ["challenge", "holder", "presentation"]


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_credential_report_is_exactly_verified_and_checks(name: str) -> None:
    report = _report(name)
    data = orjson.loads(orjson.dumps(report.to_json()))  # plain JSON all the way down
    assert list(data) == ["verified", "checks"]
    assert data["verified"] is report.verified
    for check in data["checks"]:
        assert list(check) == ["id", "status", "code", "message"]
        assert check["status"] in STATUSES
        assert isinstance(check["message"], str)
        assert check["message"]
        # a code says what went wrong: exactly the checks that failed or warn carry one
        assert (check["code"] is None) == (check["status"] in {"passed", "skipped"})


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_checks_come_in_the_documented_order(name: str) -> None:
    ids = [c.id for c in _report(name).checks]
    assert ids == [c for c in CHECK_ORDER if c in ids]


def test_a_full_report_has_every_check_once() -> None:
    assert [c.id for c in _report("revoked").checks] == list(CHECK_ORDER)
    assert [c.id for c in _report("good-vc-jwt").checks] == list(CHECK_ORDER)


@pytest.mark.parametrize(
    ("name", "checks"),
    [
        ("not-json", ["format"]),
        ("no-issuer", ["format"]),
        ("unknown-context", ["format", "contexts"]),
        ("bad-jws", ["format", "proof"]),
    ],
)
def test_a_report_stops_where_nothing_further_can_be_checked(name: str, checks: list[str]) -> None:
    report = _report(name)
    assert [c.id for c in report.checks] == checks
    assert report.verified is False


def test_verified_is_false_exactly_when_a_check_failed() -> None:
    for name in DOCUMENTS:
        report = _report(name)
        failed = any(c.status is CheckStatus.FAILED for c in report.checks)
        assert report.verified is not failed, name
    assert [c.id for c in _report("good").errors] == []
    assert [c.id for c in _report("revoked").errors] == ["status"]


def test_warnings_and_skipped_checks_do_not_fail_a_report() -> None:
    report = VerificationReport(
        (
            Check.passed(CheckId.FORMAT, "ok"),
            Check.warning(CheckId.TERMS, "UNDEFINED_TERM", "a term"),
            Check.skipped(CheckId.STATUS, "no status"),
        )
    )
    assert report.verified is True
    assert report.to_json() == {
        "verified": True,
        "checks": [
            {"id": "format", "status": "passed", "code": None, "message": "ok"},
            {"id": "terms", "status": "warning", "code": "UNDEFINED_TERM", "message": "a term"},
            {"id": "status", "status": "skipped", "code": None, "message": "no status"},
        ],
    }


def test_a_presentation_report_adds_one_report_per_credential() -> None:
    report = verify_document(presentation([issue(), _tampered()]), OPTIONS)
    data = orjson.loads(orjson.dumps(report.to_json()))
    assert list(data) == ["verified", "checks", "credentials"]
    assert [c["id"] for c in data["checks"]] == [
        "format",
        "contexts",
        "proof",
        "key",
        "challenge",
        "holder",
        "presentation",
    ]
    assert [list(n) for n in data["credentials"]] == [["verified", "checks"]] * 2
    assert [n["verified"] for n in data["credentials"]] == [True, False]
    assert data["verified"] is False


def test_a_failing_nested_report_fails_the_presentation_report() -> None:
    nested = VerificationReport((Check.failed(CheckId.PROOF, "NO_PROOF", "no proof"),))
    report = VerificationReport((Check.passed(CheckId.FORMAT, "ok"),), nested=(nested,))
    assert report.verified is False
