"""Settings from ``CREDSTACK_*``: where the platform says its JSON-LD contexts are published."""

from __future__ import annotations

import pytest

from credstack.bootstrap import service_config
from credstack.core.errors import ErrorCode
from credstack.settings import Settings, SettingsError


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
