"""The FinOps Pilot's analyses (see :mod:`autonomos_dcl.agents.finops.agent`)."""

from autonomos_dcl.agents.finops.agent import finops_as_of, run_finops

__all__ = ["finops_as_of", "run_finops"]
