"""Settings read from CREDSTACK_* variables: the status list signers of the trust configuration,
and where the platform says its JSON-LD contexts are published."""

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


def test_by_default_the_contexts_are_published_under_the_base_url() -> None:
    settings = Settings.from_env({"CREDSTACK_BASE_URL": "https://credentials.uni.example/"})
    assert settings.contexts_url == ""
    assert settings.resolved_contexts_url == "https://credentials.uni.example/contexts"
    config = service_config(settings)
    assert config.published_contexts_url == "https://credentials.uni.example/contexts"


def test_the_contexts_url_can_be_set_apart_from_the_base_url() -> None:
    settings = Settings.from_env(
        {
            "CREDSTACK_BASE_URL": "https://credentials.uni.example",
            "CREDSTACK_CONTEXTS_URL": "https://w3id.org/",
        }
    )
    assert settings.resolved_contexts_url == "https://w3id.org"
    assert service_config(settings).published_contexts_url == "https://w3id.org"


def test_an_empty_contexts_url_means_the_default() -> None:
    settings = Settings.from_env({"CREDSTACK_CONTEXTS_URL": ""})
    assert settings.resolved_contexts_url == "http://127.0.0.1:8000/contexts"


@pytest.mark.parametrize(
    "value", ["ftp://contexts.example", "contexts.example", "https://c.example/?v=1", "https://"]
)
def test_a_contexts_url_that_is_not_an_http_url_is_refused(value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"CREDSTACK_CONTEXTS_URL": value})
    assert caught.value.code is ErrorCode.INVALID_SETTING
    assert "CREDSTACK_CONTEXTS_URL" in caught.value.message
