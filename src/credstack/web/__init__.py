"""The HTTP service: ``create_app(platform)`` in :mod:`credstack.web.app`."""
