"""Pydantic models of the HTTP contract (requests and responses), one module per area."""
