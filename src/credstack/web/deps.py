"""What the routes get from the application: the platform, and the caller."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from credstack.bootstrap import Platform


def get_platform(request: Request) -> Platform:
    """The :class:`Platform` that :func:`credstack.web.app.create_app` was given."""
    return cast(Platform, request.app.state.platform)


PlatformDep = Annotated[Platform, Depends(get_platform)]

__all__ = ["PlatformDep", "get_platform"]
