"""Fixtures shared by the service tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from credstack.services.keys import clear_key_cache
from credstack.services.status import clear_status_cache
from tests.services.issuing_support import Platform, new_platform


@pytest.fixture(autouse=True)
def _empty_caches() -> Iterator[None]:
    """Every test starts and ends without cached key pairs or signed status lists."""
    clear_key_cache()
    clear_status_cache()
    yield
    clear_key_cache()
    clear_status_cache()


@pytest.fixture
def platform() -> Platform:
    """One organisation on an in-memory platform (``tests/services/issuing_support.py``)."""
    return new_platform()
