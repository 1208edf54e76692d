"""The database key store: private keys sealed (envelope encryption) in ``sealed_keys``.

The sealing itself is injected (``seal``/``unseal``), so this module never sees the master
key. The associated data of every seal is ``key_id.bytes + organisation_id.bytes``: a blob
copied to another key or organisation does not unseal.

Inside an open unit of work on the same database (see
:func:`~credstack.store.unit_of_work.open_session`) the key store reads and writes in that
unit of work's transaction, so a new key's sealed half commits or vanishes together with its
public record. SQLite needs it too: the unit of work holds the database's only write lock,
so a second transaction would wait out the busy timeout and fail. Outside a unit of work,
each call is a short transaction of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from sqlalchemy import Engine, Executable, Select, insert, select

from credstack.services.errors import KeyStoreError
from credstack.store.conflicts import translate_conflicts
from credstack.store.engine import READ_ONLY
from credstack.store.repositories.base import table
from credstack.store.tables import SealedKeyRow
from credstack.store.unit_of_work import open_session

Seal = Callable[[bytes, bytes], bytes]
"""``seal(secret, aad) -> blob``."""
Unseal = Callable[[bytes, bytes], bytes]
"""``unseal(blob, aad) -> secret``; raises when the blob or the master key is wrong."""


class SqlKeyStore:
    """:class:`~credstack.services.ports.KeyStore` over the ``sealed_keys`` table."""

    def __init__(self, engine: Engine, seal: Seal, unseal: Unseal) -> None:
        self._engine = engine
        self._seal = seal
        self._unseal = unseal

    def put(self, key_id: UUID, organisation_id: UUID, secret: bytes) -> None:
        """Seal ``secret`` and store it; a key id already stored raises ``ConflictError``
        (a private key is never replaced)."""
        try:
            blob = self._seal(secret, associated_data(key_id, organisation_id))
        except Exception as exc:
            raise KeyStoreError(f"key {key_id} cannot be sealed", key_id=str(key_id)) from exc
        self._write(
            insert(table(SealedKeyRow)).values(
                key_id=key_id, organisation_id=organisation_id, blob=blob
            )
        )

    def get(self, key_id: UUID, organisation_id: UUID) -> bytes:
        """The secret; :class:`KeyStoreError` when it is missing or cannot be unsealed
        (wrong master key, tampered blob, other organisation)."""
        keys = table(SealedKeyRow)
        blob = self._read(
            select(keys.c.blob).where(
                keys.c.key_id == key_id, keys.c.organisation_id == organisation_id
            )
        )
        if blob is None:
            raise KeyStoreError(
                f"the key store holds no key {key_id} for this organisation", key_id=str(key_id)
            )
        try:
            return self._unseal(blob, associated_data(key_id, organisation_id))
        except KeyStoreError:
            raise
        except Exception as exc:
            raise KeyStoreError(
                f"key {key_id} cannot be unsealed (wrong master key or altered blob)",
                key_id=str(key_id),
            ) from exc

    def _read(self, statement: Select[bytes]) -> bytes | None:
        session = open_session(self._engine)
        if session is not None:
            return session.execute(statement).scalar_one_or_none()
        with self._engine.connect() as connection:
            # a reader need not queue behind SQLite's writer
            connection.execution_options(**{READ_ONLY: True})
            return connection.execute(statement).scalar_one_or_none()

    def _write(self, statement: Executable) -> None:
        session = open_session(self._engine)
        with translate_conflicts(session):
            if session is not None:
                session.execute(statement)
                return
            with self._engine.begin() as connection:
                connection.execute(statement)


def associated_data(key_id: UUID, organisation_id: UUID) -> bytes:
    """What every seal of the key is bound to: ``key_id.bytes + organisation_id.bytes``."""
    return key_id.bytes + organisation_id.bytes


__all__ = ["Seal", "SqlKeyStore", "Unseal", "associated_data"]
