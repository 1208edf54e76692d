"""``credstack achievement``: check a micro-credential definition against policy profiles."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import click
from rich.console import Console

from credstack.cli.files import UsageError, read_json_or_yaml
from credstack.core.errors import CredstackError, ErrorCode
from credstack.core.model import Achievement, Issuer
from credstack.core.ob3.definition import parse_achievement_definition
from credstack.core.profiles.catalogue import (
    PolicyProfile,
    available_profiles,
    check_achievement,
    load_profile,
)


def load_definition(path: str) -> tuple[Achievement, Issuer | None]:
    """Read an achievement definition file (YAML or JSON); exit 2 with the field on error."""
    data = read_json_or_yaml(path)
    if not isinstance(data, Mapping):
        raise UsageError(f"{path}: an achievement definition is a mapping of fields")
    try:
        return parse_achievement_definition(data)
    except CredstackError as exc:
        raise UsageError(f"{path}: {exc}") from exc


def resolve_profile(value: str) -> PolicyProfile:
    """A bundled profile by name, or an institution's own profile file (JSON or YAML)."""
    try:
        if value.endswith((".json", ".yaml", ".yml")):
            data: Any = read_json_or_yaml(value)
            return load_profile(data)
        return load_profile(value)
    except CredstackError as exc:
        if exc.code == ErrorCode.UNKNOWN_POLICY_PROFILE:
            raise UsageError(
                f"unknown profile {value!r}; bundled: {', '.join(available_profiles())}, "
                "or pass a profile file"
            ) from exc
        raise UsageError(f"{value}: {exc}") from exc


@click.group("achievement")
def achievement_group() -> None:
    """Work with micro-credential definitions."""


@achievement_group.command("check")
@click.argument("file")
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    default=("eu-annex1",),
    show_default=True,
    help="A bundled profile (eu-annex1, emc-cmf, nzqa) or a profile file; repeatable.",
)
def achievement_check(file: str, profiles: tuple[str, ...]) -> None:
    """Check FILE against policy profiles. Exit 0 if it conforms, 1 with the failing elements."""
    achievement, issuer = load_definition(file)
    console = Console(highlight=False, emoji=False)
    conforms = True
    for value in profiles:
        profile = resolve_profile(value)
        violations = check_achievement(achievement, issuer, profile)
        errors = [v for v in violations if v.is_error]
        conforms = conforms and not errors
        verdict = "[red]does not conform[/]" if errors else "[green]conforms[/]"
        console.print(f"{achievement.name!r} {verdict} to {profile.name}")
        for violation in violations:
            mark = "[red]error[/]" if violation.is_error else "[yellow]warning[/]"
            console.print(
                f"  {mark} {violation.element}: {violation.message} [dim]({violation.rule})[/]"
            )
    sys.exit(0 if conforms else 1)
