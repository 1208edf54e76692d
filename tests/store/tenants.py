"""Fixtures: committed tenants for the repository tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from credstack.store.unit_of_work import SqlUnitOfWork
from tests.store.builders import Tenant, make_tenant


@pytest.fixture
def tenant(uow_factory: Callable[[], SqlUnitOfWork]) -> Tenant:
    """An organisation with a user, an achievement version, a status list and a bulk job,
    committed."""
    return make_tenant(uow_factory, "uni-a")


@pytest.fixture
def other_tenant(uow_factory: Callable[[], SqlUnitOfWork]) -> Tenant:
    """A second organisation, like :func:`tenant`."""
    return make_tenant(uow_factory, "uni-b")
