"""The server entry point builds the platform from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from credstack.web.main import app_factory
from tests.web.conftest import TestClient


def test_the_factory_serves_an_embedded_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREDSTACK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CREDSTACK_BASE_URL", "https://credentials.example")
    with TestClient(app_factory(), base_url="https://credentials.example") as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert (tmp_path / "credstack.db").exists()
