"""Requests generated from the OpenAPI document: none may cause a server error, and every
answer must match what the document says (status, media type, headers, body schema).

Two checks are left out. "Schema-valid data accepted": the rules refuse requests the document
allows (a definition that is not an achievement, an evidence entry with every field empty),
since not every rule is expressible in JSON Schema. "Schema-violating data refused": every
request here carries the owner's token, so a generated request "without" one is valid, and
public documents ignore query parameters they do not take (shared links collect them); the
refusals that matter have their own tests.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from credstack.services.records import Permission
from credstack.store.engine import create_engine_for
from credstack.store.migrate import upgrade
from credstack.store.unit_of_work import sql_unit_of_work_factory
from credstack.web.app import create_app
from tests.web.conftest import add_tenant, make_platform

# the generated tests are collected from the document, so the service exists at collection;
# it runs on a real (SQLite) store, with one organisation whose owner makes every request
_FOLDER = Path(tempfile.mkdtemp(prefix="credstack-fuzz-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
_ENGINE = create_engine_for(f"sqlite:///{_FOLDER / 'credstack.db'}")
upgrade(_ENGINE)
PLATFORM = make_platform(sql_unit_of_work_factory(_ENGINE))
OWNER = add_tenant(PLATFORM, "fuzz", frozenset(Permission))
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(PLATFORM))


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests_get_documented_answers(case: Any) -> None:
    case.call_and_validate(
        headers=OWNER.headers,
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )
