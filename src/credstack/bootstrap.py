"""The composition root: settings in, a wired-up application out.

Only the entry points (``credstack.web``, ``credstack.cli``) call it; nothing below it reads
settings or the environment.
"""

from __future__ import annotations
