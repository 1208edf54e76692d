"""Settings and platform for the commands that run the service."""

from __future__ import annotations

import click

from credstack.core.errors import CredstackError
from credstack.settings import Settings


def load_settings() -> Settings:
    """``Settings.from_env()``, with a bad setting reported as a usage error (exit 2)."""
    try:
        return Settings.from_env()
    except CredstackError as exc:
        raise click.UsageError(exc.message) from None


__all__ = ["load_settings"]
