"""Settings read from CREDSTACK_* variables: the status list signers of the trust configuration."""

from __future__ import annotations

import pytest

from credstack.bootstrap import service_config
from credstack.core.errors import ErrorCode
from credstack.settings import Settings, SettingsError

SIGNER = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"


def test_by_default_only_the_issuer_signs_its_status_lists() -> None:
    signers = Settings.from_env({}).status_list_signers
    assert signers.to_json() == {}
    assert signers.issuer_document is False


def test_status_list_signers_are_read_and_reach_the_service() -> None:
    settings = Settings.from_env(
        {
            "CREDSTACK_STATUS_LIST_SIGNERS": f'{{"*": ["{SIGNER}"]}}',
            "CREDSTACK_STATUS_LIST_SIGNERS_FROM_DID_DOCUMENTS": "True",
        }
    )
    assert settings.status_list_signers.trusted_for("did:web:uni.example") == {SIGNER}
    assert settings.status_list_signers.issuer_document is True
    assert service_config(settings).status_list_signers == settings.status_list_signers


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"CREDSTACK_STATUS_LIST_SIGNERS": "{not json"}, "is not JSON"),
        ({"CREDSTACK_STATUS_LIST_SIGNERS": f'["{SIGNER}"]'}, "an object of issuer"),
        ({"CREDSTACK_STATUS_LIST_SIGNERS": '{"*": []}'}, "a non-empty list"),
        ({"CREDSTACK_STATUS_LIST_SIGNERS_FROM_DID_DOCUMENTS": "yes"}, "must be true or false"),
    ],
)
def test_a_malformed_trust_configuration_stops_the_start(env: dict[str, str], says: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert caught.value.code is ErrorCode.INVALID_SETTING
    assert says in caught.value.message
