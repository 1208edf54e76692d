"""SCHEMA_VALIDATION_ERROR: an Open Badges credential that breaks the Open Badges 3.0 schema."""

from __future__ import annotations

import pytest

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.verify import verify_document
from tests.factories import (
    add_signature,
    expected,
    issue,
    options,
    outcome,
    status_entry,
    unsigned_credential,
)


def test_an_achievement_without_criteria() -> None:
    unsigned = unsigned_credential()
    del unsigned["credentialSubject"]["achievement"]["criteria"]
    report = verify_document(add_signature(unsigned), options())
    # signed as it is: only the schema check fails
    assert outcome(report) == expected(schema=("failed", "SCHEMA_VALIDATION_ERROR"))
    schema = report.check("schema")
    assert schema is not None
    assert "$.credentialSubject.achievement: 'criteria' is a required property" in schema.message
    assert report.verified is False


def test_a_single_value_where_the_schema_wants_an_array_is_a_warning() -> None:
    credential = issue()
    credential["proof"] = credential["proof"][0]
    report = verify_document(credential, options())
    assert outcome(report) == expected(schema=("warning", "SCHEMA_VALIDATION_ERROR"))
    assert report.verified is True


def test_issuing_refuses_a_credential_the_schema_refuses() -> None:
    # Open Badges 3.0 allows one credentialStatus; VC 2.0 would allow two
    entries = [status_entry(7), status_entry(7, purpose="suspension", url="https://u.example/s")]
    with pytest.raises(DocumentError) as caught:
        issue(status=entries)
    assert caught.value.code is ErrorCode.SCHEMA_VALIDATION_ERROR
    assert "$.credentialStatus" in caught.value.message
