"""The composition root: settings in, a wired-up platform out.

Only the entry points (``credstack.web``, ``credstack.cli``) call it; nothing below it reads
settings or the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from credstack.services.config import ServiceConfig
from credstack.services.ports import KeyStore, TaskQueue, UnitOfWork, UnitOfWorkFactory
from credstack.settings import KeyStoreKind, Settings, TaskQueueKind


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Platform:
    """Everything a request or a worker needs, built once per process."""

    settings: Settings
    config: ServiceConfig
    uow_factory: UnitOfWorkFactory
    key_store: KeyStore
    task_queue: TaskQueue
    clock: Callable[[], datetime] = utc_now
    resources: list[Any] = field(default_factory=list)
    """Things to close on shutdown (engines, connection pools)."""
    read_uow_factory: UnitOfWorkFactory | None = None
    """Units of work for requests that only read (public documents, verification): on SQLite
    they do not queue for the single write lock. None: :attr:`uow_factory` serves them too."""

    def reader(self) -> UnitOfWork:
        """A unit of work for a request that writes nothing."""
        return (self.read_uow_factory or self.uow_factory)()

    def start_background_work(self) -> None:
        """Start what runs beside the requests of a long-lived process (``credstack serve``):
        the in-process queue's threads, which first resume the bulk jobs a previous process
        left unfinished. One-shot commands do not call it; with procrastinate it does
        nothing (``credstack worker`` runs the jobs)."""
        start = getattr(self.task_queue, "start", None)
        if callable(start):
            start()

    def close(self) -> None:
        for resource in reversed(self.resources):
            dispose = getattr(resource, "dispose", None) or getattr(resource, "close", None)
            if dispose is not None:
                dispose()
        self.resources.clear()


def service_config(settings: Settings) -> ServiceConfig:
    return ServiceConfig(
        base_url=settings.base_url,
        contexts_url=settings.resolved_contexts_url,
        status_list_length=settings.status_list_length,
        status_list_ttl=settings.status_list_ttl,
        default_suite=settings.default_suite,
        bulk_chunk_size=settings.bulk_chunk_size,
        status_list_signers=settings.status_list_signers,
    )


def build_platform(settings: Settings, *, migrate: bool = False) -> Platform:
    """Wire the platform for ``settings``: database engine, unit of work, key store, queue.

    ``migrate`` upgrades the database schema first (the embedded mode does; production runs
    ``credstack db upgrade`` once per release instead).
    """
    from credstack.adapters.file_key_store import FileKeyStore
    from credstack.adapters.master_key import load_or_create_master_key
    from credstack.core.crypto.envelope import seal, unseal
    from credstack.store.engine import create_engine_for
    from credstack.store.key_store import SqlKeyStore
    from credstack.store.migrate import upgrade
    from credstack.store.unit_of_work import sql_unit_of_work_factory

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine_for(settings.resolved_database_url)
    if migrate:
        upgrade(engine)
    master_key = settings.master_key or load_or_create_master_key(settings.data_dir / "master.key")
    key_store: KeyStore
    if settings.key_store is KeyStoreKind.DATABASE:
        key_store = SqlKeyStore(
            engine,
            seal=lambda secret, aad: seal(master_key, secret, aad),
            unseal=lambda blob, aad: unseal(master_key, blob, aad),
        )
    else:
        key_store = FileKeyStore(settings.data_dir / "keys", master_key)
    uow_factory = sql_unit_of_work_factory(engine)
    config = service_config(settings)
    task_queue = _task_queue(settings, uow_factory, key_store, config)
    return Platform(
        settings=settings,
        config=config,
        uow_factory=uow_factory,
        read_uow_factory=sql_unit_of_work_factory(engine, read_only=True),
        key_store=key_store,
        task_queue=task_queue,
        # closed in reverse: the queue's threads finish their chunk before the engine goes
        resources=[engine, task_queue],
    )


def _task_queue(
    settings: Settings, uow_factory: UnitOfWorkFactory, key_store: KeyStore, config: ServiceConfig
) -> TaskQueue:
    if settings.task_queue is TaskQueueKind.PROCRASTINATE:
        from credstack.adapters.procrastinate_queue import ProcrastinateTaskQueue

        return ProcrastinateTaskQueue(
            settings.resolved_database_url, uow_factory, key_store, config, utc_now
        )
    from credstack.adapters.in_process_queue import InProcessTaskQueue

    return InProcessTaskQueue(uow_factory, key_store, config, utc_now)


__all__ = ["Platform", "build_platform", "service_config", "utc_now"]
