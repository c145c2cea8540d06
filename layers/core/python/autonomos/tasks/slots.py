"""Running slots for the worker's claims: one of the tenant's (at most
``MAX_RUNNING_PER_TENANT`` at once, so one tenant cannot fill the workers) and, for
long-running task types, one of the platform's (at most ``MAX_LONG_RUNNING_TASKS``, so runs of
many seconds cannot hold every worker while short tasks wait). Slots are leased in Redis and
expire, so a dead worker cannot keep one."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from autonomos.config import Settings
from autonomos.quotas import LONG_RUNNING_POOL, Quotas, tenant_pool
from autonomos.tasks.registry import TaskRegistry


@dataclass(frozen=True)
class Slot:
    tenant: str  # token in the tenant's pool
    long_running: str | None = None  # token in the platform's long-running pool
    held_until: float = 0.0  # when its lease ends (epoch seconds), as taken


class SlotKeeper:
    def __init__(self, quotas: Quotas, settings: Settings, registry: TaskRegistry) -> None:
        self._quotas = quotas
        self._settings = settings
        self._registry = registry

    def take(self, tenant_id: uuid.UUID, task_types: Sequence[str | None]) -> list[Slot | None]:
        """A slot per task of the tenant, or ``None`` where a pool is full (then nothing is
        held for that task). Two Redis round trips at most, whatever the count."""
        lease = self._settings.task_slot_lease_seconds
        held_until = time.time() + lease
        long_running = [i for i, t in enumerate(task_types) if self._registry.is_long_running(t)]
        long_tokens = dict(
            zip(
                long_running,
                self._quotas.acquire_slots(
                    LONG_RUNNING_POOL,
                    len(long_running),
                    self._settings.max_long_running_tasks,
                    lease,
                ),
                strict=True,
            )
        )
        eligible = [i for i in range(len(task_types)) if long_tokens.get(i, "") is not None]
        tenant_tokens = dict(
            zip(
                eligible,
                self._quotas.acquire_slots(
                    tenant_pool(tenant_id),
                    len(eligible),
                    self._settings.max_running_per_tenant,
                    lease,
                ),
                strict=True,
            )
        )
        slots: list[Slot | None] = []
        unused: list[str] = []
        for i in range(len(task_types)):
            tenant_token, long_token = tenant_tokens.get(i), long_tokens.get(i)
            if tenant_token is None:
                slots.append(None)
                if long_token is not None:
                    unused.append(long_token)
            else:
                slots.append(Slot(tenant_token, long_token, held_until))
        self._quotas.release_slots(LONG_RUNNING_POOL, unused)
        return slots

    def hold(self, tenant_id: uuid.UUID, leases: Sequence[tuple[Slot, float]]) -> None:
        """Hold each slot for at least its seconds from now (its claimed task's own lease);
        slots already held that long are left as they are (no round trip)."""
        now = time.time()
        leases = [(slot, seconds) for slot, seconds in leases if now + seconds > slot.held_until]
        self._quotas.extend_slots(tenant_pool(tenant_id), {s.tenant: t for s, t in leases})
        self._quotas.extend_slots(
            LONG_RUNNING_POOL, {s.long_running: t for s, t in leases if s.long_running}
        )

    def give_back(self, tenant_id: uuid.UUID, slots: Sequence[Slot]) -> None:
        self._quotas.release_slots(tenant_pool(tenant_id), [s.tenant for s in slots])
        self._quotas.release_slots(
            LONG_RUNNING_POOL, [s.long_running for s in slots if s.long_running]
        )
