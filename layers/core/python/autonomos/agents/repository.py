"""Agent runs, findings, actions and AOA runs (inside a tenant session)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from autonomos.db.models import AgentAction, AgentFinding, AgentRun, AoaRun


def latest_run(session: Session, agent_id: str) -> AgentRun | None:
    query = (
        select(AgentRun)
        .where(AgentRun.agent_id == agent_id)
        .order_by(AgentRun.created_at.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def findings(
    session: Session, run_id: uuid.UUID, severity: str | None, kind: str | None, limit: int
) -> list[AgentFinding]:
    query = select(AgentFinding).where(AgentFinding.run_id == run_id)
    if severity:
        query = query.where(AgentFinding.severity == severity)
    if kind:
        query = query.where(AgentFinding.kind == kind)
    return list(
        session.scalars(query.order_by(AgentFinding.created_at, AgentFinding.id).limit(limit))
    )


def actions_for(session: Session, finding_ids: list[uuid.UUID]) -> dict[uuid.UUID, AgentAction]:
    if not finding_ids:
        return {}
    rows = session.scalars(select(AgentAction).where(AgentAction.finding_id.in_(finding_ids)))
    return {row.finding_id: row for row in rows}


def action(session: Session, action_id: uuid.UUID) -> AgentAction | None:
    return session.scalars(
        select(AgentAction).where(AgentAction.id == action_id).with_for_update()
    ).first()


def active_aoa(session: Session) -> AoaRun | None:
    return session.scalars(select(AoaRun).where(AoaRun.status == "active")).first()


def latest_aoa(session: Session) -> AoaRun | None:
    return session.scalars(select(AoaRun).order_by(AoaRun.created_at.desc()).limit(1)).first()


def aoa(session: Session, run_id: uuid.UUID, *, for_update: bool = False) -> AoaRun | None:
    query = select(AoaRun).where(AoaRun.id == run_id)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()
