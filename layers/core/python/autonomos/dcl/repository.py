"""DCL rows, always inside a tenant session (row-level security scopes every query)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from autonomos.db.models import DclMapping, DclMemory, DclOntology, DclSource, DclState, DclVersion
from autonomos.pagination import Cursor, Page
from autonomos_dcl.models import FieldMapping

EVENT_LIMIT = 200


def state(session: Session, tenant_id: uuid.UUID, *, for_update: bool = False) -> DclState:
    """The tenant's DCL state row (created on first use)."""
    session.execute(insert(DclState).values(tenant_id=tenant_id).on_conflict_do_nothing())
    query = select(DclState).where(DclState.tenant_id == tenant_id)
    if for_update:
        query = query.with_for_update()
    row = session.scalars(query).one()
    return row


def narrate(row: DclState, *lines: str) -> None:
    """Append narration lines (the newest :data:`EVENT_LIMIT` are kept)."""
    import datetime as dt

    now = dt.datetime.now(dt.UTC).isoformat()
    row.events = [*(row.events or []), *({"at": now, "message": m} for m in lines)][-EVENT_LIMIT:]


def ontology_document(session: Session) -> dict[str, Any] | None:
    row = session.scalars(select(DclOntology)).first()
    return row.document if row else None


def save_ontology(session: Session, tenant_id: uuid.UUID, document: dict[str, Any]) -> None:
    statement = insert(DclOntology).values(tenant_id=tenant_id, document=document)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[DclOntology.tenant_id], set_={"document": document}
        )
    )


def sources(session: Session) -> list[DclSource]:
    return list(session.scalars(select(DclSource).order_by(DclSource.created_at)))


def source(session: Session, key: str) -> DclSource | None:
    return session.scalars(select(DclSource).where(DclSource.key == key)).first()


def mappings(
    session: Session,
    source_keys: Iterable[str] | None = None,
    statuses: Sequence[str] = ("approved",),
) -> list[DclMapping]:
    query = select(DclMapping).where(DclMapping.status.in_(statuses))
    if source_keys is not None:
        query = query.where(DclMapping.source_key.in_(list(source_keys)))
    return list(
        session.scalars(
            query.order_by(
                DclMapping.source_key,
                DclMapping.table_name,
                DclMapping.column_name,
                DclMapping.entity,
                DclMapping.field,
            )
        )
    )


def mapping_page(
    session: Session, status: str | None, source_key: str | None, limit: int, cursor: Cursor | None
) -> Page[DclMapping]:
    query = select(DclMapping).order_by(DclMapping.created_at, DclMapping.id).limit(limit + 1)
    if status:
        query = query.where(DclMapping.status == status)
    if source_key:
        query = query.where(DclMapping.source_key == source_key)
    if cursor is not None:
        query = query.where(
            tuple_(DclMapping.created_at, DclMapping.id) > tuple_(cursor.at, cursor.id)
        )
    rows = list(session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = Cursor(rows[-1].created_at, rows[-1].id).encode() if more and rows else None
    return Page(rows, nxt)


def mapping(session: Session, mapping_id: uuid.UUID) -> DclMapping | None:
    return session.scalars(
        select(DclMapping).where(DclMapping.id == mapping_id).with_for_update()
    ).first()


def upsert_proposals(
    session: Session, tenant_id: uuid.UUID, source_key: str, proposals: Sequence[dict[str, Any]]
) -> None:
    """Replace the undecided proposals of ``source_key`` with ``proposals``.

    Decisions a person made (approved or rejected by a user, or edited) are kept as they are;
    a proposal that repeats a kept decision is ignored.
    """
    session.execute(
        delete(DclMapping).where(
            DclMapping.source_key == source_key, DclMapping.decided_by.is_(None)
        )
    )
    for values in proposals:
        statement = insert(DclMapping).values(
            id=uuid.uuid4(), tenant_id=tenant_id, source_key=source_key, **values
        )
        session.execute(statement.on_conflict_do_nothing())


def memory(session: Session) -> list[DclMemory]:
    return list(session.scalars(select(DclMemory).order_by(DclMemory.id)))


def remember(session: Session, tenant_id: uuid.UUID, values: dict[str, Any]) -> None:
    statement = insert(DclMemory).values(tenant_id=tenant_id, **values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[
                DclMemory.tenant_id,
                DclMemory.source_system,
                DclMemory.source_table,
                DclMemory.source_column,
                DclMemory.entity,
                DclMemory.field,
            ],
            set_={"origin": values["origin"]},
        )
    )


def forget(session: Session, mapping: DclMapping) -> None:
    """Drop what the memory learned from ``mapping`` (its column → its current target)."""
    session.execute(
        delete(DclMemory).where(
            DclMemory.source_system == mapping.source_system,
            DclMemory.source_table == mapping.table_name,
            DclMemory.source_column == mapping.column_name,
            DclMemory.entity == mapping.entity,
            DclMemory.field == mapping.field,
        )
    )


def versions(session: Session) -> list[DclVersion]:
    return list(session.scalars(select(DclVersion).order_by(DclVersion.version.desc())))


def version(session: Session, number: int) -> DclVersion | None:
    return session.scalars(select(DclVersion).where(DclVersion.version == number)).first()


def field_mapping(row: DclMapping) -> FieldMapping:
    """The engine's view of a stored mapping."""
    return FieldMapping(
        row.source_key,
        row.source_system,
        row.table_name,
        row.column_name,
        row.entity,
        row.field,
        row.confidence,
        row.method,  # type: ignore[arg-type]
    )
