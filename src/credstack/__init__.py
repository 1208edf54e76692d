"""credstack: open-standard micro-credentials."""

__version__ = "0.1.0"
