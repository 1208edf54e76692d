"""Policy profiles: data-driven rules an achievement must meet (``eu-annex1``, ``emc-cmf``,
``nzqa`` and institution-defined ones).

* :mod:`~credstack.core.profiles.catalogue`: loading, listing and applying profiles;
* :mod:`~credstack.core.profiles.rules`: the elements a rule can name and how it is judged.
"""

from __future__ import annotations

from credstack.core.profiles.catalogue import (
    PolicyProfile,
    available_profiles,
    check_achievement,
    load_profile,
)

__all__ = [
    "PolicyProfile",
    "available_profiles",
    "check_achievement",
    "load_profile",
]
