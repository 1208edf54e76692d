"""SCHEMA_VALIDATION_ERROR: a credential that does not conform to the OB 3.0 JSON Schema."""

from __future__ import annotations

import copy

import pytest

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.ob3.schema import require_valid_credential_schema, validate_credential_schema
from tests.core.model.factories import sample


def test_errors_raise_with_every_issue() -> None:
    document = copy.deepcopy(sample("1edtech-validator/simple.json"))
    del document["validFrom"]
    document["credentialSubject"]["type"] = ["Subject"]
    with pytest.raises(DocumentError) as caught:
        require_valid_credential_schema(document)
    error = caught.value
    assert error.code is ErrorCode.SCHEMA_VALIDATION_ERROR
    assert error.message.startswith(
        "the credential does not conform to the Open Badges 3.0 JSON Schema: "
        "$: 'validFrom' is a required property; $.credentialSubject.type:"
    )
    assert [i["path"] for i in error.detail["issues"]] == ["$", "$.credentialSubject.type"]


def test_many_errors_are_summarised() -> None:
    document = copy.deepcopy(sample("1edtech-validator/simple.json"))
    for key in ("validFrom", "issuer", "id", "credentialSubject"):
        del document[key]
    with pytest.raises(DocumentError) as caught:
        require_valid_credential_schema(document)
    assert caught.value.message.endswith("(and 1 more)")
    assert len(caught.value.detail["issues"]) == 4


def test_a_single_proof_raises_unless_normalized() -> None:
    document = sample("1edtech-validator/simple-did-web-method.json")
    with pytest.raises(DocumentError) as caught:
        require_valid_credential_schema(document)
    assert caught.value.detail["issues"] == [
        {"path": "$.proof", "message": caught.value.detail["issues"][0]["message"]}
    ]
    warnings = require_valid_credential_schema(document, normalize=True)
    assert [(w.path, w.is_error) for w in warnings] == [("$.proof", False)]


def test_long_values_are_not_repeated_in_messages() -> None:
    document = copy.deepcopy(sample("1edtech-validator/complete.json"))
    document["credentialSubject"] = [document["credentialSubject"]]
    (issue,) = validate_credential_schema(document)
    assert issue.path == "$.credentialSubject"
    assert issue.message == "an array is not of type 'object'"
