"""The RevOps Pilot's analyses (see :mod:`autonomos_dcl.agents.revops.agent`)."""

from autonomos_dcl.agents.revops.agent import revops_as_of, run_revops

__all__ = ["revops_as_of", "run_revops"]
