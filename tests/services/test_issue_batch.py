"""Bulk issuance: a chunk of rows in one write, bad rows reported beside the good ones."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from credstack.core.errors import CredstackError, DocumentError, ErrorCode
from credstack.core.issuing import SignatureSuite, sign_credential
from credstack.services import issuing
from credstack.services.config import ServiceConfig
from credstack.services.errors import ConflictError, InvalidRequestError, NotFoundError
from credstack.services.issue_request import IssueRequest, parse_issue_request
from credstack.services.issuing import issue_batch
from credstack.services.keys import signing_key
from credstack.services.records import CredentialRecord
from tests.factories import NOW
from tests.services.issuing_support import CONFIG, RESULT_ID, Platform, new_platform

JOB = UUID("00000000-0000-4000-8000-00000000b01c")


def _rows(*requests: dict[str, Any], first: int = 0) -> list[tuple[int, IssueRequest]]:
    return [(first + i, parse_issue_request(r)) for i, r in enumerate(requests)]


def _learners(count: int) -> list[dict[str, Any]]:
    return [
        {"recipient": f"learner{i}@uni.example"} if i % 2 else {"recipient": f"did:example:{i}"}
        for i in range(count)
    ]


def _batch(
    platform: Platform,
    rows: list[tuple[int, IssueRequest]],
    *,
    suite: SignatureSuite = SignatureSuite.EDDSA_RDFC_2022,
    config: ServiceConfig | None = None,
    job_id: UUID = JOB,
) -> tuple[list[CredentialRecord], list[tuple[int, CredstackError]]]:
    return issue_batch(
        platform.uow,
        platform.key_store,
        config or platform.config,
        organisation=platform.organisation,
        version=platform.version,
        rows=rows,
        suite=suite,
        now=NOW,
        job_id=job_id,
    )


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_every_row_is_issued_and_verifies(platform: Platform, suite: SignatureSuite) -> None:
    records, errors = _batch(platform, _rows(*_learners(12)), suite=suite)
    assert errors == []
    assert [r.job_row for r in records] == list(range(12))
    assert {r.job_id for r in records} == {JOB}
    assert {r.suite for r in records} == {suite.value}
    for record in records[:3]:
        report = platform.verify_with_core(record.document)
        assert report.verified, report.to_json()
    stored = platform.uow.credentials.search(platform.organisation.id, job_id=JOB, limit=100)
    assert sorted(stored, key=lambda r: r.job_row or 0) == records


def test_ids_tokens_and_status_indexes_are_unique(platform: Platform) -> None:
    records, _ = _batch(platform, _rows(*_learners(300)))
    for attribute in ("id", "credential_id", "public_token"):
        assert len({getattr(r, attribute) for r in records}) == 300
    slots = [(r.status_list_id, r.status_index) for r in records]
    assert len(set(slots)) == 300
    indexes = [r.status_index for r in records]
    assert indexes != sorted(indexes)


def test_bad_rows_are_reported_and_the_others_issued(platform: Platform) -> None:
    rows = _rows(
        {"recipient": "did:example:0"},
        {"recipient": "did:example:1", "valid_until": "2020-01-01T00:00:00Z"},
        {
            "recipient": "did:example:2",
            "results": [{"result_description": RESULT_ID, "value": "9"}],
        },
        {"recipient": "did:example:3", "results": [{"result_description": "urn:x", "value": "9"}]},
        {"recipient": "ada@uni.example", "recipient_name": "Ada"},
        first=40,
    )
    records, errors = _batch(platform, rows)
    assert [r.job_row for r in records] == [40, 42, 44]
    assert [(row, type(e), e.detail["field"]) for row, e in errors] == [
        (41, InvalidRequestError, "valid_until"),
        (43, InvalidRequestError, "results[0].result_description"),
    ]
    assert platform.uow.credentials.count(platform.organisation.id) == 3


def test_failed_rows_take_no_status_index(platform: Platform) -> None:
    (current,) = platform.uow.state["status_lists"].values()
    rows = _rows(
        {"recipient": "did:example:0"}, {"recipient": "x:y", "valid_until": "2020-01-01T00:00:00Z"}
    )
    _batch(platform, rows)
    assert platform.uow.status_lists.get(current.id).allocated == 1  # type: ignore[union-attr]


def test_the_fast_path_signs_exactly_as_one_by_one(platform: Platform) -> None:
    records, _ = _batch(platform, _rows(*_learners(5)))
    key = signing_key(platform.uow, platform.key_store, platform.organisation, now=NOW)
    for record in records:
        assert isinstance(record.document, dict)
        unsigned = {k: v for k, v in record.document.items() if k != "proof"}
        assert sign_credential(unsigned, key, created=NOW) == record.document


def test_the_checks_run_once_per_request_shape(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[dict[str, Any]] = []
    original = issuing._check

    def counting(credential: dict[str, Any]) -> None:
        checked.append(credential)
        original(credential)

    monkeypatch.setattr(issuing, "_check", counting)
    _batch(platform, _rows(*_learners(50), {"recipient": "did:example:x", "recipient_name": "X"}))
    assert len(checked) == 3  # a DID, an e-mail address, a DID with a name


def test_evidence_and_results_are_part_of_the_shape(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[dict[str, Any]] = []
    original = issuing._check
    monkeypatch.setattr(issuing, "_check", lambda c: checked.append(c) or original(c))
    work = {"id": "https://portfolio.example/1", "name": "Project"}
    rows = _rows(
        {"recipient": "did:example:0", "evidence": [work]},
        {"recipient": "did:example:1", "evidence": [{**work, "id": "https://p.example/2"}]},
        {"recipient": "did:example:2", "evidence": [{"narrative": "Wrote a notebook."}]},
        {"recipient": "did:example:3", "evidence": [work, work]},
        {"recipient": "did:example:4", "results": [{"status": "Completed"}]},
        {
            "recipient": "did:example:5",
            "results": [{"result_description": RESULT_ID, "value": "7"}],
        },
    )
    records, errors = _batch(platform, rows)
    assert (len(records), errors) == (6, [])
    assert len(checked) == 5  # rows 0 and 1 differ only in values
    assert platform.verify_with_core(records[3].document).verified


def test_rows_of_a_shape_that_fails_the_checks_fail_together(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = issuing._check

    def strict(credential: dict[str, Any]) -> None:
        if len(credential["credentialSubject"].get("identifier", [])) > 1:
            raise DocumentError("no names today", code=ErrorCode.SCHEMA_VALIDATION_ERROR)
        original(credential)

    monkeypatch.setattr(issuing, "_check", strict)
    rows = _rows(
        {"recipient": "a@uni.example", "recipient_name": "A"},
        {"recipient": "did:example:b"},
        {"recipient": "c@uni.example", "recipient_name": "C"},
    )
    records, errors = _batch(platform, rows)
    assert [r.job_row for r in records] == [1]
    assert [(row, e.code) for row, e in errors] == [
        (0, ErrorCode.SCHEMA_VALIDATION_ERROR),
        (2, ErrorCode.SCHEMA_VALIDATION_ERROR),
    ]


def test_a_batch_spills_over_into_new_lists() -> None:
    tiny = ServiceConfig(base_url=CONFIG.base_url, status_list_length=16)
    platform = new_platform(config=tiny)
    records, _ = _batch(platform, _rows(*_learners(40)))
    lists = list(dict.fromkeys(r.status_list_id for r in records))
    assert [sum(r.status_list_id == x for r in records) for x in lists] == [16, 16, 8]
    assert len({(r.status_list_id, r.status_index) for r in records}) == 40
    assert platform.verify_with_core(records[-1].document).verified


def test_an_empty_chunk_does_nothing(platform: Platform) -> None:
    assert _batch(platform, []) == ([], [])
    assert platform.uow.audit.recent(platform.organisation.id)[0].action != (
        "credential.batch_issued"
    )


def test_the_chunk_is_audited_once_without_personal_data(platform: Platform) -> None:
    rows = _rows(
        {"recipient": "ada@uni.example"},
        {"recipient": "x:y", "valid_until": "2020-01-01T00:00:00Z"},
    )
    _batch(platform, rows)
    event = platform.uow.audit.recent(platform.organisation.id)[0]
    assert (event.action, event.object_type, event.object_id) == (
        "credential.batch_issued",
        "bulk_job",
        str(JOB),
    )
    assert event.details["issued"] == 1
    assert event.details["failed"] == 1
    # (the whole address: "ada" alone may occur in the event's random ids)
    assert "ada@uni.example" not in repr(event)
    assert "x:y" not in repr(event)


def test_another_organisations_version_is_not_found(platform: Platform) -> None:
    other = platform.other()
    with pytest.raises(NotFoundError):
        issue_batch(
            platform.uow,
            platform.key_store,
            CONFIG,
            organisation=other.organisation,
            version=platform.version,
            rows=_rows({"recipient": "did:example:0"}),
            suite=SignatureSuite.EDDSA_RDFC_2022,
            now=NOW,
            job_id=JOB,
        )


def test_a_row_issued_twice_for_a_job_is_a_conflict(platform: Platform) -> None:
    _batch(platform, _rows({"recipient": "did:example:0"}))
    with pytest.raises(ConflictError):
        _batch(platform, _rows({"recipient": "did:example:0"}))
    assert _batch(platform, _rows({"recipient": "did:example:0"}), job_id=uuid4())[0]


def test_a_row_with_more_credits_than_the_achievement_offers_fails_alone(
    platform: Platform,
) -> None:
    records, errors = _batch(
        platform,
        _rows(
            {"recipient": "did:example:a", "credits_earned": 5},
            {"recipient": "did:example:b", "credits_earned": 500},
            {"recipient": "did:example:c"},
        ),
    )
    assert [r.job_row for r in records] == [0, 2]
    [(row, error)] = errors
    assert row == 1
    assert error.code is ErrorCode.CREDITS_EXCEED_ACHIEVEMENT
    assert error.detail["field"] == "credits_earned"
