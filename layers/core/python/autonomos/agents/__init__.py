"""Agents as a tenant service: runs over the current DCL version, findings with evidence,
actions gated by the tenant's autonomy mode, and AOA runs (the whole plan as a task chain)."""
