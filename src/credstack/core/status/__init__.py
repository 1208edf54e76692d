"""Bitstring Status List: the lists an issuer publishes and the check a verifier makes.

* :mod:`~credstack.core.status.bitstring`: create, set and clear, encode and decode (with
  capped decompression), the list credential;
* :mod:`~credstack.core.status.check`: reading a credential's entries against its lists.
"""

from __future__ import annotations

from credstack.core.status.bitstring import (
    MIN_ENTRIES,
    StatusList,
    StatusPurpose,
    status_entry,
    status_list_credential,
)

__all__ = [
    "MIN_ENTRIES",
    "StatusList",
    "StatusPurpose",
    "status_entry",
    "status_list_credential",
]
