"""Turning a broken database constraint into a :class:`ConflictError` that names the rule.

PostgreSQL names the constraint in the error's diagnostics; SQLite names only the columns
(``UNIQUE constraint failed: credentials.status_list_id, credentials.status_index``), which
the table definitions map back to the constraint. Either way the caller learns *what* clashed
without seeing a driver's message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ForeignKeyConstraint, PrimaryKeyConstraint, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from credstack.core.errors import ErrorCode
from credstack.services.errors import ConflictError
from credstack.store.tables import Base

_MESSAGES: dict[str, str] = {
    "uq_organisations_slug": "an organisation with this slug already exists",
    "uq_users_email": "a user with this e-mail address already exists",
    "pk_memberships": "the user is already a member of this organisation",
    "uq_learners_email": "a learner with this e-mail address already exists",
    "uq_api_tokens_token_hash": "an API token with this secret already exists",
    "uq_achievement_versions_achievement_id_version": "this version of the achievement "
    "already exists",
    "uq_achievement_versions_organisation_id_slug_version": "the organisation already has "
    "this version of an achievement with this slug",
    "uq_signing_keys_organisation_id_fragment": "the organisation already has a key with "
    "this fragment",
    "uq_credentials_credential_id": "a credential with this id already exists",
    "uq_credentials_public_token": "a credential with this public token already exists",
    "uq_credentials_status_list_id_status_index": "this position of the status list is "
    "already taken by another credential",
    "uq_credentials_job_id_job_row": "a credential was already issued for this row of the job",
    "uq_bulk_jobs_organisation_id_idempotency_key": "a bulk job with this idempotency key "
    "already exists",
    "pk_bulk_rows": "the job already has a row at this position",
    "pk_sealed_keys": "the key store already holds a key with this id",
}

_CODES: dict[str, ErrorCode] = {
    "uq_bulk_jobs_organisation_id_idempotency_key": ErrorCode.IDEMPOTENCY_CONFLICT,
}

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>.+)$")
_SQLITE_CHECK = re.compile(r"CHECK constraint failed: (?P<name>\w+)")


NEEDS_ROLLBACK = "credstack_needs_rollback"
"""Key of ``Session.info`` set when a write in the session broke a constraint."""


@contextmanager
def translate_conflicts(session: Session | None = None) -> Iterator[None]:
    """Re-raise an :class:`~sqlalchemy.exc.IntegrityError` inside the block as a
    :class:`ConflictError`, and mark ``session`` as needing a rollback.

    The mark exists because the databases disagree on what a failed statement leaves:
    PostgreSQL aborts the whole transaction (a later COMMIT silently rolls back), SQLite
    undoes only the statement (a later COMMIT keeps the rest). The unit of work refuses to
    commit a marked session, so both behave the same.
    """
    try:
        yield
    except IntegrityError as exc:
        if session is not None:
            session.info[NEEDS_ROLLBACK] = True
        raise conflict(exc) from exc


def conflict(exc: IntegrityError) -> ConflictError:
    """The :class:`ConflictError` for a broken constraint, with ``constraint`` in its detail
    when the database said which one."""
    name = constraint_name(exc)
    if name is None:
        text = str(exc.orig)
        if "FOREIGN KEY" in text:
            return ConflictError(
                "the object refers to another that does not exist", code=ErrorCode.NOT_FOUND
            )
        return ConflictError(f"the write breaks a rule of the database: {text}")
    if name.startswith("fk_"):
        return ConflictError(_dangling_reference(name), code=ErrorCode.NOT_FOUND, constraint=name)
    if name.startswith("ck_"):
        return ConflictError(
            f"the write breaks the database rule {name}",
            code=ErrorCode.INVALID_REQUEST,
            constraint=name,
        )
    message = _MESSAGES.get(name)
    if message is None and name.startswith("pk_"):
        message = f"a {name[3:]} row with this id already exists"
    if message is None:
        message = f"the write breaks the database rule {name}"
    return ConflictError(message, code=_CODES.get(name, ErrorCode.ALREADY_EXISTS), constraint=name)


def constraint_name(exc: IntegrityError) -> str | None:
    """The name of the constraint ``exc`` broke, when the driver tells (or implies) it."""
    diagnostics = getattr(exc.orig, "diag", None)
    named = getattr(diagnostics, "constraint_name", None)
    if isinstance(named, str):
        return named
    text = str(exc.orig)
    if match := _SQLITE_CHECK.search(text):
        return match["name"]
    if match := _SQLITE_UNIQUE.search(text):
        qualified = [column.strip() for column in match["columns"].split(",")]
        table = qualified[0].split(".", 1)[0]
        return _unique_constraint(table, frozenset(c.split(".", 1)[1] for c in qualified))
    return None


def _unique_constraint(table_name: str, columns: frozenset[str]) -> str | None:
    table = Base.metadata.tables.get(table_name)
    if table is None:
        return None
    for constraint in table.constraints:
        if isinstance(constraint, (UniqueConstraint, PrimaryKeyConstraint)) and (
            frozenset(column.name for column in constraint.columns) == columns
        ):
            return str(constraint.name)
    return None


def _dangling_reference(name: str) -> str:
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, ForeignKeyConstraint) and constraint.name == name:
                columns = ", ".join(column.name for column in constraint.columns)
                return (
                    f"{table.name}.{columns} refers to a row of {constraint.referred_table.name} "
                    "that does not exist"
                )
    return f"the object refers to another that does not exist ({name})"


__all__ = ["NEEDS_ROLLBACK", "conflict", "constraint_name", "translate_conflicts"]
