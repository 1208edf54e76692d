"""The ASGI entry point for servers: ``uvicorn --factory credstack.web.main:app_factory``.

Each server process calls the factory once and gets its own platform (database engine, key
store, queue). Settings come from the ``CREDSTACK_*`` environment variables; the embedded
SQLite database is migrated on start-up, while a PostgreSQL deployment runs
``credstack db upgrade`` once per release instead.
"""

from __future__ import annotations

from fastapi import FastAPI

from credstack.bootstrap import build_platform
from credstack.settings import Settings
from credstack.web.app import create_app


def app_factory() -> FastAPI:
    """A new application serving a platform built from the environment's settings."""
    settings = Settings.from_env()
    return create_app(build_platform(settings, migrate=not settings.is_postgresql))


__all__ = ["app_factory"]
