"""Settings and platform for the commands that run the service."""

from __future__ import annotations

import click

from credstack.bootstrap import Platform, build_platform
from credstack.core.errors import CredstackError
from credstack.settings import Settings


def load_settings() -> Settings:
    """``Settings.from_env()``, with a bad setting reported as a usage error (exit 2)."""
    try:
        return Settings.from_env()
    except CredstackError as exc:
        raise click.UsageError(exc.message) from None


def command_platform() -> Platform:
    """The platform of the current settings, for a one-shot command (``org``, ``token``).

    The embedded database is created on first use, as by ``credstack serve``.
    """
    settings = load_settings()
    return build_platform(settings, migrate=not settings.is_postgresql)


def command_error(exc: CredstackError) -> click.ClickException:
    """A refused command (exit 1), with the error's stable code."""
    return click.ClickException(f"{exc.code}: {exc.message}")


__all__ = ["command_error", "command_platform", "load_settings"]
